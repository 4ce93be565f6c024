// The mock as a stateful CSMS (issue 17): configured secrets with versions, values and stages;
// lists paged by marker; backups that restore into any other mock. Every request is built from
// the operation table and every answer is checked against the document (helpers.ts `call`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockOptions, type RunningMock, startMock } from '@csms-openapi/mock';
import { operations, responseExamples } from '../../../test/support/openapi.js';
import { type Answer, call, comparable, encodedForms, fingerprint, type Json, type Operation, op, EXAMPLE_SECRETS } from './helpers.js';

const TOKEN = { 'X-Auth-Token': 'state-test-token' };
const SECRETS: NonNullable<MockOptions['secrets']> = [
  ...EXAMPLE_SECRETS,
  { name: 'api-key' },
  { name: 'retired', state: 'PENDING_DELETE' },
  { name: 'paused', state: 'DISABLED' },
  { name: 'frozen', state: 'FROZEN' },
];
/** Every configured value, for the checks that a blob or a journal holds none. */
const VALUES = SECRETS.flatMap((s) => (s.versions ?? []).map((v) => v.value ?? v.binary ?? ''));

/** A documented example body, by operation, status and example name. */
const documented = (operation: Operation, status: number, exampleName: string) => {
  const found = responseExamples().find(
    (c) => c.operationId === operation.operationId && c.status === String(status) && c.exampleName === exampleName,
  );
  if (!found) throw new Error(`${operation.operationId} documents no ${status} example ${exampleName}`);
  return found.value;
};

const showSecret = op('ShowSecret');
const showVersion = op('ShowSecretVersion');
const showStage = op('ShowSecretStage');
const listSecrets = op('ListSecrets');
const listVersions = op('ListSecretVersions');
const download = op('DownloadSecretBlob');
const upload = op('UploadSecretBlob');

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ secrets: SECRETS, tokens: [TOKEN['X-Auth-Token']] });
});
afterAll(() => mock.close());

const get = (operation: Operation, params: Record<string, string>, query: Record<string, string | number> = {}, url = mock.url) =>
  call(url, operation, { params, query, headers: TOKEN });

