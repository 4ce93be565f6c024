// Decisions taken where the vendor's sources are silent or contradict each other, as written in
// the document's descriptions; each test would fail if the document changed its mind.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolve as resolveRef } from '../../packages/mock/src/openapi.js';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { COMPONENT, deref, operations, responseExamples, spec, table, validate } from '../support/openapi.js';

// biome-ignore lint/suspicious/noExplicitAny: the bundle is free-form JSON read by tests
type Json = Record<string, any>;
const schemas = (spec.components as Json).schemas as Record<string, Json>;
const resolve = (node: unknown) => deref(node as never, '').value as Json;
const secret = (overrides: Record<string, unknown>) => ({
  id: 'bb6a3d22-dc93-47ac-b5bd-88df7ad35f1e',
  name: 'test',
  state: 'ENABLED',
  kms_key_id: 'b168fe00ff56492495a7d22974df2d0b',
  create_time: 1581507580000,
  update_time: 1581507580000,
  ...overrides,
});
const versionMetadata = (overrides: Record<string, unknown>) => ({
  id: 'v2',
  create_time: 1731628800000,
  secret_name: 'db-password',
  version_stages: ['SYSCURRENT'],
  ...overrides,
});
const SECRET = COMPONENT.schema('Secret');
const example = (operationId: string, status: string, name: string) =>
  responseExamples().find((c) => c.operationId === operationId && c.status === status && c.exampleName === name)!.value as {
    secret: Record<string, unknown>;
  };
/** The operation object in the bundle, and its resolved parameters by name. */
const operation = (operationId: string) => {
  const op = table.operations[operationId]!;
  const item = resolve((spec.paths as Json)[op.path]);
  const object = item[op.method.toLowerCase()] as Json;
  const params = Object.fromEntries([...(item.parameters ?? []), ...(object.parameters ?? [])].map(resolve).map((p) => [p.name, p]));
  return { object, params: params as Record<string, Json> };
};
const paged = operations.filter((o) => o.paging);

