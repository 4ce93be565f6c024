// Around the secrets, in the stateful mock (issue 24): tags by secret id and finding secrets by
// them, events and the notification records a subscribed event writes, grants, random passwords.
// Each rule as the operation's description writes it; every refusal leaves the project as it was.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockOptions, type RunningMock, startMock } from '@csms-openapi/mock';
import { deref, spec } from '../../../test/support/openapi.js';
import { type Answer, call, type Json, op } from './helpers.js';

const TOKEN = { 'X-Auth-Token': 'project-token' };
const T0 = 1_767_225_600_000;
const TOPIC = {
  target_type: 'SMN' as const,
  target_id: 'urn:smn:cn-north-4:0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b:alerts',
  target_name: 'alerts',
};
const CONFIG: MockOptions = {
  secrets: [
    { name: 'db-password', event_subscriptions: ['on-change'], tags: [{ key: 'team', value: 'payments' }] },
    {
      name: 'api-key',
      tags: [
        { key: 'team', value: 'search' },
        { key: 'env', value: 'prod' },
      ],
    },
    { name: 'quiet', event_subscriptions: ['muted'] },
  ],
  events: [
    { name: 'on-change', event_types: ['SECRET_VERSION_CREATED', 'SECRET_DELETED'], notification: TOPIC },
    { name: 'muted', event_types: ['SECRET_VERSION_CREATED'], state: 'DISABLED', notification: TOPIC },
    { name: 'unused', event_types: ['SECRET_ROTATED'], notification: TOPIC },
  ],
  tokens: [TOKEN['X-Auth-Token']],
  clock: () => T0,
};

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock(CONFIG);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const run = (operationId: string, params: Record<string, string> = {}, body?: unknown, query?: Record<string, string | number>) =>
  call(mock.url, op(operationId), { params, headers: TOKEN, ...(body === undefined ? {} : { body }), ...(query ? { query } : {}) });
const idOf = async (name: string) => (await run('ShowSecret', { secret_name: name })).body.secret.id as string;
const codeOf = (a: Answer) => a.body.error_code ?? a.body.error?.error_code;

async function snapshot(): Promise<Json> {
  const secrets = (await run('ListSecrets', {}, undefined, { limit: 1000 })).body.secrets as Json[];
  const tags = await Promise.all(secrets.map(async (s) => (await run('ListSecretTags', { secret_id: s.id })).body));
  return { secrets, tags, events: (await run('ListSecretEvents')).body, records: (await run('ListNotificationRecords')).body };
}
async function refused(action: () => Promise<Answer>, status: number, code: string) {
  const before = await snapshot();
  const answer = await action();
  expect([answer.status, codeOf(answer)]).toEqual([status, code]);
  expect(await snapshot()).toStrictEqual(before);
}

