// @ts-check
// The mock as a stateful CSMS: start-up and memory with 10,000 secrets × 3 versions against an
// empty mock (new processes), the read and list operations' throughput against ShowSecret on the
// same mock, and an in-process (MSW) answer against the HTTP mock's round trip, same config.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ROOT } from '../scripts/lib/paths.mjs';
import { compared, interleaved, loadNow, median, pairedRow, PROJECT } from './support.mjs';

const TOKEN = 'bench-token';
/**
 * Load rounds and the seconds of each run. The machine's pace drifts within seconds (another
 * tenant of its host), and one round in three could take a row's median with it: four shorter
 * rounds (the median is the mean of the middle two) hold it at about the same wall time.
 */
const ROUNDS = 4;
const RUN_SECONDS = 1.25;
const HEADERS = { 'x-auth-token': TOKEN };

/** A config with `count` secrets of three versions each (YAML, as users write it). */
async function configFile(/** @type {string} */ dir, /** @type {number} */ count) {
  const file = path.join(dir, `mock-${count}.yaml`);
  const lines = ['tokens: [bench-token]', 'secrets:'];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  - name: secret-${i}`,
      '    versions:',
      `      - { value: first-${i} }`,
      `      - { value: second-${i} }`,
      `      - { value: third-${i} }`,
    );
  }
  await fs.writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/**
 * A csms-mock process with a config: resolves once it answers, with its URL, the time from spawn
 * to the first 200 of ShowSecretVersion, its resident memory then, and a stop function.
 * @param {string} config
 */
async function mockProcess(config) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'packages/mock/bin/csms-mock.js'), '--port', '0', '--config', config], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`csms-mock exited (${code})`)));
  });
  for (;;) {
    const r = await fetch(`${url}/v1/${PROJECT}/secrets/secret-0/versions/latest`, { headers: HEADERS }).catch(() => undefined);
    if (r?.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ms = performance.now() - t0;
  const rss = Number((await fs.readFile(`/proc/${child.pid}/status`, 'utf8')).match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN) * 1024;
  return {
    url: /** @type {string} */ (url),
    ms,
    rss,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGINT');
      }),
  };
}

/**
 * Requests per second with 10 connections for `duration` seconds; `requests`: autocannon's request
 * list (a POST to a new secret each time, for writes).
 * @param {string} url @param {import('autocannon').Request[]} [requests] @param {number} [duration]
 */
async function throughput(url, requests, duration = RUN_SECONDS) {
  const r = await autocannon({ url, headers: HEADERS, connections: 10, duration, ...(requests ? { requests } : {}) });
  if (r.errors || r.timeouts || r.non2xx) throw new Error(`load run had ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
  return r.requests.average;
}

/**
 * CreateSecretVersion on 1,000 of the 10,000 secrets in turn (past 20 versions the mock drops the
 * oldest unstaged one), each request built once before the run. A request with a `setupRequest`
 * is rebuilt by autocannon on every send, in the process that also reads the answers: that held a
 * bare node:http server's POSTs to 0.56–0.66× of its GETs; prebuilt, they match them (1.12×).
 * (Autocannon takes seconds to prepare 10,000, hence 1,000.)
 */
const createVersions = () =>
  Array.from({ length: 1_000 }, (_, n) => ({
    method: /** @type {const} */ ('POST'),
    path: `/v1/${PROJECT}/secrets/secret-${n}/versions`,
    headers: { ...HEADERS, 'content-type': 'application/json' },
    body: JSON.stringify({ secret_string: `bench-value-${n}` }),
  }));

/**
 * ListSecrets pages after 1,000 different markers: a client walking the list, not polling one
 * page. Autocannon sends its request list in the same order on every connection, so ten
 * connections would ask for each page together and nine would find it kept; here each connection
 * starts 100 pages further on. 11 MB of pages, more than the 4 MiB the mock keeps: each is built anew.
 * @param {string} url
 */
async function walkThroughput(url, duration = RUN_SECONDS) {
  const markers = Array.from({ length: 1_000 }, (_, n) => `/v1/${PROJECT}/secrets?limit=50&marker=secret-${n * 10}`);
  const runs = await Promise.all(
    Array.from({ length: 10 }, (_, c) => {
      const requests = [...markers.slice(c * 100), ...markers.slice(0, c * 100)].map((path) => ({
        method: /** @type {const} */ ('GET'),
        path,
      }));
      return autocannon({ url, headers: HEADERS, connections: 1, duration, requests });
    }),
  );
  const bad = runs.find((r) => r.errors || r.timeouts || r.non2xx);
  if (bad) throw new Error(`load run had ${bad.errors} errors, ${bad.timeouts} timeouts, ${bad.non2xx} non-2xx`);
  return runs.reduce((sum, r) => sum + r.requests.average, 0);
}

/**
 * Throughput of the operations applications call, in ROUNDS rounds, on one mock holding the 10,000
 * secrets (its base URL of secrets).
 * @param {string} base
 */
