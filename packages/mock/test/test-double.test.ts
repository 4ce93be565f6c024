// The mock as a test double: configured secrets, real credential checks and faults, each case
// run against both backends (startMock over HTTP, and the MSW handlers) with the same options;
// they must give the same status, content type and body, and every body validates against the
// document. Also: the mock's own answers (no such path, 405, 413, problem+json) carry their own
// X-Request-Id, faults select every operation by operationId, and a bad configuration is one
// line naming the source, the entry and the field.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfig, loadSpec, MockSetupError, startMock, type MockOptions } from '@csms-openapi/mock';
import { createHandlers } from '@csms-openapi/mock/msw';
import { createSigner, sdkDate } from '../../client/src/index.js';
import { COMPONENT, deref, examplePath, operations, responseExamples, spec, validate } from '../../../test/support/openapi.js';
import { useScratchDir } from '../../../test/support/scratch.js';
import { call as callOperation, init, type Json, target, templateFits } from './helpers.js';

const AK = 'HPUAZ2XVQWEEXAMPLE03';
const SK = 'test-double-secret-key-EXAMPLE-77';
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const ORIGIN = 'https://kms.test-double.example';
const OPTIONS: MockOptions = {
  secrets: [
    { name: 'db-password', description: 'orders database' },
    { name: 'api-key', state: 'PENDING_DELETE' },
    { name: 'blobby', blob: 'my-own-blob' },
    { name: 'flaky' },
    { name: 'db.password' },
  ],
  tokens: ['good-token'],
  accessKeys: [{ ak: AK, sk: SK }],
  faults: [
    { secretName: 'flaky', status: 500, times: 2 },
    { secretName: 'throttled', status: 429, retryAfter: 3 },
    { secretName: 'gateway', status: 502, html: true },
    { secretName: 'timeout', operation: 'DownloadSecretBlob', status: 504 },
    { secretName: 'reset', reset: true },
    { secretName: 'slow', delayMs: 300 },
    { secretName: 'sometimes', status: 500, rate: 0.5 },
  ],
};
const show = (name: string) => examplePath('/v1/{project_id}/secrets/{secret_name}', { project_id: PROJECT, secret_name: name });
const backup = (name: string) => `${show(name)}/backup`;
const TOKEN = { 'X-Auth-Token': 'good-token' };
const example = (status: string, operationId = 'ShowSecret') =>
  responseExamples().find((c) => c.operationId === operationId && c.status === status)!;

let mockUrl: string;
let close: () => Promise<void>;
const msw = setupServer(...createHandlers({ ...OPTIONS, baseUrl: ORIGIN }));
beforeAll(async () => {
  ({ url: mockUrl, close } = await startMock(OPTIONS));
  msw.listen({ onUnhandledRequest: 'bypass' });
});
afterAll(async () => {
  msw.close();
  await close();
});

interface Seen {
  status: number | 'network error';
  type?: string | null;
  retryAfter?: string | null;
  body?: unknown;
  ms?: number;
}

/** One request; `sign` adds an SDK-HMAC-SHA256 signature made for the URL actually called. */
async function call(
  origin: string,
  path: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    sign?: (url: URL, headers: Record<string, string>) => Promise<Record<string, string>>;
  } = {},
): Promise<Seen> {
  const url = new URL(path, origin);
  const headers = init.sign ? await init.sign(url, init.headers ?? {}) : (init.headers ?? {});
  const t0 = performance.now();
  let r: Response;
  try {
    r = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body });
  } catch {
    return { status: 'network error' };
  }
  const text = await r.text();
  const type = r.headers.get('content-type');
  let body: unknown = text;
  if (type?.includes('json')) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const id = r.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    if ('request_id' in parsed) expect(parsed.request_id).toBe(id);
    body = 'request_id' in parsed ? { ...parsed, request_id: '<the X-Request-Id>' } : parsed;
  }
  return { status: r.status, type, retryAfter: r.headers.get('retry-after'), body, ms: performance.now() - t0 };
}

/** The same request to both backends: they must agree (timing aside). */
async function both(path: string, init: Parameters<typeof call>[2] = {}) {
  const [http, inProcess] = [await call(mockUrl, path, init), await call(ORIGIN, path, init)];
  const { ms: _a, ...h } = http;
  const { ms: _b, ...m } = inProcess;
  expect(m).toStrictEqual(h);
  return { ...http, msMin: Math.min(http.ms ?? 0, inProcess.ms ?? 0) };
}