describe('timestamps are milliseconds, although the vendor prose says seconds', () => {
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

  it('the times of versions and stages are EpochMillis too: seconds are rejected there as well', () => {
    for (const [schema, field] of [
      ['VersionMetadata', 'create_time'],
      ['VersionMetadata', 'expire_time'],
      ['Stage', 'update_time'],
    ] as const)
      expect(schemas[schema]!.properties[field].$ref, `${schema}.${field}`).toBe('#/components/schemas/EpochMillis');
    const VERSION_METADATA = COMPONENT.schema('VersionMetadata');
    expect(validate(VERSION_METADATA, versionMetadata({}))).toEqual([]);
    expect(validate(VERSION_METADATA, versionMetadata({ create_time: 1731628800 }))).not.toEqual([]);
    expect(validate(VERSION_METADATA, versionMetadata({ expire_time: 1731628800 }))).not.toEqual([]);
    const stage = { name: 'SYSCURRENT', version_id: 'v2', update_time: 1731628800000 };
    expect(validate(COMPONENT.schema('Stage'), stage)).toEqual([]);
    expect(validate(COMPONENT.schema('Stage'), { ...stage, update_time: 1731628800 })).not.toEqual([]);
  });

  it('the decision is written into the descriptions', () => {
    expect(schemas.EpochMillis!.description).toMatch(/Milliseconds since 1970-01-01T00:00:00Z.*says "seconds"/s);
    expect((spec.info as Json).description).toMatch(/\*\*milliseconds since 1970-01-01T00:00:00Z\*\*/);
    expect((spec.info as Json).description).toMatch(/times\s+of versions and stages/);
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
    const field = schemas.Secret!.properties.scheduled_delete_time;
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

describe('version_id: `latest` or an ID, by the looser of the vendor rules', () => {
  const versionId = COMPONENT.parameter('VersionId');

  it.each(['latest', 'v1', 'v20', 'v1234567890', 'bb6a3d22-dc93-47ac-b5bd-88df7ad35f1e', 'x'.repeat(64), 'v1.2'])('%j is valid', (v) => {
    expect(validate(versionId, v)).toEqual([]);
  });

  it.each(['', '.', '..', '-v1', '.hidden', 'v/1', 'v 1', 'x'.repeat(65), 'v1\n', 'vé'])('%j is invalid', (v) => {
    expect(validate(versionId, v)).not.toEqual([]);
  });

  it('ShowSecretVersion takes it, with `latest` as the example, and the decision is written down', () => {
    const { params } = operation('ShowSecretVersion');
    expect(params.version_id!.schema).toEqual({ $ref: '#/components/schemas/VersionId' });
    expect(params.version_id!.example).toBe('latest');
    expect(params.version_id!.description).toMatch(/`latest` for the version\s+created last/);
    expect(params.version_id!.description).toMatch(/not always the one staged `SYSCURRENT`/);
    expect(schemas.VersionId!.description).toMatch(/Decision:.*looser rule, anchored\s+at both ends/s);
    expect(schemas.VersionId!.description).toContain('`latest`');
  });
});

describe('stage names allow a period, but not `.` or `..`', () => {
  const stage = COMPONENT.parameter('StageName');

  it.each(['SYSCURRENT', 'SYSPREVIOUS', 'blue', 'release.2024', 'a', 'x'.repeat(64), '.env', 'a..b'])('%j is valid', (v) => {
    expect(validate(stage, v)).toEqual([]);
  });

  it.each(['', '.', '..', 'a/b', 'with space', 'x'.repeat(65), 'ünï'])('%j is invalid', (v) => {
    expect(validate(stage, v)).not.toEqual([]);
  });

  it('the decision is written into the StageName description; version_stages items use the same rule', () => {
    expect(schemas.StageName!.description).toMatch(/Decision:.*allows the period.*excludes the names `.` and `..`/s);
    expect(schemas.VersionMetadata!.properties.version_stages.items).toEqual({ $ref: '#/components/schemas/StageName' });
  });
});

describe('lists: limit is an integer from 1 to 1,000, 50 by default, on both secret lists', () => {
  it('the two lists are paged, and every operation with a marker parameter is', () => {
    expect(paged.map((o) => o.operationId)).toEqual(expect.arrayContaining(['ListSecretVersions', 'ListSecrets']));
    for (const o of operations.filter((o) => o.queryParams.includes('marker'))) expect(o.paging, o.operationId).not.toBeNull();
  });

  it.each(paged.filter((o) => ['ListSecrets', 'ListSecretVersions'].includes(o.operationId)).map((o) => [o.operationId, o] as const))(
    '%s',
    (operationId, op) => {
      const limit = operation(operationId).params[op.paging!.limit]!;
      expect(limit.in).toBe('query');
      expect(limit.required).toBe(false);
      expect(resolve(limit.schema)).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000, default: 50 });
      expect(op.paging!.defaultLimit).toBe(50);
      const pointer = COMPONENT.parameter('Limit');
      for (const ok of [1, 50, 1000]) expect(validate(pointer, ok), String(ok)).toEqual([]);
      for (const bad of [0, -1, 1001, 2.5, '50']) expect(validate(pointer, bad), JSON.stringify(bad)).not.toEqual([]);
    },
  );

  it('the decision is written into the Limit description', () => {
    const limit = (spec.components as Json).parameters.Limit as Json;
    expect(limit.description).toMatch(/Decision: both lists take an integer from 1 to 1,000/);
    expect(limit.description).toMatch(/from 1 to 1,000; 50 when not given/);
  });
});

describe('markers: a secret name for ListSecrets, a version ID for ListSecretVersions', () => {
  it('ListSecrets marker is a SecretName', () => {
    const marker = operation('ListSecrets').params.marker!;
    expect(marker.schema).toEqual({ $ref: '#/components/schemas/SecretName' });
    const pointer = COMPONENT.parameter('SecretMarker');
    expect(validate(pointer, 'db-password')).toEqual([]);
    expect(validate(pointer, 'db.password')).toEqual([]);
    for (const bad of ['..', 'a/b', '', 'x'.repeat(65)]) expect(validate(pointer, bad), bad).not.toEqual([]);
    expect(marker.description).toMatch(/the name of the last secret of the previous page/);
  });

  it('ListSecretVersions marker is a VersionId', () => {
    const marker = operation('ListSecretVersions').params.marker!;
    expect(marker.schema).toEqual({ $ref: '#/components/schemas/VersionId' });
    const pointer = COMPONENT.parameter('VersionMarker');
    expect(validate(pointer, 'v10')).toEqual([]);
    for (const bad of ['..', '-v1', '']) expect(validate(pointer, bad), bad).not.toEqual([]);
    expect(marker.description).toMatch(/the ID of the last version of the previous page/);
  });

  it('x-pagination of the secret lists names the marker and the next_marker the page_info carries', () => {
    for (const op of paged.filter((o) => ['ListSecrets', 'ListSecretVersions'].includes(o.operationId)))
      expect(op.paging).toMatchObject({ marker: 'marker', limit: 'limit', nextMarker: 'page_info.next_marker' });
    expect(schemas.PageInfo!.description).toMatch(/`next_marker` is present only when another page follows/);
  });
});

describe('secret_binary is standard Base64 with padding', () => {
  const binary = `${COMPONENT.schema('Version')}/properties/secret_binary`;

  it.each(['', 'AA==', 'AAE=', 'AAEC', 'AAECAw==', '+/+/', Buffer.from('any bytes at all\u0000\u00ff').toString('base64')])(
    '%j is valid',
    (v) => {
      expect(validate(binary, v)).toEqual([]);
    },
  );

  it.each(['AAECAw', 'AAECAw=', 'AA-_', 'AAEC\n', 'AA==AA==', 'A', 'AAE', 'AA= =', '====', 'AAECAw==\n'])('%j is invalid', (v) => {
    expect(validate(binary, v)).not.toEqual([]);
  });

  it('the decision is written into the field description', () => {
    const field = schemas.Version!.properties.secret_binary;
    expect(field.contentEncoding).toBe('base64');
    expect(field.description).toMatch(/standard Base64 with padding \(RFC 4648 section 4\)/);
  });
});

describe('retry safety: x-idempotent on every operation, false where a second attempt would act again or fail', () => {
  it('every operation of the bundle carries a boolean x-idempotent, and the table follows it', () => {
    for (const op of operations) {
      const object = operation(op.operationId).object;
      expect(typeof object['x-idempotent'], op.operationId).toBe('boolean');
      expect(op.idempotent, op.operationId).toBe(object['x-idempotent']);
    }
  });

  it('every GET is idempotent; every operation says in a Retries paragraph whether repeating it is safe', () => {
    for (const op of operations.filter((o) => o.method === 'GET')) expect(op.idempotent, op.operationId).toBe(true);
    for (const op of operations) expect(operation(op.operationId).object.description, op.operationId).toMatch(/\*\*Retries\.\*\*/);
  });

  // Among them, at least these: each creates, rotates, schedules, cancels or deletes (the list
  // grows with the document; a test of today's exact set would fail on the next operation).
  const unsafe = [
    'BatchImportSecrets',
    'CreateSecret',
    'CreateSecretVersion',
    'DeleteSecret',
    'DeleteSecretForSchedule',
    'DeleteSecretStage',
    'RestoreSecret',
    'RotateSecret',
    'UploadSecretBlob',
  ];

  it('the calls that create, rotate, schedule, cancel or delete are not idempotent, and each says when a retry is safe', () => {
    const notIdempotent = operations.filter((o) => !o.idempotent).map((o) => o.operationId);
    expect(notIdempotent).toEqual(expect.arrayContaining(unsafe));
    const description = operation('UploadSecretBlob').object.description as string;
    expect(description).toMatch(/repeating it after the first attempt may have been\s+processed is not safe/);
    for (const operationId of unsafe) {
      const text = operation(operationId).object.description as string;
      expect(text, operationId).toMatch(/\*\*Retries\.\*\*.*not safe/s);
      expect(text, operationId).toMatch(/a 429\s+from\s+the\s+gateway,\s+a\s+connection\s+refused/);
    }
  });

  it('the PUTs set a state, so they are idempotent, and each says why', () => {
    const puts = operations.filter((o) => o.method === 'PUT');
    expect(puts.map((o) => o.operationId)).toEqual(expect.arrayContaining(['UpdateSecret', 'UpdateSecretStage', 'UpdateVersion']));
    for (const o of puts) {
      expect(o.idempotent, o.operationId).toBe(true);
      expect(operation(o.operationId).object.description, o.operationId).toMatch(/\*\*Retries\.\*\*.*safe to repeat/is);
    }
  });

  it('DownloadSecretBlob is a POST that is safe to repeat, and says so', () => {
    expect(table.operations.DownloadSecretBlob).toMatchObject({ method: 'POST', idempotent: true });
    expect(operation('DownloadSecretBlob').object.description).toMatch(/Although the method is POST, nothing changes/);
  });
});

describe('sensitive values: x-sensitive on secret_string, secret_binary and secret_blob', () => {
  /** Every property named anywhere in the components, with its schema. */
  const properties = Object.entries(schemas).flatMap(([schema, s]) =>
    Object.entries((s.properties ?? {}) as Record<string, Json>).map(([name, p]) => ({ schema, name, p: resolve(p) })),
  );

  /** The names that always carry a value (the vendor's fields for a secret's value and its backup). */
  const VALUE_FIELDS = ['secret_string', 'secret_binary', 'secret_blob'];

  it('every value-carrying property is marked, each marked one also `format: password`', () => {
    const marked = properties.filter((x) => x.p['x-sensitive'] === true);
    expect(marked.map((x) => `${x.schema}.${x.name}`)).toEqual(
      expect.arrayContaining([
        'CreateSecretRequest.secret_binary',
        'CreateSecretRequest.secret_string',
        'CreateSecretVersionRequest.secret_binary',
        'CreateSecretVersionRequest.secret_string',
        'SecretBlob.secret_blob',
        'UploadSecretBlobRequest.secret_blob',
        'Version.secret_binary',
        'Version.secret_string',
      ]),
    );
    for (const x of properties.filter((x) => VALUE_FIELDS.includes(x.name))) expect(x.p['x-sensitive'], `${x.schema}.${x.name}`).toBe(true);
    // A string value is `format: password` too (an object, CheckSecrets' data, has no format).
    for (const x of marked.filter((m) => m.p.type === 'string')) expect(x.p.format, `${x.schema}.${x.name}`).toBe('password');
  });

  it('the table names them per operation, request and response, nested ones by their path', () => {
    const sensitive = Object.fromEntries(operations.map((o) => [o.operationId, o.sensitive]));
    expect(sensitive.ShowSecretVersion).toEqual({ request: [], response: ['version.secret_binary', 'version.secret_string'] });
    expect(sensitive.DownloadSecretBlob).toEqual({ request: [], response: ['secret_blob'] });
    expect(sensitive.UploadSecretBlob).toEqual({ request: ['secret_blob'], response: [] });
    expect(sensitive.CreateSecret).toEqual({ request: ['secret_binary', 'secret_string'], response: [] });
    expect(sensitive.CreateSecretVersion).toEqual({ request: ['secret_binary', 'secret_string'], response: [] });
    // Nested in a request body: every item of the list.
    expect(sensitive.BatchImportSecrets).toEqual({ request: ['secrets[].secret_binary', 'secrets[].secret_string'], response: [] });
    const markedNames = new Set(properties.filter((x) => x.p['x-sensitive'] === true).map((x) => x.name));
    for (const o of operations)
      for (const p of [...o.sensitive.request, ...o.sensitive.response])
        expect(markedNames.has(p.split('.').pop()!.replace(/\[\]$/, '')), `${o.operationId} ${p}`).toBe(true);
    // Reads of metadata carry no value.
    for (const id of ['ShowSecret', 'ListSecrets', 'ListSecretVersions', 'ShowSecretStage'])
      expect(sensitive[id], id).toEqual({ request: [], response: [] });
  });

  it('a stored binary value follows the rule of a returned one, so what a version returns can be stored again', () => {
    expect(schemas.SecretBinary!.pattern).toBe(schemas.Version!.properties.secret_binary.pattern);
    expect(schemas.SecretBinary!.maxLength).toBe(schemas.Version!.properties.secret_binary.maxLength);
    expect(schemas.SecretString!.maxLength).toBe(schemas.Version!.properties.secret_string.maxLength);
  });

  it('the document says what the mark means', () => {
    expect((spec.info as Json).description).toMatch(/fields that carry one are marked `x-sensitive: true`/);
  });
});

describe('UploadSecretBlob', () => {
  it('has no 404, and its description says why', () => {
    const { object } = operation('UploadSecretBlob');
    expect(Object.keys(object.responses)).not.toContain('404');
    expect(table.operations.UploadSecretBlob!.errors).not.toContain(404);
    expect(object.description).toMatch(/lists 404 without saying when it happens; this document leaves it out/);
  });

  it('answers a foreign or altered backup with CSMS.0004 and an existing name with CSMS.0002, both 400', () => {
    const codes = responseExamples()
      .filter((c) => c.operationId === 'UploadSecretBlob' && c.status === '400')
      .map((c) => [c.exampleName, (c.value as { error_code: string }).error_code]);
    expect(codes).toEqual([
      ['invalid_backup', 'CSMS.0004'],
      ['secret_exists', 'CSMS.0002'],
      // A body that is not JSON or breaks the schema: the vendor's code for a malformed body.
      ['malformed_body', 'CSMS.0004'],
    ]);
    expect(operation('UploadSecretBlob').object.description).toMatch(/Errors\*\* \(decisions: the vendor names no code for these cases\)/);
  });

  it('requires a non-empty secret_blob of at most 5 MiB', () => {
    const pointer = COMPONENT.schema('UploadSecretBlobRequest');
    expect(validate(pointer, { secret_blob: 'x' })).toEqual([]);
    expect(validate(pointer, { secret_blob: '' })).not.toEqual([]);
    expect(validate(pointer, {})).not.toEqual([]);
    expect(validate(pointer, { secret_blob: 'x'.repeat(5_242_881) })).not.toEqual([]);
  });
});

describe('ShowSecretVersion errors', () => {
  it('a secret pending deletion gets 400 CSMS.0103; a disabled or frozen one 400 CSMS.0002; missing secret or version 404 CSMS.0005', () => {
    const byName = Object.fromEntries(
      responseExamples()
        .filter((c) => c.operationId === 'ShowSecretVersion' && ['400', '404'].includes(c.status))
        .map((c) => [c.exampleName, `${c.status} ${(c.value as { error_code: string }).error_code}`]),
    );
    expect(byName).toEqual({
      invalid_parameter: '400 CSMS.0002',
      pending_delete: '400 CSMS.0103',
      not_enabled: '400 CSMS.0002',
      secret_not_found: '404 CSMS.0005',
      version_not_found: '404 CSMS.0005',
    });
  });
});

describe('the seed operations are unchanged apart from tags, x-idempotent, x-codeSamples and the sensitive mark', () => {
  const before = JSON.parse(fs.readFileSync(path.join(ROOT, 'releases/openapi-0.2.0.json'), 'utf8')) as Json;
  /** A node with every local $ref replaced by what it points at (the bundles have no cycles here). */
  const inline = (doc: Json, node: unknown): unknown => {
    const value = resolveRef(doc, node).value;
    if (Array.isArray(value)) return value.map((v) => inline(doc, v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(doc, v)]));
    return value;
  };
  /** What a caller relies on: everything but prose (descriptions, titles) and the keys that may change. */
  const contract = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(contract);
    if (!node || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      // Prose is a string; a property *named* description or title (an object) is kept.
      if (['description', 'title'].includes(k) && typeof v === 'string') continue;
      // Annotations for tools, added since: they change nothing on the wire.
      if (['tags', 'x-idempotent', 'x-codeSamples', 'x-mock-error', 'x-client-option'].includes(k)) continue;
      out[k] = contract(v);
    }
    // The new mark on a value field (format: password comes with it).
    if (out['x-sensitive'] === true) {
      delete out['x-sensitive'];
      if (out.format === 'password') delete out.format;
    }
    return out;
  };
  const seedPaths = Object.keys(before.paths as Json);

  it('0.2.0 had the two seed operations; both paths are still there, with at least the same methods', () => {
    expect(seedPaths).toEqual(['/v1/{project_id}/secrets/{secret_name}', '/v1/{project_id}/secrets/{secret_name}/backup']);
    // A path may take more methods since (PUT and DELETE on a secret); none of 0.2.0's may go.
    for (const p of seedPaths)
      expect(Object.keys(resolve((spec.paths as Json)[p])), p).toEqual(expect.arrayContaining(Object.keys(before.paths[p] as Json)));
  });
  /** The 0.2.0 part of a path item now: the keys it had then. */
  const asBefore = (p: string, now: Json) => Object.fromEntries(Object.keys(before.paths[p] as Json).map((k) => [k, now[k]]));

  // A response may gain an example (the 401 now shows the gateway's answer to a refused signature
  // beside the one to a refused token); no example of 0.2.0 may change or go.
  const added = new Set(['aksk_signature']);
  const withoutAdded = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(withoutAdded);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => !added.has(k))
        .map(([k, v]) => [k, withoutAdded(v)]),
    );
  };

  it.each(seedPaths)('%s: same operationId, summary, parameters (resolved), responses and examples', (p) => {
    const old = inline(before, before.paths[p]) as Json;
    const now = asBefore(p, inline(spec as Json, (spec.paths as Json)[p]) as Json);
    expect(withoutAdded(contract(now))).toStrictEqual(contract(old));
  });

  it.each(seedPaths)('%s: what changed is only tags, x-idempotent, x-codeSamples and the prose', (p) => {
    const old = inline(before, before.paths[p]) as Json;
    const now = inline(spec as Json, (spec.paths as Json)[p]) as Json;
    for (const method of Object.keys(old).filter((k) => k !== 'parameters')) {
      const changed = Object.keys({ ...old[method], ...now[method] }).filter(
        (k) => JSON.stringify(old[method][k]) !== JSON.stringify(now[method][k]),
      );
      for (const key of changed) expect(['tags', 'x-idempotent', 'x-codeSamples', 'parameters', 'responses', 'description']).toContain(key);
      expect(now[method]['x-idempotent']).toBe(true);
      expect(now[method].summary).toBe(old[method].summary);
      expect(now[method].operationId).toBe(old[method].operationId);
    }
  });
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
    for (const o of operations) expect(operation(o.operationId).object.security, o.operationId).toBeUndefined();
    expect((spec.components as { securitySchemes: unknown }).securitySchemes).toEqual({
      IamToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: expect.stringMatching(/X-Subject-Token/) },
      // An HTTP scheme of its own: generic generators never send a token in Authorization for it.
      AkSk: { type: 'http', scheme: 'SDK-HMAC-SHA256', description: expect.stringMatching(/Authorization: SDK-HMAC-SHA256 Access=/) },
    });
  });

  it('every response documents X-Request-Id, those without a body too', () => {
    for (const c of responseExamples()) {
      const response = resolve({ $ref: `#${c.responsePointer}` });
      expect(response.headers, c.name).toHaveProperty('X-Request-Id');
    }
    for (const o of operations)
      for (const [status, response] of Object.entries(operation(o.operationId).object.responses as Json))
        expect(resolve(response).headers, `${o.operationId} ${status}`).toHaveProperty('X-Request-Id');
  });
});

