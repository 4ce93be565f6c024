// The client the way a CSMS user calls it, against the mock serving generated/openapi.json: the
// shared example-mode mock (any credential passes) and, for AK/SK, a mock of its own that knows
// one access key and verifies every signature.
import { type RunningMock, startMock } from '@csms-openapi/mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asEchoed } from '../../../test/support/echo.js';
import { responseExamples, table } from '../../../test/support/openapi.js';
import { type CsmsClientOptions, CsmsError, createCsmsClient, RETRY_STATUSES } from '../src/index.js';
import { countedFetch } from './support/counted.js';
import { leakCapture } from './support/leaks.js';
import { argsFor, documentedExample, methodOf } from './support/operations.js';

const TOKEN = 'MIIZ-prism-test-token-0f9e8d7c6b5a';
const AK = 'HPUAZ2XVQWEEXAMPLE01';
const SK = 'prism-test-secret-key-EXAMPLE-9z8y7x';
const WRONG_SK = 'prism-test-WRONG-secret-key-EXAMPLE-1a';
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const leaks = leakCapture();
const client = (extra: Partial<CsmsClientOptions> = {}) =>
  createCsmsClient({ projectId: PROJECT, endpoint: inject('mockUrl'), credentials: { token: TOKEN }, retryBaseDelayMs: 1, ...extra });
const caught = (p: Promise<unknown>) => leaks.caught(p);

afterAll(() => {
  expect(leaks.count).toBeGreaterThan(0);
  expect(leaks.findSecrets([TOKEN, SK, WRONG_SK])).toEqual([]);
});

