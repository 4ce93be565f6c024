// Retries, timeouts and odd responses, against a local node:http server that misbehaves on cue.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createCsmsClient } from '../src/index.js';
import { retryAfterMs } from '../src/transport.js';
import { deferred, rejectionOf } from './support/counted.js';
import { clientAgainst, json, type Script } from './support/fault-server.js';
import { leakCapture } from './support/leaks.js';
import { verifySignature } from './support/verify-signature.js';

const TOKEN = 'MIIZ-fault-test-token-a1b2c3d4e5f6';
const AK = 'HPUAZ2XVQWEEXAMPLE02';
const SK = 'fault-test-secret-key-EXAMPLE-q1w2e3';
const SECURITY_TOKEN = 'gQpjbi1ub3J0aC00-fault-security-token';
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const SECRET = { id: 'i', name: 'test', state: 'ENABLED', kms_key_id: 'k', create_time: 1581507580000, update_time: 1581507580000 };
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const leaks = leakCapture();
/** Signatures the server received: they must not show up in anything captured either. */
const signatures: string[] = [];
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  expect(leaks.count).toBeGreaterThan(10);
  expect(signatures.length).toBeGreaterThan(0);
  expect(leaks.findSecrets([TOKEN, SK, SECURITY_TOKEN, ...signatures])).toEqual([]);
});

const setup = clientAgainst(servers, { projectId: PROJECT, credentials: { token: TOKEN } });
const caught = (p: Promise<unknown>) => leaks.caught(p);
const html502: Script = (_req, res) => {
  res.writeHead(502, { 'content-type': 'text/html' });
  res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
};

