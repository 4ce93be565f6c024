// Driving the mock while a test runs (issue 17 §3): putSecretValue adds a version and moves the
// stages as CSMS does, the journal records answered requests without credentials or values,
// reset() returns to the configured state; the same over HTTP under /_mock/ when `admin` is on
// (startMock and `csms-mock --admin`), and nothing there when it is off.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkConfig, JOURNAL_LIMIT, loadSpec, type MockOptions, MockUsageError, type RunningMock, startMock } from '@csms-openapi/mock';
import { createEngine } from '../src/engine.js';
import { createSigner, sdkDate } from '../../client/src/index.js';
import { COMPONENT, validate } from '../../../test/support/openapi.js';
import { useScratchDir } from '../../../test/support/scratch.js';
import { call, fingerprint, type Json, op, startCli, stopCli, target, EXAMPLE_SECRETS } from './helpers.js';

const TOKEN = `journal-token-${randomBytes(8).toString('hex')}`;
const AK = 'HPUAADMINTESTEXAMPLE';
const SK = `admin-sk-${randomBytes(8).toString('hex')}`;
const OPTIONS: MockOptions = {
  secrets: [...EXAMPLE_SECRETS],
  tokens: [TOKEN],
  accessKeys: [{ ak: AK, sk: SK }],
  faults: [{ secretName: 'flaky', status: 500, times: 1 }],
};
const H = { 'X-Auth-Token': TOKEN };
/** The mock's answer to a path the API does not have (the gateway's "no such API"). */
const NO_SUCH_PATH = { error_code: 'APIGW.0101', error_msg: 'No API matches this path' };
const showSecret = op('ShowSecret');
const showVersion = op('ShowSecretVersion');
const showStage = op('ShowSecretStage');
const listSecrets = op('ListSecrets');
const listVersions = op('ListSecretVersions');

/** Each version's id and stages, oldest first. */
const stagesOf = async (url: string, name: string) => {
  const list = await call(url, listVersions, { params: { secret_name: name }, headers: H });
  return (list.body.version_metadatas as Json[]).map((v) => [v.id, v.version_stages]);
};
/** The version a stage points at (undefined when the stage does not exist). */
const stage = async (url: string, name: string, stageName: string) => {
  const answer = await call(url, showStage, { params: { secret_name: name, stage_name: stageName }, headers: H });
  return answer.status === 200 ? (answer.body.stage.version_id as string) : undefined;
};

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock(OPTIONS);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('putSecretValue', () => {
  it('adds a version: it becomes SYSCURRENT, the old current SYSPREVIOUS, the one before loses its stage', async () => {
    const metadata = await mock.putSecretValue('db-password', { value: 'rotated-value' });
    expect(validate(COMPONENT.schema('VersionMetadata'), metadata)).toEqual([]);
    expect(metadata).toMatchObject({ id: 'v3', secret_name: 'db-password', version_stages: ['SYSCURRENT'] });
    expect(await stagesOf(mock.url, 'db-password')).toEqual([
      ['v1', []],
      ['v2', ['SYSPREVIOUS']],
      ['v3', ['SYSCURRENT']],
    ]);
    expect(await stage(mock.url, 'db-password', 'SYSCURRENT')).toBe('v3');
    expect(await stage(mock.url, 'db-password', 'SYSPREVIOUS')).toBe('v2');
    const latest = await call(mock.url, showVersion, { params: { secret_name: 'db-password', version_id: 'latest' }, headers: H });
    expect(latest.body.version.version_metadata.id).toBe('v3');
    expect(fingerprint(latest.body.version.secret_string), 'the new value').toBe(fingerprint('rotated-value'));
  });

  it('with stages: those stages move to the new version; SYSPREVIOUS follows only when SYSCURRENT moves', async () => {
    await mock.putSecretValue('tls-key', { binary: 'BQYHCA==' }, { stages: ['blue'] });
    expect(await stagesOf(mock.url, 'tls-key')).toEqual([
      ['v7', ['SYSCURRENT']],
      ['v8', ['blue']],
    ]);
    expect(await stage(mock.url, 'tls-key', 'SYSPREVIOUS')).toBeUndefined();
    await mock.putSecretValue('tls-key', { value: 'now-text' }, { stages: ['SYSCURRENT', 'green'] });
    expect(await stagesOf(mock.url, 'tls-key')).toEqual([
      ['v7', ['SYSPREVIOUS']],
      ['v8', ['blue']],
      ['v9', ['SYSCURRENT', 'green']],
    ]);
    expect(await stage(mock.url, 'tls-key', 'green')).toBe('v9');
    const v8 = await call(mock.url, showVersion, { params: { secret_name: 'tls-key', version_id: 'v8' }, headers: H });
    expect(fingerprint(v8.body.version.secret_binary), 'binary value').toBe(fingerprint('BQYHCA=='));
  });

  it('creates a secret that does not exist: ENABLED, one version v1 SYSCURRENT, listed after the configured ones', async () => {
    expect((await call(mock.url, showSecret, { params: { secret_name: 'brand-new' }, headers: H })).status).toBe(404);
    await mock.putSecretValue('brand-new', { value: 'first-value' });
    const shown = await call(mock.url, showSecret, { params: { secret_name: 'brand-new' }, headers: H });
    expect(shown.status).toBe(200);
    expect(shown.body.secret).toMatchObject({ name: 'brand-new', state: 'ENABLED' });
    expect(await stagesOf(mock.url, 'brand-new')).toEqual([['v1', ['SYSCURRENT']]]);
    const names = (await call(mock.url, listSecrets, { headers: H })).body.secrets.map((s: Json) => s.name);
    expect(names).toEqual(['db-password', 'tls-key', 'brand-new']);
  });

  it.each([
    ['a name that is not a secret_name', 'a b', { value: 'hunter2-usage' }, undefined],
    ['a name that is not a string', 42, { value: 'hunter2-usage' }, undefined],
    ['both value and binary', 'db-password', { value: 'hunter2-usage', binary: 'AAAA' }, undefined],
    ['neither', 'db-password', {}, undefined],
    ['no value object', 'db-password', null, undefined],
    ['a value that is not a string', 'db-password', { value: 12345 }, undefined],
    ['binary that is not Base64', 'db-password', { binary: 'hunter2-usage!' }, undefined],
    ['an empty stage list', 'db-password', { value: 'hunter2-usage' }, { stages: [] }],
    ['a bad stage name', 'db-password', { value: 'hunter2-usage' }, { stages: ['no spaces allowed'] }],
    ['stages that are not a list', 'db-password', { value: 'hunter2-usage' }, { stages: 'SYSCURRENT' }],
  ])('%s: rejects with MockUsageError (not quoting the value) and changes nothing', async (_what, name, value, options) => {
    const before = await stagesOf(mock.url, 'db-password');
    const error = await mock.putSecretValue(name as never, value as never, options as never).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MockUsageError);
    expect((error as Error).message).not.toContain('hunter2');
    expect(await stagesOf(mock.url, 'db-password')).toEqual(before);
  });

  it('a mock answering the document’s examples (no secrets) refuses it with MockUsageError', async () => {
    const examples = await startMock();
    try {
      await expect(examples.putSecretValue('db-password', { value: 'x' })).rejects.toBeInstanceOf(MockUsageError);
    } finally {
      await examples.close();
    }
  });
});

