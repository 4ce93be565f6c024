// `npm start` on ports it picks itself (MOCK_PORT=0 DOCS_PORT=0, as every test here runs it), port
// variables that are not port numbers, and a reader of its output that goes away (`npm start | head`).
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { listen } from '../../packages/mock/src/process.js';
import { isListening, runStart, startNpmStart } from '../support/start.js';

const SHOW = '/v1/0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b/secrets/test';

describe('npm start ports', () => {
  it('MOCK_PORT=0 and DOCS_PORT=0: both servers listen on ports they picked and print the real URLs', async () => {
    const s = await startNpmStart({ MOCK_PORT: '0', DOCS_PORT: '0' });
    try {
      const ports = [s.mockUrl, s.docsUrl].map((u) => Number(new URL(u).port));
      expect(ports.every((p) => p > 0)).toBe(true);
      expect(ports[0]).not.toBe(ports[1]);
      expect(await Promise.all(ports.map(isListening))).toEqual([true, true]);
      expect((await fetch(`${s.mockUrl}${SHOW}`, { headers: { 'X-Auth-Token': 't' } })).status).toBe(200);
      expect((await fetch(s.docsUrl)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  // One process each, in turn (a dozen npm starts at once are slow to even load); parsePort's own test has more values.
  it.each([
    ['MOCK_PORT', ' '],
    ['MOCK_PORT', '0x0'],
    ['MOCK_PORT', '1e3'],
    ['MOCK_PORT', '-0'],
    ['DOCS_PORT', ' '],
    ['DOCS_PORT', '4010abc'],
  ])('%s=%j is refused with one line and exit 1, before anything listens', async (name, value) => {
    const run = runStart({ MOCK_PORT: '0', DOCS_PORT: '0', [name]: value });
    const code = await Promise.race([run.exited, new Promise<string>((r) => setTimeout(() => r('still running after 15 s'), 15_000))]);
    if (run.child.exitCode === null) {
      run.child.kill('SIGINT');
      await run.exited;
    }
    expect({ code, stderr: run.stderr() }).toEqual({
      code: 1,
      stderr: `npm start: ${name}=${JSON.stringify(value)} is not a port number (0-65535; 0 picks a free one).\n`,
    });
    expect(run.stdout()).not.toContain('Ctrl-C stops both.');
  });
});

describe('a closed stdout or stderr', () => {
  it('does not stop npm start: both servers keep answering, and Ctrl-C still exits 0', async () => {
    const s = await startNpmStart({ MOCK_LOG_LEVEL: 'debug' });
    try {
      const closed = [s.child.stdout!, s.child.stderr!].map((p) => new Promise((resolve) => p.once('close', resolve)));
      s.child.stdout!.destroy();
      s.child.stderr!.destroy();
      await Promise.all(closed);
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        for (const [url, init] of [
          [`${s.mockUrl}${SHOW}`, { headers: { 'X-Auth-Token': 't' } }],
          [s.docsUrl, {}],
        ] as const) {
          statuses.push(
            await fetch(url, init).then(
              (r) => r.status,
              (e: Error) => `${e.message}: ${(e.cause as Error | undefined)?.message}`,
            ),
          );
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(statuses).toEqual(Array(10).fill(200));
      expect(s.child.exitCode).toBeNull();
      expect(await s.stop()).toBe(0);
    } finally {
      if (s.child.exitCode === null && s.child.signalCode === null) await s.stop();
    }
  });
});

describe('listen (shared by npm start and csms-mock)', () => {
  it('close() ends idle, half-sent and keep-alive connections at once', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    const url = await listen(server, 0, '127.0.0.1');
    const port = Number(new URL(url).port);
    const connect = async (send: string) => {
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.on('error', () => {});
      socket.resume(); // read the answer, or the socket never ends
      if (send) socket.write(send);
      return socket;
    };
    const sockets = [
      await connect(''),
      await connect('GET / HTTP/1.1\r\nHost: x\r\n'),
      await connect('GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n'),
    ];
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    expect(performance.now() - t0).toBeLessThan(500);
    await Promise.all(sockets.map((s) => (s.closed ? undefined : new Promise((r) => s.once('close', r)))));
    expect(await isListening(port)).toBe(false);
  });
});