describe('values, versions and stages from the config', () => {
  it('ShowSecretVersion by id gives that version, its value and its stages', async () => {
    const v1 = await get(showVersion, { secret_name: 'db-password', version_id: 'v1' });
    const v2 = await get(showVersion, { secret_name: 'db-password', version_id: 'v2' });
    const v7 = await get(showVersion, { secret_name: 'tls-key', version_id: 'v7' });
    expect([v1.status, v2.status, v7.status]).toEqual([200, 200, 200]);
    expect(v1.body.version.version_metadata).toMatchObject({ id: 'v1', secret_name: 'db-password', version_stages: ['SYSPREVIOUS'] });
    expect(v2.body.version.version_metadata).toMatchObject({ id: 'v2', secret_name: 'db-password', version_stages: ['SYSCURRENT'] });
    expect(v7.body.version.version_metadata).toMatchObject({ id: 'v7', secret_name: 'tls-key', version_stages: ['SYSCURRENT', 'blue'] });
    // Values by fingerprint: a failure must not print them.
    expect(fingerprint(v1.body.version.secret_string), 'v1 value').toBe(fingerprint('old-password'));
    expect(fingerprint(v2.body.version.secret_string), 'v2 value').toBe(fingerprint('s3cr3t'));
    expect(fingerprint(v7.body.version.secret_binary), 'v7 binary').toBe(fingerprint('AAECAwQ='));
    expect('secret_binary' in v2.body.version || 'secret_string' in v7.body.version, 'a version holds one kind of value').toBe(false);
  });

  it('`latest` is the newest version', async () => {
    for (const [name, newest] of [
      ['db-password', 'v2'],
      ['tls-key', 'v7'],
    ] as const) {
      const latest = await get(showVersion, { secret_name: name, version_id: 'latest' });
      const byId = await get(showVersion, { secret_name: name, version_id: newest });
      expect(latest.status).toBe(200);
      expect(comparable(showVersion, latest.body)).toStrictEqual(comparable(showVersion, byId.body));
    }
  });

  it('an unknown version and an unknown stage get the documented 404 examples', async () => {
    const version = await get(showVersion, { secret_name: 'db-password', version_id: 'v9' });
    expect(version.status).toBe(404);
    expect(version.body).toStrictEqual(documented(showVersion, 404, 'version_not_found'));
    const stage = await get(showStage, { secret_name: 'db-password', stage_name: 'green' });
    expect(stage.status).toBe(404);
    expect(stage.body).toStrictEqual(documented(showStage, 404, 'stage_not_found'));
  });

  it.each(operations.filter((o) => o.pathParams.includes('secret_name')).map((o) => [o.operationId, o] as const))(
    "%s of a secret that does not exist: the document's 404 secret_not_found",
    async (_id, operation) => {
      // With the document's example body where it takes one: a valid request about a name that is not there.
      const body = operation.body?.example;
      const answer = await call(mock.url, operation, {
        params: { secret_name: 'missing-secret' },
        headers: TOKEN,
        ...(body === undefined ? {} : { body }),
      });
      expect(answer.status).toBe(404);
      expect(answer.body).toStrictEqual(documented(operation, 404, 'secret_not_found'));
    },
  );

  it('ShowSecretStage answers every stage a version carries (SYSCURRENT, SYSPREVIOUS, blue), pointing at that version', async () => {
    const seen: string[] = [];
    for (const { name } of SECRETS) {
      const list = await get(listVersions, { secret_name: name });
      expect(list.status).toBe(200);
      for (const version of list.body.version_metadatas as Json[]) {
        for (const stage of version.version_stages as string[]) {
          const answer = await get(showStage, { secret_name: name, stage_name: stage });
          expect(answer.status).toBe(200);
          expect(answer.body.stage).toMatchObject({ name: stage, version_id: version.id, secret_name: name });
          seen.push(stage);
        }
      }
    }
    expect(new Set(seen)).toEqual(new Set(['SYSCURRENT', 'SYSPREVIOUS', 'blue']));
  });

  it('a secret configured without versions has one version, SYSCURRENT, with a generated value (the same in every mock)', async () => {
    const list = await get(listVersions, { secret_name: 'api-key' });
    expect(list.body.version_metadatas).toHaveLength(1);
    expect(list.body.version_metadatas[0]).toMatchObject({ id: 'v1', version_stages: ['SYSCURRENT'] });
    const value = (await get(showVersion, { secret_name: 'api-key', version_id: 'latest' })).body.version.secret_string;
    expect(/^mock-value-[0-9a-f]{16}$/.test(value), 'mock-value-<16 hex>').toBe(true);
    const other = await startMock({ secrets: [{ name: 'api-key' }, { name: 'other-key' }] });
    try {
      const again = await get(showVersion, { secret_name: 'api-key', version_id: 'latest' }, {}, other.url);
      const otherValue = await get(showVersion, { secret_name: 'other-key', version_id: 'latest' }, {}, other.url);
      expect(fingerprint(again.body.version.secret_string), 'same name, same value').toBe(fingerprint(value));
      expect(fingerprint(otherValue.body.version.secret_string), 'another name, another value').not.toBe(fingerprint(value));
    } finally {
      await other.close();
    }
  });

  it('the value of a PENDING_DELETE secret is 400 CSMS.0103, of a DISABLED or FROZEN one 400 CSMS.0002 (the documented examples)', async () => {
    const retired = await get(showVersion, { secret_name: 'retired', version_id: 'latest' });
    expect(retired.status).toBe(400);
    expect(retired.body).toStrictEqual(documented(showVersion, 400, 'pending_delete'));
    const paused = await get(showVersion, { secret_name: 'paused', version_id: 'v1' });
    expect(paused.status).toBe(400);
    expect(paused.body).toStrictEqual(documented(showVersion, 400, 'not_enabled'));
    const frozen = await get(showVersion, { secret_name: 'frozen', version_id: 'latest' });
    expect(frozen.status).toBe(400);
    expect(frozen.body).toStrictEqual({ error_code: 'CSMS.0002', error_msg: 'Invalid parameter: the secret is FROZEN.' });
    // Their metadata is still readable.
    expect((await get(showSecret, { secret_name: 'retired' })).body.secret).toMatchObject({ state: 'PENDING_DELETE' });
  });
});

/** The key of a list item that the next page's marker names (a secret's name, a version's id). */
const markerKey = (item: Json, marker: string) => Object.keys(item).find((k) => item[k] === marker);

/**
 * Reads a paged list to its end by `page_info.next_marker`, checking each page: at most `limit`
 * items, `next_marker` (the last item's key) exactly when more follow, `previous_marker` the first.
 */
