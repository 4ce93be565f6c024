// @ts-check
// Shared pieces of the benchmarks: the built client, a bare JSON server, tinybench medians.
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Bench } from 'tinybench';
import { buildClient } from '../scripts/build-client.mjs';
import { dereferencer, eachOperation, successOf } from '../packages/mock/src/openapi.js';
import { CACHE_DIR, GENERATED_DIR } from '../scripts/lib/paths.mjs';

export const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
export const SECRET = 'test';

/** @type {Promise<string> | undefined} */
let built;
/** The client's JavaScript as users get it (no declarations): built once per run, in the cache; the folder. */
export function builtClientDir() {
  built ??= fs.mkdir(CACHE_DIR, { recursive: true }).then(() => buildClient(path.join(CACHE_DIR, 'bench-client'), { types: false }));
  return built;
}

/** The path of the built client's ESM file. */
export async function builtClientFile() {
  return path.join(await builtClientDir(), 'index.js');
}

/** The client as users get it, imported. */
export async function builtClient() {
  return /** @type {typeof import('../packages/client/src/index.js')} */ (await import(await builtClientFile()));
}

/** The document's first example for an operation's 200, as the JSON text a server would send. */
export async function seedBody(/** @type {string} */ operationId) {
  const spec = JSON.parse(await fs.readFile(path.join(GENERATED_DIR, 'openapi.json'), 'utf8'));
  const deref = dereferencer(spec);
  const found = eachOperation(spec).find((o) => o.operation.operationId === operationId);
  if (!found) throw new Error(`no ${operationId}`);
  const [, ok] = successOf(spec, found.operation) ?? [];
  return JSON.stringify(deref(Object.values(ok.content['application/json'].examples)[0]).value);
}

/**
 * A bare node:http server answering every request with `body` (or, for a path that ends with one
 * of `byEnding`'s keys, that key's body): the baseline server.
 * @param {string} body @param {Record<string, string>} [byEnding]
 */
