// The MSW handlers answer every operation exactly as the HTTP mock does (issue 17 §3): for the
// same config, the same status, content type and body (request ids differ, one per answer), in
// success, 404, 400, 401 and the mock's own problem+json cases; and createMock's control
// methods behave as startMock's. The cases are generated from the operation table.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockOptions, type RunningMock, startMock } from '@csms-openapi/mock';
import { createMock } from '@csms-openapi/mock/msw';
import { deref, operations, spec } from '../../../test/support/openapi.js';
import { type Call, call, comparable, type Json, type Operation, op, EXAMPLE_SECRETS } from './helpers.js';

const ORIGIN = 'https://kms.parity.example';
const TOKEN = 'parity-token';
const H = { 'X-Auth-Token': TOKEN };
/** Both mocks' time: fixed, so a write answers the same times and ids in both. */
const T0 = 1_767_225_600_000;
/** A path parameter's example in the document (`SecretId`'s, `TagKey`'s…), by its name. */
const exampleOf = (name: string) =>
  Object.values((spec.components as { parameters: Record<string, { name: string; in: string; example?: string }> }).parameters).find(
    (p) => p.name === name && p.in === 'path',
  )?.example;
/** The secret, tag and event the document's examples name, so that example requests find them. */
const SECRET_ID = exampleOf('secret_id')!;
const TAG_KEY = exampleOf('key')!;
const EVENT = exampleOf('event_name')!;
const CONFIG: MockOptions = {
  secrets: [
    { ...EXAMPLE_SECRETS[0]!, id: SECRET_ID, tags: [{ key: TAG_KEY, value: 'payments' }] },
    ...EXAMPLE_SECRETS.slice(1),
    { name: 'api-key' },
    { name: 'retired', state: 'PENDING_DELETE' },
    { name: 'paused', state: 'DISABLED' },
    // A database secret, which rotates (a COMMON one does not).
    { name: 'rds-account', secret_type: 'RDS-FG' as const, versions: [{ value: '{"username":"app","password":"first"}' }] },
  ],
  // The event the examples name, as CreateSecretEvent's request example describes one.
  events: [{ ...(op('CreateSecretEvent').body!.example as object), name: EVENT } as never],
  tokens: [TOKEN],
  clock: () => T0,
};

/** Path parameter values, by parameter name: ones the config knows, and ones it does not. */
const KNOWN: Record<string, string[]> = {
  secret_name: ['db-password', 'tls-key', 'api-key', 'retired', 'paused', 'rds-account'],
  version_id: ['v1', 'v7', 'latest'],
  stage_name: ['SYSCURRENT', 'SYSPREVIOUS', 'blue'],
  secret_id: [SECRET_ID],
  key: [TAG_KEY],
  event_name: [EVENT],
  user_id: [exampleOf('user_id')!],
};
const UNKNOWN: Record<string, string> = {
  secret_name: 'no-such-secret',
  version_id: 'v99',
  stage_name: 'green',
  secret_id: '00000000-0000-4000-8000-000000000000',
  key: 'no-such-key',
  event_name: 'no-such-event',
};
/** Values each path parameter's schema refuses (a character none of them allows, or past its length). */
const INVALID: Record<string, string> = {
  project_id: 'not-a-project',
  secret_name: 'a b',
  version_id: 'a b',
  stage_name: 'a b',
  secret_id: 'not-a-uuid',
  key: 'k'.repeat(129),
  event_name: 'a b',
  user_id: 'a b',
};

/** A backup of a secret neither mock has, for the operations that take one in their body. */
const donorBlob: Record<string, string> = {};

interface Case {
  name: string;
  operation: Operation;
  call: Call;
  /** A request outside the operation's contract (negotiation, Prefer, method): not counted as reaching a documented status. */
  odd?: boolean;
}

