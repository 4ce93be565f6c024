// Credentials the mock checks (issue 20, issue 19): once tokens are configured, an Authorization
// header that is not a verified signature is refused; with access keys, signatures are verified
// on every operation, as the official SDKs compute them: the Node core (run here), the Python
// core's canonical URI for an escaped slash, and the Go core's SignedHeaders without Host.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '@csms-openapi/mock';
import { sdkDate } from '../../client/src/index.js';
import { operations } from '../../../test/support/openapi.js';
import { type Call, call, type Operation, PROJECT, target } from './helpers.js';

const TOKEN = `sig-token-${randomBytes(8).toString('hex')}`;
const AK = 'HPUASIGNATURESEXAMPL';
const SK = `sig-sk-${randomBytes(12).toString('hex')}`;
const SECRETS = [{ name: 'db-password', versions: [{ id: 'v1', value: 'old-password' }] }];

/**
 * A request to each operation, the document's examples against SECRETS (the restore body is a
 * backup of another mock's secret). What each should answer once its credentials pass comes from
 * `reference`, a mock of the same secrets that checks no credentials, sent the same requests in
 * the same order: the examples do not all succeed (a stage the config lacks, a protected stage).
 */
let requests: { operation: Operation; call: Call }[];
let keys: RunningMock;
let tokensOnly: RunningMock;
let reference: RunningMock;
/** The status `reference` answers the request with; never the gateway's 401. */
async function referenceStatus(operation: Operation, c: Call): Promise<number> {
  const { status } = await call(reference.url, operation, { ...c, headers: { 'X-Auth-Token': 'any' } });
  expect(status, `${operation.operationId} on the reference mock`).not.toBe(401);
  return status;
}
beforeAll(async () => {
  reference = await startMock({ secrets: SECRETS });
  keys = await startMock({ secrets: SECRETS, tokens: [TOKEN], accessKeys: [{ ak: AK, sk: SK }] });
  tokensOnly = await startMock({ secrets: SECRETS, tokens: [TOKEN] });
  const donor = await startMock({ secrets: [{ name: 'from-a-backup' }] });
  try {
    requests = [];
    for (const operation of operations) {
      const params = Object.fromEntries(
        operation.pathParams.map((p) => [p, p === 'secret_name' ? 'db-password' : String(operation.params[p]?.example)]),
      );
      let body: unknown;
      if (operation.body) {
        // A sensitive field only the service hands out (a backup's blob) gets a real one, from
        // another mock so the name is new here; a value the caller chooses stays the example.
        body = { ...(operation.body.example as object) };
        for (const field of operation.sensitive.request) {
          const backup = operations.find((o) => o.sensitive.response.includes(field));
          if (!backup) continue;
          const blob = await call(donor.url, backup, { params: { secret_name: 'from-a-backup' }, headers: { 'X-Auth-Token': 'x' } });
          body = { ...(body as object), [field]: blob.body[field] };
        }
      }
      requests.push({ operation, call: { params, ...(body === undefined ? {} : { body }) } });
    }
  } finally {
    await donor.close();
  }
});
// A restore succeeds once per name: each test starts from the configured secrets.
beforeEach(() => {
  keys.reset();
  tokensOnly.reset();
  reference.reset();
});
afterAll(async () => {
  await reference.close();
  await keys.close();
  await tokensOnly.close();
});

/** The request's path and query, method and body as they will be sent. */
const wire = (operation: Operation, c: Call) => {
  const url = new URL(target(operation, c), keys.url);
  const body = c.body === undefined ? '' : JSON.stringify(c.body);
  return { url, body, method: c.method ?? operation.method };
};