const signer =
  (sk = SK, ak = AK, shift = 0) =>
  async (url: URL, headers: Record<string, string>) => {
    const signed = { ...headers, 'X-Sdk-Date': sdkDate(new Date(Date.now() + shift)), 'X-Project-Id': PROJECT };
    const { authorization } = await createSigner({ ak, sk })({ method: 'GET', url, headers: signed });
    return { ...signed, Authorization: authorization };
  };

describe('secrets as data', () => {
  it('a configured secret answers its own metadata, with defaults for the fields not given', async () => {
    const seen = await both(show('db-password'), { headers: TOKEN });
    expect(seen.status).toBe(200);
    expect(validate(example('200').schemaPointer, seen.body)).toEqual([]);
    expect(seen.body).toMatchObject({
      secret: { name: 'db-password', state: 'ENABLED', description: 'orders database', scheduled_delete_time: null },
    });
    const pending = await both(show('api-key'), { headers: TOKEN });
    expect(pending.body).toMatchObject({ secret: { name: 'api-key', state: 'PENDING_DELETE', scheduled_delete_time: expect.any(Number) } });
    expect(await both(show('db.password'), { headers: TOKEN })).toMatchObject({ status: 200, body: { secret: { name: 'db.password' } } });
  });

  it("any other name is the document's 404 (CSMS.0005), naming that secret", async () => {
    const seen = await both(show('no-such-secret'), { headers: TOKEN });
    expect(seen.status).toBe(404);
    expect(seen.body).toStrictEqual({ ...(example('404').value as object), error_msg: 'The secret does not exist: no-such-secret' });
    expect(validate(example('404').schemaPointer, seen.body)).toEqual([]);
  });

  it('DownloadSecretBlob returns the configured blob, or an opaque one per secret, stable across runs', async () => {
    expect((await both(backup('blobby'), { method: 'POST', headers: TOKEN })).body).toStrictEqual({ secret_blob: 'my-own-blob' });
    const a = (await both(backup('db-password'), { method: 'POST', headers: TOKEN })).body as { secret_blob: string };
    const b = (await both(backup('api-key'), { method: 'POST', headers: TOKEN })).body as { secret_blob: string };
    expect(a.secret_blob).not.toBe(b.secret_blob);
    const again = await startMock(OPTIONS);
    try {
      expect((await call(again.url, backup('db-password'), { method: 'POST', headers: TOKEN })).body).toStrictEqual(a);
    } finally {
      await again.close();
    }
  });

  it('Prefer still selects the documented examples', async () => {
    // The example, with the name the request asked for (example-echo.js).
    const pending = responseExamples().find((c) => c.operationId === 'ShowSecret' && c.exampleName === 'pending_delete')!.value as {
      secret: object;
    };
    expect((await both(show('db-password'), { headers: { ...TOKEN, Prefer: 'example=pending_delete' } })).body).toStrictEqual({
      secret: { ...pending.secret, name: 'db-password' },
    });
    expect((await both(show('db-password'), { headers: { ...TOKEN, Prefer: 'code=403' } })).status).toBe(403);
  });
});

