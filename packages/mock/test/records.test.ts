// One check of a stored secret, whatever path stores it (issue 25): backups sealed by anyone (the
// seal's key is in every csms-mock), putSecretValue, the configuration. A refused restore changes
// nothing, answers the document's 400, and never a 500; version ids stay unique past 2^53.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockSetupError, type RunningMock, startMock } from '@csms-openapi/mock';
import { seal, sealText } from '../src/model/backup.js';
import { call, EXAMPLE_SECRETS, op } from './helpers.js';

const TOKEN = { 'X-Auth-Token': 'records-test-token' };
const upload = op('UploadSecretBlob');
const listSecrets = op('ListSecrets');
const showSecret = op('ShowSecret');
const showStage = op('ShowSecretStage');
const showVersion = op('ShowSecretVersion');

/** A well-formed record, as a backup of the mock holds it, to break one field at a time. */
const good = () => ({
  name: 'alpha',
  metadata: {
    id: '0f6a4f0e-5a2c-4d54-9b0b-1f6a2c7d9e01',
    name: 'alpha',
    state: 'ENABLED',
    kms_key_id: '0123456789abcdef0123456789abcdef',
    create_time: 1_704_067_200_000,
    update_time: 1_704_067_200_000,
    scheduled_delete_time: null,
  },
  versions: [
    { id: 'v1', create_time: 1_704_067_200_000, value: 'first', stages: ['SYSPREVIOUS'] },
    { id: 'v2', create_time: 1_704_067_200_001, value: 'second', stages: ['SYSCURRENT'] },
  ],
  stageTimes: { SYSCURRENT: 1_704_067_200_001, SYSPREVIOUS: 1_704_067_200_001 },
});

/** Stands for a value nested 200,000 deep, which JSON.stringify cannot write: put in as text when sealing. */
const DEEP = { deep: 'placeholder' };
const DEEP_TEXT = `${'{"a":'.repeat(200_000)}{}${'}'.repeat(200_000)}`;
/** The record sealed as JSON text, with DEEP written out. */
const sealed = (record: unknown) => {
  const text = JSON.stringify(record);
  return text.includes(JSON.stringify(DEEP)) ? sealText(text.replace(JSON.stringify(DEEP), DEEP_TEXT)) : seal(record as never);
};

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ secrets: EXAMPLE_SECRETS, tokens: [TOKEN['X-Auth-Token']] });
});
afterAll(() => mock.close());

/** What the store holds, as the API shows it: every secret's metadata. */
const snapshot = async () => (await call(mock.url, listSecrets, { query: { limit: 1000 }, headers: TOKEN })).body;

describe('a restore checks the backup as any write is checked', () => {
  const crafted: [string, (r: ReturnType<typeof good>) => unknown][] = [
    ['a name with a path in it', (r) => ({ ...r, name: '../x', metadata: { ...r.metadata, name: '../x' } })],
    ['a 65-character name', (r) => ({ ...r, name: 'n'.repeat(65), metadata: { ...r.metadata, name: 'n'.repeat(65) } })],
    ['a state the document does not have', (r) => ({ ...r, metadata: { ...r.metadata, state: 'BOGUS' } })],
    ['a 40,000-character value', (r) => ({ ...r, versions: [r.versions[0], { ...r.versions[1], value: 'v'.repeat(40_000) }] })],
    ['two versions both SYSCURRENT', (r) => ({ ...r, versions: r.versions.map((v) => ({ ...v, stages: ['SYSCURRENT'] })) })],
    [
      '21 versions',
      (r) => ({
        ...r,
        versions: Array.from({ length: 21 }, (_, i) => ({
          id: `v${i + 1}`,
          create_time: 1_704_067_200_000 + i,
          value: `value ${i}`,
          stages: i === 20 ? ['SYSCURRENT'] : [],
        })),
      }),
    ],
    ['a record whose metadata names another secret', (r) => ({ ...r, metadata: { ...r.metadata, name: 'beta' } })],
    ['versions: [null]', (r) => ({ ...r, versions: [null] })],
    ['stages: 5', (r) => ({ ...r, versions: [r.versions[0], { ...r.versions[1], stages: 5 }] })],
    ['metadata nested 200,000 deep', (r) => ({ ...r, metadata: { ...r.metadata, extra: DEEP } })],
    ['a field the Secret schema does not have', (r) => ({ ...r, metadata: { ...r.metadata, owner: 'someone' } })],
    ['no SYSCURRENT', (r) => ({ ...r, versions: r.versions.map((v) => ({ ...v, stages: ['blue'] })) })],
    ['a stage time that is not a time', (r) => ({ ...r, stageTimes: { SYSCURRENT: 'soon' } })],
    ['a version id "latest"', (r) => ({ ...r, versions: [r.versions[0], { ...r.versions[1], id: 'latest' }] })],
    // 11,000 characters, but 66,000 as JSON (each written \u0001): over the 64 KiB of metadata.
    ['metadata over 64 KiB only as JSON', (r) => ({ ...r, metadata: { ...r.metadata, description: '\u0001'.repeat(11_000) } })],
  ];

  it.each(crafted)('refuses %s with the document’s 400 CSMS.0004, and stores nothing', async (_name, breakIt) => {
    const before = await snapshot();
    const blob = sealed(breakIt(good()));
    const answer = await call(mock.url, upload, { body: { secret_blob: blob }, headers: TOKEN });
    expect(answer.status).toBe(400);
    expect(answer.body.error_code).toBe('CSMS.0004');
    expect(await snapshot()).toEqual(before);
    // The API keeps answering: nothing half-stored can make a later read fail.
    expect((await call(mock.url, showSecret, { params: { secret_name: 'db-password' }, headers: TOKEN })).status).toBe(200);
  });

  it('restores the same record unbroken, and a version without stages stays without', async () => {
    const record = good();
    record.versions.unshift({ id: 'v0', create_time: 1_704_067_199_999, value: 'zeroth', stages: [] });
    const answer = await call(mock.url, upload, { body: { secret_blob: seal(record as never) }, headers: TOKEN });
    expect(answer.status).toBe(200);
    expect(answer.body.secret).toEqual(record.metadata);
    const current = await call(mock.url, showStage, { params: { secret_name: 'alpha', stage_name: 'SYSCURRENT' }, headers: TOKEN });
    expect(current.body.stage).toMatchObject({ version_id: 'v2', update_time: 1_704_067_200_001 });
    const zeroth = await call(mock.url, showVersion, { params: { secret_name: 'alpha', version_id: 'v0' }, headers: TOKEN });
    expect(zeroth.body.version.version_metadata.version_stages).toEqual([]);
    mock.reset();
  });
});