describe('a mock with tokens only', () => {
  it.each([
    ['Authorization: garbage', 'garbage'],
    ['Authorization: Basic …', 'Basic dXNlcjpwYXNz'],
    ['Authorization: Bearer <a configured token>', `Bearer ${TOKEN}`],
    [
      'an SDK-HMAC-SHA256 header it cannot verify',
      `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${'0'.repeat(64)}`,
    ],
  ])('%s and no X-Auth-Token: 401 on every operation', async (_what, authorization) => {
    for (const { operation, call: c } of requests) {
      const answer = await call(tokensOnly.url, operation, { ...c, headers: { Authorization: authorization } });
      expect(answer.status, operation.operationId).toBe(401);
    }
  });

  it('the configured token passes on every operation; another token does not', async () => {
    for (const { operation, call: c } of requests.filter((r) => !r.operation.body)) {
      expect((await call(tokensOnly.url, operation, { ...c, headers: { 'X-Auth-Token': TOKEN } })).status, operation.operationId).toBe(
        await referenceStatus(operation, c),
      );
      expect((await call(tokensOnly.url, operation, { ...c, headers: { 'X-Auth-Token': 'other' } })).status, operation.operationId).toBe(
        401,
      );
    }
  });
});

// The official Node SDK core's signer, as test-double.test.ts uses it.
const { AKSKSigner } = createRequire(import.meta.url)('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: {
    sign(
      request: { endpoint: string; method: string; headers: Record<string, string>; queryParams?: Record<string, string>; data?: unknown },
      credential: { getAk(): string; getSk(): string },
    ): Record<string, string>;
  };
};

/** Headers signed by the Node SDK core for one request (body hashed as the SDK does: JSON.stringify of `data`). */
function nodeSdkHeaders(operation: Operation, c: Call, sk: string) {
  const { url, method } = wire(operation, c);
  const headers: Record<string, string> = { 'X-Project-Id': PROJECT };
  if (c.body !== undefined) headers['Content-Type'] = 'application/json';
  return AKSKSigner.sign(
    {
      endpoint: `${url.origin}${url.pathname}`,
      method,
      headers,
      queryParams: Object.fromEntries(url.searchParams),
      ...(c.body === undefined ? {} : { data: c.body }),
    },
    { getAk: () => AK, getSk: () => sk },
  );
}

describe('a mock with access keys', () => {
  it('signatures from the official Node SDK core pass on all operations; the same with a wrong SK get 401', async () => {
    expect(requests).toHaveLength(operations.length);
    for (const { operation, call: c } of requests) {
      const good = await call(keys.url, operation, { ...c, headers: nodeSdkHeaders(operation, c, SK) });
      expect(good.status, operation.operationId).toBe(await referenceStatus(operation, c));
      const wrong = await call(keys.url, operation, { ...c, headers: nodeSdkHeaders(operation, c, 'not-the-secret-key') });
      expect(wrong.status, `${operation.operationId} with a wrong SK`).toBe(401);
    }
  });

  it('with a query: the signed query must be the one sent', async () => {
    const paged = requests.find((r) => r.operation.paging)!;
    const c = { ...paged.call, query: { [paged.operation.paging!.limit]: 2 } };
    expect((await call(keys.url, paged.operation, { ...c, headers: nodeSdkHeaders(paged.operation, c, SK) })).status).toBe(200);
    const headers = nodeSdkHeaders(paged.operation, c, SK);
    const other = { ...c, query: { [paged.operation.paging!.limit]: 3 } };
    expect((await call(keys.url, paged.operation, { ...other, headers })).status).toBe(401);
  });

  it('the token still passes beside access keys; a signature by an unknown AK does not', async () => {
    const { operation, call: c } = requests.find((r) => !r.operation.body)!;
    expect((await call(keys.url, operation, { ...c, headers: { 'X-Auth-Token': TOKEN } })).status).toBe(200);
    const unknown = nodeSdkHeaders(operation, c, SK);
    unknown.Authorization = unknown.Authorization!.replace(`Access=${AK}`, 'Access=UNKNOWNAKEXAMPLE0000');
    expect((await call(keys.url, operation, { ...c, headers: unknown })).status).toBe(401);
  });
});

// ——— Signatures computed as the other official SDK cores compute them ———

/** RFC 3986 escaping of everything but unreserved characters: Python's quote(s, safe='~'). */
const quote = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** huaweicloud-sdk-python-v3 core signer: the whole path unquoted, then split on `/` and each segment quoted; a trailing `/`. */
const pythonCanonicalUri = (pathname: string) => {
  const uri = decodeURIComponent(pathname).split('/').map(quote).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
};
/** Each segment decoded and quoted on its own (the Go core). */
const segmentCanonicalUri = (pathname: string) => {
  const uri = pathname
    .split('/')
    .map((s) => quote(decodeURIComponent(s)))
    .join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
};

