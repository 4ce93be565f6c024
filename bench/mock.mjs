// @ts-check
// The mock under load (autocannon) against a bare node:http server sending the same JSON; its
// start-up against the Prism CLI; and the in-process MSW handlers against Prism over HTTP.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { startMock } from '@csms-openapi/mock';
import { ROOT, GENERATED_DIR } from '../scripts/lib/paths.mjs';
import { bareServer, builtClient, compared, interleaved, pairedRow, PROJECT, SECRET, seedBody } from './support.mjs';

const PATH = `/v1/${PROJECT}/secrets/${SECRET}`;
const HEADERS = { 'x-auth-token': 'bench-token' };

/**
 * Seconds of each load run. The rows they feed carry no aim (example mode against a bare server)
 * or clear theirs many times over (the test double serves 8–10× Prism's CLI): a second each, so
 * that the whole bench keeps some margin under three minutes when the host slows.
 */
const LOAD_SECONDS = 1;

/** @param {string} url @param {number} connections */
async function load(url, connections) {
  const r = await autocannon({ url: `${url}${PATH}`, headers: HEADERS, connections, duration: LOAD_SECONDS });
  if (r.errors || r.timeouts || r.non2xx) throw new Error(`load run had ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/** Milliseconds from `start()` to the first 200 on the ShowSecret path. */
async function timeToFirst200(/** @type {(port: number) => Promise<() => Promise<void> | void>} */ start) {
  const port = /** @type {number} */ (await freePort());
  const t0 = performance.now();
  const stop = await start(port);
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}${PATH}`, { headers: HEADERS }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (performance.now() - t0 > 60_000) throw new Error('no 200 within 60 s');
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = performance.now() - t0;
  await stop();
  return ms;
}

/**
 * The mock as a test double: the csms-mock command with 1,000 configured secrets and access keys,
 * under signed requests, against the plain Prism CLI serving the same document (both in processes
 * of their own); and what loading the 1,000 secrets adds to start-up.
 * @param {(port: number) => Promise<() => Promise<unknown>>} cli
 */
async function testDoubleRows(cli) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'csms-bench-'));
  const config = path.join(dir, 'mock.yaml');
  // The same mock with only the secret the requests read: what the 1,000 secrets add to start-up
  // is measured against it (a mock without secrets answers from examples and loads Prism).
  const oneSecret = path.join(dir, 'mock-1.yaml');
  const secrets = Array.from({ length: 1000 }, (_, i) => `  - { name: secret-${i}, description: bench secret ${i} }`).join('\n');
  // A token too: start-up is timed with token requests (signed ones are measured for throughput).
  const credentials = 'tokens: [bench-token]\naccessKeys:\n  - { ak: BENCHAKEXAMPLE000001, sk: bench-secret-key }\n';
  await fs.writeFile(config, `secrets:\n${secrets}\n  - { name: ${SECRET} }\n${credentials}`);
  await fs.writeFile(oneSecret, `secrets:\n  - { name: ${SECRET} }\n${credentials}`);
  const bin = path.join(ROOT, 'packages/mock/bin/csms-mock.js');
  /** @param {string[]} extra */
  const ours = (extra) => async (/** @type {number} */ port) => {
    const child = spawn(process.execPath, [bin, '--port', String(port), ...extra], { cwd: ROOT, stdio: 'ignore' });
    return () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGINT');
      });
  };
  // One signature for the whole run: X-Sdk-Date stays within the 15 minutes the mock allows.
  const { createSigner, sdkDate } = await builtClient();
  const signed = { 'X-Sdk-Date': sdkDate(new Date()), 'X-Project-Id': PROJECT };
  /** @param {number} port */
  const signedHeaders = async (port) => {
    const { authorization } = await createSigner({ ak: 'BENCHAKEXAMPLE000001', sk: 'bench-secret-key' })({
      method: 'GET',
      url: new URL(`http://127.0.0.1:${port}${PATH}`),
      headers: signed,
    });
    return { ...signed, Authorization: authorization };
  };
  /**
   * A server started and answering 200 (signed requests, or token ones): its URL, headers, stop.
   * @param {(port: number) => Promise<() => Promise<unknown>>} start @param {boolean} sign
   */
  const answering = async (start, sign) => {
    const port = /** @type {number} */ (await freePort());
    const stop = await start(port);
    const url = `http://127.0.0.1:${port}`;
    const headers = sign ? await signedHeaders(port) : HEADERS;
    for (let t0 = performance.now(); ; ) {
      if (
        await fetch(`${url}${PATH}`, { headers }).then(
          (r) => r.status === 200,
          () => false,
        )
      )
        break;
      if (performance.now() - t0 > 60_000) throw new Error('no 200 within 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    return { url, headers, stop };
  };
  /** @param {{ url: string, headers: Record<string, string> }} server */
  const throughput = async ({ url, headers }) => {
    const r = await autocannon({ url: `${url}${PATH}`, headers, connections: 10, duration: LOAD_SECONDS });
    if (r.errors || r.timeouts || r.non2xx) throw new Error(`load run had ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
    return r.requests.average;
  };
  const tp = { ours: /** @type {number[]} */ ([]), prism: /** @type {number[]} */ ([]) };
  const up = { loaded: /** @type {number[]} */ ([]), empty: /** @type {number[]} */ ([]) };
  // Both servers started once (start-up is timed below), their load runs in turn.
  const servers = { ours: await answering(ours(['--config', config]), true), prism: await answering(cli, false) };
  for (let i = 0; i < 2; i++) {
    tp.ours.push(await throughput(servers.ours));
    tp.prism.push(await throughput(servers.prism));
  }
  await Promise.all([servers.ours.stop(), servers.prism.stop()]);
  for (let i = 0; i < 2; i++) {
    up.loaded.push(await timeToFirst200(ours(['--config', config])));
    up.empty.push(await timeToFirst200(ours(['--config', oneSecret])));
  }
  await fs.rm(dir, { recursive: true, force: true });
  return [
    pairedRow(
      {
        row: 'test double (1,000 secrets, signed requests), 10 connections',
        unit: 'req/s',
        aim: 0.9,
        aimIsFloor: true,
        baselineName: 'prism mock (CLI), token',
      },
      tp.ours,
      tp.prism,
    ),
    pairedRow(
      { row: 'csms-mock start-up with 1,000 secrets', unit: 'ms', baselineName: 'csms-mock with 1 secret', addedAim: 100 },
      up.loaded,
      up.empty,
    ),
  ];
}

export async function mockRows() {
  const rows = [];
  const mock = await startMock();
  const bare = await bareServer(await seedBody('ShowSecret'));
  for (const connections of [2, 10]) {
    const ours = [];
    const base = [];
    for (let i = 0; i < 2; i++) {
      ours.push(await load(mock.url, connections));
      base.push(await load(bare.url, connections));
    }
    const bare_ = { unit: 'req/s', baselineName: 'bare node:http' };
    rows.push(
      pairedRow(
        { row: `mock throughput, ${connections} connections`, ...bare_ },
        ours.map((r) => r.rps),
        base.map((r) => r.rps),
      ),
      pairedRow(
        { row: `mock p99 latency, ${connections} connections`, ...bare_, unit: 'ms' },
        ours.map((r) => r.p99),
        base.map((r) => r.p99),
      ),
    );
  }
  await bare.close();

  // Both cold: a new node process each time, so module loading counts for both.
  /** @param {string[]} args */
  const processStarting = (args) => async (/** @type {number} */ port) => {
    const child = spawn(
      process.execPath,
      args.map((a) => a.replace('PORT', String(port))),
      { cwd: ROOT, stdio: 'ignore' },
    );
    return () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGINT');
      });
  };
  const ours = processStarting([
    '--input-type=module',
    '-e',
    "import { startMock } from '@csms-openapi/mock'; await startMock({ port: PORT });",
  ]);
  const cli = processStarting([
    path.join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js'),
    'mock',
    path.join(GENERATED_DIR, 'openapi.json'),
    '-p',
    'PORT',
    '-h',
    '127.0.0.1',
  ]);
  const startups = { ours: /** @type {number[]} */ ([]), cli: /** @type {number[]} */ ([]) };
  for (let i = 0; i < 3; i++) {
    startups.ours.push(await timeToFirst200(ours));
    startups.cli.push(await timeToFirst200(cli));
  }
  rows.push(
    pairedRow(
      { row: 'mock start-up to first 200 (new process)', unit: 'ms', baselineName: 'prism mock (CLI)' },
      startups.ours,
      startups.cli,
    ),
  );
  rows.push(...(await testDoubleRows(cli)));

  // MSW patches the global fetch: set it up last and close it before anything else runs.
  const { setupServer } = await import('msw/node');
  const { handlers } = await import('@csms-openapi/mock/msw');
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'bypass' });
  const m = await interleaved(
    {
      msw: async () => (await fetch(`https://kms.cn-north-4.myhuaweicloud.com${PATH}`, { headers: HEADERS })).json(),
      prism: async () => (await fetch(`${mock.url}${PATH}`, { headers: HEADERS })).json(),
    },
    { rounds: 5, calls: 300, warmup: 100 },
  );
  server.close();
  await mock.close();
  rows.push(compared({ row: 'in-process mock, per call (median)', unit: 'µs', baselineName: 'Prism over HTTP' }, m.msw, m.prism));
  return rows;
}
