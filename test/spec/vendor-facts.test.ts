// The document against the vendor's facts (vendor-facts.yaml, each fact with its sources): paths,
// methods, parameters, fields and their types, limits, statuses, error codes and the form of the
// error body, permissions and the vendor's examples as data. Where the document leaves a vendor
// status or example out on purpose, or adds a status or a required field, it says why.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPONENT, deref, responseExamples, spec, table, validate } from '../support/openapi.js';

/**
 * A vendor example, as the facts record it: `example` (the value; the document shows it), or
 * `example_omitted` (a phrase of the operation's description that says why the document leaves
 * it out), or `no_example: true` (the vendor gives none).
 */
interface ExampleFacts {
  example?: unknown;
  example_omitted?: string;
  no_example?: true;
}
interface OperationFacts {
  sources: string[];
  method: string;
  path: string;
  /** The path as the official SDKs write it, where the document writes a fixed segment literally. */
  sdk_path?: string;
  path_parameters: string[];
  query_parameters: string[];
  request_headers: string[];
  request_body?: ExampleFacts & {
    required: boolean;
    fields: string[];
    required_fields: string[];
    exactly_one_of?: string[];
    /** Fields the document requires beyond the vendor's, each a decision its schema explains. */
    added_required_fields?: string[];
  };
  /** The success status (200 unless given) and whether it has a body (true when not given; a 204 has none). */
  success_status?: number;
  success_body?: boolean;
  response_fields: Record<string, string[]>;
  required_response_fields?: boolean;
  secret_fields?: Record<string, string>;
  secret_states?: string[];
  statuses: number[];
  omitted_statuses?: number[];
  /** Statuses this operation adds to the vendor's list (besides the global `added_statuses`), with why. */
  added_statuses?: Record<string, string>;
  /** The fields of the vendor's error body: `[error_code, error_msg]` (flat) or `[error]` (wrapped). */
  error_fields: string[];
  /** In the wrapped form, the fields of the `error` object. */
  error_detail_fields?: string[];
  /** The object the vendor's definition wraps the error fields in, which the document does not. */
  error_wrapper?: string;
  secret_types?: string[];
  max_versions?: number;
  protected_stages?: string[];
  unrotatable_types?: string[];
  permissions: string[];
  condition_keys?: string[];
  example_200?: unknown;
  example_200_omitted?: string;
  no_example_200?: true;
}
type Limit = { sources: string[]; keyword: string; value: unknown } & (
  | { operation: string; parameter: string }
  | { schema: string; property: string }
);
const facts = parse(fs.readFileSync(new URL('./vendor-facts.yaml', import.meta.url), 'utf8')) as {
  operations: Record<string, OperationFacts>;
  added_statuses: Record<string, string>;
  gateway_statuses: number[];
  models: Record<string, { sources: string[]; fields: Record<string, string> }>;
  limits: Limit[];
  error_codes: { code: string; sources: string[]; status: number; examples: [string, number, string][] }[];
  sources: Record<string, string>;
};

// biome-ignore lint/suspicious/noExplicitAny: the facts file is free-form YAML read by tests
type Json = Record<string, any>;
const resolve = (node: unknown) => deref(node as never, '').value as Json;
const op = (f: OperationFacts) => (spec.paths as Json)[f.path]?.[f.method] as Json;
const schemas = (spec.components as Json).schemas as Json;
/** The JSON type of a schema, following `$ref`s (`anyOf` or a type list with null: the first non-null type). */
const typeOf = (node: unknown): string | undefined => {
  const s = resolve(node);
  if (Array.isArray(s.type)) return s.type.find((t: string) => t !== 'null');
  if (s.type) return s.type;
  if (s.anyOf) return s.anyOf.map(typeOf).find((t: string | undefined) => t && t !== 'null');
  return s.properties ? 'object' : undefined;
};
/** The error code of an error example, in either form of `Error`. */
const codeOf = (value: unknown) => {
  const v = value as { error_code?: string; error?: { error_code?: string } };
  return v.error_code ?? v.error?.error_code;
};
/** The named examples of a media type, resolved, in document order. */
const examplesOf = (media: Json) => Object.values((media.examples ?? {}) as Json).map((e) => resolve(e).value as unknown);
/** Which of the three ways of recording a vendor example the facts use (exactly one). */
const exampleFacts = (facts: object, keys: [string, string, string]) => keys.filter((k) => Object.hasOwn(facts, k));

