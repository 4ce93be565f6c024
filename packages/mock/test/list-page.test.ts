// ListSecrets pages are joined from each secret's JSON text, kept between changes (the list is the
// mock's busiest answer): after every kind of change — an update, a new version, a scheduled
// deletion and its cancel, a deletion, a restore from a backup, reset() — each listed secret is
// what ShowSecret (which keeps no text) says of it at that moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '@csms-openapi/mock';
import { call, type Json, op } from './helpers.js';

const TOKEN = { 'X-Auth-Token': 'list-page-test-token' };
const NAMES = ['alpha', 'bravo', 'charlie'];

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({
    secrets: NAMES.map((name) => ({ name, versions: [{ value: `${name}-value` }] })),
    tokens: [TOKEN['X-Auth-Token']],
  });
});
afterAll(() => mock.close());

/** Sends, and expects the operation's documented success (the table's status). */
const ok = async (operationId: string, params: Record<string, string> = {}, body?: unknown) => {
  const answer = await send(operationId, params, body);
  expect(answer.status, operationId).toBe(op(operationId).status);
  return answer;
};
const send = (operationId: string, params: Record<string, string> = {}, body?: unknown, query: Record<string, string | number> = {}) =>
  call(mock.url, op(operationId), { params, query, headers: TOKEN, ...(body === undefined ? {} : { body }) });

/** Every listed secret beside ShowSecret's answer for it, and the names listed. */
async function listedAgainstShown() {
  const list = await send('ListSecrets', {}, undefined, { limit: 50 });
  expect(list.status).toBe(200);
  const listed = list.body.secrets as Json[];
  const shown = await Promise.all(listed.map((s) => send('ShowSecret', { secret_name: String(s.name) })));
  return { listed, shown: shown.map((a) => a.body.secret as Json), names: listed.map((s) => s.name) };
}

describe('ListSecrets after each kind of change', () => {
  it('says of each secret what ShowSecret says, through updates, versions, deletion, restore and reset', async () => {
    const check = async (names: string[]) => {
      const { listed, shown, names: got } = await listedAgainstShown();
      expect(got).toEqual(names);
      expect(listed).toEqual(shown);
      return listed;
    };
    const first = await check(NAMES);

    await ok('UpdateSecret', { secret_name: 'alpha' }, { description: 'changed once' });
    const updated = await check(NAMES);
    expect(updated[0]?.description).toBe('changed once');
    expect(updated[0]).not.toEqual(first[0]);

    await ok('CreateSecretVersion', { secret_name: 'bravo' }, { secret_string: 'bravo-second' });
    await check(NAMES);

    await ok('DeleteSecretForSchedule', { secret_name: 'charlie' }, { recovery_window_in_days: 7 });
    expect((await check(NAMES))[2]?.state).toBe('PENDING_DELETE');
    await ok('RestoreSecret', { secret_name: 'charlie' });
    expect((await check(NAMES))[2]?.state).toBe('ENABLED');

    const blob = (await ok('DownloadSecretBlob', { secret_name: 'bravo' })).body.secret_blob;
    await ok('DeleteSecret', { secret_name: 'bravo' });
    await check(['alpha', 'charlie']);
    await ok('UploadSecretBlob', {}, { secret_blob: blob });
    await check(['alpha', 'charlie', 'bravo']);

    mock.reset();
    const again = await check(NAMES);
    expect(again[0]?.description).toBe(first[0]?.description);
  });
});
