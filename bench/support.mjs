// @ts-check
// Shared pieces of the benchmarks: the built client, a bare JSON server, tinybench medians.
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { Bench } from 'tinybench';
import { buildClient } from '../scripts/build-client.mjs';
import { dereferencer, eachOperation, successOf } from '../packages/mock/src/openapi.js';
import { CACHE_DIR, GENERATED_DIR } from '../scripts/lib/paths.mjs';

export const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
export const SECRET = 'test';

/** The client as users get it: built to dist/ (in the cache); the path of its ESM file. */
export async function builtClientFile() {
  await fs.mkdir(CACHE_DIR, { recursive: true });
  const dir = await buildClient(path.join(CACHE_DIR, 'bench-client'));
  return path.join(dir, 'index.js');
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
  return /** @type {Record<K, number>} */ (
    Object.fromEntries(Object.entries(perRound).map(([n, v]) => [n, v.sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN]))
  );
}
