// @ts-check
// Where the client's own time goes, per call, by source file (`npm run bench -- stages`, opt-in).
// The client's TypeScript files are transpiled one to one (not bundled), so a CPU profile's
// functions keep the file they come from; each client calls a fetch answered in-process, so what
// is left is the client's work and the Response it reads. Per file: its functions' share of the
// profile's samples, times the call's unprofiled median (the profiler slows every function, so its
// own microseconds are not a call's). Node's own work (Response, JSON, promises, the collector) is
// one line; the floor is an answer read raw (`Response.json()`).
import fs from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { clientBuildOptions } from '../scripts/build-client.mjs';
import { CACHE_DIR, ROOT } from '../scripts/lib/paths.mjs';
import { compared, interleaved, PROJECT, SECRET, seedBody } from './support.mjs';

const CALLS = 20_000;
/** The checkout profiled: this one, or another (an earlier release, through `git worktree add`) for a before-and-after. */
const SOURCES = process.env.CSMS_STAGES_ROOT ? path.resolve(process.env.CSMS_STAGES_ROOT) : ROOT;

/** The client's sources and the generated files they import, each transpiled to its own .js. */
async function transpiledClient() {
  const out = path.join(CACHE_DIR, 'stages-client');
  const sources = async (/** @type {string} */ dir) =>
    (await fs.readdir(path.join(SOURCES, dir)))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => path.join(SOURCES, dir, f));
  const { define } = await clientBuildOptions();
  await build({
    entryPoints: [...(await sources('packages/client/src')), ...(await sources('generated'))],
    outdir: out,
    outbase: SOURCES,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    define,
    logLevel: 'warning',
  });
  return /** @type {typeof import('../packages/client/src/index.js')} */ (
    await import(pathToFileURL(path.join(out, 'packages/client/src/index.js')).href)
  );
}

/** The share of the profile's samples (0–1) by the file a function comes from, over `calls` calls of `call`. */
async function profiled(/** @type {() => Promise<unknown>} */ call, /** @type {number} */ calls) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  for (let i = 0; i < calls; i++) await call();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  /** @type {Map<number, number>} */
  const selfUs = new Map();
  const deltas = profile.timeDeltas ?? [];
  for (const [i, id] of (profile.samples ?? []).entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  /** @type {Record<string, number>} */
  const byFile = {};
  let total = 0;
  for (const node of profile.nodes) {
    const { url, functionName } = node.callFrame;
    const inClient = url.includes('/stages-client/');
    const file = inClient ? url.slice(url.indexOf('/stages-client/') + 15).replace(/\.js$/, '.ts') : undefined;
    const key = file ?? (functionName === '(idle)' || functionName === '(program)' ? undefined : 'Node (Response, JSON, promises, GC)');
    if (!key) continue;
    byFile[key] = (byFile[key] ?? 0) + (selfUs.get(node.id) ?? 0);
    total += selfUs.get(node.id) ?? 0;
  }
  for (const key of Object.keys(byFile)) byFile[key] = (byFile[key] ?? 0) / total;
  return byFile;
}

export async function stageRows() {
  const { createCsmsClient } = await transpiledClient();
  const body = await seedBody('ShowSecret');
  const answer = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  const endpoint = 'https://kms.cn-north-4.myhuaweicloud.com';
  const token = createCsmsClient({ projectId: PROJECT, endpoint, fetch: answer, credentials: { token: 'bench-token' } });
  const akSk = createCsmsClient({ projectId: PROJECT, endpoint, fetch: answer, credentials: { ak: 'BENCHAK', sk: 'bench-secret-key' } });
  const tasks = {
    floor: async () => (await answer()).json(),
    token: () => token.showSecret(SECRET),
    akSk: () => akSk.showSecret(SECRET),
  };
  const m = await interleaved(tasks, { rounds: 5, calls: 2000, warmup: 500 });
  /** @type {import('./run.mjs').Row[]} */
  const rows = [
    compared(
      { row: 'the client alone, token, per call (fetch answered in-process)', unit: 'µs', baselineName: 'answer read raw' },
      m.token,
      m.floor,
    ),
    compared(
      { row: 'the client alone, AK/SK, per call (fetch answered in-process)', unit: 'µs', baselineName: 'answer read raw' },
      m.akSk,
      m.floor,
    ),
  ];
  for (const [name, call, perCall] of /** @type {const} */ ([
    ['token', tasks.token, m.token.median],
    ['AK/SK', tasks.akSk, m.akSk.median],
  ])) {
    const byFile = await profiled(call, CALLS);
    for (const [file, share] of Object.entries(byFile).sort((a, b) => b[1] - a[1]))
      if (share >= 0.005)
        rows.push({ row: `${name} call, ${file} (${(share * 100).toFixed(1)}% of the profile)`, ours: share * perCall, unit: 'µs' });
  }
  return rows;
}
