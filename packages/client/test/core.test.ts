// The core client (@csms-openapi/client/core) against loopback servers: the methods of the
// operations given and no others, and the guarantees of createCsmsClient kept (arguments checked
// before sending, redirects refused, timeouts, bounded reads, retries by x-idempotent, a 401 with
// fresh credentials, 2xx bodies checked, nothing secret in errors); AK/SK and providers through
// akSk() and fromProvider(), signatures checked by an independent verifier.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { table } from '../../../test/support/openapi.js';
import { createSecretCache } from '../src/cache.js';
import { akSk, type CoreCredentials, createCsmsCore, fromProvider } from '../src/core.js';
import { CsmsError } from '../src/errors.js';
import { allOperations, DeleteSecret, ShowSecret, ShowSecretStage, ShowSecretVersion } from '../src/operations.js';
import { json, type Script, startFaultServer } from './support/fault-server.js';
import { leakCapture } from './support/leaks.js';
import { verifySignature } from './support/verify-signature.js';

const TOKEN = 'MIIZ-core-test-token-5d4c3b2a1f0e';
const AK = 'HPUAZ2XVQWEEXAMPLE03';
const SK = 'core-test-secret-key-EXAMPLE-q7';
const VALUE = 'core-test-VALUE-mN4bV6cX';
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const METADATA = { id: 'v1', create_time: 1581507580000, secret_name: 'db', version_stages: ['SYSCURRENT'] };
const SECRET = { id: 'i', name: 'db', state: 'ENABLED', kms_key_id: 'k', create_time: 1581507580000, update_time: 1581507580000 };

const leaks = leakCapture();
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  expect(leaks.count).toBeGreaterThan(5);
  expect(leaks.findSecrets([TOKEN, SK, VALUE])).toEqual([]);
});

async function against(script: Script, credentials: { token: string | (() => string) } | CoreCredentials = { token: TOKEN }, options = {}) {
  const server = await startFaultServer(script);
  servers.push(server);
  const operations = [ShowSecretStage, ShowSecretVersion, ShowSecret, DeleteSecret] as const;
  const csms = createCsmsCore({ projectId: PROJECT, endpoint: server.url, credentials, operations, retryBaseDelayMs: 1, ...options });
  return { server, csms };
}

describe('the methods of the operations given', () => {
  it('has one method per operation given, named as createCsmsClient names it, and no raw or paginate', () => {
    const csms = createCsmsCore({ projectId: PROJECT, credentials: { token: TOKEN }, operations: [ShowSecretStage, ShowSecretVersion] });
    expect(Object.keys(csms).sort()).toEqual(['showSecretStage', 'showSecretVersion']);
    const all = createCsmsCore({ projectId: PROJECT, credentials: { token: TOKEN }, operations: allOperations });
    expect(Object.keys(all).length).toBe(Object.keys(table.operations).length);
  });

  it('reads a value through the cache, sending the token and the document path', async () => {
    const { server, csms } = await against((req, res) =>
      req.url!.includes('/stages/')
        ? json(res, 200, { stage: { name: 'SYSCURRENT', version_id: 'v1', update_time: 1581507580000, secret_name: 'db' } })
        : json(res, 200, { version: { version_metadata: METADATA, secret_string: VALUE } }),
    );
    const cache = createSecretCache(csms);
    expect(await cache.getSecretString('db')).toBe(VALUE);
    expect(server.requests.map((r) => r.target)).toEqual([
      `/v1/${PROJECT}/secrets/db/stages/SYSCURRENT`,
      `/v1/${PROJECT}/secrets/db/versions/v1`,
    ]);
    expect(server.requests.every((r) => r.headers['x-auth-token'] === TOKEN)).toBe(true);
    cache.close();
  });

  it('refuses a bad argument before sending, and a bad project ID or empty operation list at creation', async () => {
    const { server, csms } = await against((_req, res) => json(res, 200, {}));
    const e = await leaks.caught(csms.showSecret('..'));
    expect(e).toMatchObject({ kind: 'invalid-argument', operation: 'ShowSecret' });
    expect(server.requests).toHaveLength(0);
    expect(() => createCsmsCore({ projectId: 'nope', credentials: { token: TOKEN }, operations: [ShowSecret] })).toThrow(CsmsError);
    expect(() => createCsmsCore({ projectId: PROJECT, credentials: { token: TOKEN }, operations: [] as never })).toThrow(
      /Invalid operations/,
    );
    expect(() => createCsmsCore({ projectId: PROJECT, credentials: { ak: AK, sk: SK } as never, operations: [ShowSecret] })).toThrow(
      /akSk/,
    );
  });
});