// ——— The life cycle of a secret (0.4.0): the decisions on the write operations ———

/** `{ example name: 'status code' }` of an operation's 4xx examples. */
const errorCodes = (operationId: string) =>
  Object.fromEntries(
    responseExamples()
      .filter((c) => c.operationId === operationId && /^4/.test(c.status) && !['401', '403', '429'].includes(c.status))
      .map((c) => [c.exampleName, `${c.status} ${(c.value as { error_code: string }).error_code}`]),
  );
const description = (operationId: string) => operation(operationId).object.description as string;

describe('answers without a body: DeleteSecret 200 (as the vendor lists it), DeleteSecretStage 204', () => {
  it.each([
    ['DeleteSecret', '200'],
    ['DeleteSecretStage', '204'],
  ])('%s answers %s with no content, and its description says so', (operationId, status) => {
    const responses = operation(operationId).object.responses as Json;
    expect(Object.keys(responses).filter((s) => /^2/.test(s))).toEqual([status]);
    expect(resolve(responses[status]).content).toBeUndefined();
    expect(table.operations[operationId]!.status).toBe(Number(status));
  });

  it('the reasons are written down', () => {
    expect(description('DeleteSecret')).toMatch(
      /\*\*Answer\.\*\* 200 with no body: the vendor's API Explorer definition and API reference page list\s+200/,
    );
    expect(description('DeleteSecretStage')).toMatch(/Answers 204 with no body/);
  });
});

