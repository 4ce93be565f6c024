// ListSecrets pages are joined from each secret's JSON text, kept between changes, and a page asked
// for again before a change is kept whole (the list is the mock's busiest answer): after every kind
// of change — an update, a new version, a version's expiry, stages, tags, a scheduled deletion and
// its cancel, a deletion, a restore from a backup, a new secret, the control endpoints' new value,
// reset() — each listed secret is what ShowSecret (which keeps nothing) says of it at that moment,
// on the same pages asked for before the change: the whole list, a page after a marker, and the
// secrets of an event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '@csms-openapi/mock';
import { call, type Json, op, PROJECT } from './helpers.js';

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

const EVENT = 'on-change';
const TOPIC = { target_type: 'SMN', target_id: 'urn:smn:cn-north-4:0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b:alerts', target_name: 'alerts' };

describe('the same pages asked for again after each kind of write', () => {
  let paged: RunningMock;
  beforeAll(async () => {
    paged = await startMock({
      secrets: [
        { name: 'alpha', versions: [{ value: 'alpha-value' }], event_subscriptions: [EVENT] },
        { name: 'bravo', versions: [{ value: 'bravo-value' }] },
        { name: 'charlie', versions: [{ value: 'charlie-value' }] },
      ],
      events: [{ name: EVENT, event_types: ['SECRET_VERSION_CREATED'], notification: TOPIC as never }],
      tokens: [TOKEN['X-Auth-Token']],
    });
  });
  afterAll(() => paged.close());

  const run = (operationId: string, params: Record<string, string> = {}, body?: unknown, query: Record<string, string | number> = {}) =>
    call(paged.url, op(operationId), { params, query, headers: TOKEN, ...(body === undefined ? {} : { body }) });
  const done = async (operationId: string, params: Record<string, string> = {}, body?: unknown) => {
    const answer = await run(operationId, params, body);
    expect(answer.status, operationId).toBe(op(operationId).status);
    return answer;
  };
  const idOf = async (name: string) => (await run('ShowSecret', { secret_name: name })).body.secret.id as string;

  /**
   * The three pages, each against ShowSecret's answers for the names expected on it, in list
   * order: `names` all secrets, `subscribed` those of the event. The page after `alpha` holds the
   * next two.
   */
  async function pagesAre(names: string[], subscribed: string[]) {
    const after = names.slice(names.indexOf('alpha') + 1, names.indexOf('alpha') + 3);
    for (const [query, expected] of [
      [{ limit: 50 }, names],
      [{ limit: 2, marker: 'alpha' }, after],
      [{ limit: 50, event_name: EVENT }, subscribed],
    ] as const) {
      const list = await run('ListSecrets', {}, undefined, query);
      expect(list.status).toBe(200);
      const shown = await Promise.all(expected.map(async (n) => (await run('ShowSecret', { secret_name: n })).body.secret));
      expect(list.body.secrets, JSON.stringify(query)).toEqual(shown);
      expect(list.body.page_info.current_count).toBe(expected.length);
    }
  }

  it('gives the store as it is after every write, not the page kept from before', async () => {
    const all = ['alpha', 'bravo', 'charlie'];
    await pagesAre(all, ['alpha']);
    // Asked twice before any change: the kept page is the same.
    await pagesAre(all, ['alpha']);

    await done('UpdateSecret', { secret_name: 'bravo' }, { description: 'bravo, described' });
    await pagesAre(all, ['alpha']);
    await done('UpdateSecret', { secret_name: 'charlie' }, { event_subscriptions: [EVENT] });
    await pagesAre(all, ['alpha', 'charlie']);
    await done('UpdateSecret', { secret_name: 'alpha' }, { event_subscriptions: [] });
    await pagesAre(all, ['charlie']);

    await done('CreateSecretVersion', { secret_name: 'bravo' }, { secret_string: 'bravo-second' });
    await pagesAre(all, ['charlie']);
    await done('UpdateVersion', { secret_name: 'bravo', version_id: 'latest' }, { expire_time: Date.now() + 86_400_000 });
    await pagesAre(all, ['charlie']);
    await done('UpdateSecretStage', { secret_name: 'bravo', stage_name: 'blue' }, { version_id: 'v1' });
    await pagesAre(all, ['charlie']);
    await done('DeleteSecretStage', { secret_name: 'bravo', stage_name: 'blue' });
    await pagesAre(all, ['charlie']);

    const charlie = await idOf('charlie');
    await done('CreateSecretTag', { secret_id: charlie }, { tag: { key: 'team', value: 'payments' } });
    await pagesAre(all, ['charlie']);
    await done('BatchCreateOrDeleteTags', { secret_id: charlie }, { action: 'create', tags: [{ key: 'env', value: 'dev' }] });
    await pagesAre(all, ['charlie']);
    await done('DeleteSecretTag', { secret_id: charlie, key: 'team' });
    await pagesAre(all, ['charlie']);

    await done('DeleteSecretForSchedule', { secret_name: 'charlie' }, { recovery_window_in_days: 7 });
    await pagesAre(all, ['charlie']);
    await done('RestoreSecret', { secret_name: 'charlie' });
    await pagesAre(all, ['charlie']);

    await done('CreateSecret', {}, { name: 'delta', secret_string: 'delta-value', event_subscriptions: [EVENT] });
    await pagesAre([...all, 'delta'], ['charlie', 'delta']);
    const blob = (await done('DownloadSecretBlob', { secret_name: 'bravo' })).body.secret_blob;
    await done('DeleteSecret', { secret_name: 'bravo' });
    await pagesAre(['alpha', 'charlie', 'delta'], ['charlie', 'delta']);
    await done('UploadSecretBlob', {}, { secret_blob: blob });
    await pagesAre(['alpha', 'charlie', 'delta', 'bravo'], ['charlie', 'delta']);

    await paged.putSecretValue('alpha', { value: 'alpha-second' });
    await pagesAre(['alpha', 'charlie', 'delta', 'bravo'], ['charlie', 'delta']);
    await paged.putSecretValue('echo', { value: 'echo-value' });
    await pagesAre(['alpha', 'charlie', 'delta', 'bravo', 'echo'], ['charlie', 'delta']);

    paged.reset();
    await pagesAre(all, ['alpha']);
  });
});