describe('the journal', () => {
  it('records every answered request: time, method, operation, secret name, status and the answer’s X-Request-Id', async () => {
    const t0 = new Date().toISOString();
    const sign = async (url: URL) => {
      const headers = { 'X-Sdk-Date': sdkDate(new Date()), 'X-Project-Id': '0'.repeat(32) };
      const { authorization } = await createSigner({ ak: AK, sk: SK })({ method: 'GET', url, headers });
      return { ...headers, Authorization: authorization };
    };
    const versionPath = { secret_name: 'db-password', version_id: 'v2' };
    const signed = await sign(new URL(target(showVersion, { params: versionPath }), mock.url));
    const answers = [
      await call(mock.url, showVersion, { params: versionPath, headers: H }),
      await call(mock.url, showVersion, { params: versionPath, headers: signed }),
      await call(mock.url, showSecret, { params: { secret_name: 'nope' }, headers: H }),
      await call(mock.url, showSecret, { params: { secret_name: 'db-password' }, headers: { 'X-Auth-Token': 'wrong' } }),
      await call(mock.url, listSecrets, { headers: H }),
      await call(mock.url, showSecret, { params: { secret_name: 'flaky' }, headers: H }),
    ];
    await mock.putSecretValue('db-password', { value: 'journal-new-value' });
    const t1 = new Date().toISOString();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 401, 200, 500]);
    const journal = mock.requests;
    expect(journal.map(({ time: _t, ...entry }) => entry)).toEqual([
      {
        method: 'GET',
        operation: 'ShowSecretVersion',
        params: versionPath,
        secretName: 'db-password',
        status: 200,
        requestId: answers[0]!.requestId,
      },
      {
        method: 'GET',
        operation: 'ShowSecretVersion',
        params: versionPath,
        secretName: 'db-password',
        status: 200,
        requestId: answers[1]!.requestId,
      },
      {
        method: 'GET',
        operation: 'ShowSecret',
        params: { secret_name: 'nope' },
        secretName: 'nope',
        status: 404,
        requestId: answers[2]!.requestId,
      },
      {
        method: 'GET',
        operation: 'ShowSecret',
        params: { secret_name: 'db-password' },
        secretName: 'db-password',
        status: 401,
        requestId: answers[3]!.requestId,
      },
      // No path parameter but the project, which the journal leaves out (the client fills it, x-client-option).
      { method: 'GET', operation: 'ListSecrets', params: {}, secretName: undefined, status: 200, requestId: answers[4]!.requestId },
      {
        method: 'GET',
        operation: 'ShowSecret',
        params: { secret_name: 'flaky' },
        secretName: 'flaky',
        status: 500,
        requestId: answers[5]!.requestId,
      },
    ]);
    for (const { time } of journal) {
      expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(time >= t0 && time <= t1, 'time within the test').toBe(true);
    }
    // Never a credential or a value, in any form.
    const text = JSON.stringify(journal);
    const signature = /Signature=([0-9a-f]{64})$/.exec(signed.Authorization)![1]!;
    const leaked = [TOKEN, SK, AK, signature, 'old-password', 's3cr3t', 'AAECAwQ=', 'journal-new-value'].filter((v) => text.includes(v));
    expect(leaked.length, 'credentials or values in the journal').toBe(0);
    expect(/SDK-HMAC-SHA256|[0-9a-f]{64}|authorization|x-auth-token/i.test(text), 'credential-like text in the journal').toBe(false);
  });

  it(`keeps the newest ${JOURNAL_LIMIT} entries, so a long run cannot grow it without bound`, async () => {
    const spec = loadSpec();
    const engine = createEngine(spec, checkConfig(spec, { secrets: [{ name: 'db-password' }] }));
    const path = target(showSecret, { params: { secret_name: 'db-password' } });
    const request = (i: number) => ({
      method: 'GET',
      target: `${path}?n=${i}`,
      header: (name: string) => (name === 'x-auth-token' ? 'any' : undefined),
      body: new Uint8Array(),
    });
    const ids: string[] = [];
    for (let i = 0; i < JOURNAL_LIMIT + 25; i++) {
      const outcome = await engine.handle(request(i));
      if (outcome && !('reset' in outcome)) ids.push(outcome.headers['x-request-id']!);
    }
    const journal = engine.requests;
    expect(journal).toHaveLength(JOURNAL_LIMIT);
    expect(journal[0]!.requestId).toBe(ids[25]);
    expect(journal.at(-1)!.requestId).toBe(ids.at(-1));
  });

  it('is a copy: changing it changes nothing in the mock', async () => {
    await call(mock.url, showSecret, { params: { secret_name: 'db-password' }, headers: H });
    const journal = mock.requests as Json[];
    journal[0].status = 999;
    journal.length = 0;
    expect(mock.requests.map((e) => e.status)).toEqual([200]);
  });
});