/** SDK-HMAC-SHA256 written out from the scheme, with the canonical URI and the signed headers as an SDK chooses them. */
function referenceSignature(
  { method, url, headers, body }: { method: string; url: URL; headers: Record<string, string>; body: string },
  { canonicalUri, signHost, sk = SK }: { canonicalUri: (p: string) => string; signHost: boolean; sk?: string },
) {
  const all: Record<string, string> = signHost ? { host: url.host } : {};
  for (const [k, v] of Object.entries(headers)) all[k.toLowerCase()] = v.trim();
  const names = Object.keys(all).sort();
  const query = [...url.searchParams]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${quote(k)}=${quote(v)}`)
    .join('&');
  const canonical = [
    method,
    canonicalUri(url.pathname),
    query,
    names.map((n) => `${n}:${all[n]}\n`).join(''),
    names.join(';'),
    createHash('sha256').update(body).digest('hex'),
  ].join('\n');
  const toSign = ['SDK-HMAC-SHA256', all['x-sdk-date'], createHash('sha256').update(canonical).digest('hex')].join('\n');
  return `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${names.join(';')}, Signature=${createHmac('sha256', sk).update(toSign).digest('hex')}`;
}

const signedAs = (operation: Operation, c: Call, how: Parameters<typeof referenceSignature>[1]) => {
  const { url, body, method } = wire(operation, c);
  const headers = { 'X-Sdk-Date': sdkDate(new Date()), 'X-Project-Id': PROJECT, 'User-Agent': 'huaweicloud-usdk/3' };
  return { ...headers, Authorization: referenceSignature({ method, url, headers, body }, how) };
};

describe('signatures as the other official SDKs compute them', () => {
  it('Python core, a name with a slash (sent as a%2Fb, signed as …/a/b/): accepted, and the answer is the 400 for an invalid secret_name', async () => {
    for (const { operation, call: c } of requests.filter((r) => r.operation.pathParams.includes('secret_name'))) {
      const slashed = { ...c, params: { ...c.params, secret_name: 'a/b' } };
      expect(target(operation, slashed)).toContain('/secrets/a%2Fb');
      const answer = await call(keys.url, operation, {
        ...slashed,
        headers: signedAs(operation, slashed, { canonicalUri: pythonCanonicalUri, signHost: true }),
      });
      expect(answer.status, operation.operationId).toBe(400);
      expect(answer.body, operation.operationId).toMatchObject({ error_code: 'CSMS.0002', error_msg: 'Invalid parameter: secret_name.' });
      // The same with a wrong key is still refused first.
      const wrong = signedAs(operation, slashed, { canonicalUri: pythonCanonicalUri, signHost: true, sk: 'wrong' });
      expect((await call(keys.url, operation, { ...slashed, headers: wrong })).status, operation.operationId).toBe(401);
    }
  });

  it('Python core on ordinary names: every operation passes', async () => {
    for (const { operation, call: c } of requests) {
      const headers = signedAs(operation, c, { canonicalUri: pythonCanonicalUri, signHost: true });
      expect((await call(keys.url, operation, { ...c, headers })).status, operation.operationId).toBe(await referenceStatus(operation, c));
    }
  });

  it('Go core, Host left out of SignedHeaders: every operation passes; a wrong SK gets 401', async () => {
    for (const { operation, call: c } of requests) {
      const headers = signedAs(operation, c, { canonicalUri: segmentCanonicalUri, signHost: false });
      expect(headers.Authorization).toMatch(/SignedHeaders=user-agent;x-project-id;x-sdk-date,/);
      expect((await call(keys.url, operation, { ...c, headers })).status, operation.operationId).toBe(await referenceStatus(operation, c));
      const wrong = signedAs(operation, c, { canonicalUri: segmentCanonicalUri, signHost: false, sk: 'wrong' });
      expect((await call(keys.url, operation, { ...c, headers: wrong })).status, operation.operationId).toBe(401);
    }
  });
});