describe('tags', () => {
  it('a secret’s tags by its id; a new key is added, an existing one takes the new value', async () => {
    const id = await idOf('db-password');
    expect((await run('ListSecretTags', { secret_id: id })).body).toEqual({ tags: [{ key: 'team', value: 'payments' }], sys_tags: [] });
    expect((await run('CreateSecretTag', { secret_id: id }, { tag: { key: 'env', value: 'dev' } })).status).toBe(204);
    expect((await run('CreateSecretTag', { secret_id: id }, { tag: { key: 'team', value: 'billing' } })).status).toBe(204);
    expect((await run('ListSecretTags', { secret_id: id })).body.tags).toEqual([
      { key: 'team', value: 'billing' },
      { key: 'env', value: 'dev' },
    ]);
  });

  it('refuses a 21st key (wrapped TagLimitExceeded), a system key, an unknown secret id and deleting a key the secret lacks', async () => {
    const id = await idOf('db-password');
    await run(
      'BatchCreateOrDeleteTags',
      { secret_id: id },
      { action: 'create', tags: Array.from({ length: 19 }, (_, i) => ({ key: `k${i}`, value: 'v' })) },
    );
    await refused(() => run('CreateSecretTag', { secret_id: id }, { tag: { key: 'k-twenty-one', value: 'v' } }), 400, 'CSMS.0002');
    await refused(() => run('CreateSecretTag', { secret_id: id }, { tag: { key: '_sys_owner', value: 'v' } }), 400, 'CSMS.0002');
    await refused(
      () => run('CreateSecretTag', { secret_id: '0f6a9c3e-2b1d-4c8e-9f7a-5d3b1e6c8a20' }, { tag: { key: 'a', value: 'b' } }),
      404,
      'CSMS.0005',
    );
    await refused(() => run('DeleteSecretTag', { secret_id: id, key: 'nope' }), 404, 'CSMS.0005');
    // The service's own errors here come wrapped (WrappedError).
    const wrapped = await run('DeleteSecretTag', { secret_id: id, key: 'nope' });
    expect(wrapped.body.error).toMatchObject({ error_code: 'CSMS.0005' });
  });

  it('BatchCreateOrDeleteTags is all or nothing: a key given twice is refused; delete with a value only on a match', async () => {
    const id = await idOf('api-key');
    await refused(
      () =>
        run(
          'BatchCreateOrDeleteTags',
          { secret_id: id },
          {
            action: 'create',
            tags: [
              { key: 'a', value: '1' },
              { key: 'a', value: '2' },
            ],
          },
        ),
      400,
      'CSMS.0002',
    );
    await run(
      'BatchCreateOrDeleteTags',
      { secret_id: id },
      { action: 'delete', tags: [{ key: 'team', value: 'other' }, { key: 'env' }, { key: 'missing' }] },
    );
    expect((await run('ListSecretTags', { secret_id: id })).body.tags).toEqual([{ key: 'team', value: 'search' }]);
  });

  it('the project’s keys with their values, and secrets found by tag (filter, count, pages by offset)', async () => {
    expect((await run('ListProjectSecretsTags')).body.tags).toEqual([
      { key: 'env', values: ['prod'] },
      { key: 'team', values: ['payments', 'search'] },
    ]);
    const team = { action: 'filter', tags: [{ key: 'team', values: [] }] };
    const found = await run('ListResourceInstances', {}, team);
    expect(found.body.total_count).toBe(2);
    expect(found.body.resources.map((r: Json) => r.resource_name)).toEqual(['api-key', 'db-password']);
    expect(
      (await run('ListResourceInstances', {}, { ...team, limit: '1', offset: '1' })).body.resources.map((r: Json) => r.resource_name),
    ).toEqual(['db-password']);
    expect((await run('ListResourceInstances', {}, { action: 'count', tags: [{ key: 'env', values: ['prod'] }] })).body).toEqual({
      total_count: 1,
    });
    expect(
      (await run('ListResourceInstances', {}, { action: 'filter', matches: [{ key: 'resource_name', value: 'api' }] })).body.total_count,
    ).toBe(1);
  });
});

describe('events and notification records', () => {
  it('a version of a subscribed secret writes a record for each ENABLED event that lists the basic event; a DISABLED one writes none', async () => {
    await run('CreateSecretVersion', { secret_name: 'db-password' }, { secret_string: 'new' });
    await run('CreateSecretVersion', { secret_name: 'quiet' }, { secret_string: 'new' });
    await run('DeleteSecret', { secret_name: 'db-password' });
    const records = (await run('ListNotificationRecords')).body.records as Json[];
    expect(records.map((r) => [r.event_name, r.trigger_event_type, r.secret_name, r.create_time, r.notification_target_id])).toEqual([
      ['on-change', 'SECRET_DELETED', 'db-password', T0, TOPIC.target_id],
      ['on-change', 'SECRET_VERSION_CREATED', 'db-password', T0, TOPIC.target_id],
    ]);
  });

  it('CRUD: a name in use is refused; an update with no field is refused; an event a secret subscribes to cannot be deleted', async () => {
    const event = { name: 'rotations', event_types: ['SECRET_ROTATED'], state: 'ENABLED', notification: TOPIC };
    const created = await run('CreateSecretEvent', {}, event);
    expect(created.body.event).toMatchObject({ ...event, create_time: T0, update_time: T0 });
    await refused(() => run('CreateSecretEvent', {}, event), 400, 'CSMS.0002');
    // The document's schema refuses an update naming no field: a malformed body (CSMS.0004).
    await refused(() => run('UpdateSecretEvent', { event_name: 'rotations' }, {}), 400, 'CSMS.0004');
    expect((await run('UpdateSecretEvent', { event_name: 'rotations' }, { state: 'DISABLED' })).body.event.state).toBe('DISABLED');
    await refused(() => run('DeleteSecretEvent', { event_name: 'on-change' }), 400, 'CSMS.0002');
    expect((await run('DeleteSecretEvent', { event_name: 'unused' })).status).toBe(204);
    expect(codeOf(await run('ShowSecretEvent', { event_name: 'unused' }))).toBe('CSMS.0005');
  });
});