describe('the guarantees of createCsmsClient', () => {
  it('a 2xx body of the wrong shape is invalid-response naming the rule, never the value', async () => {
    const { csms } = await against((_req, res) =>
      json(res, 200, { version: { version_metadata: { ...METADATA, create_time: 1 }, secret_string: VALUE } }),
    );
    const e = await leaks.caught(csms.showSecretVersion('db', 'v1'));
    expect(e).toMatchObject({ kind: 'invalid-response', operation: 'ShowSecretVersion' });
    expect(e.message).toBe(
      'The 200 response body does not match the document ($.version.version_metadata.create_time: below the minimum 100000000000)',
    );
  });

  it('never follows a redirect', async () => {
    const { server, csms } = await against((_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:9/x' }).end());
    const e = await leaks.caught(csms.showSecret('db'));
    expect(e).toMatchObject({ kind: 'http', status: 302 });
    expect(server.requests).toHaveLength(1);
  });

  it('times out a server that never answers, each attempt, and retries a GET', async () => {
    const { server, csms } = await against(() => {}, { token: TOKEN }, { timeoutMs: 50, retries: 1 });
    const e = await leaks.caught(csms.showSecret('db'));
    expect(e).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a 503 for a read, not for a write the document marks not idempotent', async () => {
    expect(table.operations.DeleteSecret!.idempotent).toBe(false);
    const { server, csms } = await against(
      (_req, res) => json(res, 503, { error_code: 'CSMS.0001', error_msg: 'busy' }),
      { token: TOKEN },
      { retries: 2 },
    );
    expect(await leaks.caught(csms.showSecret('db'))).toMatchObject({ kind: 'http', status: 503, attempts: 3 });
    expect(await leaks.caught(csms.deleteSecret('db'))).toMatchObject({ kind: 'http', status: 503, attempts: 1 });
    expect(server.requests).toHaveLength(4);
  });

  it('refuses a body larger than maxResponseBytes', async () => {
    const { csms } = await against(
      (_req, res) => json(res, 200, { secret: { ...SECRET, description: 'x'.repeat(5000) } }),
      { token: TOKEN },
      {
        maxResponseBytes: 1000,
      },
    );
    expect(await leaks.caught(csms.showSecret('db'))).toMatchObject({ kind: 'invalid-response' });
  });

  it('keeps the token out of an error whose message echoes it', async () => {
    const { csms } = await against((_req, res) => json(res, 403, { error_code: 'APIGW.0301', error_msg: `bad token ${TOKEN}` }));
    const e = await leaks.caught(csms.showSecret('db'));
    expect(e.message).toBe('bad token [REDACTED]');
  });

  it('asks a token function again after a 401, and sends the request again with the new token', async () => {
    const tokens = [TOKEN, `${TOKEN}-fresh`];
    let asked = 0;
    const { server, csms } = await against(
      (req, res) =>
        req.headers['x-auth-token'] === tokens[1] ? json(res, 200, { secret: SECRET }) : json(res, 401, { error_code: 'APIGW.0101' }),
      { token: () => tokens[asked++]! },
    );
    expect((await csms.showSecret('db')).secret.name).toBe('db');
    expect(server.requests.map((r) => r.headers['x-auth-token'])).toEqual(tokens);
  });
});

describe('akSk() and fromProvider()', () => {
  it('akSk signs each request so that an independent verifier accepts it', async () => {
    const { server, csms } = await against((_req, res) => json(res, 200, { secret: SECRET }), akSk({ ak: AK, sk: SK }));
    await csms.showSecret('db');
    expect(verifySignature(server.requests[0]!, { ak: AK, sk: SK })).toEqual({ ok: true });
    expect(server.requests[0]!.headers['x-project-id']).toBe(PROJECT);
  });

  it('fromProvider signs with the provider keys and takes its project ID when none is given', async () => {
    const server = await startFaultServer((_req, res) => json(res, 200, { secret: SECRET }));
    servers.push(server);
    const csms = createCsmsCore({
      endpoint: server.url,
      credentials: fromProvider(async () => ({ ak: AK, sk: SK, projectId: PROJECT })),
      operations: [ShowSecret],
    });
    await csms.showSecret('db');
    expect(server.requests[0]!.target).toBe(`/v1/${PROJECT}/secrets/db`);
    expect(verifySignature(server.requests[0]!, { ak: AK, sk: SK })).toEqual({ ok: true });
  });
});
