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

/**
 * A request to a control endpoint, as a test suite sends it (a POST says Content-Type:
 * application/json unless `headers` says otherwise): status, content type, X-Request-Id, the
 * CORS grant if any, parsed body.
 */
async function controlRequest(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type');
  expect(response.headers.get('x-request-id'), `${method} ${path}: X-Request-Id`).toMatch(/^[0-9a-f]{32}$/);
  return {
    status: response.status,
    type,
    allowOrigin: response.headers.get('access-control-allow-origin'),
    body: type?.includes('json') ? (JSON.parse(text) as Json) : text,
  };
}

/** The HTTP control endpoints, the same for startMock({ admin: true }) and `csms-mock --admin` (`auth`: the admin token's header). */
async function exerciseAdmin(url: string, auth: Record<string, string> = {}) {
  const control = (at: string, method: string, path: string, body?: unknown) => controlRequest(at, method, path, body, auth);
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
      expect((await controlRequest(admin.url, 'GET', '/_mock/requests')).body.requests).toEqual(admin.requests);
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
        const answer = await controlRequest(plain.url, method, path, body);
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

/** What a web page on another origin can make a browser send: a "simple" request needs no preflight. */
const EVIL = 'http://evil.example';
const CONFIGURED_STAGES = [
  ['v1', ['SYSPREVIOUS']],
  ['v2', ['SYSCURRENT']],
];

describe('the control endpoints refuse what a web page can send (issue 25)', () => {
  let admin: RunningMock;
  beforeAll(async () => {
    admin = await startMock({ ...OPTIONS, admin: true });
  });
  afterAll(() => admin.close());
  beforeEach(() => admin.reset());

  it('a cross-origin text/plain POST (no preflight) does not add a version: 403, no CORS grant', async () => {
    const put = await controlRequest(admin.url, 'POST', '/_mock/secrets/db-password/versions', '{"value":"attacker-value"}', {
      Origin: EVIL,
      'Content-Type': 'text/plain',
    });
    expect(put).toMatchObject({ status: 403, type: 'application/problem+json', allowOrigin: null });
    expect(put.body).toMatchObject({ status: 403, title: 'Refused: a request sent by a web page' });
    expect(put.body.detail).toContain('Origin');
    expect(await stagesOf(admin.url, 'db-password')).toEqual(CONFIGURED_STAGES);
  });

  it('a cross-origin POST /_mock/reset does not wipe the state', async () => {
    await admin.putSecretValue('db-password', { value: 'kept-value' });
    for (const type of ['text/plain', 'application/json']) {
      const reset = await controlRequest(admin.url, 'POST', '/_mock/reset', undefined, { Origin: EVIL, 'Content-Type': type });
      expect(reset, type).toMatchObject({ status: 403, allowOrigin: null });
    }
    expect((await stagesOf(admin.url, 'db-password')).at(-1)).toEqual(['v3', ['SYSCURRENT']]);
  });

  it('a preflight to /_mock/ is not granted to any origin; the API’s own paths still are', async () => {
    const preflight = (path: string, origin: string) =>
      fetch(`${admin.url}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
    for (const path of ['/_mock/reset', '/_mock/secrets/db-password/versions', '/_mock/requests']) {
      for (const origin of [EVIL, admin.url]) {
        const answer = await preflight(path, origin);
        expect(answer.status, `${path} from ${origin}`).toBe(403);
        expect(answer.headers.get('access-control-allow-origin'), `${path} from ${origin}`).toBeNull();
        expect(answer.headers.get('access-control-allow-methods')).toBeNull();
        expect(answer.headers.get('access-control-allow-headers')).toBeNull();
      }
    }
    // A browser app under test still calls the API itself.
    const api = await preflight(target(listSecrets), EVIL);
    expect(api.status).toBe(204);
    expect(api.headers.get('access-control-allow-origin')).toBe(EVIL);
  });

  it.each([
    ['Origin: http://evil.example', { Origin: EVIL }],
    ['Origin: null (a sandboxed frame)', { Origin: 'null' }],
    ['Origin: the mock’s own URL', 'own'],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['Sec-Fetch-Site: same-origin (a DNS-rebinding page)', { 'Sec-Fetch-Site': 'same-origin' }],
  ])('%s: every control endpoint answers 403 and changes nothing', async (_what, marker) => {
    await admin.putSecretValue('db-password', { value: 'kept-value' });
    const headers: Record<string, string> = typeof marker === 'string' ? { Origin: admin.url } : marker;
    for (const [method, path, body] of [
      ['GET', '/_mock/requests'],
      ['POST', '/_mock/reset'],
      ['POST', '/_mock/secrets/db-password/versions', { value: 'attacker-value' }],
    ] as const) {
      const answer = await controlRequest(admin.url, method, path, body, headers);
      expect(answer, `${method} ${path}`).toMatchObject({ status: 403, type: 'application/problem+json', allowOrigin: null });
      expect(JSON.stringify(answer.body)).not.toContain('requests');
    }
    expect((await stagesOf(admin.url, 'db-password')).at(-1)).toEqual(['v3', ['SYSCURRENT']]);
  });

  it('what a person types in the address bar (Sec-Fetch-Site: none) still reads the journal', async () => {
    const journal = await controlRequest(admin.url, 'GET', '/_mock/requests', undefined, { 'Sec-Fetch-Site': 'none' });
    expect(journal).toMatchObject({ status: 200, body: { requests: [] } });
  });

  it.each([
    ['text/plain', { 'Content-Type': 'text/plain' }],
    ['application/x-www-form-urlencoded', { 'Content-Type': 'application/x-www-form-urlencoded' }],
    ['multipart/form-data', { 'Content-Type': 'multipart/form-data; boundary=x' }],
    ['application/jsonp', { 'Content-Type': 'application/jsonp' }],
    ['no Content-Type', {}],
  ])('a POST that is not application/json (%s) answers 415 and changes nothing', async (_what, headers) => {
    await admin.putSecretValue('db-password', { value: 'kept-value' });
    const put = await fetch(`${admin.url}/_mock/secrets/db-password/versions`, {
      method: 'POST',
      headers,
      body: new Blob(['{"value":"attacker-value"}']),
    });
    expect(put.status).toBe(415);
    expect(await put.json()).toMatchObject({ status: 415, title: 'Content-Type must be application/json' });
    const reset = await fetch(`${admin.url}/_mock/reset`, { method: 'POST', headers });
    expect(reset.status).toBe(415);
    expect((await stagesOf(admin.url, 'db-password')).at(-1)).toEqual(['v3', ['SYSCURRENT']]);
    // With its parameters, application/json passes.
    const json = await controlRequest(admin.url, 'POST', '/_mock/reset', undefined, { 'Content-Type': 'application/json; charset=utf-8' });
    expect(json.status).toBe(204);
  });
});

describe('a malformed percent-escape in a control path (issue 25, medium)', () => {
  it.each([['%zz'], ['%E0%A4%A'], ['%'], ['ok%FF']])(
    '/_mock/secrets/%s/versions answers 400 with a readable problem, changes nothing',
    async (name) => {
      const admin = await startMock({ ...OPTIONS, admin: true });
      try {
        const answer = await controlRequest(admin.url, 'POST', `/_mock/secrets/${name}/versions`, { value: 'x' });
        expect(answer).toMatchObject({ status: 400, type: 'application/problem+json' });
        expect(answer.body).toEqual({
          type: 'about:blank',
          title: 'Malformed path',
          status: 400,
          detail: 'a percent-escape in the path does not decode',
        });
        // The server is still up and nothing was stored.
        expect(await stagesOf(admin.url, 'db-password')).toEqual(CONFIGURED_STAGES);
        expect((await controlRequest(admin.url, 'GET', '/_mock/requests%zz')).status).toBe(400);
      } finally {
        await admin.close();
      }
    },
  );
});

describe('admin: { token }', () => {
  const ADMIN_TOKEN = `admin-${randomBytes(12).toString('hex')}`;
  const BEARER = { Authorization: `Bearer ${ADMIN_TOKEN}` };
  const scratch = useScratchDir('csms-mock-admin-token');

  /** Every control endpoint refuses `headers` with 401, quoting no token, and the state stays. */
  async function refusesWithout(url: string, headers: Record<string, string>) {
    for (const [method, path, body] of [
      ['GET', '/_mock/requests'],
      ['POST', '/_mock/reset'],
      ['POST', '/_mock/secrets/db-password/versions', { value: 'attacker-value' }],
      ['POST', '/_mock/nothing-here'],
    ] as const) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', ...headers },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      expect(response.status, `${method} ${path} with ${JSON.stringify(Object.keys(headers))}`).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="csms-mock control endpoints"');
      expect(JSON.parse(text)).toMatchObject({ status: 401, title: 'The admin token is missing or wrong' });
      expect(text).not.toContain(ADMIN_TOKEN);
      expect(text).not.toContain(ADMIN_TOKEN.slice(0, 12));
    }
    expect(await stagesOf(url, 'db-password')).toEqual(CONFIGURED_STAGES);
  }
  const WRONG: Record<string, string>[] = [
    {},
    { Authorization: 'Bearer wrong' },
    { Authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}x` }, // same length, last character differs
    { Authorization: `Bearer ${ADMIN_TOKEN}x` },
    { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` },
    { Authorization: ADMIN_TOKEN },
    { 'X-Auth-Token': ADMIN_TOKEN },
  ];

  it('startMock: only Authorization: Bearer <token> passes; anything else is 401 and changes nothing', async () => {
    const mock = await startMock({ ...OPTIONS, admin: { token: ADMIN_TOKEN } });
    try {
      for (const headers of WRONG) await refusesWithout(mock.url, headers);
      mock.reset(); // the journal starts empty for exerciseAdmin
      await exerciseAdmin(mock.url, BEARER);
      // The browser check comes first: the right token from a web page is still refused.
      const fromPage = await controlRequest(mock.url, 'GET', '/_mock/requests', undefined, { ...BEARER, Origin: EVIL });
      expect(fromPage.status).toBe(403);
    } finally {
      await mock.close();
    }
  });

  it('csms-mock --admin with the token in its config file (the flag does not drop it); the token is never logged', async () => {
    const config = path.join(scratch.dir, 'mock.json');
    await fs.writeFile(config, JSON.stringify({ ...OPTIONS, admin: { token: ADMIN_TOKEN } }));
    const run = await startCli(['--admin', '--config', config, '--log-level', 'debug']);
    try {
      for (const headers of WRONG) await refusesWithout(run.url, headers);
      expect((await controlRequest(run.url, 'POST', '/_mock/reset', undefined, BEARER)).status).toBe(204);
      await exerciseAdmin(run.url, BEARER);
    } finally {
      expect(await stopCli(run)).toBe(0);
    }
    expect(run.stderr()).not.toContain(ADMIN_TOKEN.slice(6));
    // startMock with the file and admin: true in code, likewise.
    const mock = await startMock({ config, admin: true });
    try {
      await refusesWithout(mock.url, {});
    } finally {
      await mock.close();
    }
  });

  it.each([
    [{ admin: 'yes' }, 'mock options: admin must be true, false or { token }'],
    [{ admin: [] }, 'mock options: admin must be true, false or { token }'],
    [{ admin: { token: '' } }, 'mock options: admin.token must be a non-empty string of printable ASCII characters without spaces'],
    [
      { admin: { token: 'has space-hunter2' } },
      'mock options: admin.token must be a non-empty string of printable ASCII characters without spaces',
    ],
    [{ admin: { token: 12345 } }, 'mock options: admin.token must be a non-empty string of printable ASCII characters without spaces'],
    [{ admin: { tokens: ['hunter2'] } }, 'mock options: admin: unknown key "tokens" (expected token)'],
  ])('refuses %j with one message that quotes no token', (options, message) => {
    const spec = loadSpec();
    expect(() => checkConfig(spec, options)).toThrow(message);
  });

  it('admin: true and admin: {} serve the endpoints without a token; admin: false does not serve them', () => {
    const spec = loadSpec();
    expect(checkConfig(spec, { admin: true }).admin).toEqual({});
    expect(checkConfig(spec, { admin: {} }).admin).toEqual({});
    expect(checkConfig(spec, { admin: { token: 'abc' } }).admin).toEqual({ token: 'abc' });
    expect(checkConfig(spec, { admin: false }).admin).toBeUndefined();
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
      expect(await controlRequest(plain.url, 'POST', '/_mock/reset')).toMatchObject({ status: 404, body: NO_SUCH_PATH });
    } finally {
      expect(await plain.stop()).toBe(0);
    }
  });
});