describe('ListSecrets in process (MSW)', () => {
  it('answers the same bytes in process (MSW) as over HTTP, page after page, around a write', async () => {
    const { createMock } = await import('@csms-openapi/mock/msw');
    const { setupServer } = await import('msw/node');
    const origin = 'https://kms.cn-north-4.myhuaweicloud.com';
    const config = {
      secrets: ['alpha', 'bravo'].map((name) => ({ name, versions: [{ value: `${name}-value` }] })),
      tokens: [TOKEN['X-Auth-Token']],
    };
    const http = await startMock(config);
    const inProcess = createMock({ ...config, baseUrl: origin });
    const server = setupServer(...inProcess.handlers);
    server.listen({ onUnhandledRequest: 'bypass' });
    try {
      const page = async () => {
        const texts = await Promise.all(
          [http.url, origin].map(async (o) => {
            const r = await fetch(`${o}/v1/${PROJECT}/secrets?limit=50`, { headers: TOKEN });
            return { status: r.status, type: r.headers.get('content-type'), length: r.headers.get('content-length'), text: await r.text() };
          }),
        );
        expect(texts[1]).toEqual(texts[0]);
        return JSON.parse(texts[0]!.text).secrets as Json[];
      };
      expect((await page()).map((s) => s.name)).toEqual(['alpha', 'bravo']);
      await page();
      // The same change on both, at a fixed time each takes from its own clock: compared by field.
      for (const o of [http.url, origin])
        await fetch(`${o}/v1/${PROJECT}/secrets/bravo`, {
          method: 'PUT',
          headers: { ...TOKEN, 'content-type': 'application/json' },
          body: JSON.stringify({ description: 'changed on both' }),
        });
      const after = await fetch(`${origin}/v1/${PROJECT}/secrets?limit=50`, { headers: TOKEN }).then((r) => r.json());
      expect(after.secrets[1].description).toBe('changed on both');
    } finally {
      server.close();
      await http.close();
    }
  });
});