describe('the facts file', () => {
  it('names a known source for every operation, model, limit and error code', () => {
    const used = [
      ...Object.values(facts.operations).flatMap((f) => f.sources),
      ...Object.values(facts.models).flatMap((m) => m.sources),
      ...facts.limits.flatMap((l) => l.sources),
      ...facts.error_codes.flatMap((e) => e.sources),
    ];
    expect(used.filter((s) => !Object.hasOwn(facts.sources, s))).toEqual([]);
    for (const group of [Object.values(facts.operations), Object.values(facts.models), facts.limits, facts.error_codes])
      for (const entry of group) expect(entry.sources.length).toBeGreaterThan(0);
  });

  it('covers every operation of the document, and the document has every operation of the facts', () => {
    expect(Object.keys(facts.operations).sort()).toEqual(Object.keys(table.operations).sort());
  });
});

describe.each(Object.entries(facts.operations))('%s', (operationId, f) => {
  it('is at the vendor path and method, with that operationId', () => {
    expect(op(f)?.operationId).toBe(operationId);
    expect(table.operations[operationId]).toMatchObject({ method: f.method.toUpperCase(), path: f.path });
  });

  it('takes the path and query parameters the vendor lists, and the X-Auth-Token header through security', () => {
    const params = [...((spec.paths as Json)[f.path].parameters ?? []), ...(op(f).parameters ?? [])].map(resolve);
    expect(params.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(f.path_parameters);
    expect(
      params
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort(),
    ).toEqual([...f.query_parameters].sort());
    const schemes = (spec.components as Json).securitySchemes as Json;
    for (const header of f.request_headers) expect(Object.values(schemes).some((s) => s.in === 'header' && s.name === header)).toBe(true);
  });

  it("documents the vendor's statuses, plus only those the document adds, minus those it leaves out and says why", () => {
    const documented = Object.keys(op(f).responses).map(Number);
    const omitted = f.omitted_statuses ?? [];
    const added = Object.keys(f.added_statuses ?? {}).map(Number);
    const expected = [...f.statuses.filter((s) => !omitted.includes(s)), ...Object.keys(facts.added_statuses).map(Number), ...added];
    expect(documented).toEqual(expected.sort());
    for (const status of [...omitted, ...added])
      expect(op(f).description, `why ${operationId} has or lacks ${status}`).toMatch(new RegExp(`\\b${status}\\b`));
  });

  it("answers with the vendor's success status; a 204 has no body", () => {
    const status = f.success_status ?? 200;
    expect(table.operations[operationId]!.status).toBe(status);
    if (status === 204) {
      expect(resolve(op(f).responses['204']).content).toBeUndefined();
      expect(f.response_fields).toEqual({});
    }
  });

  if (f.sdk_path)
    it('names the path the official SDKs write, where the document writes a fixed segment literally', () => {
      expect(op(f).description).toContain(f.sdk_path!);
      expect(f.sdk_path!.replace(/\{([^}]+)\}/g, (m, name: string) => (f.path_parameters.includes(name) ? m : name))).toBe(f.path);
    });

  it("has the vendor's response fields, and the service's error bodies in the vendor's form", () => {
    for (const [status, fields] of Object.entries(f.response_fields)) {
      const schema = resolve(resolve(op(f).responses[status]).content['application/json'].schema);
      expect(Object.keys(schema.properties).sort()).toEqual([...fields].sort());
      if (f.required_response_fields) expect(schema.required).toEqual(fields);
    }
    const wrapped = f.error_fields.includes('error');
    expect(f.error_fields).toEqual(wrapped ? ['error'] : ['error_code', 'error_msg']);
    const detail = wrapped ? f.error_detail_fields! : f.error_fields;
    const serviceStatuses = Object.keys(op(f).responses)
      .map(Number)
      .filter((s) => s >= 400 && !facts.gateway_statuses.includes(s));
    expect(serviceStatuses.length).toBeGreaterThan(0);
    for (const status of serviceStatuses) {
      const examples = responseExamples().filter((c) => c.operationId === operationId && c.status === String(status));
      expect(examples.length, `${operationId} ${status}`).toBeGreaterThan(0);
      for (const c of examples) {
        const body = c.value as Json;
        expect(Object.keys(body), c.name).toEqual(expect.arrayContaining(f.error_fields));
        for (const field of detail) expect(typeof (wrapped ? body.error : body)[field], `${c.name} ${field}`).toBe('string');
        if (wrapped) expect(body.error_code, c.name).toBeUndefined();
      }
    }
  });
});

