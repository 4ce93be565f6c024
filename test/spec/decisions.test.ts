// Decisions taken where the vendor pages are silent or contradict themselves, as written in the
// document's descriptions; each test would fail if the document changed its mind.
import { describe, expect, it } from 'vitest';
import { COMPONENT, responseExamples, spec, validate } from '../support/openapi.js';

const schemas = (spec.components as { schemas: Record<string, { description: string }> }).schemas;
const secret = (overrides: Record<string, unknown>) => ({
  id: 'bb6a3d22-dc93-47ac-b5bd-88df7ad35f1e',
  name: 'test',
  state: 'ENABLED',
  kms_key_id: 'b168fe00ff56492495a7d22974df2d0b',
  create_time: 1581507580000,
  update_time: 1581507580000,
  ...overrides,
});
const SECRET = COMPONENT.schema('Secret');
const example = (operationId: string, status: string, name: string) =>
  responseExamples().find((c) => c.operationId === operationId && c.status === status && c.exampleName === name)!.value as {
    secret: Record<string, unknown>;
  };

describe('timestamps are milliseconds, although the page says seconds', () => {
  it('the vendor example values are 13-digit milliseconds of a 2020 date', () => {
    const seed = example('ShowSecret', '200', 'seed').secret;
    for (const key of ['create_time', 'update_time', 'scheduled_delete_time']) {
      expect(String(seed[key])).toHaveLength(13);
      expect(new Date(seed[key] as number).toISOString()).toBe('2020-02-12T11:39:40.000Z');
    }
  });

  it('a value in seconds is rejected, so a unit mix-up cannot pass as a 1970 date', () => {
    expect(validate(COMPONENT.schema('EpochMillis'), 1581507580000)).toEqual([]);
    expect(validate(COMPONENT.schema('EpochMillis'), 1581507580)).not.toEqual([]);
    expect(validate(SECRET, secret({ create_time: 1581507580 }))).not.toEqual([]);
    expect(validate(COMPONENT.schema('EpochMillis'), 1581507580000.5)).not.toEqual([]);
  });

  it('the decision is written into the descriptions', () => {
    expect(schemas.EpochMillis!.description).toMatch(/Milliseconds since 1970-01-01T00:00:00Z.*says "seconds"/s);
    expect((spec.info as { description: string }).description).toMatch(/\*\*milliseconds since 1970-01-01T00:00:00Z\*\*/);
  });
});

describe('scheduled_delete_time is nullable, although the vendor example has a value on an ENABLED secret', () => {
  it('accepts null, absence and a millisecond value; rejects other types', () => {
    expect(validate(SECRET, secret({ scheduled_delete_time: null }))).toEqual([]);
    expect(validate(SECRET, secret({}))).toEqual([]);
    expect(validate(SECRET, secret({ scheduled_delete_time: 1734220800000 }))).toEqual([]);
    expect(validate(SECRET, secret({ scheduled_delete_time: '1734220800000' }))).not.toEqual([]);
  });

  it('named examples show both cases a mock user needs', () => {
    const pending = example('ShowSecret', '200', 'pending_delete').secret;
    expect(pending.state).toBe('PENDING_DELETE');
    expect(pending.scheduled_delete_time as number).toBeGreaterThan(pending.update_time as number);
    const enabled = example('ShowSecret', '200', 'not_scheduled').secret;
    expect(enabled.state).toBe('ENABLED');
    expect(enabled.scheduled_delete_time).toBeNull();
  });

  it('the decision is written into the field description', () => {
    const field = (schemas.Secret as unknown as { properties: Record<string, { description: string }> }).properties.scheduled_delete_time!;
    expect(field.description).toMatch(/`null`\s+while no deletion is scheduled/);
    expect(field.description).toMatch(/reads `state`, not this field/);
  });
});

describe('Secret', () => {
  it('allows fields the page does not list (the live service sends more)', () => {
    expect(validate(SECRET, secret({ secret_type: 'COMMON', rotation_period: '30d', something_new: { a: 1 } }))).toEqual([]);
  });

  it('rejects an unknown state and a missing required field', () => {
    expect(validate(SECRET, secret({ state: 'ACTIVE' }))).not.toEqual([]);
    const { id: _id, ...withoutId } = secret({});
    expect(validate(SECRET, withoutId)).not.toEqual([]);
  });
});

describe('path parameters', () => {
  const name = COMPONENT.parameter('SecretName');
  const project = COMPONENT.parameter('ProjectId');

  it.each(['test', 'a', 'x'.repeat(64), 'My_Secret-01', 'db.password', '.env', '...', 'a..b'])('secret_name %j is valid', (v) => {
    expect(validate(name, v)).toEqual([]);
  });

  it.each(['', '.', '..', 'a/b', 'a:b', 'x'.repeat(65), 'with space', 'ünïcode', 'a%2Fb', 'name\n'])('secret_name %j is invalid', (v) => {
    expect(validate(name, v)).not.toEqual([]);
  });

  it.each(['0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b', '0B1F4E6A2D8C4F5E9A7B3C1D2E4F6A8B'])('project_id %j is valid', (v) => {
    expect(validate(project, v)).toEqual([]);
  });

  it.each(['', 'my-project', '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8', '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8bc', '../../../../v3/auth/tokens'])(
    'project_id %j is invalid',
    (v) => {
      expect(validate(project, v)).not.toEqual([]);
    },
  );
});

describe('servers and auth', () => {
  it('the real endpoint is per region, defaulting to cn-north-4; the mock is on 127.0.0.1:4010', () => {
    const [real, mock] = spec.servers as { url: string; variables?: { region: { default: string; enum: string[] } } }[];
    expect(real!.url).toBe('https://kms.{region}.myhuaweicloud.com');
    expect(real!.variables!.region.default).toBe('cn-north-4');
    expect(real!.variables!.region.enum).toContain('cn-north-4');
    expect(real!.variables!.region.enum.length).toBeGreaterThan(10);
    expect(mock!.url).toBe('http://127.0.0.1:4010');
  });

  it('every operation requires the IAM token in X-Auth-Token, or an AK/SK signature', () => {
    expect(spec.security).toEqual([{ IamToken: [] }, { AkSk: [] }]);
    expect((spec.components as { securitySchemes: unknown }).securitySchemes).toEqual({
      IamToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: expect.stringMatching(/X-Subject-Token/) },
      // An HTTP scheme of its own: generic generators never send a token in Authorization for it.
      AkSk: { type: 'http', scheme: 'SDK-HMAC-SHA256', description: expect.stringMatching(/Authorization: SDK-HMAC-SHA256 Access=/) },
    });
  });

  it('every response documents X-Request-Id', () => {
    for (const c of responseExamples()) {
      const responsePointer = c.schemaPointer.replace(/\/content\/.*$/, '');
      const response = responsePointer
        .split('/')
        .slice(1)
        .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
        .reduce<Record<string, unknown>>((n, k) => n[k] as Record<string, unknown>, spec as Record<string, unknown>);
      expect(response.headers, c.name).toHaveProperty('X-Request-Id');
    }
  });
});