/** Every case for one operation: the cross product of its path parameters' values, then the odd ones. */
function casesFor(operation: Operation): Case[] {
  const cases: Case[] = [];
  const params = operation.pathParams.filter((p) => p !== 'project_id');
  // A valid body: the document's example with its sensitive field (the blob) replaced by a real backup.
  const body = operation.body?.example
    ? {
        ...(operation.body.example as object),
        ...Object.fromEntries(operation.sensitive.request.filter((f) => donorBlob[f] !== undefined).map((f) => [f, donorBlob[f]])),
      }
    : undefined;
  const withBody = (c: Call): Call => (body === undefined ? c : { body, ...c });
  let combos: Record<string, string>[] = [{}];
  for (const p of params) combos = combos.flatMap((c) => [...(KNOWN[p] ?? []), UNKNOWN[p]!].map((v) => ({ ...c, [p]: v })));
  for (const combo of combos) cases.push({ name: JSON.stringify(combo), operation, call: withBody({ params: combo, headers: H }) });
  // A body field named like a path parameter (UpdateSecretStage's version_id) takes that
  // parameter's known values too: the document's example may name a version no config holds.
  for (const field of Object.keys(body ?? {}).filter((f) => KNOWN[f]))
    for (const value of KNOWN[field]!)
      for (const combo of combos)
        cases.push({
          name: `${JSON.stringify(combo)} with ${field} ${value}`,
          operation,
          call: { params: combo, body: { ...body, [field]: value }, headers: H },
        });
  for (const p of operation.pathParams)
    cases.push({ name: `invalid ${p}`, operation, call: withBody({ params: { ...combos[0], [p]: INVALID[p]! }, headers: H }) });
  const base = combos[0]!;
  for (const name of operation.queryParams.filter((q) => operation.params[q]!.required))
    cases.push({ name: `empty ${name}`, operation, call: withBody({ params: base, query: { [name]: '' }, headers: H }) });
  if (operation.paging) {
    for (const limit of [1, 0, 1001, 'x'])
      cases.push({ name: `limit ${limit}`, operation, call: { params: base, query: { [operation.paging.limit]: limit }, headers: H } });
    cases.push({ name: 'unknown marker', operation, call: { params: base, query: { [operation.paging.marker]: 'zzz' }, headers: H } });
  }
  if (operation.body) {
    cases.push({ name: 'the vendor example body', operation, call: { params: base, body: operation.body.example, headers: H } });
    cases.push({ name: 'a body that is not JSON', operation, call: { params: base, body: 'not json', headers: H } });
    cases.push({ name: 'no body', operation, call: { params: base, headers: H } });
    // Restoring the same backup again: the name now exists.
    if (body) cases.push({ name: 'the same backup again', operation, call: { params: base, body, headers: H } });
  }
  cases.push(
    { name: 'no credentials', operation, call: withBody({ params: base }) },
    { name: 'another token', operation, call: withBody({ params: base, headers: { 'X-Auth-Token': 'other' } }) },
  );
  for (const [name, call] of [
    ['Accept: application/xml', { headers: { ...H, Accept: 'application/xml' } }],
    ['Prefer: code=418', { headers: { ...H, Prefer: 'code=418' } }],
    ['Prefer: example=nope', { headers: { ...H, Prefer: 'example=nope' } }],
    ['a method it does not take', { headers: H, method: 'DELETE' }],
  ] as const)
    cases.push({ name, operation, call: withBody({ params: base, ...call }), odd: true });
  return cases;
}

let http: RunningMock;
const inProcess = createMock({ ...CONFIG, baseUrl: ORIGIN });
const server = setupServer(...inProcess.handlers);
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  http = await startMock(CONFIG);
  const donor = await startMock({ secrets: [{ name: 'from-a-backup' }] });
  try {
    for (const operation of operations.filter((o) => o.sensitive.request.length > 0)) {
      for (const field of operation.sensitive.request) {
        // A value only the service hands out (a backup's blob) comes from another mock; a value
        // the caller chooses (secret_string) stays the document's example.
        const backup = operations.find((o) => o.sensitive.response.includes(field));
        if (!backup) continue;
        const answer = await call(donor.url, backup, { params: { secret_name: 'from-a-backup' }, headers: H });
        donorBlob[field] = answer.body[field];
      }
    }
  } finally {
    await donor.close();
  }
});
afterAll(async () => {
  server.close();
  await http.close();
});

/** What two answers must agree on: status, content type, Allow and Retry-After, and the body (sensitive fields by fingerprint). */
const seen = (operation: Operation, a: Awaited<ReturnType<typeof call>>) => ({
  status: a.status,
  type: a.type,
  allow: a.headers.get('allow'),
  retryAfter: a.headers.get('retry-after'),
  body: comparable(operation, a.body),
});

/** The same request to both; returns what the HTTP mock answered. */
async function both(operation: Operation, c: Call) {
  const overHttp = await call(http.url, operation, c);
  const msw = await call(ORIGIN, operation, c);
  expect(seen(operation, msw)).toStrictEqual(seen(operation, overHttp));
  expect(msw.requestId).not.toBe(overHttp.requestId);
  return overHttp;
}

