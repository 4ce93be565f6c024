// A secret's whole life in the stateful mock (issue 23 §3), by the rules each operation's
// description writes: every write that succeeds changes what it says, and every write that is
// refused answers the documented error and leaves the project exactly as it was (compared with a
// snapshot taken through the API before). The clock is fixed, so times are exact.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockOptions, type RunningMock, startMock } from '@csms-openapi/mock';
import { type Answer, call, fingerprint, type Json, op } from './helpers.js';

const TOKEN = { 'X-Auth-Token': 'lifecycle-token' };
const T0 = 1_767_225_600_000;
const DAY = 86_400_000;
const CONFIG: MockOptions = {
  secrets: [
    { name: 'db-password', versions: [{ value: 'one' }, { value: 'two' }] },
    { name: 'paused', state: 'DISABLED' },
    {
      name: 'rds-account',
      secret_type: 'RDS-FG',
      rotation_config: '{"InstanceId":"x"}',
      versions: [{ value: '{"username":"app","password":"first"}' }],
    },
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

/** One call of an operation by operationId, with path parameters and an optional JSON body. */
const run = (operationId: string, params: Record<string, string> = {}, body?: unknown, query?: Record<string, string | number>) =>
  call(mock.url, op(operationId), { params, headers: TOKEN, ...(body === undefined ? {} : { body }), ...(query ? { query } : {}) });

/** What the project holds, as the API shows it: every secret, its versions with their stages, its tags. */
async function snapshot(): Promise<Json> {
  const secrets = (await run('ListSecrets', {}, undefined, { limit: 1000 })).body.secrets as Json[];
  const each = await Promise.all(
    secrets.map(async (s) => ({
      secret: s,
      versions: (await run('ListSecretVersions', { secret_name: s.name })).body,
      tags: (await run('ListSecretTags', { secret_id: s.id })).body,
    })),
  );
  return { each, events: (await run('ListSecretEvents')).body };
}

/** Asserts a refusal: the status and error code, and nothing changed. */
async function refused(action: () => Promise<Answer>, status: number, code: string) {
  const before = await snapshot();
  const answer = await action();
  expect(answer.status).toBe(status);
  expect(answer.body.error_code ?? answer.body.error?.error_code).toBe(code);
  expect(await snapshot()).toStrictEqual(before);
}

const stageOf = async (name: string, stage: string) => (await run('ShowSecretStage', { secret_name: name, stage_name: stage })).body.stage;
const versionOf = async (name: string, version: string) =>
  (await run('ShowSecretVersion', { secret_name: name, version_id: version })).body.version;

describe('creating', () => {
  it('CreateSecret stores the first value as v1 with SYSCURRENT, ENABLED, COMMON, the default key; a second one of the name is refused', async () => {
    const created = await run('CreateSecret', {}, { name: 'new-one', secret_string: 'first' });
    expect(created.status).toBe(200);
    expect(created.body.secret).toMatchObject({
      name: 'new-one',
      state: 'ENABLED',
      secret_type: 'COMMON',
      create_time: T0,
      scheduled_delete_time: null,
    });
    expect(await stageOf('new-one', 'SYSCURRENT')).toMatchObject({ version_id: 'v1', update_time: T0 });
    expect(fingerprint((await versionOf('new-one', 'v1')).secret_string)).toBe(fingerprint('first'));
    await refused(() => run('CreateSecret', {}, { name: 'new-one', secret_string: 'again' }), 400, 'CSMS.0002');
  });

  it('refuses neither value and both values, and keeps only the fields the request schema lists (no state, no id)', async () => {
    await refused(() => run('CreateSecret', {}, { name: 'x1' }), 400, 'CSMS.0002');
    await refused(() => run('CreateSecret', {}, { name: 'x2', secret_string: 'a', secret_binary: 'AA==' }), 400, 'CSMS.0002');
    const created = await run(
      'CreateSecret',
      {},
      { name: 'x3', secret_string: 'a', state: 'PENDING_DELETE', id: 'chosen', colour: 'blue' },
    );
    expect(created.status).toBe(200);
    expect(created.body.secret.state).toBe('ENABLED');
    expect(created.body.secret.id).not.toBe('chosen');
    expect(created.body.secret).not.toHaveProperty('colour');
  });

  it('BatchImportSecrets creates the new names and lists the taken ones', async () => {
    const answer = await run(
      'BatchImportSecrets',
      {},
      {
        secrets: [
          { name: 'batch-a', secret_string: 'a' },
          { name: 'db-password', secret_string: 'b' },
        ],
      },
    );
    expect(answer.body).toMatchObject({ total: 2, success: 1, failed: 1, error_list: [{ name: 'db-password' }] });
    expect((await run('ShowSecret', { secret_name: 'batch-a' })).status).toBe(200);
    expect(fingerprint((await versionOf('db-password', 'latest')).secret_string)).toBe(fingerprint('two'));
  });
});

describe('versions and stages', () => {
  it('CreateSecretVersion moves SYSCURRENT to the new version and SYSPREVIOUS to the one before', async () => {
    const added = await run('CreateSecretVersion', { secret_name: 'db-password' }, { secret_string: 'three' });
    expect(added.body.version_metadata).toMatchObject({ id: 'v3', version_stages: ['SYSCURRENT'] });
    expect((await stageOf('db-password', 'SYSPREVIOUS')).version_id).toBe('v2');
  });

  it('with version_stages that leave out SYSCURRENT, SYSCURRENT stays where it was', async () => {
    await run('CreateSecretVersion', { secret_name: 'db-password' }, { secret_string: 'staged', version_stages: ['pending'] });
    expect((await stageOf('db-password', 'SYSCURRENT')).version_id).toBe('v2');
    expect((await stageOf('db-password', 'pending')).version_id).toBe('v3');
  });

  it('refuses a 13th stage (400 CSMS.0203), and a new version of a secret that is not enabled', async () => {
    for (let i = 0; i < 10; i++)
      expect((await run('UpdateSecretStage', { secret_name: 'db-password', stage_name: `s${i}` }, { version_id: 'v1' })).status).toBe(200);
    await refused(
      () => run('UpdateSecretStage', { secret_name: 'db-password', stage_name: 'one-too-many' }, { version_id: 'v1' }),
      400,
      'CSMS.0203',
    );
    await refused(() => run('CreateSecretVersion', { secret_name: 'paused' }, { secret_string: 'x' }), 400, 'CSMS.0002');
  });

  it('a 21st version drops the oldest version no stage marks', async () => {
    for (let i = 0; i < 19; i++) await run('CreateSecretVersion', { secret_name: 'db-password' }, { secret_string: `v-${i}` });
    const ids = (await run('ListSecretVersions', { secret_name: 'db-password' })).body.version_metadatas.map((v: Json) => v.id);
    expect(ids).toHaveLength(20);
    expect(ids[0]).toBe('v2');
    expect(ids.at(-1)).toBe('v21');
  });

  it('UpdateSecretStage of SYSCURRENT hands SYSPREVIOUS to the version that had it; an unknown version is 404', async () => {
    const moved = await run('UpdateSecretStage', { secret_name: 'db-password', stage_name: 'SYSCURRENT' }, { version_id: 'v1' });
    expect(moved.body.stage).toEqual({ name: 'SYSCURRENT', version_id: 'v1', update_time: T0, secret_name: 'db-password' });
    expect((await stageOf('db-password', 'SYSPREVIOUS')).version_id).toBe('v2');
    await refused(
      () => run('UpdateSecretStage', { secret_name: 'db-password', stage_name: 'blue' }, { version_id: 'v9' }),
      404,
      'CSMS.0005',
    );
  });

  it('DeleteSecretStage removes a stage (204) but never SYSCURRENT or SYSPREVIOUS (400 CSMS.0105)', async () => {
    await run('UpdateSecretStage', { secret_name: 'db-password', stage_name: 'blue' }, { version_id: 'v1' });
    const removed = await run('DeleteSecretStage', { secret_name: 'db-password', stage_name: 'blue' });
    expect([removed.status, removed.body]).toEqual([204, '']);
    expect((await run('ShowSecretStage', { secret_name: 'db-password', stage_name: 'blue' })).status).toBe(404);
    for (const stage of ['SYSCURRENT', 'SYSPREVIOUS'])
      await refused(() => run('DeleteSecretStage', { secret_name: 'db-password', stage_name: stage }), 400, 'CSMS.0105');
  });

  it('UpdateVersion sets expire_time, by id or latest', async () => {
    const set = await run('UpdateVersion', { secret_name: 'db-password', version_id: 'latest' }, { expire_time: T0 + 30 * DAY });
    expect(set.body.version_metadata).toMatchObject({ id: 'v2', expire_time: T0 + 30 * DAY });
    expect((await run('ListSecretVersions', { secret_name: 'db-password' })).body.version_metadatas[1].expire_time).toBe(T0 + 30 * DAY);
  });
});

describe('deletion', () => {
  it('DeleteSecretForSchedule: PENDING_DELETE until now + the window, values refused (CSMS.0103), a second schedule refused (CSMS.0107)', async () => {
    const scheduled = await run('DeleteSecretForSchedule', { secret_name: 'db-password' }, { recovery_window_in_days: 7 });
    expect(scheduled.body.secret).toMatchObject({ state: 'PENDING_DELETE', scheduled_delete_time: T0 + 7 * DAY });
    expect((await run('ShowSecretVersion', { secret_name: 'db-password', version_id: 'v2' })).body.error_code).toBe('CSMS.0103');
    await refused(() => run('DeleteSecretForSchedule', { secret_name: 'db-password' }, { recovery_window_in_days: 7 }), 400, 'CSMS.0107');
    await refused(() => run('UpdateSecret', { secret_name: 'db-password' }, { description: 'changed' }), 400, 'CSMS.0103');
    await refused(() => run('CreateSecretVersion', { secret_name: 'db-password' }, { secret_string: 'x' }), 400, 'CSMS.0103');
    for (const days of [6, 31])
      await refused(() => run('DeleteSecretForSchedule', { secret_name: 'paused' }, { recovery_window_in_days: days }), 400, 'CSMS.0002');
  });

  it('RestoreSecret returns it to ENABLED; with nothing scheduled it is refused (CSMS.0108)', async () => {
    await run('DeleteSecretForSchedule', { secret_name: 'db-password' }, { recovery_window_in_days: 30 });
    const restored = await run('RestoreSecret', { secret_name: 'db-password' });
    expect(restored.body.secret).toMatchObject({ state: 'ENABLED', scheduled_delete_time: null });
    await refused(() => run('RestoreSecret', { secret_name: 'db-password' }), 400, 'CSMS.0108');
  });

  it('DeleteSecret is immediate: then 404 CSMS.0005, and the name is free again', async () => {
    const deleted = await run('DeleteSecret', { secret_name: 'db-password' });
    expect([deleted.status, deleted.body]).toEqual([200, '']);
    expect((await run('ShowSecret', { secret_name: 'db-password' })).body.error_code).toBe('CSMS.0005');
    expect((await run('CreateSecret', {}, { name: 'db-password', secret_string: 'new' })).status).toBe(200);
    expect((await run('ListSecretVersions', { secret_name: 'db-password' })).body.version_metadatas.map((v: Json) => v.id)).toEqual(['v1']);
  });
});

describe('metadata and rotation', () => {
  it('UpdateSecret changes the fields its schema lists, and nothing else (state, type, times stay)', async () => {
    const updated = await run(
      'UpdateSecret',
      { secret_name: 'db-password' },
      { description: 'orders', state: 'DISABLED', create_time: 100_000_000_000 },
    );
    expect(updated.body.secret).toMatchObject({ description: 'orders', state: 'ENABLED', create_time: 1_704_067_200_000, update_time: T0 });
  });

  it('RotateSecret: refused for a COMMON secret; a database secret gets a new SYSCURRENT with a new password, and a task', async () => {
    await refused(() => run('RotateSecret', { secret_name: 'db-password' }), 400, 'CSMS.0002');
    const rotated = await run('RotateSecret', { secret_name: 'rds-account' });
    expect(rotated.body).toMatchObject({ version_id: 'v2', secret_name: 'rds-account' });
    const value = JSON.parse((await versionOf('rds-account', 'v2')).secret_string);
    expect(value.username).toBe('app');
    expect(value.password).not.toBe('first');
    const tasks = await run('ListSecretTask', {}, undefined, { secret_name: 'rds-account' });
    expect(tasks.body.tasks.map((t: Json) => t.task_id)).toEqual([rotated.body.rotation_task_id]);
  });
});

describe('reset', () => {
  // Configured secrets are shared by every reset (none is copied): a write that changed a stored
  // secret in place, rather than a draft of it, would outlive the reset.
  it('after a write of every kind, reset() gives back the configured project exactly', async () => {
    const configured = await snapshot();
    const id = ((await run('ShowSecret', { secret_name: 'db-password' })).body.secret as Json).id as string;
    const writes: Answer[] = [
      await run('UpdateSecret', { secret_name: 'db-password' }, { description: 'changed' }),
      await run('UpdateVersion', { secret_name: 'db-password', version_id: 'v1' }, { expire_time: T0 + 30 * DAY }),
      await run('UpdateSecretStage', { secret_name: 'db-password', stage_name: 'blue' }, { version_id: 'v1' }),
      await run('CreateSecretVersion', { secret_name: 'db-password' }, { secret_string: 'three' }),
      await run('CreateSecretTag', { secret_id: id }, { tag: { key: 'team', value: 'payments' } }),
      await run('DeleteSecretStage', { secret_name: 'db-password', stage_name: 'blue' }),
      await run('RotateSecret', { secret_name: 'rds-account' }),
      await run('DeleteSecretForSchedule', { secret_name: 'paused' }, { recovery_window_in_days: 7 }),
      await run('DeleteSecret', { secret_name: 'rds-account' }),
    ];
    expect(writes.map((w) => w.status)).toEqual([200, 200, 200, 200, 204, 204, 200, 200, 200]);
    expect(await snapshot()).not.toStrictEqual(configured);
    await mock.reset();
    expect(await snapshot()).toStrictEqual(configured);
  });
});