describe('version ids', () => {
  it('stay unique past 2^53: the next id after v9007199254740992 is v9007199254740993', async () => {
    const big = await startMock({
      secrets: [{ name: 'big', versions: [{ id: 'v9007199254740992', value: 'old' }] }],
      tokens: [TOKEN['X-Auth-Token']],
    });
    try {
      const added = await big.putSecretValue('big', { value: 'new' });
      expect(added.id).toBe('v9007199254740993');
      const stage = await call(big.url, showStage, { params: { secret_name: 'big', stage_name: 'SYSCURRENT' }, headers: TOKEN });
      expect(stage.body.stage.version_id).toBe('v9007199254740993');
      const value = await call(big.url, showVersion, {
        params: { secret_name: 'big', version_id: stage.body.stage.version_id },
        headers: TOKEN,
      });
      expect(value.body.version.secret_string).toBe('new');
    } finally {
      await big.close();
    }
  });
});

describe('the configuration keeps the same rules', () => {
  it.each([
    [
      'a field the Secret schema does not have',
      { name: 'x', owner: 'someone' },
      'unknown field "owner" (not a field of the document\'s Secret)',
    ],
    [
      'a state the document does not have',
      { name: 'x', state: 'BOGUS' },
      'field state must be equal to one of the allowed values (ENABLED, DISABLED, PENDING_DELETE, FROZEN)',
    ],
    ['metadata over 64 KiB as JSON', { name: 'x', description: 'd'.repeat(70_000) }, 'the metadata is larger than 65536 bytes'],
    // 11,000 characters, 66,000 once each is written \u0001 in JSON.
    [
      'metadata over 64 KiB only once escaped',
      { name: 'x', description: '\u0001'.repeat(11_000) },
      'the metadata is larger than 65536 bytes',
    ],
    // As JSON.parse (and js-yaml) make it: an own field, which must not become the prototype.
    [
      'an own __proto__ field',
      JSON.parse('{"name": "x", "__proto__": {"state": "DISABLED"}}'),
      'unknown field "__proto__" (not a field of the document\'s Secret)',
    ],
  ])('refuses %s', async (_name, secret, problem) => {
    await expect(startMock({ secrets: [secret as never] })).rejects.toThrow(
      new MockSetupError(`startMock options: secrets[0] ("x"): ${problem}`),
    );
  });

  it('takes metadata just under 64 KiB as JSON', async () => {
    const description = '\u0001'.repeat(10_800);
    expect(JSON.stringify({ description }).length).toBeLessThan(65_536);
    const near = await startMock({ secrets: [{ name: 'x', description }], tokens: [TOKEN['X-Auth-Token']] });
    try {
      const answer = await call(near.url, showSecret, { params: { secret_name: 'x' }, headers: TOKEN });
      expect(answer.body.secret.description).toBe(description);
    } finally {
      await near.close();
    }
  });
});
