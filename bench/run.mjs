// @ts-check
// `npm run bench`: every figure next to a baseline measured in the same run, as one table, also
// written as JSON to bench/results/. Loopback only; under three minutes on 2 cores.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientRows } from './client.mjs';
import { mockRows } from './mock.mjs';
import { peerRows } from './peers.mjs';
import { pipelineRows } from './pipeline.mjs';
import { sizeRows } from './size.mjs';
import { stateRows } from './state.mjs';
import { cacheRows } from './cache.mjs';
import { credentialsRows } from './credentials.mjs';
import { stageRows } from './stages.mjs';
import { loadNow } from './support.mjs';

/**
 * @typedef {{ row: string, ours: number, baseline?: number, unit: string, aim?: number, aimIsAbsolute?: boolean,
 *   aimIsFloor?: boolean, addedAim?: number, baselineName?: string, vsOurs?: number, ratio?: number,
 *   spread?: [number, number], rounds?: number, load?: number }} Row
 *   aim: the ratio to stay under (aimIsFloor: to stay above); addedAim: the most `ours` may add to
 *   the baseline, in its unit; vsOurs: our token client's figure, for the peers' "× ours" column;
 *   ratio: when measured in paired rounds, the median of the rounds' ratios (else ours / baseline);
 *   spread: the lowest and highest of the rounds' ratios (or of the values, for a row without a
 *   baseline); rounds: how many; load: the machine's 1-minute load average as the row was measured.
 */

const started = new Date();
const wallStart = performance.now();
const loadAtStart = loadNow();
/** @type {Row[]} */
const rows = [];
const sections = /** @type {const} */ ([
  ['client', clientRows],
  ['cache', cacheRows],
  ['credentials', credentialsRows],
  ['peers', peerRows],
  ['size', sizeRows],
  ['mock', mockRows],
  ['state', stateRows],
  ['pipeline', pipelineRows],
  ['stages', stageRows],
]);
// `npm run bench -- client state` runs only those sections. The pipeline's (the wall time of
// `npm run check` and `npm run build`, a minute or two of their own) and the stages' (where the
// client's time goes, profiled) run only when named.
const only = process.argv.slice(2);
const OPT_IN = ['pipeline', 'stages'];
for (const [name, section] of sections) {
  if (only.length > 0 ? !only.includes(name) : OPT_IN.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const t0 = performance.now();
  const load = loadNow();
  // A row measured in one go (no rounds) gets the load as its section started.
  rows.push(...(await section()).map((r) => ({ load, ...r })));
  process.stderr.write(`bench: ${name} took ${Math.round((performance.now() - t0) / 1000)} s\n`);
}
const wallSeconds = Math.round((performance.now() - wallStart) / 1000);

// autocannon measures latency in whole milliseconds: 0 means under one.
const fmt = (/** @type {number} */ n, /** @type {string} */ unit) =>
  unit === 'ms' && n === 0 ? '< 1 ms' : `${Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : n.toPrecision(3)} ${unit}`;
/** A difference with its sign: +601 ms, −1,650 ms. */
const signed = (/** @type {number} */ n, /** @type {string} */ unit) => `${n < 0 ? '−' : '+'}${fmt(Math.abs(n), unit)}`;
const ratioOf = (/** @type {Row} */ r) => r.ratio ?? (r.baseline ? r.ours / r.baseline : undefined);
const times = (/** @type {number} */ x) => `${x < 0.01 ? x.toPrecision(2) : x.toFixed(2)}×`;
const spreadOf = (/** @type {Row} */ r) => {
  if (!r.spread) return r.rounds ? `(${r.rounds})` : '—';
  const [lo, hi] = r.spread;
  const shown = r.baseline === undefined ? `${fmt(lo, r.unit)}–${fmt(hi, r.unit)}` : `${times(lo).slice(0, -1)}–${times(hi)}`;
  return `${shown} (${r.rounds ?? '?'})`;
};
const aimOf = (/** @type {Row} */ r) => {
  if (r.addedAim !== undefined && r.baseline !== undefined)
    return `adds ≤ ${fmt(r.addedAim, r.unit)}: ${r.ours - r.baseline <= r.addedAim ? 'met' : 'NOT met'} (${signed(r.ours - r.baseline, r.unit)})`;
  if (r.aim === undefined) return '';
  if (r.aimIsFloor && r.aimIsAbsolute) return `≥ ${fmt(r.aim, r.unit)} ${r.ours >= r.aim ? 'met' : 'NOT met'}`;
  if (r.aimIsFloor) return `≥ ${r.aim}× ${(ratioOf(r) ?? 0) >= r.aim ? 'met' : 'NOT met'}`;
  const met = r.aimIsAbsolute ? r.ours <= r.aim : (ratioOf(r) ?? Infinity) <= r.aim;
  return `${r.aimIsAbsolute ? `≤ ${fmt(r.aim, r.unit)}` : `≤ ${r.aim}×`} ${met ? 'met' : 'NOT met'}`;
};
const table = [
  '| row | value | baseline (same run) | ratio | spread (rounds) | load | × ours (token) | aim |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const ratio = ratioOf(r);
    const vsOurs = r.vsOurs ? `${(r.ours / r.vsOurs).toFixed(2)}×` : '';
    return `| ${r.row} | ${fmt(r.ours, r.unit)} | ${r.baseline === undefined ? '—' : `${fmt(r.baseline, r.unit)} (${r.baselineName})`} | ${ratio === undefined ? '—' : times(ratio)} | ${spreadOf(r)} | ${r.load ?? '—'} | ${vsOurs} | ${aimOf(r)} |`;
  }),
].join('\n');
const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const loads = `load average ${loadAtStart} at the start, ${loadNow()} at the end (above ${os.cpus().length} the machine was busy with other work: re-run quiet before trusting a ratio near its aim)`;
const notes =
  "ratio: for rows measured in paired rounds, the median of the rounds' ratios; spread: their lowest and highest, (rounds); load: the 1-minute load average as the row was measured.";
console.log(`\n${started.toISOString().slice(0, 10)}, ${machine}, ${loads}; ${wallSeconds} s in all\n\n${table}\n\n${notes}\n`);

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
await fs.mkdir(dir, { recursive: true });
const json = JSON.stringify(
  {
    date: started.toISOString(),
    machine,
    loadAtStart,
    loadAtEnd: loadNow(),
    wallSeconds,
    rows: rows.map((r) => ({ ...r, ratio: ratioOf(r) })),
  },
  null,
  2,
);
await fs.writeFile(path.join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`), json);
await fs.writeFile(path.join(dir, 'latest.json'), json);
process.exit(0);
