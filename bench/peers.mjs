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
import { builtClientFile, seedBody } from './support.mjs';

const run = promisify(execFile);
const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peer-worker.mjs');
export const PEERS = ['raw fetch', 'ours, token', 'ours, AK/SK', 'Huawei SDK core', 'AWS SDK v3'];
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

const median = (/** @type {number[]} */ v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

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
        for (const mode of /** @type {const} */ (['latency', 'throughput', 'heap'])) {
          const { stdout } = await run(
            process.execPath,
            [...(mode === 'heap' ? ['--expose-gc'] : []), WORKER, peer, mode, server.url, dist],
            { env },
          );
          results[peer]?.[mode].push(JSON.parse(stdout).value);
        }
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
  const med = (/** @type {string} */ peer, /** @type {'latency' | 'throughput' | 'cold' | 'heap'} */ mode) => median(m[peer]?.[mode] ?? []);
  /** @type {import('./run.mjs').Row[]} */
  const rows = [];
  for (const peer of PEERS.filter((p) => p !== 'raw fetch')) {
    const spread = (/** @type {'latency'} */ mode) => {
      const ratios = (m[peer]?.[mode] ?? []).map((v, i) => v / (m['raw fetch']?.[mode][i] ?? NaN));
      return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;
    };
    rows.push(
      {
        row: `${peer}: per call, sequential (rounds ${spread('latency')})`,
        ours: med(peer, 'latency'),
        baseline: med('raw fetch', 'latency'),
        unit: 'µs',
        baselineName: 'raw fetch',
        vsOurs: med('ours, token', 'latency'),
      },
      {
        row: `${peer}: calls/s, 16 in flight`,
        ours: med(peer, 'throughput'),
        baseline: med('raw fetch', 'throughput'),
        unit: 'calls/s',
        baselineName: 'raw fetch',
        vsOurs: med('ours, token', 'throughput'),
      },
      {
        row: `${peer}: cold start to first call (new process)`,
        ours: med(peer, 'cold'),
        baseline: med('raw fetch', 'cold'),
        unit: 'ms',
        baselineName: 'raw fetch',
        vsOurs: med('ours, token', 'cold'),
      },
      {
        row: `${peer}: heap after 10,000 calls`,
        ours: med(peer, 'heap') / 2 ** 20,
        baseline: med('raw fetch', 'heap') / 2 ** 20,
        unit: 'MiB',
        baselineName: 'raw fetch',
        vsOurs: med('ours, token', 'heap') / 2 ** 20,
      },
    );
  }
  return rows;
}
