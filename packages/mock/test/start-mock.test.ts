// startMock's life cycle: a free port by default, the port freed on close, a clear error when
// taken; close() ends what is pending (issue 20: a 30 s fault delay kept the process alive after
// close resolved); and a large configured state starts and serves.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startMock } from '@csms-openapi/mock';
import { isListening } from '../../../test/support/start.js';
import { call, op, target } from './helpers.js';

const TOKEN = { 'X-Auth-Token': 'start-mock-token' };

describe('startMock', () => {
  it('port 0 picks a free port on 127.0.0.1 and reports it; close() frees it', async () => {
    const mock = await startMock({ port: 0 });
    const { hostname, port } = new URL(mock.url);
    expect(hostname).toBe('127.0.0.1');
    expect(Number(port)).toBeGreaterThan(0);
    expect(await isListening(Number(port))).toBe(true);
    await mock.close();
    expect(await isListening(Number(port))).toBe(false);
  });

  it('a taken port is an Error with code EADDRINUSE naming the port', async () => {
    const first = await startMock();
    const port = Number(new URL(first.url).port);
    try {
      await expect(startMock({ port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
        message: expect.stringContaining(`127.0.0.1:${port}`),
      });
    } finally {
      await first.close();
    }
  });
});

describe('close() with a request held by a fault delay', () => {
  // In a process of its own, so that "nothing is left pending" is measured the only way that
  // counts: the process exits once close() resolved, with no timer or socket keeping it alive.
  // The child knows the request waits in the fault's delay when the mock sets its 30 s timer.
  const CHILD = `
    import { startMock } from '@csms-openapi/mock';
    const setTimer = globalThis.setTimeout;
    let delaying;
    const delayed = new Promise((resolve) => (delaying = resolve));
    globalThis.setTimeout = (fn, ms, ...rest) => {
      if (ms === 30000) delaying();
      return setTimer(fn, ms, ...rest);
    };
    const mock = await startMock({ faults: [{ delayMs: 30000 }] });
    const pending = fetch(mock.url + process.argv[1], { headers: { 'X-Auth-Token': 't' } }).then(
      (r) => 'answered ' + r.status,
      () => 'no answer',
    );
    await delayed;
    const t0 = performance.now();
    await mock.close();
    process.stdout.write('closed ' + Math.round(performance.now() - t0) + '\\n');
    process.stdout.write((await pending) + '\\n');
  `;

  it('close() resolves at once, the pending request gets no answer, and the process exits within seconds (not 30 s)', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, '--', target(op('ShowSecret'))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let closedAt = 0;
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      if (!closedAt && out.includes('closed ')) closedAt = performance.now();
    });
    child.stderr!.on('data', (d: Buffer) => (err += d));
    const code = await new Promise<number | null>((resolve) => {
      // Past this, the delay kept the process alive: kill it and let the assertions say so.
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const exitedAfterClose = performance.now() - closedAt;
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const [closed, pending] = out.trim().split('\n');
    expect(Number(/^closed (\d+)$/.exec(closed ?? '')?.[1]), 'ms for close() to resolve').toBeLessThan(1000);
    expect(pending).toBe('no answer');
    expect(exitedAfterClose, 'ms from close() to the process exit').toBeLessThan(5000);
  }, 30_000);
});

describe('a large state', () => {
  it('10,000 secrets × 3 versions start and serve (the timing is for the benchmark; printed here)', async () => {
    const secrets = Array.from({ length: 10_000 }, (_, i) => ({
      name: `secret-${i}`,
      versions: [{ value: `a-${i}` }, { value: `b-${i}` }, { binary: 'AAECAwQ=' }],
    }));
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const mock = await startMock({ secrets });
    const started = performance.now() - t0;
    try {
      const last = await call(mock.url, op('ShowSecretVersion'), {
        params: { secret_name: 'secret-9999', version_id: 'latest' },
        headers: TOKEN,
      });
      expect(last.status).toBe(200);
      expect(last.body.version.version_metadata).toMatchObject({ id: 'v3', version_stages: ['SYSCURRENT'] });
      const stage = await call(mock.url, op('ShowSecretStage'), {
        params: { secret_name: 'secret-5000', stage_name: 'SYSPREVIOUS' },
        headers: TOKEN,
      });
      expect(stage.body.stage.version_id).toBe('v2');
      const page = await call(mock.url, op('ListSecrets'), { query: { marker: 'secret-9989' }, headers: TOKEN });
      expect(page.body.secrets.map((s: { name: string }) => s.name)).toEqual(Array.from({ length: 10 }, (_, i) => `secret-${9990 + i}`));
      expect(page.body.page_info.next_marker).toBeUndefined();
      process.stdout.write(
        `10,000 secrets × 3 versions: started in ${Math.round(started)} ms, heap +${Math.round((process.memoryUsage().heapUsed - heap0) / 1e6)} MB\n`,
      );
    } finally {
      await mock.close();
    }
  }, 60_000);
});
