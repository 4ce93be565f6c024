// @ts-check
// The client against the clients a user would pick instead, each in a process of its own
// (peer-worker.mjs) calling one local server: raw fetch (the floor), ours with a token and with
// AK/SK, the official Huawei Cloud Node SDK core (AK/SK) and the AWS SDK v3 Secrets Manager client
// (DescribeSecret). Rounds alternate the peers, so drift of the machine hits them alike; each
// figure is the median of the rounds.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { builtClientFile, loadNow, median, seedBody } from './support.mjs';

const run = promisify(execFile);
const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peer-worker.mjs');
/** The floor every peer is compared with: fetch with a timeout, as any client should send. */
const FLOOR = 'raw fetch + timeout';
export const PEERS = [FLOOR, 'ours, token', 'ours, AK/SK', 'Huawei SDK core', 'AWS SDK v3'];
/** @typedef {'latency' | 'throughput' | 'cold' | 'heap'} Mode */
const ROUNDS = 3;

/** Answers CSMS's ShowSecret, or Secrets Manager's DescribeSecret when the request says so. */
async function peerServer() {
  const csms = await seedBody('ShowSecret');
  const aws = JSON.stringify({
    ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:test-AbCdEf',
    Name: 'test',
    Description: 'description',
    LastChangedDate: 1581507580,
    CreatedDate: 1581507580,
    VersionIdsToStages: { 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111': ['AWSCURRENT'] },
  });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const isAws = Boolean(req.headers['x-amz-target']);
      res.writeHead(200, {
        'content-type': isAws ? 'application/x-amz-json-1.1' : 'application/json',
        'x-request-id': '5c6e6f2b8e1c4d2f9a3b7e0d1c2b3a49',
        'x-amzn-requestid': 'f3b1e6a0-0000-4000-8000-000000000000',
      });
      res.end(isAws ? aws : csms);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/** @returns {Promise<Record<string, Record<'latency' | 'throughput' | 'cold' | 'heap', number[]>>>} */
export async function measurePeers(rounds = ROUNDS) {
  const server = await peerServer();
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'csms-bench-home-'));
  const dist = await builtClientFile();
  /** @type {Record<string, Record<'latency' | 'throughput' | 'cold' | 'heap', number[]>>} */
  const results = Object.fromEntries(PEERS.map((p) => [p, { latency: [], throughput: [], cold: [], heap: [] }]));
  const env = { ...process.env, HOME: home };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const peer of PEERS) {
        const { stdout } = await run(process.execPath, ['--expose-gc', WORKER, peer, 'all', server.url, dist], { env });
        const measured = JSON.parse(stdout);
        for (const mode of /** @type {const} */ (['latency', 'throughput', 'heap'])) results[peer]?.[mode].push(measured[mode]);
        const t0 = performance.now();
        await run(process.execPath, [WORKER, peer, 'cold', server.url, dist], { env });
        results[peer]?.cold.push(performance.now() - t0);
      }
    }
  } finally {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  }
  return results;
}

export async function peerRows() {
  const m = await measurePeers();
  const load = loadNow();
  const med = (/** @type {string} */ peer, /** @type {Mode} */ mode) => median(m[peer]?.[mode] ?? []);
  /** The row of one peer and mode against raw fetch, with the rounds' ratios as its spread. */
  const row = (/** @type {string} */ peer, /** @type {Mode} */ mode, /** @type {string} */ name, /** @type {string} */ unit, scale = 1) => {
    const ratios = (m[peer]?.[mode] ?? []).map((v, i) => v / (m[FLOOR]?.[mode][i] ?? NaN));
    return {
      row: `${peer}: ${name}`,
      ours: med(peer, mode) / scale,
      baseline: med(FLOOR, mode) / scale,
      unit,
      baselineName: FLOOR,
      vsOurs: med('ours, token', mode) / scale,
      ratio: median(ratios),
      spread: /** @type {[number, number]} */ ([Math.min(...ratios), Math.max(...ratios)]),
      rounds: ratios.length,
      load,
    };
  };
  /** @type {import('./run.mjs').Row[]} */
  const rows = [];
  for (const peer of PEERS.filter((p) => p !== FLOOR)) {
    rows.push(
      row(peer, 'latency', 'per call, sequential', 'µs'),
      row(peer, 'throughput', 'calls/s, 16 in flight', 'calls/s'),
      row(peer, 'cold', 'cold start to first call (new process)', 'ms'),
      row(peer, 'heap', 'heap after a few thousand calls and a full GC', 'MiB', 2 ** 20),
    );
  }
  return rows;
}