describe.each(Object.entries(facts.operations))('%s: its answers', (operationId, f) => {
  it("answers the vendor's success status, the first 2xx the document lists, with a body only where the vendor has one", () => {
    const status = String(f.success_status ?? 200);
    expect(Object.keys(op(f).responses).find((s) => /^2/.test(s))).toBe(status);
    expect(table.operations[operationId]!.status).toBe(Number(status));
    const content = resolve(op(f).responses[status]).content;
    if (f.success_body === false || f.success_status === 204) expect(content).toBeUndefined();
    else expect(Object.keys(content)).toEqual(['application/json']);
  });

  // The success example: the vendor's, as data, first (an operation answered from its examples
  // may lead with another), or a reason why not; where the vendor has none (BatchImportSecrets),
  // the document's own must not pass for one.
  const how200 = exampleFacts(f, ['example_200', 'example_200_omitted', 'no_example_200']);
  if (how200.length > 0)
    it("carries the vendor's 200 example, as data, first, or says why not", () => {
      expect(how200).toHaveLength(1);
      if (f.success_status === 204) {
        expect(how200).toEqual(['no_example_200']);
        return;
      }
      const values = examplesOf(resolve(op(f).responses['200']).content['application/json']);
      if (how200[0] === 'example_200') {
        if (op(f)['x-mock-examples'] === true) expect(values).toContainEqual(f.example_200);
        else expect(values[0]).toStrictEqual(f.example_200);
      }
      if (how200[0] === 'example_200_omitted') expect(op(f).description).toContain(f.example_200_omitted);
    });
  else if (f.success_body !== false)
    it('has no vendor success example, and no example of its own claims to be one', () => {
      const examples = Object.values(resolve(op(f).responses['200']).content['application/json'].examples as Json).map(resolve);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(example.summary).not.toMatch(/vendor/i);
    });

  // Registered per operation (not skipped): one of the two applies.
  if (f.request_body)
    it("takes the vendor's request body, with the vendor's example first or a reason why not", () => {
      const b = f.request_body!;
      const body = resolve(op(f).requestBody);
      const media = body.content['application/json'];
      const schema = resolve(media.schema);
      expect(body.required).toBe(b.required);
      expect(Object.keys(schema.properties).sort()).toEqual([...b.fields].sort());
      expect(schema.required ?? []).toEqual([...b.required_fields, ...(b.added_required_fields ?? [])]);
      for (const field of b.added_required_fields ?? []) expect(resolve(schema.properties[field]).description).toMatch(/Decision/);
      const how = exampleFacts(b, ['example', 'example_omitted', 'no_example']);
      expect(how.length).toBeLessThanOrEqual(1);
      if (how[0] === 'example') expect(examplesOf(media)[0]).toStrictEqual(b.example);
      if (how[0] === 'example_omitted') expect(op(f).description).toContain(b.example_omitted);
      // Where the vendor gives no request example (BatchImportSecrets), the document's own comes first.
      if (how.length === 0) expect(Object.keys(media.examples as Json).length).toBeGreaterThan(0);
    });
  else
    it('takes no request body, as the vendor lists none', () => {
      expect(op(f).requestBody).toBeUndefined();
    });

  it('names every permission and condition key of the vendor', () => {
    for (const fact of [...f.permissions, ...(f.condition_keys ?? [])]) expect(op(f).description).toContain(fact);
  });

  if (f.request_body?.exactly_one_of)
    it(`takes exactly one of ${f.request_body.exactly_one_of.join(' and ')}, as a oneOf of required lists`, () => {
      const schema = resolve(resolve(op(f).requestBody).content['application/json'].schema);
      const oneOfs = [schema, ...(schema.allOf ?? []).map(resolve)].filter((s) => s.oneOf).map((s) => s.oneOf as Json[]);
      expect(oneOfs.map((branches) => branches.map((b) => b.required))).toEqual([f.request_body!.exactly_one_of!.map((field) => [field])]);
    });

  if (f.error_wrapper)
    it(`says why its errors are not wrapped in \`${f.error_wrapper}\` as the vendor's definition has them`, () => {
      expect(op(f).description).toContain(`in an \`${f.error_wrapper}\` object`);
      expect(op(f).description).toMatch(/shared flat `Error` body/);
    });
});

