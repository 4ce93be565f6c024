// The model's two per-write shortcuts, against slower rules written here: the next version id
// (one past the highest `v<digits>`, exact at any length) and the record check, which trusts the
// version objects of the secret stored now but checks every other one.
import { describe, expect, it } from 'vitest';
import { defaultMetadata } from '../src/model/defaults.js';
import { recordChecker } from '../src/model/record.js';
import { draftOf, nextVersionId } from '../src/model/secret.js';
import { spec } from '../../../test/support/openapi.js';

type Secret = Parameters<typeof nextVersionId>[0];

/** The rule in BigInt: one past the highest number of an id `v` + digits; other ids count as 0. */
const expectedNext = (ids: string[]) => {
  let highest = 0n;
  for (const id of ids) {
    const m = /^v(\d+)$/.exec(id);
    if (m && BigInt(m[1] as string) > highest) highest = BigInt(m[1] as string);
  }
  return `v${highest + 1n}`;
};

const withIds = (ids: string[]) => ({ versions: ids.map((id, i) => ({ id, create_time: 1_704_067_200_000 + i })) }) as unknown as Secret;

describe('nextVersionId', () => {
  it.each([
    [['v1', 'v2', 'v3']],
    [['v10', 'v9']],
    [['v007']],
    [['v', 'x1', 'v1x', 'V5', 'v2']],
    [['v999999999999999']],
    [['v9999999999999999']],
    [['v0009007199254740992']],
    [['v9007199254740992', 'v3']],
    [['v000000000000000000000000000001', 'v2']],
  ])('%j', (ids) => {
    expect(nextVersionId(withIds(ids))).toBe(expectedNext(ids));
  });

  it('agrees with the BigInt rule on 2,000 random sets of ids', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    const randomId = () => {
      const digits = Array.from({ length: 1 + (next() % 20) }, () => String(next() % 10)).join('');
      const form = next() % 6;
      return form === 0 ? `x${digits}` : form === 1 ? `v${digits}z` : `v${digits}`;
    };
    for (let n = 0; n < 2_000; n++) {
      const ids = Array.from({ length: 1 + (next() % 20) }, randomId);
      expect(nextVersionId(withIds(ids)), ids.join(',')).toBe(expectedNext(ids));
    }
  });
});

describe('the record check of a write', () => {
  const { check } = recordChecker(spec);
  const stored = {
    metadata: defaultMetadata('alpha', 1_704_067_200_000),
    versions: [{ id: 'v1', create_time: 1_704_067_200_000, value: 'one' }],
    stages: new Map([['SYSCURRENT', { version: 'v1', time: 1_704_067_200_000 }]]),
    tags: new Map<string, string>(),
  } as unknown as Secret;

  it('passes a stored secret, and a draft that only adds a good version', () => {
    expect(check('alpha', stored)).toBeUndefined();
    const draft = draftOf(stored);
    draft.versions.push({ id: 'v2', create_time: 1_704_067_200_001, value: 'two' });
    expect(check('alpha', draft, stored)).toBeUndefined();
  });

  it('checks a new version object even when the stored secret is given', () => {
    const draft = draftOf(stored);
    draft.versions.push({ id: 'latest', create_time: 1_704_067_200_001, value: 'two' });
    expect(check('alpha', draft, stored)).toBe('versions[1]: field id must be a version ID such as v1 (not "latest")');
  });

  it('checks a changed copy of a stored version (same id, a new object)', () => {
    const draft = draftOf(stored);
    draft.versions[0] = { ...(draft.versions[0] as Secret['versions'][number]), expire_time: -1 };
    expect(check('alpha', draft, stored)).toBe('versions[0]: field expire_time must be milliseconds since the epoch');
  });
});