describe('reset()', () => {
  it('returns to the configured state: put versions and created secrets gone, journal empty, fault counts restarted', async () => {
    const configured = await stagesOf(mock.url, 'db-password');
    expect((await call(mock.url, showSecret, { params: { secret_name: 'flaky' }, headers: H })).status).toBe(500);
    expect((await call(mock.url, showSecret, { params: { secret_name: 'flaky' }, headers: H })).status).toBe(404);
    await mock.putSecretValue('db-password', { value: 'to-be-forgotten' });
    await mock.putSecretValue('created', { value: 'to-be-forgotten' });
    expect(mock.requests.length).toBeGreaterThan(0);
    mock.reset();
    expect(mock.requests).toEqual([]);
    expect(await stagesOf(mock.url, 'db-password')).toEqual(configured);
    const latest = await call(mock.url, showVersion, { params: { secret_name: 'db-password', version_id: 'latest' }, headers: H });
    expect(fingerprint(latest.body.version.secret_string), 'the configured value').toBe(fingerprint('s3cr3t'));
    expect((await call(mock.url, showSecret, { params: { secret_name: 'created' }, headers: H })).status).toBe(404);
    // `times: 1` counts again from zero.
    expect((await call(mock.url, showSecret, { params: { secret_name: 'flaky' }, headers: H })).status).toBe(500);
  });
});

/** A request to a control endpoint: status, content type, X-Request-Id, parsed body. */
async function control(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type');
  expect(response.headers.get('x-request-id'), `${method} ${path}: X-Request-Id`).toMatch(/^[0-9a-f]{32}$/);
  return { status: response.status, type, body: type?.includes('json') ? (JSON.parse(text) as Json) : text };
}