async function loadRounds(base) {
  /** @type {Record<'show' | 'version' | 'list' | 'walk' | 'create', number[]>} */
  const tp = { show: [], version: [], list: [], walk: [], create: [] };
  // Half a second of each first, unrecorded: the first round's first operation would otherwise meet
  // a mock whose code is not compiled yet, and every ratio against it would read high.
  for (const url of [`${base}/secret-4242`, `${base}/secret-4242/versions/latest`, `${base}?limit=50&marker=secret-4242`])
    await throughput(url, undefined, 0.5);
  await throughput(base, createVersions(), 0.5);
  await walkThroughput(base, 0.5);
  /** @type {[keyof typeof tp, () => Promise<number>][]} */
  const runs = [
    ['show', () => throughput(`${base}/secret-4242`)],
    ['version', () => throughput(`${base}/secret-4242/versions/latest`)],
    // The same page every time: the mock keeps a page's bytes until the store changes, so this
    // is a client polling one page; a page built anew (a client walking pages) costs a join of
    // the secrets' kept JSON and its encoding besides.
    ['list', () => throughput(`${base}?limit=50&marker=secret-4242`)],
    ['walk', () => walkThroughput(base)],
    ['create', () => throughput(base, createVersions())],
  ];
  // The order turns each round, so drift of the machine does not always favour the same one.
  for (let i = 0; i < ROUNDS; i++)
    for (let j = 0; j < runs.length; j++) {
      const [name, run] = /** @type {[keyof typeof tp, () => Promise<number>]} */ (runs[(i + j) % runs.length]);
      tp[name].push(await run());
    }
  return tp;
}

/**
 * A test process using the in-process mock: imports MSW and `@csms-openapi/mock/msw`, makes a
 * one-secret mock and reads a value through it; against MSW alone answering with one handler.
 * Prints the time from the process start to the answer (ms) and the resident memory then.
 */
const MSW_PROCESS = (/** @type {boolean} */ ours) => `
  const { setupServer } = await import('msw/node');
  const url = 'https://kms.cn-north-4.myhuaweicloud.com/v1/${PROJECT}/secrets/app/versions/latest';
  let handlers;
  if (${ours}) {
    const { createMock } = await import('@csms-openapi/mock/msw');
    handlers = createMock({ secrets: [{ name: 'app' }], tokens: ['${TOKEN}'] }).handlers;
  } else {
    const { http, HttpResponse } = await import('msw');
    handlers = [http.get(url, () => HttpResponse.json({ version: { secret_string: 'v' } }))];
  }
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  const r = await fetch(url, { headers: ${JSON.stringify(HEADERS)} });
  if (r.status !== 200) throw new Error('status ' + r.status);
  await r.json();
  console.log(performance.now() + ' ' + process.memoryUsage().rss);
  server.close();
`;

/** One MSW_PROCESS run: ms to the first answer and RSS in MiB. @param {boolean} ours */
async function mswProcess(ours) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', MSW_PROCESS(ours)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  const [ms, rss] = out.trim().split(' ').map(Number);
  if (code !== 0 || ms === undefined || rss === undefined) throw new Error(`the MSW process exited with ${code}`);
  return { ms, rss: rss / 2 ** 20 };
}

/** A new process using the in-process mock, against MSW alone: start-up and memory, three rounds. */
async function mswStartRows() {
  /** @type {{ ms: number, rss: number }[]} */
  const ours = [];
  /** @type {{ ms: number, rss: number }[]} */
  const alone = [];
  for (let i = 0; i < 3; i++) {
    ours.push(await mswProcess(true));
    alone.push(await mswProcess(false));
  }
  const baselineName = 'MSW alone, one handler';
  return [
    pairedRow(
      { row: 'in-process mock (MSW) in a new process: import, createMock with 1 secret, first answer', unit: 'ms', baselineName },
      ours.map((x) => x.ms),
      alone.map((x) => x.ms),
    ),
    pairedRow(
      {
        row: 'in-process mock (MSW) memory with 1 secret (RSS; Prism not loaded)',
        unit: 'MiB',
        baselineName,
        aim: 90,
        aimIsAbsolute: true,
      },
      ours.map((x) => x.rss),
      alone.map((x) => x.rss),
    ),
  ];
}

/**
 * In process (MSW) against the HTTP mock, the same 1,000-secret config, ShowSecretVersion; and
 * against MSW alone answering the same text (its floor), call by call in turn.
 * @param {string} dir
 */
