// fromMetadata against loopback servers playing the ECS metadata service, well and badly: the two
// requests the SDKs send (headers, order), an older service without the token API, the one retry
// after a 401, and a service that redirects, stalls, answers a bomb or garbage. Every failure is a
// `credentials` error naming the step and the status, never quoting what the service sent.
import type http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fromMetadata, SECURITY_KEY_PATH, TOKEN_PATH } from '@csms-openapi/client/credentials';
import { CsmsError } from '../src/index.js';
import { json, startFaultServer, type Script } from './support/fault-server.js';
import { leakCapture } from './support/leaks.js';

const SESSION = 'metadata-test-SESSION-token-1f2e';
const SESSION2 = 'metadata-test-SESSION-token-3d4c';
const SK = 'metadata-test-SECRET-key-5b6a';
const SECURITY_TOKEN = 'metadata-test-SECURITY-token-7980';
const EXPIRES = '2030-01-02T03:04:05.123456Z';
const keyBody = (expires_at = EXPIRES) => ({
  credential: { access: 'METADATAAK', secret: SK, securitytoken: SECURITY_TOKEN, expires_at },
});

const leaks = leakCapture();
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  expect(leaks.count).toBeGreaterThan(10);
  expect(leaks.findSecrets([SESSION, SESSION2, SK, SECURITY_TOKEN])).toEqual([]);
});

async function service(script: Script) {
  const server = await startFaultServer(script);
  servers.push(server);
  return server;
}
/** A service that hands out `SESSION` and answers the keys to it; `overrides` by request number. */
const wellBehaved =
  (overrides: Record<number, Script> = {}): Script =>
  (req, res, n) => {
    if (overrides[n]) return overrides[n]!(req, res, n);
    if (req.method === 'PUT' && req.url === TOKEN_PATH) return void res.end(SESSION);
    if (req.method === 'GET' && req.url === SECURITY_KEY_PATH && req.headers['x-metadata-token'] === SESSION)
      return json(res, 200, keyBody());
    json(res, 401, { message: 'unauthorized' });
  };
const failure = async (p: Promise<unknown>) => {
  const e = await leaks.caught(p);
  expect(e).toBeInstanceOf(CsmsError);
  return e;
};
const steps = (server: { requests: { method: string; target: string; headers: http.IncomingHttpHeaders }[] }) =>
  server.requests.map(
    (r) => `${r.method} ${r.target} ${r.headers['x-metadata-token'] ?? '-'} ${r.headers['x-metadata-token-ttl-seconds'] ?? '-'}`,
  );

describe('fromMetadata: the exchange', () => {
  it('PUTs for a session token (TTL 21600 s), GETs the keys with it, and reads credential.*', async () => {
    const server = await service(wellBehaved());
    const c = await fromMetadata({ endpoint: `${server.url}/`, projectId: 'p' })();
    expect(steps(server)).toEqual([`PUT ${TOKEN_PATH} - 21600`, `GET ${SECURITY_KEY_PATH} ${SESSION} -`]);
    expect([c.ak, c.sk, c.securityToken, c.expiresAt, c.projectId, c.source]).toEqual([
      'METADATAAK',
      SK,
      SECURITY_TOKEN,
      Date.UTC(2030, 0, 2, 3, 4, 5, 123),
      'p',
      `metadata ${server.url}`,
    ]);
  });

  it('keeps its session token between refreshes; a 401 gets a new one and one more try', async () => {
    let session = SESSION;
    const server = await service((req, res) => {
      if (req.method === 'PUT') return void res.end(session);
      if (req.headers['x-metadata-token'] === session) return json(res, 200, keyBody());
      json(res, 401, { message: 'token expired' });
    });
    const provider = fromMetadata({ endpoint: server.url });
    await provider();
    await provider.refresh();
    expect(steps(server).slice(2)).toEqual([`GET ${SECURITY_KEY_PATH} ${SESSION} -`]);
    session = SESSION2; // the service forgets the first token
    await provider.refresh();
    expect(steps(server).slice(3)).toEqual([
      `GET ${SECURITY_KEY_PATH} ${SESSION} -`,
      `PUT ${TOKEN_PATH} - 21600`,
      `GET ${SECURITY_KEY_PATH} ${SESSION2} -`,
    ]);
  });

  it('an older service without the token API (404 or 405): the keys without a token, and the token API again a day later', async () => {
    for (const status of [404, 405]) {
      const server = await service((req, res) => (req.method === 'PUT' ? json(res, status, {}) : json(res, 200, keyBody())));
      const clock = { t: Date.UTC(2029, 0, 1) };
      const provider = fromMetadata({ endpoint: server.url, now: () => clock.t });
      await provider();
      await provider.refresh();
      expect(steps(server)).toEqual([`PUT ${TOKEN_PATH} - 21600`, `GET ${SECURITY_KEY_PATH} - -`, `GET ${SECURITY_KEY_PATH} - -`]);
      clock.t += 24 * 3_600_000 + 1;
      await provider.refresh();
      expect(steps(server).slice(3)).toEqual([`PUT ${TOKEN_PATH} - 21600`, `GET ${SECURITY_KEY_PATH} - -`]);
    }
  });
});