/**
 * What makes an operation's success reachable from the config: each request example of the POST
 * on its path, sent first (CreateGrants' examples before ListGrants, UpdateGrant, DeleteGrant).
 */
function setupFor(operation: Operation): [Operation, Call][] {
  const create = operations.find((o) => o.path === operation.path && o.method === 'POST' && o !== operation);
  const media = (spec.paths as Json)[operation.path]?.post?.requestBody?.content?.['application/json'];
  if (!create || !media?.examples) return [];
  return Object.values(media.examples as Json).map((e) => [create, { body: (deref(e as Json, '').value as Json).value, headers: H }]);
}

/** The statuses the operation documents. */
const documented = (operation: Operation) =>
  Object.keys((spec.paths as Json)[operation.path][operation.method.toLowerCase()].responses).map(Number);

describe.each(operations.map((o) => [o.operationId, o] as const))('%s', (_id, operation) => {
  it('answers every case as the HTTP mock does', async () => {
    // From the configured secrets, whatever the operations before changed (a deletion…).
    http.reset();
    inProcess.reset();
    for (const [create, c] of setupFor(operation)) await both(create, c);
    const statuses = new Set<number>();
    for (const c of casesFor(operation)) {
      try {
        const answer = await both(operation, c.call);
        if (!c.odd) statuses.add(answer.status);
      } catch (e) {
        (e as Error).message = `${c.name}: ${(e as Error).message}`;
        throw e;
      }
    }
    // The cases reached the document's success and 401; 400 wherever there is input to get wrong;
    // 404 wherever a stored thing can be unknown; and only statuses the document lists.
    const input = operation.pathParams.length > 0 || operation.body !== null || operation.queryParams.length > 0;
    const unknown = !operation.mockExamples && operation.pathParams.some((p) => UNKNOWN[p] !== undefined);
    expect([...statuses].sort()).toEqual(
      expect.arrayContaining([operation.status, 401, ...(input ? [400] : []), ...(unknown ? [404] : [])]),
    );
    expect(documented(operation)).toEqual(expect.arrayContaining([...statuses]));
  });
});

describe('createMock’s control methods, as startMock’s', () => {
  /** Both mocks' view of a secret, without the times (the two versions are put a few milliseconds apart). */
  const view = async (url: string, name: string) => {
    const list = await call(url, op('ListSecretVersions'), { params: { secret_name: name }, headers: H });
    const stages = await call(url, op('ShowSecretStage'), { params: { secret_name: name, stage_name: 'SYSCURRENT' }, headers: H });
    const latest = await call(url, op('ShowSecretVersion'), { params: { secret_name: name, version_id: 'latest' }, headers: H });
    const untimed = (body: Json) => JSON.parse(JSON.stringify(body, (k, v) => (k.endsWith('_time') ? '<time>' : v)));
    return untimed({ list: list.body, stage: stages.body, latest: comparable(op('ShowSecretVersion'), latest.body) });
  };

  it('putSecretValue, requests and reset do the same in-process', async () => {
    http.reset();
    inProcess.reset();
    for (const m of [http, inProcess]) {
      await m.putSecretValue('db-password', { value: 'rotated' });
      await m.putSecretValue('tls-key', { binary: 'BQYHCA==' }, { stages: ['SYSCURRENT', 'green'] });
      await m.putSecretValue('created-here', { value: 'new' });
    }
    for (const name of ['db-password', 'tls-key', 'created-here'])
      expect(await view(ORIGIN, name)).toStrictEqual(await view(http.url, name));
    // The journals list the same requests (each with its own answer's id).
    const entries = (m: { requests: readonly Json[] }) => m.requests.map(({ time: _t, requestId: _r, ...e }) => e);
    expect(entries(inProcess)).toStrictEqual(entries(http));
    expect(inProcess.requests.length).toBe(9);
    expect(new Set(inProcess.requests.map((e) => e.requestId)).size).toBe(9);
    await expect(inProcess.putSecretValue('a b', { value: 'x' })).rejects.toMatchObject({ name: 'MockUsageError' });
    inProcess.reset();
    http.reset();
    expect(inProcess.requests).toEqual([]);
    for (const name of ['db-password', 'tls-key']) expect(await view(ORIGIN, name)).toStrictEqual(await view(http.url, name));
    expect((await both(op('ShowSecret'), { params: { secret_name: 'created-here' }, headers: H })).status).toBe(404);
    expect((await view(ORIGIN, 'db-password')).latest.version.version_metadata.id).toBe('v2');
  });
});