export async function bareServer(body, byEnding = {}) {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': '5c6e6f2b8e1c4d2f9a3b7e0d1c2b3a49' });
    const ending = Object.keys(byEnding).find((e) => req.url?.endsWith(e));
    res.end(ending ? byEnding[ending] : body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The machine's 1-minute load average now (other processes count: the machine is shared). */
export const loadNow = () => Math.round((os.loadavg()[0] ?? NaN) * 10) / 10;

/** The middle value; for an even count, the mean of the two middle ones. */
export const median = (/** @type {number[]} */ v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

/**
 * @typedef {{ median: number, perRound: number[], load: number }} Measured
 *   median: the median of the per-round medians; perRound: each round's median; load: the load
 *   average as the measurement ended.
 */

/**
 * Runs async tasks call by call in turn (A, B, C, A, B, C…, the order rotating each turn), timing
 * each call: every task sees the same moments of the machine, so drift (which moves a loopback
 * round trip by ±20% from one second to the next on a shared machine) hits them alike, and each
 * round gives a paired comparison. Per task: the median of the round medians, in microseconds.
 * @template {string} K
 * @param {Record<K, () => Promise<unknown> | unknown>} tasks
 * @param {{ rounds?: number, calls?: number, warmup?: number, batch?: number }} [options] batch: calls per timed
 *   sample, for tasks of a few microseconds (the figure stays per call)
 * @returns {Promise<Record<K, Measured>>}
 */
export async function interleaved(tasks, { rounds = 7, calls = 600, warmup = 200, batch = 1 } = {}) {
  const entries = /** @type {[K, () => unknown][]} */ (Object.entries(tasks));
  if (batch > 1) for (const e of entries) e[1] = batched(e[1], batch);
  for (let i = 0; i < warmup; i++) for (const [, fn] of entries) await fn();
  /** @type {Record<string, number[]>} */
  const perRound = Object.fromEntries(entries.map(([n]) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    /** @type {number[][]} */
    const times = entries.map(() => []);
    for (let i = 0; i < calls; i++) {
      for (let j = 0; j < entries.length; j++) {
        const at = (i + j) % entries.length;
        const t0 = performance.now();
        await /** @type {[K, () => unknown]} */ (entries[at])[1]();
        times[at]?.push(performance.now() - t0);
      }
    }
    for (const [at, [n]] of entries.entries()) perRound[n]?.push((median(times[at] ?? []) * 1000) / batch);
  }
  const load = loadNow();
  return /** @type {Record<K, Measured>} */ (
    Object.fromEntries(Object.entries(perRound).map(([n, v]) => [n, { median: median(v), perRound: v, load }]))
  );
}

/** `fn` called `n` times in a row, awaited when it returns a promise. */
const batched = (/** @type {() => unknown} */ fn, /** @type {number} */ n) => async () => {
  for (let i = 0; i < n; i++) {
    const r = fn();
    if (r instanceof Promise) await r;
  }
};

/**
 * A row comparing two measurements of the same rounds: the median of the per-round ratios as the
 * ratio, their lowest and highest as the spread, the rounds and the load.
 * @param {Omit<import('./run.mjs').Row, 'ours' | 'baseline' | 'ratio' | 'spread' | 'rounds' | 'load'>} row
 * @param {Measured} ours @param {Measured} baseline
 * @returns {import('./run.mjs').Row}
 */
export function compared(row, ours, baseline) {
  const ratios = ours.perRound.map((v, i) => v / (baseline.perRound[i] ?? NaN));
  return {
    ...row,
    ours: ours.median,
    baseline: baseline.median,
    ratio: median(ratios),
    spread: [Math.min(...ratios), Math.max(...ratios)],
    rounds: ratios.length,
    load: Math.max(ours.load, baseline.load),
  };
}

/**
 * A row of paired runs (ours[i] beside baseline[i]): the median of each, the median and spread of
 * the runs' ratios.
 * @param {Omit<import('./run.mjs').Row, 'ours' | 'baseline'>} row @param {number[]} ours @param {number[]} baseline
 */
export function pairedRow(row, ours, baseline) {
  // A run whose baseline is 0 (autocannon's latency is in whole milliseconds) has no ratio.
  const ratios = ours.map((v, i) => v / (baseline[i] ?? NaN)).filter(Number.isFinite);
  return {
    ...row,
    ours: median(ours),
    baseline: median(baseline),
    ...(ratios.length > 0
      ? { ratio: median(ratios), spread: /** @type {[number, number]} */ ([Math.min(...ratios), Math.max(...ratios)]) }
      : {}),
    rounds: ours.length,
    load: loadNow(),
  };
}

/**
 * Runs async tasks with tinybench in short interleaved rounds, so that drift of the machine (which
 * moves a loopback round trip by ±20% from one second to the next here) hits all tasks alike;
 * returns each task's median latency in microseconds (the median of the round medians).
 * @template {string} K
 * @param {Record<K, () => Promise<unknown> | unknown>} tasks
 * @param {{ time?: number, rounds?: number }} [options]
 * @returns {Promise<Record<K, number>>}
 */
export async function medians(tasks, { time = 400, rounds = 7 } = {}) {
  /** @type {Record<string, number[]>} */
  const perRound = Object.fromEntries(Object.keys(tasks).map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time, warmupTime: 200 });
    for (const [name, fn] of /** @type {[string, () => unknown][]} */ (Object.entries(tasks))) bench.add(name, fn);
    await bench.run();
    for (const task of bench.tasks) {
      const result = /** @type {any} */ (task.result);
      if (result.state !== 'completed') throw new Error(`${task.name}: ${result.error?.message ?? result.state}`);
      perRound[task.name]?.push(result.latency.p50 * 1000);
    }
  }
  return /** @type {Record<K, number>} */ (Object.fromEntries(Object.entries(perRound).map(([n, v]) => [n, median(v)])));
}