describe('credentials the mock checks', () => {
  const unauthorized = { ...(example('401').value as object), request_id: '<the X-Request-Id>' };
  // A refused signature gets the gateway's signature message, a refused token its token message.
  const badSignature = {
    ...(responseExamples().find((c) => c.operationId === 'ShowSecret' && c.exampleName === 'aksk_signature')!.value as object),
    request_id: '<the X-Request-Id>',
  };

  it('only the configured tokens pass; another gets the gateway 401 with its request id', async () => {
    expect(await both(show('db-password'), { headers: { 'X-Auth-Token': 'stolen-token' } })).toMatchObject({
      status: 401,
      body: unauthorized,
    });
    expect((await both(show('db-password'))).status).toBe(401);
  });

  it('a signature with a configured key passes; a wrong SK, an unknown AK, a stale date or a tampered header do not', async () => {
    expect((await both(show('db-password'), { sign: signer() })).status).toBe(200);
    expect(await both(show('db-password'), { sign: signer('wrong-secret-key') })).toMatchObject({ status: 401, body: badSignature });
    expect((await both(show('db-password'), { sign: signer(SK, 'UNKNOWNAKEXAMPLE0000') })).status).toBe(401);
    expect((await both(show('db-password'), { sign: signer(SK, AK, -16 * 60_000) })).status).toBe(401);
    expect((await both(show('db-password'), { sign: signer(SK, AK, 14 * 60_000) })).status).toBe(200);
    const tampered = async (url: URL, h: Record<string, string>) => ({ ...(await signer()(url, h)), 'X-Project-Id': '1'.repeat(32) });
    expect((await both(show('db-password'), { sign: tampered })).status).toBe(401);
    // Signed for another path than the one requested.
    const elsewhere = async (url: URL, h: Record<string, string>) => signer()(new URL(show('api-key'), url), h);
    expect((await both(show('db-password'), { sign: elsewhere })).status).toBe(401);
  });

  it("the official SDK's signer (@huaweicloud/huaweicloud-sdk-core) signs requests the mock accepts; the same with a wrong SK are refused", async () => {
    const { AKSKSigner } = createRequire(import.meta.url)('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
      AKSKSigner: {
        sign(
          request: { endpoint: string; method: string; headers: Record<string, string> },
          credential: { getAk(): string; getSk(): string },
        ): Record<string, string>;
      };
    };
    const official = (sk: string) => async (url: URL, headers: Record<string, string>) =>
      AKSKSigner.sign(
        {
          endpoint: `${url.origin}${url.pathname}`,
          method: 'GET',
          headers: { ...headers, 'X-Sdk-Date': sdkDate(new Date()), 'X-Project-Id': PROJECT },
        },
        { getAk: () => AK, getSk: () => sk },
      );
    expect((await both(show('db-password'), { sign: official(SK) })).status).toBe(200);
    expect((await both(show('db-password'), { sign: official('not-the-key') })).status).toBe(401);
  });
});

