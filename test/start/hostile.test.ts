// `npm start` under attack: requests meant to crash either server, connections that never send a
// byte, signals sent twice or to npm instead of node, and a damaged generated/ folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { announceSeed, fuzzOptions, FUZZ_SEED } from '../support/fuzz.js';
import { isListening, printedUrls, startNpmStart, type Started } from '../support/start.js';

/** A raw request (node:http sends methods and headers fetch refuses); resolves with the status. */
function raw(url: string, method: string, headers: Record<string, string>): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.request(url, { method, headers, timeout: 5000 }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('timeout', () => {
      req.destroy();
      resolve('no answer within 5 s');
    });
    req.once('error', (e) => resolve(`error ${(e as NodeJS.ErrnoException).code}`));
    req.end();
  });
}

const waitFor = async (check: () => Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
};
const portsOf = (s: { mockUrl: string; docsUrl: string }) => [s.mockUrl, s.docsUrl].map((u) => Number(new URL(u).port));
const SHOW = '/v1/0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b/secrets/test';

describe('no request stops either server', () => {
  let started: Started;
  beforeAll(async () => {
    started = await startNpmStart();
    announceSeed();
  }, 60_000);
  afterAll(async () => {
    if (started.child.exitCode === null) await started.stop();
  });

  it.each([['foo'], ['text'], ['='], [',']])('the mock answers Accept: %s with 406', async (accept) => {
    expect(await raw(`${started.mockUrl}${SHOW}`, 'GET', { 'X-Auth-Token': 't', Accept: accept })).toBe(406);
  });

  it.each([['bytes=5-1'], ['bytes=0-18446744073709551615'], ['bytes=-0'], ['bytes=99999999-'], ['items=0-1'], ['bytes=0-1,5-6']])(
    'the docs server answers Range: %s with 416',
    async (range) => {
      expect(await raw(started.docsUrl, 'GET', { Range: range })).toBe(416);
    },
  );

  it('the docs server answers a valid range with 206, only GET and HEAD, and sends the page gzipped', async () => {
    expect(await raw(started.docsUrl, 'GET', { Range: 'bytes=0-14' })).toBe(206);
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']) expect(await raw(started.docsUrl, method, {}), method).toBe(405);
    const plain = await fetch(started.docsUrl, { headers: { 'Accept-Encoding': 'identity' } });
    const gz = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(started.docsUrl, { headers: { 'Accept-Encoding': 'gzip, br' } }, resolve),
    );
    gz.resume();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBeLessThan(Number(plain.headers.get('content-length')) / 3);
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    expect(plain.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'sha256-/);
  });

  it('random methods, Accept, Range, Prefer and Content-Type: every request answered, both servers still serve', async () => {
    let sent = 0;
    const header = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '*/*',
        'application/json',
        'text',
        '=',
        ',',
        ';',
        'a/b;c',
        'bytes=5-1',
        'code=404',
        'example=__proto__',
        'code=constructor',
      ),
    );
    const request = fc.record({
      method: fc.constantFrom(
        'GET',
        'POST',
        'PUT',
        'DELETE',
        'PATCH',
        'HEAD',
        'OPTIONS',
        'TRACE',
        'FOO',
        'PARAMETERS',
        '__PROTO__',
        'CONSTRUCTOR',
      ),
      docs: fc.boolean(),
      accept: fc.option(header, { nil: undefined }),
      range: fc.option(header, { nil: undefined }),
      prefer: fc.option(header, { nil: undefined }),
      type: fc.option(header, { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = { 'X-Auth-Token': 't' };
        // Only header values HTTP can carry (node:http refuses the others before sending).
        const ok = (v: string | undefined): v is string => v !== undefined && /^[\x20-\x7e]*$/.test(v);
        if (ok(r.accept)) headers.Accept = r.accept;
        if (ok(r.range)) headers.Range = r.range;
        if (ok(r.prefer)) headers.Prefer = r.prefer;
        if (ok(r.type)) headers['Content-Type'] = r.type;
        const status = await raw(r.docs ? started.docsUrl : `${started.mockUrl}${SHOW}`, r.method, headers);
        sent++;
        expect(typeof status, `${JSON.stringify(r)} → ${status}`).toBe('number');
      }),
      fuzzOptions(300),
    );
    expect(sent).toBeGreaterThanOrEqual(300);
    expect(started.child.exitCode).toBeNull();
    expect((await fetch(`${started.mockUrl}${SHOW}`, { headers: { 'X-Auth-Token': 't' } })).status).toBe(200);
    expect((await fetch(started.docsUrl)).status).toBe(200);
    process.stdout.write(`fuzzed npm start with ${sent} requests, seed ${FUZZ_SEED}\n`);
  }, 60_000);
});