describe('grants', () => {
  it('one grant per resource and grantee; listed; changed only when the query and body name the same resource; deleted', async () => {
    const id = await idOf('db-password');
    const grant = { resource_id: id, type: 'SECRET', grantee_type: '0', grantee_target_id: 'user-1' };
    expect((await run('CreateGrants', {}, grant)).body.data).toMatchObject({ resourceId: id, granteeUser: 'user-1', createTime: T0 });
    expect(codeOf(await run('CreateGrants', {}, grant))).toBe('CSMS.0002');
    expect((await run('ListGrants', {}, undefined, { resource_id: id })).body.data.grantee_user.map((g: Json) => g.user_id)).toEqual([
      'user-1',
    ]);
    expect(codeOf(await run('UpdateGrant', {}, { ...grant, resource_id: 'other' }, { resource_id: id }))).toBe('CSMS.0002');
    expect((await run('DeleteGrant', {}, undefined, { resource_id: id, grantee_user: 'user-1' })).status).toBe(204);
    expect(codeOf(await run('ListGrants', {}, undefined, { resource_id: id }))).toBe('CSMS.0005');
    expect(codeOf(await run('CreateGrants', {}, { ...grant, resource_id: '0f6a9c3e-2b1d-4c8e-9f7a-5d3b1e6c8a20' }))).toBe('CSMS.0005');
  });

  it("validity_time (a date) comes back as that day's last second in UTC, in milliseconds, as the document's examples pair them", async () => {
    const id = await idOf('db-password');
    const doc: Json = spec;
    const resolved = (node: Json): Json => deref(node, '#').value;
    const example = (name: string) => structuredClone(doc.components.examples[name].value);
    const exampleOf = (operationId: string, name: string) => {
      const { method, path } = op(operationId);
      const response = resolved(doc.paths[path][method.toLowerCase()].responses['200']);
      return resolved(response.content['application/json'].examples[name]).value;
    };
    // The request example `secret` and the answer example `secret` of CreateGrants, and the same of UpdateGrant.
    const request = { ...example('GrantRequestSecret'), resource_id: id };
    const created = (await run('CreateGrants', {}, request)).body.data;
    expect(created.validityTime).toBe(exampleOf('CreateGrants', 'secret').data.validityTime);
    const update = { ...example('GrantUpdateRequestExtend'), resource_id: id };
    const updated = (await run('UpdateGrant', {}, update, { resource_id: id })).body.data;
    expect(updated.validityTime).toBe(exampleOf('UpdateGrant', 'extended').data.validityTime);
    const listed = (await run('ListGrants', {}, undefined, { resource_id: id })).body.data.grantee_user;
    expect(listed.map((g: Json) => g.validity_time)).toEqual([updated.validityTime]);
  });

  it('a validity_time day that ends before the EpochMillis minimum (no time an answer can carry) is refused, nothing stored', async () => {
    const earliest = (deref({ $ref: '#/components/schemas/EpochMillis' }, '').value as Json).minimum as number;
    const day = new Date(earliest - 86_400_000).toISOString().slice(0, 10);
    const id = await idOf('db-password');
    const grant = { resource_id: id, type: 'SECRET', grantee_type: '0', grantee_target_id: 'user-1', validity_time: day };
    expect([(await run('CreateGrants', {}, grant)).status, codeOf(await run('CreateGrants', {}, grant))]).toEqual([400, 'CSMS.0002']);
    expect(codeOf(await run('ListGrants', {}, undefined, { resource_id: id }))).toBe('CSMS.0005');
    await run('CreateGrants', {}, { ...grant, validity_time: undefined });
    expect(codeOf(await run('UpdateGrant', {}, grant, { resource_id: id }))).toBe('CSMS.0002');
    expect((await run('ListGrants', {}, undefined, { resource_id: id })).body.data.grantee_user[0].validity_time).toBeNull();
  });
});

describe('GenerateRandomPassword', () => {
  it('a fresh password of the length and kinds asked for, different every time', async () => {
    const rules = { length: 40, exclude_punctuation: true, exclude_uppercase: true, require_each_included_type: true };
    const passwords = await Promise.all(
      Array.from({ length: 5 }, async () => (await run('GenerateRandomPassword', {}, rules)).body.password as string),
    );
    expect(new Set(passwords).size).toBe(5);
    for (const p of passwords) {
      expect(p).toHaveLength(40);
      expect(p).toMatch(/^[a-z0-9]+$/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
    }
    expect((await run('GenerateRandomPassword', {}, {})).body.password).toHaveLength(32);
    expect((await run('GenerateRandomPassword', {}, { length: 3, exclude_characters: 'abc' })).body.password).toMatch(/^[^abc]{3}$/);
  });

  it('rules that leave nothing to draw from are refused', async () => {
    const none = { exclude_lowercase: true, exclude_uppercase: true, exclude_numbers: true, exclude_punctuation: true };
    expect(codeOf(await run('GenerateRandomPassword', {}, none))).toBe('CSMS.0002');
    expect(codeOf(await run('GenerateRandomPassword', {}, { length: 2, require_each_included_type: true }))).toBe('CSMS.0002');
  });
});
