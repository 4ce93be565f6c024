// The client the way a CSMS user calls it, against Prism serving generated/openapi.json.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createCsmsClient, CsmsError, type CsmsClientOptions } from '../src/index.js';
import { responseExamples } from '../../../test/support/openapi.js';
import { leakCapture } from './support/leaks.js';

const TOKEN = 'MIIZ-prism-test-token-0f9e8d7c6b5a';
const SK = 'prism-test-secret-key-EXAMPLE-9z8y7x';
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const leaks = leakCapture();
/** A fetch that records what it sends (as Requests, to read their headers). */
const counted = () => {
  const sent: Request[] = [];
  return {
    sent,
    fetch: (input: string, init: RequestInit) => {
      sent.push(new Request(input, init));
      return fetch(input, init);
    },
  };
};
const client = (extra: Partial<CsmsClientOptions> = {}) =>
  createCsmsClient({ projectId: PROJECT, endpoint: inject('mockUrl'), credentials: { token: TOKEN }, retryBaseDelayMs: 1, ...extra });
const example = (operationId: string, status: string, name?: string) =>
  responseExamples().find((c) => c.operationId === operationId && c.status === status && (name === undefined || c.exampleName === name))!
    .value;
const caught = async (p: Promise<unknown>) =>
  leaks.record(
    await p.then(
      () => undefined,
      (e: unknown) => e,
    ),
  ) as CsmsError;

afterAll(() => {
  expect(leaks.count).toBeGreaterThan(0);
  expect(leaks.findSecrets([TOKEN, SK])).toEqual([]);
});

describe('token auth', () => {
  it('showSecret returns the vendor example, typed', async () => {
    const { secret } = await client().showSecret('test');
    expect({ secret }).toStrictEqual(example('ShowSecret', '200', 'seed'));
    expect(secret.state).toBe('ENABLED');
  });

  it('downloadSecretBlob returns the vendor blob byte for byte', async () => {
    const { secret_blob } = await client().downloadSecretBlob('test');
    expect({ secret_blob }).toStrictEqual(example('DownloadSecretBlob', '200'));
    expect(secret_blob.startsWith(')CloudSecretManagementBackupV1.com')).toBe(true);
  });

  it('named examples come back with Prefer: example=…', async () => {
    const { secret } = await client().showSecret('test', { headers: { Prefer: 'example=pending_delete' } });
    expect(secret.state).toBe('PENDING_DELETE');
  });

  it('a request that loses its token gets 401, as a CsmsError with the gateway code', async () => {
    const stripToken = (input: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      headers.delete('X-Auth-Token');
      return fetch(input, { ...init, headers });
    };
    const e = await caught(client({ fetch: stripToken }).showSecret('test'));
    const body = example('ShowSecret', '401') as { error_code: string; error_msg: string };
    expect(e).toBeInstanceOf(CsmsError);
    expect(e).toMatchObject({
      kind: 'http',
      status: 401,
      code: 'APIGW.0301',
      message: body.error_msg,
      operation: 'ShowSecret',
      attempts: 1,
    });
  });
});

describe('documented errors become CsmsError with the example body', () => {
  const cases = responseExamples().filter((c) => Number(c.status) >= 400);
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const retried = [429, 500, 502, 503, 504].includes(Number(c.status));
    const net = counted();
    const csms = client({ retries: 1, fetch: net.fetch });
    const call = c.operationId === 'ShowSecret' ? csms.showSecret : csms.downloadSecretBlob;
    const e = await caught(call('test', { headers: { Prefer: `code=${c.status}` } }));
    const body = c.value as { error_code: string; error_msg: string; request_id?: string };
    expect(e).toMatchObject({
      name: 'CsmsError',
      kind: 'http',
      status: Number(c.status),
      code: body.error_code,
      message: body.error_msg,
      operation: c.operationId,
      attempts: retried ? 2 : 1,
    });
    expect(e.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(net.sent).toHaveLength(retried ? 2 : 1);
  });
});

