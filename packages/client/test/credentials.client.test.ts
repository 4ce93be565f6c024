// The client with credentials that change, against a loopback server that checks every signature
// with an independent verifier: the project ID taken from the provider (and the error, with
// nothing sent, when there is none), the one retry after a 401 with fresh credentials (and none
// when they are the same), a token from a function, and no secret in any error, log or inspect.
import type http from 'node:http';
import { inspect } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fromEnv } from '@csms-openapi/client/credentials';
import { type CsmsClientOptions, CsmsError, createCsmsClient, memoizeCredentials, type ProvidedCredentials } from '../src/index.js';
import { deferred } from './support/counted.js';
import { json, startFaultServer } from './support/fault-server.js';
import { leakCapture } from './support/leaks.js';
import { verifySignature } from './support/verify-signature.js';

const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const SK1 = 'client-test-SECRET-key-one-4b7d';
const SK2 = 'client-test-SECRET-key-two-9e2c';
const TOKEN1 = 'client-test-SECURITY-token-one-55aa';
const TOKEN2 = 'client-test-SECURITY-token-two-66bb';
const IAM1 = 'MIIclient-test-IAM-token-one-77cc';
const IAM2 = 'MIIclient-test-IAM-token-two-88dd';
const SECRET = { id: 'i', name: 'test', state: 'ENABLED', kms_key_id: 'k', create_time: 1581507580000, update_time: 1581507580000 };
const KEYS: Record<string, { sk: string; securityToken: string }> = {
  AKONE: { sk: SK1, securityToken: TOKEN1 },
  AKTWO: { sk: SK2, securityToken: TOKEN2 },
};

const leaks = leakCapture();
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  expect(leaks.count).toBeGreaterThan(10);
  expect(leaks.findSecrets([SK1, SK2, TOKEN1, TOKEN2, IAM1, IAM2])).toEqual([]);
});

/**
 * A server that accepts the access keys in `accepted` (signature verified, X-Security-Token
 * matching) and answers 401 otherwise, recording which AK each request came with.
 */
