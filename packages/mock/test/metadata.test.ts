// The mock as the ECS metadata service (config key `metadata`): its two paths as the facts file
// (packages/client/test/credential-facts.yaml, from the official SDK cores) describes them, the
// temporary keys it issues and then accepts (signature verified, X-Security-Token matching) until
// they really expire, its configuration, the csms-mock flag, and MSW. The client's fromMetadata
// runs against it through real expiries, 100 calls at a time.
import { readFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createCsmsClient, type ProvidedCredentials } from '@csms-openapi/client';
import { fromMetadata } from '@csms-openapi/client/credentials';
import { MockSetupError, type RunningMock, startMock } from '@csms-openapi/mock';
import { createMock } from '@csms-openapi/mock/msw';
import { leakCapture } from '../../client/test/support/leaks.js';
import { PROJECT, startCli, stopCli } from './helpers.js';

const facts = parse(readFileSync(new URL('../../client/test/credential-facts.yaml', import.meta.url), 'utf8')) as {
  metadata: {
    endpoint: string;
    token: { method: string; path: string; ttl_header: string; ttl_seconds: number };
    security_key: { method: string; path: string; token_header: string; envelope: string; fields: string[] };
  };
};
const { token: TOKEN_STEP, security_key: KEY_STEP } = facts.metadata;
const SECRETS = [{ name: 'db-password', versions: [{ value: 's3cr3t' }] }];
const leaks = leakCapture();

/** Waits until `ms` since the epoch has passed (a real expiry), observed on the clock itself. */
async function until(ms: number) {
  while (Date.now() <= ms) await new Promise((r) => setTimeout(r, Math.max(1, ms - Date.now() + 1)));
}
const sessionToken = async (url: string, ttl = String(TOKEN_STEP.ttl_seconds)) => {
  const r = await fetch(url + TOKEN_STEP.path, { method: TOKEN_STEP.method, headers: { [TOKEN_STEP.ttl_header]: ttl } });
  return { status: r.status, text: await r.text() };
};
const securityKey = (url: string, token?: string) =>
  fetch(url + KEY_STEP.path, { method: KEY_STEP.method, headers: token ? { [KEY_STEP.token_header]: token } : {} });
/** Temporary keys as the client's provider reads them from this mock. */
const keysFrom = (url: string) => fromMetadata({ endpoint: url, projectId: PROJECT })();
const signedWith = (url: string, c: Pick<ProvidedCredentials, 'ak' | 'sk' | 'securityToken'>) =>
  createCsmsClient({ projectId: PROJECT, endpoint: url, retries: 0, credentials: { ak: c.ak, sk: c.sk, securityToken: c.securityToken } });

describe('the two paths', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ secrets: SECRETS, metadata: { credentialTtlMs: 60_000, sessionTtlMs: 1_000 } });
  });
  afterAll(() => mock.close());

  it('PUT token: a session token for a TTL of 1 to 21600 s; without or with another TTL, 400; other methods, 405', async () => {
    const ok = await sessionToken(mock.url);
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/^[0-9a-f]{48}$/);
    for (const ttl of ['0', '21601', '-1', '1.5', 'soon', '']) expect((await sessionToken(mock.url, ttl)).status).toBe(400);
    const get = await fetch(mock.url + TOKEN_STEP.path);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'PUT']);
    const post = await fetch(mock.url + KEY_STEP.path, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET']);
  });

  it('GET securitykey: 401 without a session token, with an unknown one and an expired one; with a valid one, the credential fields', async () => {
    expect((await securityKey(mock.url)).status).toBe(401);
    expect((await securityKey(mock.url, 'f'.repeat(48))).status).toBe(401);
    const { text } = await sessionToken(mock.url);
    const r = await securityKey(mock.url, text);
    expect(r.status).toBe(200);
    const body = (await r.json()) as Record<string, Record<string, string>>;
    expect(Object.keys(body)).toEqual([KEY_STEP.envelope]);
    expect(Object.keys(body[KEY_STEP.envelope]!).sort()).toEqual([...KEY_STEP.fields].sort());
    const expiresAt = Date.parse(body[KEY_STEP.envelope]!.expires_at!);
    expect(body[KEY_STEP.envelope]!.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(expiresAt - Date.now()).toBeGreaterThan(50_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
    // sessionTtlMs: 1000 — the session token expires for real.
    const issuedAt = Date.now();
    await until(issuedAt + 1_000);
    expect((await securityKey(mock.url, text)).status).toBe(401);
  });

  it('counts what each path answered; reset forgets tokens and keys and counts from zero', async () => {
    mock.reset();
    expect(mock.metadataRequests).toEqual({ token: 0, securityKey: 0 });
    const c = await keysFrom(mock.url);
    expect(mock.metadataRequests).toEqual({ token: 1, securityKey: 1 });
    await expect(signedWith(mock.url, c).showSecret('db-password')).resolves.toMatchObject({ secret: { name: 'db-password' } });
    mock.reset();
    expect(mock.metadataRequests).toEqual({ token: 0, securityKey: 0 });
    expect((await leaks.caught(signedWith(mock.url, c).showSecret('db-password'))).status).toBe(401);
  });
});