/** The HTTP control endpoints, the same for startMock({ admin: true }) and `csms-mock --admin`. */
async function exerciseAdmin(url: string) {
  const put = await control(url, 'POST', '/_mock/secrets/db-password/versions', { value: 'via-http', stages: ['SYSCURRENT'] });
  expect(put.status).toBe(201);
  expect(put.body.version_metadata).toMatchObject({ id: 'v3', secret_name: 'db-password', version_stages: ['SYSCURRENT'] });
  expect(validate(COMPONENT.schema('VersionMetadata'), put.body.version_metadata)).toEqual([]);
  expect(await stagesOf(url, 'db-password')).toEqual([
    ['v1', []],
    ['v2', ['SYSPREVIOUS']],
    ['v3', ['SYSCURRENT']],
  ]);
  const binary = await control(url, 'POST', '/_mock/secrets/new-one/versions', { binary: 'AAEC' });
  expect(binary.status).toBe(201);
  for (const bad of ['not json', '{}', JSON.stringify({ value: 'x', binary: 'AAAA' }), JSON.stringify({ value: 'x', stages: [] })]) {
    const refused = await control(url, 'POST', '/_mock/secrets/db-password/versions', bad);
    expect(refused, bad).toMatchObject({ status: 400, type: 'application/problem+json' });
  }
  expect((await control(url, 'POST', '/_mock/secrets/a%20b/versions', { value: 'x' })).status).toBe(400);

  const journal = await control(url, 'GET', '/_mock/requests');
  expect(journal.status).toBe(200);
  // Only the API's requests (the stagesOf calls above), not the control requests.
  expect((journal.body.requests as Json[]).map((e) => e.operation)).toEqual(['ListSecretVersions']);
  expect(Object.keys(journal.body.requests[0]).sort()).toEqual([
    'method',
    'operation',
    'params',
    'requestId',
    'secretName',
    'status',
    'time',
  ]);

  expect(await control(url, 'GET', '/_mock/reset')).toMatchObject({ status: 404 });
  expect(await control(url, 'POST', '/_mock/reset')).toMatchObject({ status: 204, body: '' });
  expect((await control(url, 'GET', '/_mock/requests')).body).toEqual({ requests: [] });
  expect(await stagesOf(url, 'db-password')).toEqual([
    ['v1', ['SYSPREVIOUS']],
    ['v2', ['SYSCURRENT']],
  ]);
  expect((await call(url, showSecret, { params: { secret_name: 'new-one' }, headers: H })).status).toBe(404);
}

describe('the control endpoints over HTTP', () => {
  it('startMock({ admin: true }): POST /_mock/secrets/{name}/versions, GET /_mock/requests, POST /_mock/reset', async () => {
    const admin = await startMock({ ...OPTIONS, admin: true });
    try {
      await exerciseAdmin(admin.url);
      // The same journal as in code.
      await call(admin.url, showSecret, { params: { secret_name: 'db-password' }, headers: H });
      expect((await control(admin.url, 'GET', '/_mock/requests')).body.requests).toEqual(admin.requests);
    } finally {
      await admin.close();
    }
  });

  it.each([
    ['admin off (the default)', {}],
    ['admin: false', { admin: false }],
  ])('with %s, /_mock/… is the mock’s "No such path" 404 and changes nothing', async (_what, extra) => {
    const plain = await startMock({ ...OPTIONS, ...extra });
    try {
      for (const [method, path, body] of [
        ['GET', '/_mock/requests'],
        ['POST', '/_mock/reset'],
        ['POST', '/_mock/secrets/db-password/versions', { value: 'x' }],
      ] as const) {
        const answer = await control(plain.url, method, path, body);
        expect(answer, `${method} ${path}`).toMatchObject({ status: 404, type: 'application/json', body: NO_SUCH_PATH });
      }
      expect(await stagesOf(plain.url, 'db-password')).toEqual([
        ['v1', ['SYSPREVIOUS']],
        ['v2', ['SYSCURRENT']],
      ]);
    } finally {
      await plain.close();
    }
  });
});

describe('csms-mock --admin', () => {
  const scratch = useScratchDir('csms-mock-admin');

  async function cli(args: string[]) {
    const run = await startCli(args);
    return { url: run.url, stop: () => stopCli(run) };
  }

  it('serves the control endpoints from a config file; without the flag they are the "No such path" 404', async () => {
    const config = path.join(scratch.dir, 'mock.json');
    await fs.writeFile(config, JSON.stringify(OPTIONS));
    const admin = await cli(['--admin', '--config', config]);
    try {
      await exerciseAdmin(admin.url);
    } finally {
      expect(await admin.stop()).toBe(0);
    }
    const plain = await cli(['--config', config]);
    try {
      expect(await control(plain.url, 'POST', '/_mock/reset')).toMatchObject({ status: 404, body: NO_SUCH_PATH });
    } finally {
      expect(await plain.stop()).toBe(0);
    }
  });
});