/**
 * Sends a request as Python's http.client does (what urllib and the official Python SDK use):
 * the whole body first, reading only afterwards; `Connection: close`, as urllib sends. `stallAfter`:
 * stop writing after that many body bytes (the socket stays open). Resolves with what came back
 * and any socket error the sender saw (EPIPE, ECONNRESET).
 */
const senders: net.Socket[] = [];
function sendBody(url: string, path: string, size: number, { stallAfter }: { stallAfter?: number } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise<{ answer: string; error: string | undefined }>((resolve) => {
    const socket = net.connect(Number(port), hostname);
    senders.push(socket);
    let answer = '';
    let error: string | undefined;
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      // Stalled: resolve once the answer is complete (its body is JSON), leaving the socket open.
      if (stallAfter !== undefined && /\r\n\r\n\{.*\}$/s.test(answer)) resolve({ answer, error });
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ answer, error }));
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nX-Auth-Token: t\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${size}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const write = () => {
      while (sent < (stallAfter ?? size)) {
        const part = chunk.subarray(0, Math.min(chunk.length, (stallAfter ?? size) - sent));
        sent += part.length;
        if (!socket.write(part)) return void socket.once('drain', write);
      }
      if (stallAfter === undefined) socket.end();
    };
    write();
  });
}

describe('request bodies (issue 25, low)', () => {
  let started: Started;
  const RESTORE = '/v1/0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b/secrets/restore';
  /** An operation without a request body: it may send at most 64 KiB. */
  const BACKUP = '/v1/0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b/secrets/test/backup';
  beforeAll(async () => {
    started = await startNpmStart();
  }, 60_000);
  afterAll(async () => {
    for (const socket of senders) socket.destroy();
    if (started.child.exitCode === null) await started.stop();
  });

  /** The status line and the gateway's JSON of a raw answer. */
  const parse = (answer: string) => {
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    return { statusLine: head.split('\r\n')[0], connection: /\r\nconnection: (\S+)/i.exec(head)?.[1], body: JSON.parse(body) };
  };

  it('a 64 MiB body, written whole before reading (as Python does): the sender reads the 413, no EPIPE or reset; the mock still serves', async () => {
    for (let i = 0; i < 2; i++) {
      const { answer, error } = await sendBody(started.mockUrl, RESTORE, 64 * 1024 * 1024);
      expect(error, `round ${i}: the sender's socket error`).toBeUndefined();
      const { statusLine, connection, body } = parse(answer);
      expect(statusLine).toBe('HTTP/1.1 413 Payload Too Large');
      expect(connection).toBe('close');
      expect(body).toMatchObject({
        error_code: 'APIGW.0201',
        error_msg: expect.stringMatching(/^The request body is larger than \d+ bytes$/),
      });
    }
    expect(started.child.exitCode).toBeNull();
    expect((await fetch(`${started.mockUrl}${SHOW}`, { headers: { 'X-Auth-Token': 't' } })).status).toBe(200);
  }, 60_000);

  it('a sender that stops past the limit gets the 413 at once; one that stalls mid-body holds nothing else up', async () => {
    const over = await sendBody(started.mockUrl, BACKUP, 64 * 1024 * 1024, { stallAfter: 1024 * 1024 });
    expect(parse(over.answer).statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    const stalled = await Promise.race([
      sendBody(started.mockUrl, RESTORE, 1024 * 1024, { stallAfter: 10 }),
      new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 300)),
    ]);
    expect(stalled, 'a body that never ends gets no answer yet').toBe('still waiting');
    // Meanwhile the mock answers everyone else.
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${started.mockUrl}${SHOW}`, { headers: { 'X-Auth-Token': 't' } }).then((r) => r.status)),
    );
    expect(answers).toEqual([200, 200, 200, 200, 200]);
  }, 60_000);
});

describe('stopping', () => {
  it('an idle connection to each server does not hold Ctrl-C: both ports are free within 2 s', async () => {
    const s = await startNpmStart();
    const idle = portsOf(s).map((port) => net.connect(port, '127.0.0.1'));
    await Promise.all(idle.map((c) => new Promise((r) => c.once('connect', r))));
    const t0 = Date.now();
    expect(await s.stop()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await Promise.all(portsOf(s).map(isListening))).toEqual([false, false]);
    for (const c of idle) c.destroy();
  }, 30_000);

  it('a second signal exits at once', async () => {
    const s = await startNpmStart();
    s.child.kill('SIGTERM');
    s.child.kill('SIGTERM');
    const code = await s.stop();
    expect([0, 130]).toContain(code);
    expect(await Promise.all(portsOf(s).map(isListening))).toEqual([false, false]);
  }, 30_000);

  // npm passes SIGINT and SIGTERM to its script's process; a shell between the two (dash, as
  // `sh -c`, waits for its child before it acts on SIGINT) would keep them from node: the script
  // execs node. The ports are polled until free, within a bounded time.
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'kill -%s of the npm process (as a process manager does): the ports are free within 2 s',
    async (signal) => {
      const npm = spawn('npm', ['start'], {
        cwd: ROOT,
        env: { ...process.env, MOCK_PORT: '0', DOCS_PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      npm.stdout.on('data', (d: Buffer) => (out += d));
      expect(await waitFor(async () => out.includes('Ctrl-C stops both.'), 30_000)).toBe(true);
      const [mockPort, docsPort] = portsOf(printedUrls(out)) as [number, number];
      const exited = new Promise((resolve) => npm.once('exit', (code) => resolve(code)));
      try {
        npm.kill(signal);
        const t0 = Date.now();
        const free = await waitFor(async () => !(await isListening(mockPort)) && !(await isListening(docsPort)), 2500);
        expect(free, `ports still held ${Date.now() - t0} ms after ${signal} to npm`).toBe(true);
        // npm itself ends too (its script stopped cleanly, or npm re-raised the signal).
        expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('running'), 5000))])).not.toBe('running');
      } finally {
        // Whatever failed above, nothing is left running: SIGTERM ends npm's shell, and the servers follow their parent.
        if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGTERM');
      }
    },
    40_000,
  );
});

describe('a damaged generated/', () => {
  let copy: string;
  beforeAll(async () => {
    // A copy of the repository's sources (node_modules linked), so the damage stays there. The
    // README too: the build writes its list of operations (scripts/lib/readme-operations.mjs).
    copy = await fs.mkdtemp(path.join(ROOT, 'node_modules/.cache/start-damaged-'));
    for (const entry of [
      'openapi',
      'scripts',
      'generated',
      'packages',
      'package.json',
      'package-lock.json',
      '.spectral.yaml',
      'redocly.yaml',
      'README.md',
    ]) {
      await fs.cp(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
    }
    await fs.symlink(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  });
  afterAll(async () => {
    await fs.rm(copy, { recursive: true, force: true });
  });

  it.each([
    ['truncated', (t: string) => t.slice(0, t.length / 2)],
    ['{}', () => '{}'],
    ['paths: {}', (t: string) => JSON.stringify({ ...JSON.parse(t), paths: {} })],
  ])(
    '%s openapi.json is noticed and rebuilt; the mock then answers',
    async (_name, damage) => {
      const file = path.join(copy, 'generated/openapi.json');
      const good = await fs.readFile(file, 'utf8');
      await fs.writeFile(file, damage(good));
      const child = spawn(process.execPath, [path.join(copy, 'scripts/start.mjs')], {
        cwd: copy,
        env: { ...process.env, MOCK_PORT: '0', DOCS_PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.stderr.on('data', (d: Buffer) => (out += d));
      try {
        expect(await waitFor(async () => out.includes('Ctrl-C stops both.') || child.exitCode !== null, 60_000), out).toBe(true);
        expect(out).toContain('a file in generated/ was changed or damaged (it is not what the build wrote): rebuilding…');
        expect(child.exitCode, `npm start stopped after the rebuild:\n${out}`).toBeNull();
        expect(await fs.readFile(file, 'utf8')).toBe(good);
        expect((await fetch(`${printedUrls(out).mockUrl}${SHOW}`, { headers: { 'X-Auth-Token': 't' } })).status).toBe(200);
      } finally {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGINT');
          await exited;
        }
      }
    },
    90_000,
  );
});