describe('faults on demand', () => {
  it('{ secretName: "flaky", status: 500, times: 2 }: the first two calls fail, the third succeeds', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await both(show('flaky'), { headers: TOKEN })).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('429 carries Retry-After; 502 can be a gateway HTML page; a rule can name the operation', async () => {
    expect(await both(show('throttled'), { headers: TOKEN })).toMatchObject({ status: 429, retryAfter: '3', type: 'application/json' });
    const html = await both(show('gateway'), { headers: TOKEN });
    expect(html).toMatchObject({ status: 502, type: 'text/html' });
    expect(String(html.body)).toContain('<html>');
    expect((await both(backup('timeout'), { method: 'POST', headers: TOKEN })).status).toBe(504);
    // Only DownloadSecretBlob is faulted; ShowSecret of that name is just not configured.
    expect((await both(show('timeout'), { headers: TOKEN })).status).toBe(404);
  });

  it('a connection reset, and a delay', async () => {
    expect((await both(show('reset'), { headers: TOKEN })).status).toBe('network error');
    const slow = await both(show('slow'), { headers: TOKEN });
    expect(slow.status).toBe(404);
    expect(slow.msMin).toBeGreaterThanOrEqual(290);
  });

  it('a rate is seeded: two mocks with the same options fail the same calls', async () => {
    const pattern = async (url: string) => {
      const out = [];
      for (let i = 0; i < 12; i++) out.push((await call(url, show('sometimes'), { headers: TOKEN })).status);
      return out;
    };
    const [a, b] = [await startMock(OPTIONS), await startMock(OPTIONS)];
    try {
      const [pa, pb] = [await pattern(a.url), await pattern(b.url)];
      expect(pa).toEqual(pb);
      expect(pa).toContain(500);
      expect(pa).toContain(404);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('faults select every operation by operationId', () => {
  /** A request each operation answers without a fault (a name the config has; the document's example body). */
  const plain = (operation: (typeof operations)[number]) => ({
    params: { secret_name: 'db-password' },
    headers: TOKEN,
    ...(operation.body ? { body: operation.body.example } : {}),
  });

  it.each(operations.map((o) => [o.operationId, o] as const))('{ operation: %s }: only that operation fails', async (_id, faulted) => {
    const status = faulted.errors.includes(503) ? 503 : 502;
    const mock = await startMock({ ...OPTIONS, faults: [{ operation: faulted.operationId, status }] });
    try {
      for (const operation of operations) {
        const answer = await callOperation(mock.url, operation, plain(operation));
        if (operation === faulted) expect(answer.status, operation.operationId).toBe(status);
        else expect(answer.status, operation.operationId).not.toBe(status);
      }
      expect(mock.requests.filter((e) => e.status === status).map((e) => e.operation)).toEqual([faulted.operationId]);
    } finally {
      await mock.close();
    }
  });

  it.each(operations.filter((o) => o.pathParams.includes('secret_name')).map((o) => [o.operationId, o] as const))(
    '{ operation: %s, secretName }: that operation on that secret only',
    async (_id, faulted) => {
      const mock = await startMock({ ...OPTIONS, faults: [{ operation: faulted.operationId, secretName: 'db.password', status: 500 }] });
      try {
        expect((await callOperation(mock.url, faulted, { ...plain(faulted), params: { secret_name: 'db.password' } })).status).toBe(500);
        expect((await callOperation(mock.url, faulted, plain(faulted))).status).not.toBe(500);
      } finally {
        await mock.close();
      }
    },
  );
});

/**
 * The largest JSON body an operation's schema allows, read from the bundle (not the operation
 * table): each string property with a maxLength at that length, every character written `\\u00e9`.
 */
function largestBody(template: string, method: string): string {
  const at = (node: unknown): Json => deref(node as never, '').value;
  const operationObject = at((spec.paths as Json)[template])[method.toLowerCase()];
  const schema = at((Object.values(at(operationObject.requestBody).content) as Json[])[0].schema);
  const fields = Object.entries(schema.properties ?? {})
    .map(([name, property]) => [name, at(property).maxLength] as const)
    .filter(([, max]) => typeof max === 'number')
    .map(([name, max]) => `"${name}":"${'\\u00e9'.repeat(max)}"`);
  return `{${fields.join(',')}}`;
}

describe('every answer has its own X-Request-Id', () => {
  /** Status, content type and X-Request-Id of a raw request to the HTTP mock. */
  const raw = async (path: string, requestInit: RequestInit = {}) => {
    const r = await fetch(`${mockUrl}${path}`, requestInit);
    const body = await r.text();
    return {
      status: r.status,
      type: r.headers.get('content-type'),
      allow: r.headers.get('allow'),
      id: r.headers.get('x-request-id'),
      body,
    };
  };

  it('the gateway’s own answers, in the document’s Error shape: no such API (404 APIGW.0101, for a path and for a method), a body over what the document allows (413 APIGW.0201)', async () => {
    const ids: (string | null)[] = [];
    const expectGateway = (answer: Awaited<ReturnType<typeof raw>>, status: number, code: string) => {
      expect(answer.status).toBe(status);
      expect(answer.type).toBe('application/json');
      expect(answer.id).toMatch(/^[0-9a-f]{32}$/);
      const body = JSON.parse(answer.body);
      expect(validate(COMPONENT.schema('Error'), body)).toEqual([]);
      expect(body).toMatchObject({ error_code: code, request_id: answer.id });
      ids.push(answer.id);
    };
    for (const path of ['/', '/v1', `/v2/${'0'.repeat(32)}/secrets`, '/_mock/requests']) {
      const answer = await raw(path, { headers: TOKEN });
      expectGateway(answer, 404, 'APIGW.0101');
      expect(JSON.parse(answer.body).error_msg).toBe('No API matches this path');
    }
    for (const operation of operations) {
      // A method no operation of this path takes (the document's own methods, not a guess): of
      // every template the concrete path fits (`/secrets/restore` fits `/secrets/{secret_name}` too).
      const where = target(operation, { params: { secret_name: 'db-password' } });
      const taken = [...new Set(operations.filter((o) => templateFits(o.path, where)).map((o) => o.method))];
      const method = ['PATCH', 'DELETE', 'PUT', 'POST', 'GET'].find((m) => !taken.includes(m));
      if (!method) continue;
      const answer = await raw(where, { method, headers: TOKEN });
      expectGateway(answer, 404, 'APIGW.0101');
      expect(answer.allow?.split(', ').sort()).toEqual([...taken].sort());
    }
    for (const operation of operations.filter((o) => o.body)) {
      // The largest body the document allows (every string at its maxLength, every character
      // escaped as a JSON encoder that escapes non-ASCII writes it) is read; more is not.
      const largest = largestBody(operation.path, operation.method);
      expect(largest.length).toBeGreaterThan(0);
      const allowed = await raw(
        target(operation),
        init(operation, { body: largest, headers: { ...TOKEN, 'Content-Type': 'application/json' } }),
      );
      expect(allowed.status, `${operation.operationId} with its largest body`).not.toBe(413);
      const tooLarge = await raw(
        target(operation),
        // Twice the largest, and over 32 MiB, the most the mock reads of any body (packages/mock/README.md).
        init(operation, {
          body: `{"x":"${'x'.repeat(Math.max(2 * largest.length, 33 * 1024 * 1024))}"}`,
          headers: { ...TOKEN, 'Content-Type': 'application/json' },
        }),
      );
      expectGateway(tooLarge, 413, 'APIGW.0201');
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the mock’s problem+json answers (a Prefer it cannot serve, an Accept it cannot meet) carry one too', async () => {
    const ids: (string | null)[] = [];
    for (const operation of operations) {
      const where = target(operation, { params: { secret_name: 'db-password' } });
      const body = operation.body ? init(operation, { body: operation.body.example }) : {};
      for (const [headers, status] of [
        [{ 'Content-Type': 'application/json', Prefer: 'code=418' }, 404],
        [{ 'Content-Type': 'application/json', Prefer: 'example=nope' }, 404],
        [{ 'Content-Type': 'application/json', Prefer: 'code=abc' }, 422],
        [{ Accept: 'application/xml' }, 406],
      ] as const) {
        const answer = await raw(where, { ...body, method: operation.method, headers: { ...TOKEN, ...headers } });
        expect(answer.status).toBe(status);
        expect(answer.type).toBe('application/problem+json');
        expect(answer.id).toMatch(/^[0-9a-f]{32}$/);
        expect(JSON.parse(answer.body)).toMatchObject({ status });
        ids.push(answer.id);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  // Node's HTTP parser answers these itself, before any handler (server 'clientError'): an SDK
  // reading X-Request-Id gets none.
  it.each([
    ['headers over 16 KiB (431)', { headers: { ...TOKEN, 'X-Padding': 'p'.repeat(20_000) } }, 431],
    ['a method Node does not know (400)', { method: 'PARAMETERS', headers: TOKEN }, 400],
  ])('the answer Node gives to %s has one too', async (_what, requestInit, status) => {
    const answer = await raw(show('db-password'), requestInit);
    expect(answer.status).toBe(status);
    expect(answer.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a gateway error body repeats its own id as request_id; two answers never share one', async () => {
    const seenIds = new Set<string>();
    for (const operation of operations) {
      for (const headers of [{}, { 'X-Auth-Token': 'stolen-token' }, { ...TOKEN, Prefer: 'code=502' }] as Record<string, string>[]) {
        const answer = await callOperation(mockUrl, operation, {
          params: { secret_name: 'db-password' },
          headers,
          ...(operation.body ? { body: operation.body.example } : {}),
        });
        expect(answer.body.request_id, operation.operationId).toBe(answer.requestId);
        seenIds.add(answer.requestId!);
      }
    }
    expect(seenIds.size).toBe(operations.length * 3);
  });
});

describe('odd requests get the same answer from both', () => {
  it.each([
    ['Prefer: example=__proto__', { ...TOKEN, Prefer: 'example=__proto__' }, 404],
    ['Prefer: code=constructor', { ...TOKEN, Prefer: 'code=constructor' }, 422],
    ['Prefer: code=418', { ...TOKEN, Prefer: 'code=418' }, 404],
    ['Accept: application/xml', { ...TOKEN, Accept: 'application/xml' }, 406],
    ['Accept: foo', { ...TOKEN, Accept: 'foo' }, 406],
    ['Content-Type: =', { ...TOKEN, 'Content-Type': '=' }, 400],
  ])('%s', async (_name, headers, status) => {
    expect((await both(show('db-password'), { headers })).status).toBe(status);
  });

  // Node's HTTP parser refuses unknown methods itself (400) before any handler; in-process, the
  // engine must not mistake them for the path item's other keys (or Object's).
  it.each([['PARAMETERS'], ['__PROTO__'], ['CONSTRUCTOR']])(
    'method %s: the gateway’s 404 (no such API) in-process, 400 from Node over HTTP, nothing crashes',
    async (method) => {
      expect(await call(ORIGIN, show('db-password'), { method, headers: TOKEN })).toMatchObject({
        status: 404,
        body: { error_code: 'APIGW.0101' },
      });
      expect((await call(mockUrl, show('db-password'), { method, headers: TOKEN })).status).toBe(400);
      expect((await call(mockUrl, show('db-password'), { headers: TOKEN })).status).toBe(200);
    },
  );

  it('a POST with a body: the body is ignored, as the operation takes none', async () => {
    const seen = await both(backup('blobby'), { method: 'POST', headers: { ...TOKEN, 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(seen).toMatchObject({ status: 200, body: { secret_blob: 'my-own-blob' } });
  });
});

describe('a bad configuration stops the mock with one message', () => {
  const spec = loadSpec();
  it.each([
    [
      { secrets: [{ name: 'ok' }, { name: 'bad', state: 'ARCHIVED' }] },
      'mock options: secrets[1] ("bad"): field state must be equal to one of the allowed values (ENABLED, DISABLED, PENDING_DELETE, FROZEN)',
    ],
    [{ secrets: [{ name: 'x', create_time: 1581507580 }] }, 'mock options: secrets[0] ("x"): field create_time must be >= 100000000000'],
    [
      { secrets: [{ name: '..' }] },
      'mock options: secrets[0] (".."): the name is not a valid secret_name (1 to 64 of a-z A-Z 0-9 . _ -, not . or ..)',
    ],
    [{ secrets: [{ description: 'no name' }] }, 'mock options: secrets[0] has no name (a string)'],
    [{ faults: [{ status: 418 }] }, 'mock options: faults[0]: status 418 is not an error status that every operation documents'],
    [{ faults: [{ secretName: 'x' }] }, 'mock options: faults[0]: give a status, reset: true or delayMs'],
    [{ tokens: [] }, 'mock options: tokens must be a non-empty list of non-empty strings'],
    [
      { secret: [] },
      'mock options: unknown key "secret" (expected secrets, events, tokens, accessKeys, faults, seed, admin, metadata, clock)',
    ],
    [{ admin: 'yes' }, 'mock options: admin must be true, false or { token }'],
  ])('%j', (options, message) => {
    expect(() => checkConfig(spec, options)).toThrow(new MockSetupError(message));
  });

  it('startMock rejects with it, and nothing listens', async () => {
    await expect(startMock({ secrets: [{ name: 'a b' }] as never })).rejects.toThrow(MockSetupError);
  });

  // Issue 20: a second key with the same AK could never verify; operations are the document's operationIds only.
  it.each<[unknown, string]>([
    [
      {
        accessKeys: [
          { ak: AK, sk: SK },
          { ak: AK, sk: 'another-secret-key' },
        ],
      },
      'mock options: accessKeys[1]: the same ak is configured twice',
    ],
    ...['toString', '__proto__', 'constructor', 'hasOwnProperty', 'showSecret', ''].map((operation): [unknown, string] => [
      { faults: [{ operation, status: 500 }] },
      `mock options: faults[0]: operation must be one of ${operations.map((o) => o.operationId).join(', ')}`,
    ]),
    [{ faults: [{ secretName: 12, status: 500 }] }, 'mock options: faults[0]: secretName must be a valid secret name (a string)'],
    [{ faults: [{ secretName: '..', status: 500 }] }, 'mock options: faults[0]: secretName must be a valid secret name (a string)'],
  ])('%j', (options, message) => {
    expect(() => checkConfig(spec, options)).toThrow(new MockSetupError(message));
  });
});

describe('a bad version in the configuration stops the mock with one message', () => {
  const spec = loadSpec();
  // A secret's versions: each problem is one line naming the source, the secret, the version and
  // the field, and never quotes a value (the values below all contain "hunter2").
  const V = 'hunter2-version-value';
  it.each([
    [
      'value and binary',
      [{ id: 'v1', value: V, binary: 'aHVudGVyMg==' }],
      'versions[0]: give exactly one of value (text) and binary (Base64)',
    ],
    ['neither', [{ id: 'v1' }], 'versions[0]: give exactly one of value (text) and binary (Base64)'],
    [
      'bad Base64',
      [{ id: 'v1', binary: `${V}!` }],
      'versions[0]: field binary must be standard Base64 with padding, at most 32768 characters',
    ],
    [
      'Base64 without padding',
      [{ id: 'v1', binary: 'aHVudGVyMg' }],
      'versions[0]: field binary must be standard Base64 with padding, at most 32768 characters',
    ],
    ['a value that is not text', [{ id: 'v1', value: 1234 }], 'versions[0]: field value must be a string of at most 32768 characters'],
    ['id latest', [{ id: 'latest', value: V }], 'versions[0]: field id must be a version ID such as v1 (not "latest")'],
    ['an id with a space', [{ id: 'v 1', value: V }], 'versions[0]: field id must be a version ID such as v1 (not "latest")'],
    [
      'duplicate ids',
      [
        { id: 'v1', value: V },
        { id: 'v1', value: `${V}-2` },
      ],
      'versions[1]: the id v1 appears twice',
    ],
    [
      'a stage on two versions',
      [
        { id: 'v1', value: V, stages: ['SYSCURRENT', 'blue'] },
        { id: 'v2', value: `${V}-2`, stages: ['blue'] },
      ],
      'versions[1]: stage blue is on v1 already',
    ],
    [
      'stages without SYSCURRENT',
      [{ id: 'v1', value: V, stages: ['blue'] }],
      'no version carries SYSCURRENT (one version must be current)',
    ],
    ['a bad stage name', [{ id: 'v1', value: V, stages: ['no spaces'] }], '"no spaces" (a stage of v1) is not a valid stage name'],
    ['more than 20 versions', Array.from({ length: 21 }, (_, i) => ({ value: `${V}-${i}` })), 'a secret has at most 20 versions'],
    [
      'an unknown version key',
      [{ id: 'v1', value: V, valeu: V }],
      'versions[0]: unknown key "valeu" (expected id, value, binary, stages, create_time, expire_time)',
    ],
    [
      'create_time in seconds',
      [{ id: 'v1', value: V, create_time: 1581507580 }],
      'versions[0]: field create_time must be milliseconds since the epoch',
    ],
    ['an empty list', [], 'versions must be a non-empty list (oldest first)'],
  ])('versions with %s', (_what, versions, problem) => {
    const message = (() => {
      try {
        checkConfig(spec, { secrets: [{ name: 'ok' }, { name: 'db-password', versions }] }, 'mock.yaml');
        return 'accepted';
      } catch (e) {
        expect(e).toBeInstanceOf(MockSetupError);
        return (e as Error).message;
      }
    })();
    expect(message.includes('hunter2') || message.includes('aHVudGVyMg'), 'the message quotes a value').toBe(false);
    expect(message).toBe(`mock.yaml: secrets[1] ("db-password"): ${problem}`);
    expect(message.split('\n')).toHaveLength(1);
  });

  // The list is oldest first and `latest` is the last of it: a list whose create_times go
  // backwards would make `latest` a version older than another.
  it('versions whose create_time goes backwards are refused, naming the version and the field', () => {
    const versions = [
      { id: 'v1', value: V, create_time: 1_800_000_000_000 },
      { id: 'v2', value: `${V}-2`, create_time: 1_700_000_000_000 },
    ];
    const run = () => checkConfig(spec, { secrets: [{ name: 'db-password', versions }] }, 'mock.yaml');
    expect(run).toThrow(MockSetupError);
    expect(run).toThrow(/^mock\.yaml: secrets\[0\] \("db-password"\): versions\[1\]: .*create_time/);
  });

  const scratch = useScratchDir('test-double-config');
  it('a config file with a bad version names the file, and nothing starts', async () => {
    const file = path.join(scratch.dir, 'mock.yaml');
    await fs.writeFile(file, `secrets:\n  - name: db-password\n    versions:\n      - { id: latest, value: ${V} }\n`);
    const error = await startMock({ config: file }).then(
      async (m) => {
        await m.close();
        return new Error('started');
      },
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(MockSetupError);
    expect(error.message).toBe(`${file}: secrets[0] ("db-password"): versions[0]: field id must be a version ID such as v1 (not "latest")`);
  });
});