describe('rules the vendor states, as the descriptions and schemas say them', () => {
  const f = facts.operations;
  it("CreateSecret takes the vendor's secret types", () => {
    expect(resolve(schemas.CreateSecretRequest.properties.secret_type).enum).toEqual(f.CreateSecret!.secret_types);
  });
  it('CreateSecretVersion names the version limit', () => {
    expect(op(f.CreateSecretVersion!).description).toContain(`at most ${f.CreateSecretVersion!.max_versions} versions`);
  });
  it('DeleteSecretStage names the stages that cannot be removed, with CSMS.0105', () => {
    const description = op(f.DeleteSecretStage!).description as string;
    for (const stage of f.DeleteSecretStage!.protected_stages!) expect(description).toContain(`\`${stage}\``);
    expect(description).toContain('`CSMS.0105`');
  });
  it('RotateSecret names the types it refuses', () => {
    for (const type of f.RotateSecret!.unrotatable_types!) expect(op(f.RotateSecret!).description).toContain(`type \`${type}\``);
  });
});

describe('Error', () => {
  const ERROR = COMPONENT.schema('Error');

  const WRAPPED = COMPONENT.schema('WrappedError');

  it('Error is flat, as in 0.2.0: error_code and error_msg required at the top', () => {
    expect(validate(ERROR, { error_code: 'CSMS.0002', error_msg: 'x' })).toEqual([]);
    expect(validate(ERROR, { error_code: 'APIGW.0308', error_msg: 'x', request_id: 'r' })).toEqual([]);
    expect(validate(ERROR, { error_msg: 'x' })).not.toEqual([]);
    expect(validate(ERROR, { error: { error_code: 'CSMS.0002', error_msg: 'x' } })).not.toEqual([]);
    expect(schemas.Error.required).toEqual(['error_code', 'error_msg']);
  });

  it('the wrapped form the vendor documents is a schema of its own (WrappedError), with the vendor limits of ErrorDetail', () => {
    expect(validate(WRAPPED, { error: { error_code: 'CSMS.0002', error_msg: 'x' } })).toEqual([]);
    expect(validate(WRAPPED, { error: { error_msg: 'x' } })).not.toEqual([]);
    expect(validate(WRAPPED, { error_code: 'CSMS.0002', error_msg: 'x' })).not.toEqual([]);
    expect(schemas.WrappedError.required).toEqual(['error']);
    expect(schemas.WrappedError.description).toMatch(/core\/sdkerr\/errors\.go/);
    expect(schemas.WrappedError.description).toMatch(/Decision: a schema of its own/);
  });
});

describe('Secret', () => {
  const f = facts.operations.ShowSecret!;
  const secret = schemas.Secret as Json;

  it("has the page's fields with the page's types (Long → integer), more optional ones allowed", () => {
    for (const [field, type] of Object.entries(f.secret_fields!)) expect(typeOf(secret.properties[field]), field).toBe(type);
  });

  it("state is exactly the page's list", () => {
    expect(resolve(secret.properties.state).enum).toEqual(f.secret_states);
  });

  it('has no field for a secret value: metadata only', () => {
    expect(Object.keys(secret.properties).filter((k) => /value|string|binary/.test(k))).toEqual([]);
  });
});

describe.each(Object.entries(facts.models))('model %s', (name, model) => {
  it("has exactly the vendor's fields, with the vendor's types", () => {
    const schema = schemas[name] as Json;
    expect(schema, name).toBeDefined();
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(model.fields).sort());
    for (const [field, type] of Object.entries(model.fields)) expect(typeOf(schema.properties[field]), `${name}.${field}`).toBe(type);
  });
});

describe('limits', () => {
  const where = (l: Limit) => ('operation' in l ? `${l.operation} ${l.parameter}` : `${l.schema}.${l.property}`);
  it.each(facts.limits.map((l) => [`${where(l)} ${l.keyword} ${JSON.stringify(l.value)}`, l] as const))('%s', (_name, l) => {
    const schema =
      'operation' in l
        ? resolve(
            [
              ...((spec.paths as Json)[table.operations[l.operation]!.path].parameters ?? []),
              ...(op(facts.operations[l.operation]!).parameters ?? []),
            ]
              .map(resolve)
              .find((p) => p.name === l.parameter)?.schema,
          )
        : resolve(resolve(schemas[l.schema]).properties[l.property]);
    expect(schema[l.keyword]).toStrictEqual(l.value);
  });
});

describe('error codes', () => {
  it.each(facts.error_codes.map((e) => [e.code, e] as const))('%s: the vendor status, in the examples that use it', (_code, e) => {
    for (const [operationId, status, exampleName] of e.examples) {
      const found = responseExamples().find(
        (c) => c.operationId === operationId && c.status === String(status) && c.exampleName === exampleName,
      );
      expect(found, `${operationId} ${status} ${exampleName}`).toBeDefined();
      expect(status).toBe(e.status);
      expect(codeOf(found!.value)).toBe(e.code);
    }
  });
});