describe('the keys it issues', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({
      secrets: SECRETS,
      accessKeys: [{ ak: 'CONFIGUREDAK', sk: 'configured-sk' }],
      metadata: { credentialTtlMs: 1_500 },
    });
  });
  afterAll(() => mock.close());

  it('pass with a verified signature and their own security token, until they expire; then 401', async () => {
    const c = await keysFrom(mock.url);
    const csms = signedWith(mock.url, c);
    await expect(csms.showSecretVersion('db-password', 'latest')).resolves.toMatchObject({ version: { secret_string: 's3cr3t' } });
    // (Spelled out: the provider's credentials keep sk and securityToken out of a spread.)
    const { ak, sk, securityToken } = c;
    const wrongSk = await leaks.caught(signedWith(mock.url, { ak, sk: `${sk}x`, securityToken }).showSecret('db-password'));
    const otherToken = await leaks.caught(signedWith(mock.url, { ak, sk, securityToken: `${securityToken}x` }).showSecret('db-password'));
    const noToken = await leaks.caught(signedWith(mock.url, { ak, sk }).showSecret('db-password'));
    expect([wrongSk.status, otherToken.status, noToken.status]).toEqual([401, 401, 401]);
    // The configured keys still pass beside them; an AK nobody issued does not.
    await expect(signedWith(mock.url, { ak: 'CONFIGUREDAK', sk: 'configured-sk' }).showSecret('db-password')).resolves.toBeTruthy();
    expect((await leaks.caught(signedWith(mock.url, { ak: 'MOCKTEMPNOBODY', sk: 'x' }).showSecret('db-password'))).status).toBe(401);
    await until(c.expiresAt!);
    const expired = await leaks.caught(csms.showSecret('db-password'));
    expect([expired.status, expired.code]).toEqual([401, 'APIGW.0301']);
  });

  it('with the metadata service on and no access keys configured, only issued keys pass a signature', async () => {
    const only = await startMock({ secrets: SECRETS, metadata: true });
    try {
      expect((await leaks.caught(signedWith(only.url, { ak: 'ANYAK', sk: 'any' }).showSecret('db-password'))).status).toBe(401);
      const c = await keysFrom(only.url);
      // The default lifetime: 24 h.
      expect(Math.round((c.expiresAt! - Date.now()) / 3_600_000)).toBe(24);
      await expect(signedWith(only.url, c).showSecret('db-password')).resolves.toBeTruthy();
    } finally {
      await only.close();
    }
  });
});

describe('fromMetadata against the mock', () => {
  it('through a real expiry: refreshed ahead of it, once; the old keys are then refused by the mock', async () => {
    const mock = await startMock({ secrets: SECRETS, metadata: { credentialTtlMs: 1_200 } });
    try {
      const provider = fromMetadata({ endpoint: mock.url });
      const csms = createCsmsClient({ projectId: PROJECT, endpoint: mock.url, credentials: provider });
      await csms.showSecret('db-password');
      const first = provider.peek()!;
      expect(mock.metadataRequests).toEqual({ token: 1, securityKey: 1 });
      await until(first.expiresAt!);
      // Due since half the lifetime: one new set, with the session token kept.
      await csms.showSecret('db-password');
      expect(mock.metadataRequests).toEqual({ token: 1, securityKey: 2 });
      expect(provider.peek()!.ak).not.toBe(first.ak);
      expect((await leaks.caught(signedWith(mock.url, first).showSecret('db-password'))).status).toBe(401);
      expect(mock.requests.map((r) => r.status)).toEqual([200, 200, 401]);
    } finally {
      await mock.close();
    }
  });

  it('100 concurrent calls across a refresh: exactly one securitykey GET, and one token PUT in all', async () => {
    const mock = await startMock({ secrets: SECRETS, metadata: { credentialTtlMs: 60_000 } });
    try {
      // The provider's clock is the test's: it moves past the refresh point while the mock's keys still work.
      let skew = 0;
      const provider = fromMetadata({ endpoint: mock.url, now: () => Date.now() + skew });
      const csms = createCsmsClient({ projectId: PROJECT, endpoint: mock.url, credentials: provider });
      const cold = await Promise.all(Array.from({ length: 100 }, () => csms.showSecret('db-password')));
      expect(cold).toHaveLength(100);
      expect(mock.metadataRequests).toEqual({ token: 1, securityKey: 1 });
      skew = 31_000; // past half of the 60 s lifetime
      const due = await Promise.all(Array.from({ length: 100 }, () => csms.showSecret('db-password')));
      expect(due).toHaveLength(100);
      expect(mock.metadataRequests).toEqual({ token: 1, securityKey: 2 });
      expect(mock.requests.filter((r) => r.status === 200)).toHaveLength(200);
    } finally {
      await mock.close();
    }
  });

  it('100 concurrent calls after the keys really expired: one refresh, every call answered 200', async () => {
    // Used until they expire (refreshAheadMs 0); the new set then lives 2 s, longer than 100 calls take here.
    const mock = await startMock({ secrets: SECRETS, metadata: { credentialTtlMs: 2_000 } });
    try {
      const provider = fromMetadata({ endpoint: mock.url, refreshAheadMs: 0 });
      const csms = createCsmsClient({ projectId: PROJECT, endpoint: mock.url, credentials: provider });
      await csms.showSecret('db-password');
      await until(provider.peek()!.expiresAt!);
      const results = await Promise.all(Array.from({ length: 100 }, () => csms.showSecret('db-password')));
      expect(results).toHaveLength(100);
      expect(mock.metadataRequests).toEqual({ token: 1, securityKey: 2 });
      expect(mock.requests.map((r) => r.status)).toEqual(Array(101).fill(200));
    } finally {
      await mock.close();
    }
  });

  it('keys the provider still thinks fresh but the mock has expired: a 401, one refresh, the call sent again and answered', async () => {
    const mock = await startMock({ secrets: SECRETS, metadata: { credentialTtlMs: 600 } });
    try {
      // A provider whose clock is 10 s behind: it keeps the keys past their real expiry.
      const provider = fromMetadata({ endpoint: mock.url, now: () => Date.now() - 10_000 });
      const csms = createCsmsClient({ projectId: PROJECT, endpoint: mock.url, credentials: provider });
      const first = (await provider())!;
      await until(first.expiresAt!);
      await expect(csms.showSecret('db-password')).resolves.toMatchObject({ secret: { name: 'db-password' } });
      expect(mock.requests.map((r) => r.status)).toEqual([401, 200]);
      expect(mock.metadataRequests).toEqual({ token: 1, securityKey: 2 });
    } finally {
      await mock.close();
    }
  });

  it('an expired session token: the provider gets a new one and asks again, once', async () => {
    const mock = await startMock({ secrets: SECRETS, metadata: { credentialTtlMs: 60_000, sessionTtlMs: 300 } });
    try {
      const provider = fromMetadata({ endpoint: mock.url });
      await provider();
      // The session token was made before this moment: it has expired 300 ms after it.
      await until(Date.now() + 300);
      await provider.refresh();
      expect(mock.metadataRequests).toEqual({ token: 2, securityKey: 3 });
    } finally {
      await mock.close();
    }
  });
});