describe('inputs are checked before any request', () => {
  it.each([
    ['.', '"." is not allowed (a URL path would collapse it into another resource)'],
    ['..', '".." is not allowed (a URL path would collapse it into another resource)'],
    ['a/b', 'character 2 ("/") is not allowed'],
    ['', 'it has 0 characters, expected 1 to 64'],
    ['x'.repeat(65), 'it has 65 characters, expected 1 to 64'],
  ])('secret name %j is rejected', async (name, problem) => {
    const net = counted();
    const e = await caught(client({ fetch: net.fetch }).showSecret(name));
    expect(e).toMatchObject({ kind: 'invalid-argument', operation: 'ShowSecret', attempts: 0 });
    expect(e.message).toBe(`Invalid secret_name: ${problem} (expected ^[a-zA-Z0-9._-]{1,64}$, not "." or "..").`);
    expect(net.sent).toHaveLength(0);
  });

  it('a name with periods, such as db.password, is valid: the mock answers 200', async () => {
    await expect(client().showSecret('db.password')).resolves.toStrictEqual(example('ShowSecret', '200'));
    await expect(client().downloadSecretBlob('.env.production')).resolves.toStrictEqual(example('DownloadSecretBlob', '200'));
  });

  it('a token pasted as the secret name is not repeated in the error', async () => {
    const e = await caught(client().downloadSecretBlob(`${TOKEN}/x`));
    expect(e.message).toContain('Invalid secret_name: character 35 ("/") is not allowed');
    expect(e.message).not.toContain(TOKEN.slice(0, 8));
  });

  it.each([
    [{ projectId: 'my-project' }, /^Invalid projectId: character 3 \("-"\) is not allowed \(expected \^\[a-zA-Z0-9\]\{32\}\$\)\.$/],
    [{ projectId: undefined }, /^Invalid projectId: expected a string, got undefined/],
    [{ credentials: undefined }, /^Missing credentials: pass \{ token \}/],
    [{ credentials: { token: '' } }, /^Invalid credentials\.token/],
    [{ credentials: { ak: 'AK' } }, /^Invalid credentials\.sk: expected a non-empty string\.$/],
    [{ credentials: { token: 't', ak: 'AK', sk: 'SK' } }, /^Invalid credentials: pass \{ token \} or \{ ak, sk \}, not both\.$/],
    [{ endpoint: 'ftp://x' }, /^Invalid endpoint/],
    [{ endpoint: undefined, region: 'Beijing' }, /^Invalid region: expected a region ID such as cn-north-4/],
    [{ timeoutMs: 0 }, /^Invalid timeoutMs/],
    [{ retries: -1 }, /^Invalid retries/],
  ])('bad options %j are rejected with a named parameter', (bad, message) => {
    const e = leaks.record(
      (() => {
        try {
          client(bad as Partial<CsmsClientOptions>);
        } catch (err) {
          return err;
        }
      })(),
    ) as CsmsError;
    expect(e).toBeInstanceOf(CsmsError);
    expect(e.kind).toBe('invalid-argument');
    expect(e.message).toMatch(message);
  });
});

describe('AK/SK auth', () => {
  it('a signed request is accepted by the mock', async () => {
    const net = counted();
    const csms = client({ credentials: { ak: 'HPUAZ2XVQWEEXAMPLE01', sk: SK }, fetch: net.fetch });
    const { secret } = await csms.showSecret('test');
    expect(secret.name).toBe('test');
    const sent = net.sent[0]!;
    expect(sent.headers.get('authorization')).toMatch(
      /^SDK-HMAC-SHA256 Access=HPUAZ2XVQWEEXAMPLE01, SignedHeaders=host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
    expect(sent.headers.get('x-project-id')).toBe(PROJECT);
    expect(sent.headers.has('x-auth-token')).toBe(false);
  });
});

describe('csms.raw', () => {
  it("keeps openapi-fetch's { data, error, response } with the same auth", async () => {
    const { data, error, response } = await client().raw.GET('/v1/{project_id}/secrets/{secret_name}', {
      params: { path: { project_id: PROJECT, secret_name: 'test' } },
      headers: { Prefer: 'code=404' },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toStrictEqual(example('ShowSecret', '404'));
  });
});