async function keyServer(accepted: string[]) {
  const seen: string[] = [];
  const server = await startFaultServer((req: http.IncomingMessage, res, n) => {
    const received = server.requests[n - 1]!;
    const ak = /Access=([^,]+)/.exec(String(req.headers.authorization))?.[1] ?? '';
    seen.push(ak);
    const key = KEYS[ak];
    const ok =
      key &&
      accepted.includes(ak) &&
      verifySignature(received, { ak, sk: key.sk }).ok &&
      req.headers['x-security-token'] === key.securityToken;
    if (ok) json(res, 200, { secret: SECRET });
    else json(res, 401, { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: the token expired' });
  });
  servers.push(server);
  return { server, seen };
}

/** A source handing out AKONE, then AKTWO…, counting its calls. */
function rotatingSource(projectId?: string) {
  const order = ['AKONE', 'AKTWO'];
  const source = Object.assign(
    async (): Promise<ProvidedCredentials> => {
      const ak = order[Math.min(source.calls++, order.length - 1)]!;
      return { ak, ...KEYS[ak]!, projectId, expiresAt: Date.now() + 3_600_000 };
    },
    { calls: 0 },
  );
  return source;
}

const client = (url: string, options: Omit<CsmsClientOptions, 'endpoint'>) =>
  createCsmsClient({ endpoint: url, retryBaseDelayMs: 1, retryMaxDelayMs: 2, ...options });

describe('the project ID', () => {
  it('comes from the provider when createCsmsClient gets none: in the path and the signed X-Project-Id', async () => {
    const { server } = await keyServer(['AKONE']);
    const csms = client(server.url, { credentials: memoizeCredentials(rotatingSource(PROJECT)) });
    await expect(csms.showSecret('test')).resolves.toEqual({ secret: SECRET });
    const [request] = server.requests;
    expect(request!.target).toBe(`/v1/${PROJECT}/secrets/test`);
    expect(request!.headers['x-project-id']).toBe(PROJECT);
    expect(String(request!.headers.authorization)).toMatch(/SignedHeaders=[^,]*x-project-id/);
    // And for raw calls, whose path the caller writes.
    const raw = await csms.raw.GET('/v1/{project_id}/secrets/{secret_name}', {
      params: { path: { project_id: PROJECT, secret_name: 'test' } },
    });
    expect(raw.response.status).toBe(200);
    expect(server.requests[1]!.headers['x-project-id']).toBe(PROJECT);
  });

  it("the client's own wins over the provider's", async () => {
    const { server } = await keyServer(['AKONE']);
    const other = 'ffffffffffffffffffffffffffffffff';
    await client(server.url, { projectId: other, credentials: memoizeCredentials(rotatingSource(PROJECT)) }).showSecret('test');
    expect([server.requests[0]!.target, server.requests[0]!.headers['x-project-id']]).toEqual([`/v1/${other}/secrets/test`, other]);
  });

  it('when neither names one, or the provider names a bad one: an invalid-argument error, and nothing is sent', async () => {
    const { server } = await keyServer(['AKONE']);
    const none = client(server.url, { credentials: fromEnv({ env: { HUAWEICLOUD_SDK_AK: 'AKONE', HUAWEICLOUD_SDK_SK: SK1 } }) });
    const e = await leaks.caught(none.showSecret('test'));
    expect(e).toMatchObject({ kind: 'invalid-argument', operation: 'ShowSecret', attempts: 0 });
    expect(e.message).toBe(
      'Missing projectId: createCsmsClient got none, and the credentials provider gives none (set HUAWEICLOUD_SDK_PROJECT_ID, project_id in the profile file, or pass projectId).',
    );
    const bad = client(server.url, { credentials: memoizeCredentials(rotatingSource('../../other')) });
    expect(await leaks.caught(bad.showSecret('test'))).toMatchObject({ kind: 'invalid-argument', attempts: 0 });
    expect(server.requests).toHaveLength(0);
    // Static credentials still need a projectId up front.
    expect(() => createCsmsClient({ credentials: { token: IAM1 } })).toThrow(CsmsError);
  });

  it('a provider that fails: its credentials error, with the operation, and nothing sent', async () => {
    const { server } = await keyServer(['AKONE']);
    const csms = client(server.url, { projectId: PROJECT, credentials: fromEnv({ env: {} }) });
    const e = await leaks.caught(csms.showSecret('test'));
    expect(e).toMatchObject({
      kind: 'credentials',
      operation: 'ShowSecret',
      message: 'HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('a 401: fresh credentials, and one more try', () => {
  it('sends again with the new keys when the refreshed set differs; later calls use it at once', async () => {
    const { server, seen } = await keyServer(['AKTWO']);
    const source = rotatingSource();
    const csms = client(server.url, { projectId: PROJECT, credentials: source }); // a plain function: the client memoizes it
    await expect(csms.showSecret('test')).resolves.toEqual({ secret: SECRET });
    expect(seen).toEqual(['AKONE', 'AKTWO']);
    expect(source.calls).toBe(2);
    await csms.showSecret('test');
    expect(seen).toEqual(['AKONE', 'AKTWO', 'AKTWO']);
    expect(source.calls).toBe(2);
  });

  it('sends nothing more when the refreshed set is the same: the 401 is the answer', async () => {
    const { server, seen } = await keyServer([]);
    const source = Object.assign(async () => ({ ak: 'AKONE', ...KEYS.AKONE! }), { calls: 0 });
    const counted = Object.assign(() => {
      source.calls++;
      return source();
    });
    const csms = client(server.url, { projectId: PROJECT, credentials: counted });
    const e = await leaks.caught(csms.showSecret('test'));
    expect(e).toMatchObject({ kind: 'http', status: 401, code: 'APIGW.0301', attempts: 1 });
    expect(seen).toEqual(['AKONE']);
    expect(source.calls).toBe(2);
    expect(server.requests).toHaveLength(1);
  });

  it('20 calls refused together: one refresh for all, each sent once more', async () => {
    const { server, seen } = await keyServer(['AKTWO']);
    const source = rotatingSource();
    const csms = client(server.url, { projectId: PROJECT, credentials: memoizeCredentials(source) });
    const results = await Promise.all(Array.from({ length: 20 }, () => csms.showSecret('test')));
    expect(results).toEqual(Array(20).fill({ secret: SECRET }));
    expect(source.calls).toBe(2);
    expect(seen.filter((ak) => ak === 'AKONE')).toHaveLength(20);
    expect(seen.filter((ak) => ak === 'AKTWO')).toHaveLength(20);
  });

  it('applies to a request that is not safe to repeat: the gateway refused it before the service saw it', async () => {
    const server = await startFaultServer((req, res, n) => {
      const ak = /Access=([^,]+)/.exec(String(req.headers.authorization))?.[1];
      if (n === 1 || ak !== 'AKTWO') json(res, 401, { error_code: 'APIGW.0301', error_msg: 'expired' });
      else json(res, 200, { secret: SECRET });
    });
    servers.push(server);
    const csms = client(server.url, { projectId: PROJECT, credentials: rotatingSource() });
    await expect(csms.uploadSecretBlob({ body: { secret_blob: 'b' } })).resolves.toEqual({ secret: SECRET });
    expect(server.requests).toHaveLength(2);
  });
});

describe('a token from a function', () => {
  it('is asked for once for many calls, and again (once for all) after a 401', async () => {
    let valid = IAM1;
    const server = await startFaultServer((req, res) =>
      req.headers['x-auth-token'] === valid
        ? json(res, 200, { secret: SECRET })
        : json(res, 401, { error_code: 'APIGW.0301', error_msg: 'expired' }),
    );
    servers.push(server);
    const gate = deferred();
    let calls = 0;
    const token = async () => {
      calls++;
      await gate.promise;
      return calls === 1 ? IAM1 : IAM2;
    };
    const csms = client(server.url, { projectId: PROJECT, credentials: { token } });
    const first = Promise.all(Array.from({ length: 10 }, () => csms.showSecret('test')));
    gate.resolve();
    await first;
    expect(calls).toBe(1);
    valid = IAM2; // IAM1 expires
    await Promise.all(Array.from({ length: 10 }, () => csms.showSecret('test')));
    expect(calls).toBe(2);
    expect(server.requests.map((r) => r.headers['x-auth-token'])).toEqual([
      ...Array(10).fill(IAM1),
      ...Array(10).fill(IAM1),
      ...Array(10).fill(IAM2),
    ]);
  });

  it('a function that fails or returns no usable token: a credentials error, nothing sent', async () => {
    const server = await startFaultServer((_req, res) => json(res, 200, { secret: SECRET }));
    servers.push(server);
    const boom = Object.assign(new Error('cannot reach IAM'), { name: 'IamDown' });
    const failing = client(server.url, { projectId: PROJECT, credentials: { token: () => Promise.reject(boom) } });
    const e = await leaks.caught(failing.showSecret('test'));
    expect(e).toMatchObject({ kind: 'credentials', message: 'The token function failed (IamDown)', operation: 'ShowSecret' });
    expect(e.cause).toBe(boom);
    for (const bad of ['', `${IAM1}\r\nX-Injected: 1`, 42]) {
      const csms = client(server.url, { projectId: PROJECT, credentials: { token: () => bad as string } });
      expect(await leaks.caught(csms.showSecret('test'))).toMatchObject({
        kind: 'credentials',
        message: 'The token function returned no token that can be sent in an HTTP header (a non-empty string of visible ASCII)',
      });
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('no secret in anything printed', () => {
  it('a server echoing the credentials: redacted; the client, the provider and the errors inspected: clean', async () => {
    const server = await startFaultServer((req, res) =>
      json(res, 403, {
        error_code: 'APIGW.0302',
        error_msg: `refused ${[req.headers['x-security-token'], req.headers['x-auth-token']].filter(Boolean).join(' ')}`,
      }),
    );
    servers.push(server);
    const provider = memoizeCredentials(rotatingSource(PROJECT));
    const csms = client(server.url, { credentials: provider });
    expect((await leaks.caught(csms.showSecret('test'))).message).toBe('refused [REDACTED]');
    const tokens = client(server.url, { projectId: PROJECT, credentials: { token: async () => IAM1 } });
    expect((await leaks.caught(tokens.showSecret('test'))).message).toBe('refused [REDACTED]');
    for (const value of [csms, provider, await provider(), tokens]) {
      leaks.record(value);
      leaks.record(inspect(value, { showHidden: true, getters: true, depth: 6 }));
      console.log(value);
    }
  });
});