describe('CreateSecret', () => {
  const body = COMPONENT.schema('CreateSecretRequest');

  it('takes exactly one of secret_string and secret_binary', () => {
    expect(validate(body, { name: 'db', secret_string: 's3cr3t' })).toEqual([]);
    expect(validate(body, { name: 'db', secret_binary: 'AAECAw==' })).toEqual([]);
    expect(validate(body, { name: 'db' })).not.toEqual([]);
    expect(validate(body, { name: 'db', secret_string: 's3cr3t', secret_binary: 'AAECAw==' })).not.toEqual([]);
    expect(validate(body, { name: 'db', secret_binary: 'AAECAw' })).not.toEqual([]);
    expect(validate(body, { name: 'db', secret_string: 'x'.repeat(32769) })).not.toEqual([]);
  });

  it('a database secret needs rotation_config; automatic rotation needs a period', () => {
    expect(validate(body, { name: 'db', secret_string: 'x', secret_type: 'RDS-FG' })).not.toEqual([]);
    expect(validate(body, { name: 'db', secret_string: 'x', secret_type: 'RDS-FG', rotation_config: '{}' })).toEqual([]);
    expect(validate(body, { name: 'db', secret_string: 'x', secret_type: 'COMMON' })).toEqual([]);
    expect(validate(body, { name: 'db', secret_string: 'x', auto_rotation: true })).not.toEqual([]);
    expect(validate(body, { name: 'db', secret_string: 'x', auto_rotation: true, rotation_period: '30d' })).toEqual([]);
    expect(validate(body, { name: 'db', secret_string: 'x', auto_rotation: false })).toEqual([]);
  });

  it("a new name follows the newest rule (no period), while the path's secret_name still allows one", () => {
    expect(validate(body, { name: 'db-password_1', secret_string: 'x' })).toEqual([]);
    for (const bad of ['db.password', '', 'x'.repeat(65), 'a/b'])
      expect(validate(body, { name: bad, secret_string: 'x' }), bad).not.toEqual([]);
    expect(validate(COMPONENT.parameter('SecretName'), 'db.password')).toEqual([]);
    expect(schemas.CreateSecretRequest!.properties.name.description).toMatch(/Decision: the newest sources/);
  });

  it("a kms_key_id is 2 to 64 characters of any kind, the dashed UUID and the vendor examples' 32 hex digits alike", () => {
    const key = COMPONENT.schema('KmsKeyId');
    for (const ok of ['0d0466b0-e727-4d9c-b35d-f84bb474a37f', 'b168fe00ff56492495a7d22974df2d0b', 'test'])
      expect(validate(key, ok), ok).toEqual([]);
    for (const bad of ['k', 'x'.repeat(65)]) expect(validate(key, bad), bad).not.toEqual([]);
    expect(schemas.KmsKeyId!.description).toMatch(/Decision:.*no pattern/s);
  });

  it('a name that is taken gets 400 CSMS.0002; no 404, and the description says why', () => {
    expect(errorCodes('CreateSecret')).toEqual({ invalid_value_choice: '400 CSMS.0002', secret_exists: '400 CSMS.0002' });
    expect(Object.keys(operation('CreateSecret').object.responses)).not.toContain('404');
    expect(description('CreateSecret')).toMatch(/38 of its 46 CSMS definitions/);
  });
});