async function mswCallRows(dir) {
  const { startMock } = await import('@csms-openapi/mock');
  const { createMock } = await import('@csms-openapi/mock/msw');
  const { setupServer } = await import('msw/node');
  const config = await configFile(dir, 1000);
  const http = await startMock({ config });
  const { readConfigFile } = await import('../packages/mock/src/config.js');
  const inProcess = createMock({ .../** @type {object} */ (readConfigFile(config)), baseUrl: 'https://kms.cn-north-4.myhuaweicloud.com' });
  const path_ = `/v1/${PROJECT}/secrets/secret-42/versions/latest`;
  // MSW's own floor: a handler answering the same text with a fixed Response, on another origin.
  // A RequestHandler whose match is a string comparison, as the mock's own handler is (an MSW
  // path handler would parse the cookies of every request, the HTTP mock's too, which MSW
  // intercepts before letting them through).
  const { RequestHandler } = await import('msw');
  const sample = await fetch(`${http.url}${path_}`, { headers: HEADERS });
  const sampleText = await sample.text();
  const sampleHeaders = Object.fromEntries(sample.headers);
  const FLOOR = `https://floor.test${path_}`;
  const floor = new (class extends RequestHandler {
    constructor() {
      super({ info: { header: 'floor' }, resolver: () => new Response(sampleText, { status: 200, headers: sampleHeaders }) });
    }
    /** @param {{ request: Request }} args */
    predicate({ request }) {
      return request.url === FLOOR;
    }
    log() {}
  })();
  const server = setupServer(...inProcess.handlers, floor);
  server.listen({ onUnhandledRequest: 'bypass' });
  const m = await interleaved(
    {
      msw: async () => (await fetch(`https://kms.cn-north-4.myhuaweicloud.com${path_}`, { headers: HEADERS })).json(),
      http: async () => (await fetch(`${http.url}${path_}`, { headers: HEADERS })).json(),
      floor: async () => (await fetch(FLOOR, { headers: HEADERS })).json(),
    },
    { rounds: 5, calls: 300, warmup: 100 },
  );
  server.close();
  await http.close();
  return [
    compared(
      { row: 'in-process (MSW) ShowSecretVersion, per call (median)', unit: 'µs', aim: 0.5, baselineName: 'the HTTP mock, same config' },
      m.msw,
      m.http,
    ),
    compared(
      {
        row: 'reference: the same in-process call against MSW alone (a handler answering the same text)',
        unit: 'µs',
        baselineName: 'MSW, fixed Response',
      },
      m.msw,
      m.floor,
    ),
  ];
}

export async function stateRows() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'csms-bench-state-'));
  const big = await configFile(dir, 10_000);
  const empty = await configFile(dir, 1);
  const up = { big: /** @type {number[]} */ ([]), empty: /** @type {number[]} */ ([]) };
  const mem = { big: /** @type {number[]} */ ([]), empty: /** @type {number[]} */ ([]) };
  for (let i = 0; i < 3; i++) {
    for (const [name, file] of /** @type {const} */ ([
      ['big', big],
      ['empty', empty],
    ])) {
      const p = await mockProcess(file);
      up[name].push(p.ms);
      mem[name].push(p.rss);
      await p.stop();
    }
  }

  // Throughput of the operations applications call, on one mock holding the 10,000 secrets.
  const p = await mockProcess(big);
  const tp = await loadRounds(`${p.url}/v1/${PROJECT}/secrets`);
  await p.stop();

  const inProcessCall = await mswCallRows(dir);
  await fs.rm(dir, { recursive: true, force: true });

  const inProcessStart = await mswStartRows();
  const load = loadNow();
  const sameMock = { unit: 'req/s', aimIsFloor: true, baselineName: 'ShowSecret, same mock' };
  return [
    pairedRow(
      {
        row: 'csms-mock start-up with 10,000 secrets × 3 versions',
        unit: 'ms',
        baselineName: 'csms-mock with 1 secret',
        addedAim: 150,
      },
      up.big,
      up.empty,
    ),
    pairedRow(
      {
        row: 'csms-mock memory with 10,000 secrets × 3 versions (RSS)',
        unit: 'MiB',
        baselineName: 'csms-mock with 1 secret',
        addedAim: 60,
      },
      mem.big.map((b) => b / 2 ** 20),
      mem.empty.map((b) => b / 2 ** 20),
    ),
    {
      row: 'csms-mock memory with 1 secret (RSS; answering from state, so Prism is not loaded)',
      ours: median(mem.empty) / 2 ** 20,
      unit: 'MiB',
      aim: 90,
      aimIsAbsolute: true,
      spread: /** @type {[number, number]} */ ([Math.min(...mem.empty) / 2 ** 20, Math.max(...mem.empty) / 2 ** 20]),
      rounds: mem.empty.length,
      load,
    },
    pairedRow({ row: 'ShowSecretVersion (latest), 10 connections, 10,000 secrets', aim: 0.9, ...sameMock }, tp.version, tp.show),
    pairedRow({ row: 'ListSecrets (50 per page), 10 connections, 10,000 secrets', aim: 0.9, ...sameMock }, tp.list, tp.show),
    pairedRow(
      { row: 'ListSecrets, a different page each request (1,000 markers in turn: each page built anew), reference', ...sameMock },
      tp.walk,
      tp.show,
    ),
    pairedRow({ row: 'CreateSecretVersion, 10 connections, 10,000 secrets', aim: 0.8, ...sameMock }, tp.create, tp.show),
    ...inProcessCall,
    ...inProcessStart,
  ];
}