describe('retries', () => {
  it('a gateway HTML 502, then 200: one retry, the data comes back', async () => {
    const { server, csms } = await setup((req, res, n) => (n === 1 ? html502(req, res, n) : json(res, 200, { secret: SECRET })));
    await expect(csms.showSecret('test')).resolves.toEqual({ secret: SECRET });
    expect(server.requests).toHaveLength(2);
  });

  it('HTML 502 every time: a CsmsError that says the body was not JSON, after retries+1 attempts', async () => {
    const { server, csms } = await setup(html502, { retries: 2 });
    const e = await caught(csms.showSecret('test'));
    expect(e).toMatchObject({ kind: 'http', status: 502, code: undefined, attempts: 3, operation: 'ShowSecret' });
    expect(e.message).toBe('HTTP 502 Bad Gateway (not a JSON error body: text/html)');
    expect(server.requests).toHaveLength(3);
  });

  it('429 with Retry-After: 1 waits at least that second before the retry', async () => {
    const { server, csms } = await setup((_req, res, n) =>
      n === 1
        ? json(res, 429, { error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached' }, { 'retry-after': '1' })
        : json(res, 200, { secret_blob: 'b' }),
    );
    await expect(csms.downloadSecretBlob('test')).resolves.toEqual({ secret_blob: 'b' });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('a Retry-After beyond the retry budget is not waited for; the error says how long to wait', async () => {
    const { server, csms } = await setup((_req, res) =>
      json(res, 429, { error_code: 'APIGW.0308', error_msg: 'throttled' }, { 'retry-after': '120' }),
    );
    const e = await caught(csms.showSecret('test'));
    expect(e).toMatchObject({ status: 429, code: 'APIGW.0308', attempts: 1, retryAfterMs: 120_000 });
    expect(server.requests).toHaveLength(1);
  });

  it('Retry-After is read as delta-seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-23T18:42:44Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Mon, 23 Nov 2026 18:42:50 GMT', now)).toBe(6000);
    expect(retryAfterMs('Mon, 23 Nov 2026 18:42:40 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('a connection reset is retried', async () => {
    const { server, csms } = await setup((req, res, n) => (n === 1 ? req.socket.destroy() : json(res, 200, { secret: SECRET })));
    await expect(csms.showSecret('test')).resolves.toEqual({ secret: SECRET });
    expect(server.requests).toHaveLength(2);
  });

  it('a 404 is never retried', async () => {
    const { server, csms } = await setup((_req, res) =>
      json(res, 404, { error_code: 'CSMS.0005', error_msg: 'The secret does not exist' }, { 'x-request-id': 'req-404' }),
    );
    const e = await caught(csms.showSecret('missing'));
    expect(e).toMatchObject({ status: 404, code: 'CSMS.0005', message: 'The secret does not exist', requestId: 'req-404', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('retries: 0 sends exactly one request', async () => {
    const { server, csms } = await setup((_req, res) => json(res, 500, { error_code: 'CSMS.0001', error_msg: 'Internal service error.' }), {
      retries: 0,
    });
    expect(await caught(csms.showSecret('test'))).toMatchObject({ status: 500, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('the request id falls back to the body when the header is missing', async () => {
    const { csms } = await setup((_req, res) =>
      json(res, 403, { error_code: 'APIGW.0302', error_msg: 'denied', request_id: 'body-req-id' }),
    );
    expect(await caught(csms.showSecret('test'))).toMatchObject({ status: 403, requestId: 'body-req-id' });
  });
});

describe('timeouts and aborts', () => {
  it('a response that never starts times out per attempt, with a fresh timer each time', async () => {
    const { server, csms } = await setup(() => {}, { timeoutMs: 150, retries: 1 });
    const e = await caught(csms.showSecret('test'));
    expect(e).toMatchObject({ kind: 'timeout', status: undefined, attempts: 2, operation: 'ShowSecret' });
    expect(e.message).toBe('No complete response within 150 ms (attempt 2)');
    expect(server.requests).toHaveLength(2);
  });

  it('a body that stops halfway times out too', async () => {
    const { csms } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"secret":');
      },
      { timeoutMs: 150, retries: 0 },
    );
    expect(await caught(csms.showSecret('test'))).toMatchObject({ kind: 'timeout', operation: 'ShowSecret' });
  });

  it("the caller's signal aborts a retry wait (Retry-After: 5), with the caller's reason, and nothing more is sent", async () => {
    // Watches the transport's timers: its backoff wait is the one setTimeout of 5,000 ms (Retry-After: 5).
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const answered = deferred();
    let fetched = 0;
    const watching = async (input: string, init: RequestInit) => {
      fetched++;
      const response = await fetch(input, init);
      const body = await response.arrayBuffer();
      answered.resolve();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
    try {
      const { server, csms } = await setup((_req, res) => json(res, 503, { error_code: 'x', error_msg: 'busy' }, { 'retry-after': '5' }), {
        fetch: watching,
        retries: 3,
      });
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      const started = performance.now();
      const pending = rejectionOf(csms.showSecret('test', { signal: controller.signal }));
      // The first request has been answered, in full, and the client is now waiting to retry.
      await answered.promise;
      await vi.waitFor(() => expect(timers.mock.calls.some(([, ms]) => ms === 5000)).toBe(true), { timeout: 2000, interval: 5 });
      expect(server.requests).toHaveLength(1);
      controller.abort(reason);
      const e = await pending;
      expect(e).toBe(reason);
      // Well before the 5 s the server asked for: the wait itself was cut short.
      expect(performance.now() - started).toBeLessThan(3000);
      expect(server.requests).toHaveLength(1);
      expect(fetched).toBe(1);
    } finally {
      timers.mockRestore();
    }
  });

  it('a refused connection is a network error after every attempt', async () => {
    const { server } = await setup(() => {});
    const closed = server.url;
    await server.close();
    const csms = createCsmsClient({ projectId: PROJECT, endpoint: closed, credentials: { token: TOKEN }, retries: 2, retryBaseDelayMs: 1 });
    const e = await caught(csms.showSecret('test'));
    expect(e).toMatchObject({ kind: 'network', attempts: 3, status: undefined });
    expect(e.message).toMatch(/^Network error: .*ECONNREFUSED/);
  });
});

describe('odd responses', () => {
  it('a 200 that is not JSON is an invalid-response error', async () => {
    const { csms } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    });
    expect(await caught(csms.showSecret('test'))).toMatchObject({ kind: 'invalid-response', operation: 'ShowSecret' });
  });

  it('a server that echoes the token in error_msg has it redacted', async () => {
    const { csms } = await setup((req, res) =>
      json(res, 401, { error_code: 'APIGW.0301', error_msg: `bad token ${String(req.headers['x-auth-token'])}` }),
    );
    const e = await caught(csms.showSecret('test'));
    expect(e.message).toBe('bad token [REDACTED]');
  });
});

describe('what goes on the wire', () => {
  it('token auth: X-Auth-Token and a User-Agent naming the package and version', async () => {
    const { server, csms } = await setup((_req, res) => json(res, 200, { secret_blob: 'b' }));
    await csms.downloadSecretBlob('test');
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'POST', target: `/v1/${PROJECT}/secrets/test/backup` });
    expect(req!.headers['x-auth-token']).toBe(TOKEN);
    expect(req!.headers['user-agent']).toBe(`@csms-openapi/client/${VERSION}`);
    expect(req!.headers.authorization).toBeUndefined();
  });

  it('AK/SK with a security token: every attempt is signed afresh and verifies', async () => {
    const { server, csms } = await setup(
      (_req, res, n) => (n === 1 ? json(res, 500, { error_code: 'e', error_msg: 'm' }) : json(res, 200, { secret: SECRET })),
      {
        credentials: { ak: AK, sk: SK, securityToken: SECURITY_TOKEN },
      },
    );
    await csms.showSecret('test');
    expect(server.requests).toHaveLength(2);
    for (const req of server.requests) {
      expect(req.headers['x-security-token']).toBe(SECURITY_TOKEN);
      expect(req.headers['x-project-id']).toBe(PROJECT);
      expect(req.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
      expect(req.headers.authorization).toMatch(/SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,/);
      expect(req.headers['x-auth-token']).toBeUndefined();
      expect(verifySignature(req, { ak: AK, sk: SK })).toEqual({ ok: true });
      signatures.push(/Signature=([0-9a-f]{64})/.exec(String(req.headers.authorization))![1]!);
    }
  });
});