describe('token auth', () => {
  it('showSecret returns the vendor example, typed', async () => {
    const { secret } = await client().showSecret('test');
    expect({ secret }).toStrictEqual(documentedExample('ShowSecret', 200, 'seed'));
    expect(secret.state).toBe('ENABLED');
  });

  it('downloadSecretBlob returns the vendor blob byte for byte', async () => {
    const { secret_blob } = await client().downloadSecretBlob('test');
    expect({ secret_blob }).toStrictEqual(documentedExample('DownloadSecretBlob', 200));
    expect(secret_blob.startsWith(')CloudSecretManagementBackupV1.com')).toBe(true);
  });

  it('showSecretVersion(name, "latest") returns the value example; showSecretStage the stage', async () => {
    const { version } = await client().showSecretVersion('test', 'latest');
    // The example, with the names the request gave repeated in it (test/support/echo.ts).
    expect({ version }).toStrictEqual(asEchoed(documentedExample('ShowSecretVersion', 200), { version }, ['test']));
    expect(version.version_metadata.secret_name).toBe('test');
    expect(typeof version.secret_string).toBe('string');
    const { stage } = await client().showSecretStage('test', 'SYSCURRENT');
    expect({ stage }).toStrictEqual(asEchoed(documentedExample('ShowSecretStage', 200), { stage }, ['test', 'SYSCURRENT']));
  });

  it('named examples come back with Prefer: example=…', async () => {
    const { secret } = await client().showSecret('test', { headers: { Prefer: 'example=pending_delete' } });
    expect(secret.state).toBe('PENDING_DELETE');
    const { version } = await client().showSecretVersion('test', 'latest', { headers: { Prefer: 'example=binary' } });
    expect({ version }).toStrictEqual(asEchoed(documentedExample('ShowSecretVersion', 200, 'binary'), { version }, ['test']));
  });

  it('a request that loses its token gets 401, as a CsmsError with the gateway code', async () => {
    const stripToken = (input: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      headers.delete('X-Auth-Token');
      return fetch(input, { ...init, headers });
    };
    const e = await caught(client({ fetch: stripToken }).showSecret('test'));
    const body = documentedExample('ShowSecret', 401) as { error_code: string; error_msg: string };
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
  it('every operation documents errors', () => {
    expect(new Set(cases.map((c) => c.operationId))).toEqual(new Set(Object.keys(table.operations)));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const op = table.operations[c.operationId]!;
    const status = Number(c.status);
    // Only 429 is repeated for an operation that is not safe to repeat (x-idempotent: false).
    const retried = RETRY_STATUSES.has(status) && (op.idempotent || status === 429);
    const net = countedFetch();
    const prefer = c.exampleName === '(inline example)' ? `code=${status}` : `code=${status}, example=${c.exampleName}`;
    const csms = client({ retries: 1, fetch: net.fetch });
    const e = await caught(methodOf(csms, op)(...argsFor(op, { options: { headers: { Prefer: prefer } } })));
    // Flat, or wrapped in `error` where CSMS wraps its errors (WrappedError): the client reads both.
    const value = c.value as { error_code?: string; error_msg?: string; error?: { error_code: string; error_msg: string } };
    const body = { ...value, ...value.error };
    expect(e).toMatchObject({
      name: 'CsmsError',
      kind: 'http',
      status,
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
    ['.', '"." is not allowed.'],
    ['..', '".." is not allowed.'],
    ['a/b', 'character 2 ("/") is not allowed (expected ^[a-zA-Z0-9._-]{1,64}$).'],
    ['', 'shorter than 1 characters.'],
    ['x'.repeat(65), 'longer than 64 characters.'],
  ])('secret name %j is rejected', async (name, problem) => {
    const net = countedFetch();
    const e = await caught(client({ fetch: net.fetch }).showSecret(name));
    expect(e).toMatchObject({ kind: 'invalid-argument', operation: 'ShowSecret', attempts: 0 });
    expect(e.message).toBe(`Invalid secret_name: ${problem}`);
    expect(net.sent).toHaveLength(0);
  });

  it('a name with periods, such as db.password, is valid: the mock answers 200', async () => {
    const shown = await client().showSecret('db.password');
    expect(shown).toStrictEqual(asEchoed(documentedExample('ShowSecret', 200), shown, ['db.password']));
    expect(shown.secret.name).toBe('db.password');
    const blob = await client().downloadSecretBlob('.env.production');
    expect(blob).toStrictEqual(asEchoed(documentedExample('DownloadSecretBlob', 200), blob, ['.env.production']));
  });

  it('a token pasted as the secret name is not repeated in the error', async () => {
    const e = await caught(client().downloadSecretBlob(`${TOKEN}/x`));
    expect(e.message).toBe('Invalid secret_name: character 35 ("/") is not allowed (expected ^[a-zA-Z0-9._-]{1,64}$).');
    const long = await caught(client().showSecretVersion('test', `${TOKEN}${TOKEN}`));
    expect(long.message).toBe('Invalid version_id: longer than 64 characters.');
  });

  it.each([
    [{ projectId: 'my-project' }, /^Invalid projectId: shorter than 32 characters\.$/],
    [
      { projectId: 'my-project-000000000000000000000' },
      /^Invalid projectId: character 3 \("-"\) is not allowed \(expected \^\[a-zA-Z0-9\]\{32\}\$\)\.$/,
    ],
    [{ projectId: undefined }, /^Invalid projectId: expected a string, got undefined\.$/],
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

describe('AK/SK auth against a mock that knows one access key and verifies signatures', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ accessKeys: [{ ak: AK, sk: SK }] });
  });
  afterAll(() => mock.close());
  const signed = (sk: string, ak = AK) => {
    const net = countedFetch();
    return { csms: createCsmsClient({ projectId: PROJECT, endpoint: mock.url, credentials: { ak, sk }, fetch: net.fetch }), net };
  };

  it('a correct signature gets 200, on a GET and on a POST with a JSON body', async () => {
    const { csms, net } = signed(SK);
    const { secret } = await csms.showSecret('test');
    expect({ secret }).toStrictEqual(documentedExample('ShowSecret', 200));
    expect(net.sent[0]!.headers.get('authorization')).toMatch(
      /^SDK-HMAC-SHA256 Access=HPUAZ2XVQWEEXAMPLE01, SignedHeaders=host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
    expect(net.sent[0]!.headers.get('x-project-id')).toBe(PROJECT);
    expect(net.sent[0]!.headers.has('x-auth-token')).toBe(false);
    const restore = table.operations.UploadSecretBlob!;
    const body = restore.body!.example as { secret_blob: string };
    await expect(csms.uploadSecretBlob({ body })).resolves.toStrictEqual(documentedExample(restore, 200));
    expect(net.sent[1]!.headers.get('authorization')).toMatch(/SignedHeaders=content-type;host;x-project-id;x-sdk-date, /);
    expect(mock.requests.map((r) => [r.operation, r.status])).toEqual([
      ['ShowSecret', 200],
      ['UploadSecretBlob', 200],
    ]);
  });

  it('a wrong SK gets the 401 APIGW.0301, once (a 401 is not retried)', async () => {
    mock.reset();
    const e = await caught(signed(WRONG_SK).csms.showSecret('test'));
    // The gateway's message for a signature it could not verify.
    const body = documentedExample('ShowSecret', 401, 'aksk_signature') as { error_code: string; error_msg: string };
    expect(e).toMatchObject({ kind: 'http', status: 401, code: 'APIGW.0301', message: body.error_msg, attempts: 1 });
    expect(mock.requests.map((r) => r.status)).toEqual([401]);
  });

  it('an unknown AK gets the 401 too', async () => {
    const e = await caught(signed(SK, 'HPUAZ2XVQWEEXAMPLE99').csms.showSecretVersion('test', 'latest'));
    expect(e).toMatchObject({ kind: 'http', status: 401, code: 'APIGW.0301', operation: 'ShowSecretVersion' });
  });

  it('once access keys are configured, an unconfigured X-Auth-Token does not pass either', async () => {
    const csms = createCsmsClient({ projectId: PROJECT, endpoint: mock.url, credentials: { token: TOKEN } });
    const e = await caught(csms.showSecret('test'));
    expect(e).toMatchObject({ kind: 'http', status: 401, code: 'APIGW.0301' });
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
    expect(error).toStrictEqual(documentedExample('ShowSecret', 404));
  });

  it('a query and a JSON body go through raw as well', async () => {
    const net = countedFetch();
    const csms = client({ fetch: net.fetch });
    const list = await csms.raw.GET('/v1/{project_id}/secrets', { params: { path: { project_id: PROJECT }, query: { limit: 5 } } });
    expect(list.data).toStrictEqual(documentedExample('ListSecrets', 200));
    expect(net.sent[0]!.url).toBe(`${inject('mockUrl')}/v1/${PROJECT}/secrets?limit=5`);
    const restore = table.operations.UploadSecretBlob!;
    const restored = await csms.raw.POST('/v1/{project_id}/secrets/restore', {
      params: { path: { project_id: PROJECT } },
      body: restore.body!.example as { secret_blob: string },
    });
    expect(restored.data).toStrictEqual(documentedExample(restore, 200));
    expect(await net.sent[1]!.json()).toStrictEqual(restore.body!.example);
  });
});