async function readAll(url: string, operation: Operation, params: Record<string, string>, limit?: number, total?: number) {
  const paging = operation.paging!;
  const items: Json[] = [];
  const pages: Answer[] = [];
  let marker: string | undefined;
  for (;;) {
    const query: Record<string, string | number> = {};
    if (limit !== undefined) query[paging.limit] = limit;
    if (marker !== undefined) query[paging.marker] = marker;
    const answer = await call(url, operation, { params, query, headers: TOKEN });
    expect(answer.status).toBe(200);
    pages.push(answer);
    const page = answer.body[paging.items] as Json[];
    const info = answer.body.page_info;
    const max = limit ?? paging.defaultLimit!;
    expect(page.length).toBeLessThanOrEqual(max);
    items.push(...page);
    const more = total === undefined ? undefined : items.length < total;
    if (more !== undefined) expect(info.next_marker !== undefined, `next_marker after ${items.length} of ${total}`).toBe(more);
    if (info.next_marker === undefined) break;
    expect(page).toHaveLength(max);
    expect(markerKey(page.at(-1), info.next_marker), 'next_marker names the last item').toBeDefined();
    expect(markerKey(page[0], info.previous_marker), 'previous_marker names the first item').toBe(markerKey(page.at(-1), info.next_marker));
    marker = info.next_marker;
    expect(pages.length, 'pages').toBeLessThan(2000);
  }
  return { items, pages };
}

describe('paging by marker', () => {
  // Names in an order that is not sorted: the list keeps the configured order.
  const names = Array.from({ length: 1000 }, (_, i) => `s${String((i * 7919) % 1000).padStart(4, '0')}`);
  let many: RunningMock;
  beforeAll(async () => {
    many = await startMock({
      secrets: [
        ...names.map((name) => ({ name })),
        { name: 'many-versions', versions: Array.from({ length: 20 }, (_, i) => ({ value: `value-${i + 1}` })) },
      ],
    });
  });
  afterAll(() => many.close());

  const limitOf = (operation: Operation) => operation.params[operation.paging!.limit]!.schema as { minimum: number; maximum: number };

  it('the table gives both lists a default limit (50) and a maximum (1000)', () => {
    for (const operation of operations.filter((o) => o.paging)) {
      expect(operation.paging!.defaultLimit).toBe(50);
      expect(limitOf(operation)).toMatchObject({ minimum: 1, maximum: 1000 });
    }
  });

  it.each([
    ['the default limit', undefined],
    ['the maximum limit', 'max'],
    ['limit 7', 7],
  ] as const)('ListSecrets with %s: every name exactly once, in the configured order', async (_what, limit) => {
    const max = limitOf(listSecrets).maximum;
    const { items, pages } = await readAll(many.url, listSecrets, {}, limit === 'max' ? max : limit, names.length + 1);
    const listed = items.map((s) => s.name);
    expect(listed).toEqual([...names, 'many-versions']);
    const per = limit === 'max' ? max : (limit ?? listSecrets.paging!.defaultLimit!);
    expect(pages).toHaveLength(Math.ceil((names.length + 1) / per));
  });

  it.each([
    ['the default limit', undefined, 1],
    ['the maximum limit', 'max', 1],
    ['limit 7', 7, 3],
  ] as const)('ListSecretVersions with %s: every version once, oldest first', async (_what, limit, pageCount) => {
    const { items, pages } = await readAll(
      many.url,
      listVersions,
      { secret_name: 'many-versions' },
      limit === 'max' ? limitOf(listVersions).maximum : limit,
      20,
    );
    expect(items.map((v) => v.id)).toEqual(Array.from({ length: 20 }, (_, i) => `v${i + 1}`));
    expect(pages).toHaveLength(pageCount);
    expect(pages.at(-1)!.body.page_info.next_marker).toBeUndefined();
  });

  it.each(operations.filter((o) => o.paging).map((o) => [o.operationId, o] as const))(
    '%s: a limit out of range or not a number is the documented 400; an unknown marker is 400 invalid_marker',
    async (_id, operation) => {
      const params: Record<string, string> = operation.pathParams.includes('secret_name') ? { secret_name: 'many-versions' } : {};
      const { minimum, maximum } = limitOf(operation);
      for (const limit of [minimum - 1, maximum + 1, 'x', '1.5', '']) {
        const answer = await call(many.url, operation, { params, query: { [operation.paging!.limit]: limit }, headers: TOKEN });
        expect(answer.status, `limit ${JSON.stringify(limit)}`).toBe(400);
        expect(answer.body).toStrictEqual(documented(operation, 400, 'invalid_limit'));
      }
      const unknown = await call(many.url, operation, { params, query: { [operation.paging!.marker]: 'no-such-item' }, headers: TOKEN });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toStrictEqual(documented(operation, 400, 'invalid_marker'));
    },
  );
});