describe('fromMetadata: a service that says no', () => {
  it.each([
    [500, 'PUT', `The metadata service {url} answered 500 to PUT ${TOKEN_PATH}`],
    [403, 'GET', `The metadata service {url} answered 403 to GET ${SECURITY_KEY_PATH}`],
    [503, 'GET', `The metadata service {url} answered 503 to GET ${SECURITY_KEY_PATH}`],
  ])('%i to %s: the status and the step', async (status, method, message) => {
    const server = await service(
      wellBehaved({ [method === 'PUT' ? 1 : 2]: (_req, res) => json(res, status, { error: `${SESSION} ${SK}` }) }),
    );
    const e = await failure(fromMetadata({ endpoint: server.url })());
    expect([e.kind, e.status, e.message]).toEqual(['credentials', status, message.replace('{url}', server.url)]);
  });

  it('401 twice (a new token does not help): the status, after exactly one new token', async () => {
    const server = await service((req, res) => (req.method === 'PUT' ? res.end(SESSION) : json(res, 401, { message: 'no' })));
    const e = await failure(fromMetadata({ endpoint: server.url })());
    expect(e.message).toBe(`The metadata service ${server.url} answered 401 to GET ${SECURITY_KEY_PATH}`);
    expect(steps(server).map((s) => s.split(' ')[0])).toEqual(['PUT', 'GET', 'PUT', 'GET']);
  });

  it('an instance without an agency: said so, without asking for another token', async () => {
    const server = await service((req, res) =>
      req.method === 'PUT' ? res.end(SESSION) : json(res, 401, { error: 'Please configure Cloud Service Agency first' }),
    );
    const e = await failure(fromMetadata({ endpoint: server.url })());
    expect([e.status, e.message]).toEqual([
      401,
      `The metadata service ${server.url} has no keys for this instance: it has no agency (give the ECS an agency in IAM)`,
    ]);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['not JSON', () => `{"credential": ${SK}`, 'a body that is not JSON'],
    ['no credential', () => ({ credentials: keyBody().credential }), 'no credential object'],
    ['no secret', () => ({ credential: { ...keyBody().credential, secret: '' } }), 'no credential.secret (a non-empty string)'],
    ['a number for access', () => ({ credential: { ...keyBody().credential, access: 7 } }), 'no credential.access (a non-empty string)'],
    [
      'a token with CR LF',
      () => ({ credential: { ...keyBody().credential, securitytoken: `${SECURITY_TOKEN}\r\nX-Evil: 1` } }),
      'a credential.securitytoken that cannot be sent in a header',
    ],
    ['a local time', () => keyBody('2030-01-02 03:04:05'), 'no credential.expires_at of the form 2024-05-01T12:00:00.000000Z'],
  ])('keys that are %s: named, never quoted', async (_name, body, problem) => {
    const server = await service(
      wellBehaved({
        2: (_req, res) => {
          const b = body();
          res.writeHead(200, { 'content-type': 'application/json' }).end(typeof b === 'string' ? b : JSON.stringify(b));
        },
      }),
    );
    const e = await failure(fromMetadata({ endpoint: server.url })());
    expect([e.kind, e.message]).toEqual([
      'credentials',
      `The metadata service ${server.url} answered GET ${SECURITY_KEY_PATH} with ${problem}`,
    ]);
  });

  it('a session token that cannot be sent in a header is refused before it is sent', async () => {
    const server = await service(wellBehaved({ 1: (_req, res) => void res.end(`${SESSION}\r\nX-Evil: 1`) }));
    const e = await failure(fromMetadata({ endpoint: server.url })());
    expect(e.message).toBe(
      `The metadata service ${server.url} answered PUT ${TOKEN_PATH} with a session token that cannot be sent in a header`,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('fromMetadata: a hostile service', () => {
  it('a redirect is not followed: nothing reaches the Location', async () => {
    const elsewhere = await service((_req, res) => json(res, 200, keyBody()));
    for (const n of [1, 2]) {
      const server = await service(
        wellBehaved({ [n]: (_req, res) => void res.writeHead(307, { location: `${elsewhere.url}${SECURITY_KEY_PATH}` }).end() }),
      );
      const e = await failure(fromMetadata({ endpoint: server.url })());
      const step = n === 1 ? `PUT ${TOKEN_PATH}` : `GET ${SECURITY_KEY_PATH}`;
      expect([e.status, e.message]).toEqual([
        307,
        `The metadata service ${server.url} (${step}) answered with a redirect (HTTP 307), which is not followed`,
      ]);
    }
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('a service that stalls: its own timeout, for the whole answer', async () => {
    const headersOnly = await service(
      wellBehaved({ 2: (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).write('{') }),
    );
    const silent = await service(() => {});
    for (const server of [silent, headersOnly]) {
      const e = await failure(fromMetadata({ endpoint: server.url, timeoutMs: 300 })());
      expect(e.message).toMatch(new RegExp(`^The metadata service ${server.url} \\((PUT|GET) /[a-z/-]+\\) did not answer within 300 ms$`));
    }
  });

  it('a bomb: stops at maxResponseBytes, plain, chunked or gzip', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 'a');
    const gz = zlib.gzipSync(big);
    const bombs: Script[] = [
      (_req, res) => void res.writeHead(200, { 'content-length': big.length }).end(big),
      (_req, res) => {
        res.writeHead(200);
        for (let i = 0; i < 20; i++) res.write(big.subarray(0, 512 * 1024));
        res.end();
      },
      (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': gz.length }).end(gz),
    ];
    for (const bomb of bombs) {
      const server = await service(wellBehaved({ 2: bomb }));
      const e = await failure(fromMetadata({ endpoint: server.url, maxResponseBytes: 65_536 })());
      expect(e.message).toBe(`The metadata service ${server.url} (GET ${SECURITY_KEY_PATH}) answered with more than 65536 bytes`);
    }
  });

  it('an endpoint that could leak or mislead is refused when the provider is made', () => {
    for (const endpoint of ['http://user:pw@169.254.169.254', 'http://169.254.169.254/?x=1', 'file:///etc/passwd', 'nonsense']) {
      const e = (() => {
        try {
          fromMetadata({ endpoint });
        } catch (error) {
          return leaks.record(error) as CsmsError;
        }
      })();
      expect(e?.kind).toBe('invalid-argument');
      expect(e?.message).not.toContain(endpoint);
    }
  });
});