describe('configuration', () => {
  it.each([
    [{ metadata: 'yes' }, 'startMock options: metadata must be true or an object with credentialTtlMs and sessionTtlMs'],
    [{ metadata: { ttl: 5 } }, 'startMock options: metadata: unknown key "ttl" (expected credentialTtlMs, sessionTtlMs)'],
    [
      { metadata: { credentialTtlMs: 0 } },
      'startMock options: metadata: credentialTtlMs must be a whole number of milliseconds from 1 to 604800000',
    ],
    [
      { metadata: { sessionTtlMs: 1.5 } },
      'startMock options: metadata: sessionTtlMs must be a whole number of milliseconds from 1 to 604800000',
    ],
  ])('%j is refused: %s', async (options, message) => {
    const error = await startMock(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockSetupError);
    expect((error as Error).message).toBe(message);
  });

  it('metadata: false (or absent) serves no metadata paths', async () => {
    const mock = await startMock({ metadata: false });
    try {
      expect(mock.metadataRequests).toBeUndefined();
      expect((await sessionToken(mock.url)).status).toBe(404);
    } finally {
      await mock.close();
    }
  });

  it('csms-mock --metadata serves it, with keys the same process then accepts', async () => {
    const run = await startCli(['--metadata', '--config', new URL('../../../test/sdks/mock-config.json', import.meta.url).pathname]);
    try {
      const c = await keysFrom(run.url);
      await expect(signedWith(run.url, c).listSecrets()).resolves.toHaveProperty('secrets');
    } finally {
      await stopCli(run);
    }
  });

  it('in-process under MSW, at the default endpoint (169.254.169.254): nothing leaves the process', async () => {
    const mock = createMock({ secrets: SECRETS, metadata: true });
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const csms = createCsmsClient({ projectId: PROJECT, region: 'cn-north-4', credentials: fromMetadata() });
      await expect(csms.showSecret('db-password')).resolves.toMatchObject({ secret: { name: 'db-password' } });
      expect(mock.metadataRequests).toEqual({ token: 1, securityKey: 1 });
    } finally {
      server.close();
    }
  });
});

describe('nothing leaks', () => {
  it('the issued secret keys and security tokens are in no journal entry, error or log', async () => {
    const mock = await startMock({ secrets: SECRETS, metadata: true, admin: true });
    try {
      const c = await keysFrom(mock.url);
      await signedWith(mock.url, { ak: c.ak, sk: `${c.sk}-wrong`, securityToken: c.securityToken })
        .showSecret('db-password')
        .catch((e: unknown) => leaks.record(e));
      const journal = await (await fetch(`${mock.url}/_mock/requests`)).text();
      leaks.record(journal);
      leaks.record(mock.requests);
      expect(leaks.findSecrets([c.sk, c.securityToken!])).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});