describe('backup and restore', () => {
  const blobOf = async (url: string, name: string) => {
    const answer = await call(url, download, { params: { secret_name: name }, headers: TOKEN });
    expect(answer.status).toBe(200);
    return answer.body.secret_blob as string;
  };
  const restore = (url: string, secretBlob: string) => call(url, upload, { body: { secret_blob: secretBlob }, headers: TOKEN });

  /** Everything the API says about a secret: metadata, versions, each version's value and each stage. */
  async function everything(url: string, name: string) {
    const versions = await get(listVersions, { secret_name: name }, {}, url);
    const out: Record<string, Json> = {
      secret: (await get(showSecret, { secret_name: name }, {}, url)).body,
      versions: versions.body,
    };
    for (const v of versions.body.version_metadatas as Json[]) {
      out[`version ${v.id}`] = comparable(showVersion, (await get(showVersion, { secret_name: name, version_id: v.id }, {}, url)).body);
      for (const stage of v.version_stages as string[])
        out[`stage ${stage}`] = (await get(showStage, { secret_name: name, stage_name: stage }, {}, url)).body;
    }
    return out;
  }

  it('a backup from one mock restores into a fresh one exactly: metadata, versions, values and stages', async () => {
    const fresh = await startMock({ secrets: [], tokens: [TOKEN['X-Auth-Token']] });
    try {
      for (const { name } of SECRETS.filter((s) => !s.state)) {
        const restored = await restore(fresh.url, await blobOf(mock.url, name));
        expect(restored.status).toBe(200);
        const before = await everything(mock.url, name);
        expect(restored.body.secret).toStrictEqual(before.secret.secret);
        expect(await everything(fresh.url, name)).toStrictEqual(before);
      }
    } finally {
      await fresh.close();
    }
  });

  it('a version added with putSecretValue survives the round trip, stage times included', async () => {
    const source = await startMock({ secrets: [SECRETS[0]!], tokens: [TOKEN['X-Auth-Token']] });
    const fresh = await startMock({ secrets: [], tokens: [TOKEN['X-Auth-Token']] });
    try {
      await source.putSecretValue('db-password', { value: 'rotated-value' });
      expect((await restore(fresh.url, await blobOf(source.url, 'db-password'))).status).toBe(200);
      expect(await everything(fresh.url, 'db-password')).toStrictEqual(await everything(source.url, 'db-password'));
    } finally {
      await Promise.all([source.close(), fresh.close()]);
    }
  });

  it('restoring over a name that exists is 400 secret_exists, and changes nothing', async () => {
    const before = await everything(mock.url, 'db-password');
    const answer = await restore(mock.url, await blobOf(mock.url, 'db-password'));
    expect(answer.status).toBe(400);
    expect(answer.body).toStrictEqual(documented(upload, 400, 'secret_exists'));
    expect(await everything(mock.url, 'db-password')).toStrictEqual(before);
  });

  it('a tampered blob, a blob that is not a backup and the vendor example blob are 400 CSMS.0004 invalid_backup', async () => {
    const fresh = await startMock({ secrets: [] });
    try {
      const blob = await blobOf(mock.url, 'db-password');
      const at = blob.length - 20;
      const tampered = blob.slice(0, at) + (blob[at] === 'A' ? 'B' : 'A') + blob.slice(at + 1);
      const vendor = (upload.body!.example as { secret_blob: string }).secret_blob;
      for (const [what, bad] of [
        ['tampered', tampered],
        ['hello', 'hello'],
        ['the vendor example', vendor],
        ['cut short', blob.slice(0, 40)],
      ] as const) {
        const answer = await call(fresh.url, upload, { body: { secret_blob: bad }, headers: TOKEN });
        expect(answer.status, what).toBe(400);
        expect(answer.body, what).toStrictEqual(documented(upload, 400, 'invalid_backup'));
      }
      const list = await call(fresh.url, listSecrets, { headers: TOKEN });
      expect(list.body.secrets).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('a blob holds no value in readable form (neither the value nor its Base64 or Base64url)', async () => {
    for (const { name } of SECRETS) {
      const blob = await blobOf(mock.url, name);
      expect(blob.startsWith('csms-mock-backup.v1.'), 'the mock’s own format').toBe(true);
      const readable = VALUES.flatMap(encodedForms).filter((form) => form.length >= 4 && blob.includes(form));
      expect(readable.length, `${name}: forms of a value found in its blob`).toBe(0);
    }
    // The generated value of a secret without versions too.
    const generated = (await get(showVersion, { secret_name: 'api-key', version_id: 'v1' })).body.version.secret_string as string;
    const blob = await blobOf(mock.url, 'api-key');
    expect(encodedForms(generated).filter((form) => blob.includes(form)).length, 'forms of the generated value').toBe(0);
  });
});