describe('versions: a 21st drops the oldest unstaged one; the stage list holds 1 to 12; the expiry is milliseconds', () => {
  it('the version limit and what the 21st does are written down', () => {
    expect(description('CreateSecretVersion')).toMatch(/storing a 21st removes the oldest version that no stage points at/);
    expect(description('CreateSecretVersion')).toMatch(/SYSCURRENT` is among them, `SYSPREVIOUS` follows/);
  });

  it('version_stages holds 1 to 12 stage names', () => {
    const body = COMPONENT.schema('CreateSecretVersionRequest');
    expect(validate(body, { secret_string: 'x', version_stages: ['candidate'] })).toEqual([]);
    expect(validate(body, { secret_string: 'x', version_stages: [] })).not.toEqual([]);
    expect(validate(body, { secret_string: 'x', version_stages: Array.from({ length: 13 }, (_, i) => `s${i}`) })).not.toEqual([]);
    expect(validate(body, { secret_string: 'x', version_stages: ['..'] })).not.toEqual([]);
    expect(validate(body, {})).not.toEqual([]);
  });

  it('an expiry in seconds, or past 9999999999999, is refused', () => {
    const expiry = COMPONENT.schema('UpdateVersionRequest');
    expect(validate(expiry, { expire_time: 1696838472000 })).toEqual([]);
    expect(validate(expiry, { expire_time: 1696838472 })).not.toEqual([]);
    expect(validate(expiry, { expire_time: 10000000000000 })).not.toEqual([]);
    expect(schemas.ExpireTime!.description).toMatch(/Decision: the vendor's minimum is 0/);
  });

  it("errors: CSMS.0103 pending deletion, CSMS.0002 not enabled (not the table's 403 CSMS.0109), CSMS.0203 a 13th stage", () => {
    expect(errorCodes('CreateSecretVersion')).toEqual({
      invalid_value_choice: '400 CSMS.0002',
      pending_delete: '400 CSMS.0103',
      not_enabled: '400 CSMS.0002',
      stage_limit: '400 CSMS.0203',
      secret_not_found: '404 CSMS.0005',
    });
    expect(errorCodes('UpdateVersion')).toEqual({
      invalid_parameter: '400 CSMS.0002',
      pending_delete: '400 CSMS.0103',
      not_enabled: '400 CSMS.0002',
      secret_not_found: '404 CSMS.0005',
      version_not_found: '404 CSMS.0005',
    });
    expect(description('CreateSecretVersion')).toMatch(/403 `CSMS\.0109`/);
    const notEnabled = responseExamples().filter((c) => c.exampleName === 'not_enabled');
    expect(new Set(notEnabled.map((c) => `${c.status} ${(c.value as { error_code: string }).error_code}`))).toEqual(
      new Set(['400 CSMS.0002']),
    );
  });
});

describe('stages: a PUT creates or moves, SYSPREVIOUS follows SYSCURRENT, the built-in two stay', () => {
  it('UpdateSecretStage creates a missing stage and moves SYSPREVIOUS with SYSCURRENT', () => {
    expect(description('UpdateSecretStage')).toMatch(/A stage the secret does not have yet is\s+created/);
    expect(description('UpdateSecretStage')).toMatch(/When `SYSCURRENT` moves to another version, `SYSPREVIOUS` moves/);
    expect(description('UpdateSecretStage')).toMatch(/Pointing a\s+stage at the version it points at already changes nothing/);
    expect(errorCodes('UpdateSecretStage')).toEqual({
      invalid_parameter: '400 CSMS.0002',
      pending_delete: '400 CSMS.0103',
      stage_limit: '400 CSMS.0203',
      secret_not_found: '404 CSMS.0005',
      version_not_found: '404 CSMS.0005',
    });
  });

  it('DeleteSecretStage refuses SYSCURRENT and SYSPREVIOUS with 400 CSMS.0105, a missing stage with 404', () => {
    expect(errorCodes('DeleteSecretStage')).toEqual({
      invalid_parameter: '400 CSMS.0002',
      pending_delete: '400 CSMS.0103',
      stage_protected: '400 CSMS.0105',
      secret_not_found: '404 CSMS.0005',
      stage_not_found: '404 CSMS.0005',
    });
  });

  it('the body names a version by ID: `latest` is not resolved there', () => {
    expect(schemas.UpdateSecretStageRequest!.properties.version_id.description).toMatch(/`latest` shortcut\s+is not understood here/);
  });
});

describe('deletion: scheduled 7 to 30 days ahead, cancelled back to ENABLED, or at once from any state', () => {
  it('the waiting period is required, 7 to 30 days, with no default', () => {
    const body = COMPONENT.schema('DeleteSecretForScheduleRequest');
    for (const ok of [7, 15, 30]) expect(validate(body, { recovery_window_in_days: ok }), String(ok)).toEqual([]);
    for (const bad of [6, 31, 7.5, '15']) expect(validate(body, { recovery_window_in_days: bad }), String(bad)).not.toEqual([]);
    expect(validate(body, {})).not.toEqual([]);
    const days = schemas.DeleteSecretForScheduleRequest!.properties.recovery_window_in_days;
    expect(days.default).toBeUndefined();
    expect(days.description).toMatch(/Decision: the vendor's text names 30 as a default/);
  });

  it('PENDING_DELETE and scheduled_delete_time = now + the window; a second schedule gets 400 CSMS.0107', () => {
    expect(description('DeleteSecretForSchedule')).toMatch(
      /`state` is `PENDING_DELETE` and `scheduled_delete_time` is the time of the\s+request plus `recovery_window_in_days` days, in milliseconds/,
    );
    expect(errorCodes('DeleteSecretForSchedule')).toEqual({
      invalid_recovery_window: '400 CSMS.0002',
      already_scheduled: '400 CSMS.0107',
      secret_not_found: '404 CSMS.0005',
    });
    const scheduled = example('DeleteSecretForSchedule', '200', 'scheduled').secret;
    expect(scheduled.state).toBe('PENDING_DELETE');
    expect((scheduled.scheduled_delete_time as number) - (scheduled.update_time as number)).toBe(15 * 86_400_000);
  });

  it('RestoreSecret cancels: ENABLED, no scheduled_delete_time; nothing scheduled gets 400 CSMS.0108', () => {
    const cancelled = example('RestoreSecret', '200', 'cancelled').secret;
    expect(cancelled).toMatchObject({ state: 'ENABLED', scheduled_delete_time: null });
    expect(errorCodes('RestoreSecret')).toEqual({
      invalid_parameter: '400 CSMS.0002',
      not_scheduled: '400 CSMS.0108',
      secret_not_found: '404 CSMS.0005',
    });
    expect(description('RestoreSecret')).toMatch(/becomes `ENABLED` whatever\s+its state was before/);
  });

  it('DeleteSecret deletes from any state at once; the name is then unknown (404 CSMS.0005)', () => {
    expect(description('DeleteSecret')).toMatch(/A secret in any state can be deleted at once/);
    expect(description('DeleteSecret')).toMatch(/404 `CSMS\.0005`/);
  });
});

describe('RotateSecret', () => {
  it('refuses COMMON secrets with 400 CSMS.0002 and answers with the flat Error body', () => {
    expect(errorCodes('RotateSecret')).toEqual({
      invalid_parameter: '400 CSMS.0002',
      rotation_not_supported: '400 CSMS.0002',
      pending_delete: '400 CSMS.0103',
      not_enabled: '400 CSMS.0002',
      secret_not_found: '404 CSMS.0005',
    });
    expect(description('RotateSecret')).toMatch(/decision: the vendor refuses it but names no code/);
  });
});

describe('BatchImportSecrets', () => {
  it('reports refused items in the answer; a malformed body gets 400 and creates nothing', () => {
    const answer = example('BatchImportSecrets', '200', 'partly_imported') as unknown as Json;
    expect(answer.success + answer.failed).toBe(answer.total);
    expect(answer.error_list).toHaveLength(answer.failed);
    expect(description('BatchImportSecrets')).toMatch(/gets 400 `CSMS\.0002` and\s+creates nothing/);
    expect(errorCodes('BatchImportSecrets')).toEqual({ invalid_value_choice: '400 CSMS.0002' });
  });
});

describe('x-mock-error: each error example a rule of the mock produces names the service error', () => {
  const names = Object.entries((spec.components as Json).examples as Record<string, Json>)
    .filter(([, e]) => e['x-mock-error'] !== undefined)
    .map(([file, e]) => [file, e['x-mock-error'], `${e.value.error_code ?? e.value.error?.error_code}`]);

  it('the names this document introduced with 0.4.0, with their codes', () => {
    const added = names.filter(([file]) =>
      [
        'ErrorStageProtected',
        'ErrorStageLimit',
        'ErrorAlreadyScheduled',
        'ErrorNotScheduled',
        'ErrorRotationNotSupported',
        'ErrorInvalidValueChoice',
        'ErrorInvalidRecoveryWindow',
      ].includes(file!),
    );
    expect(Object.fromEntries(added.map(([, name, code]) => [name, code]))).toEqual({
      StageProtected: 'CSMS.0105',
      StageLimitReached: 'CSMS.0203',
      DeletionAlreadyScheduled: 'CSMS.0107',
      DeletionNotScheduled: 'CSMS.0108',
      RotationNotSupported: 'CSMS.0002',
      InvalidValueChoice: 'CSMS.0002',
      InvalidRecoveryWindow: 'CSMS.0002',
    });
  });

  it('are PascalCase; a name names one error: its examples (flat, and wrapped where CSMS wraps) share the code', () => {
    for (const [, name] of names) expect(name).toMatch(/^[A-Z][a-zA-Z0-9]*$/);
    const codes = new Map<string, Set<string>>();
    for (const [, name, code] of names) codes.set(name, (codes.get(name) ?? new Set()).add(code!));
    expect([...codes].filter(([, c]) => c.size > 1).map(([n, c]) => `${n}: ${[...c]}`)).toEqual([]);
    // Within one operation a name picks one example (the mock answers with it).
    for (const o of operations) {
      const object = operation(o.operationId).object;
      const named = Object.values(object.responses as Json)
        .map((r) => resolve(r).content?.['application/json']?.examples ?? {})
        .flatMap((examples) => Object.values(examples as Json).map((e) => resolve(e)['x-mock-error']))
        .filter(Boolean);
      expect(new Set(named).size, `${o.operationId}: one example per name`).toBe(named.length);
    }
  });
});

describe('tags: one per operation, grouped in the reading order of the tag list', () => {
  it('each operation has exactly one tag of the list, and the groups follow the list', () => {
    const tagNames = (spec.tags as { name: string }[]).map((t) => t.name);
    expect(tagNames.slice(0, 6)).toEqual(['Secret values', 'Stages', 'Secrets', 'Rotation', 'Deletion', 'Backups']);
    for (const o of operations) expect(o.tags.length, o.operationId).toBe(1);
    const groups = operations.map((o) => o.tags[0]!);
    expect(groups.filter((tag, i) => tag !== groups[i - 1])).toEqual(tagNames);
  });

  it('ShowSecretStage reads under Stages, with the calls that move and remove them', () => {
    expect(operations.filter((o) => o.tags[0] === 'Stages').map((o) => o.operationId)).toEqual([
      'ShowSecretStage',
      'UpdateSecretStage',
      'DeleteSecretStage',
    ]);
  });
});
