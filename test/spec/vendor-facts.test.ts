// The document against the vendor's facts (vendor-facts.yaml, each fact with its sources): paths,
// methods, parameters, fields and their types, limits, statuses, error codes, permissions and the
// vendor's examples as data. Where the document leaves a vendor status out on purpose, it says why.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deref, responseExamples, spec, table } from '../support/openapi.js';

interface OperationFacts {
  sources: string[];
  method: string;
  path: string;
  path_parameters: string[];
  query_parameters: string[];
  request_headers: string[];
  request_body?: { required: boolean; fields: string[]; required_fields: string[]; exactly_one_of?: string[]; example?: unknown };
  /** The success status (200 when not given) and whether it has a body (true when not given). */
  success_status?: number;
  success_body?: boolean;
  response_fields: Record<string, string[]>;
  required_response_fields?: boolean;
  secret_fields?: Record<string, string>;
  secret_states?: string[];
  statuses: number[];
  omitted_statuses?: number[];
  /** Statuses the document adds to this operation's list beyond the global ones, and why. */
  added_statuses?: Record<string, string>;
  error_fields: string[];
  /** The object the vendor's definition wraps the error fields in, which the document does not. */
  error_wrapper?: string;
  secret_types?: string[];
  max_versions?: number;
  protected_stages?: string[];
  unrotatable_types?: string[];
  permissions: string[];
  condition_keys?: string[];
  example_200?: unknown;
}
type Limit = { sources: string[]; keyword: string; value: unknown } & (
  | { operation: string; parameter: string }
  | { schema: string; property: string }
);
const facts = parse(fs.readFileSync(new URL('./vendor-facts.yaml', import.meta.url), 'utf8')) as {
  operations: Record<string, OperationFacts>;
  added_statuses: Record<string, string>;
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
/** The JSON type of a schema, following `$ref`s (`anyOf` with null: the non-null member's). */
const typeOf = (node: unknown): string | undefined => {
  const s = resolve(node);
  if (s.type) return s.type;
  if (s.anyOf) return s.anyOf.map(typeOf).find((t: string | undefined) => t && t !== 'null');
  return s.properties ? 'object' : undefined;
};

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
    const added = [...Object.keys(facts.added_statuses), ...Object.keys(f.added_statuses ?? {})].map(Number);
    const expected = [...f.statuses.filter((s) => !omitted.includes(s)), ...added];
    expect(documented).toEqual(expected.sort());
    for (const status of omitted) expect(op(f).description, `why ${operationId} has no ${status}`).toMatch(new RegExp(`\\b${status}\\b`));
    for (const status of Object.keys(f.added_statuses ?? {}))
      expect(op(f).description, `why ${operationId} has ${status}`).toMatch(new RegExp(`\\b${status}\\b`));
  });

  it("has the vendor's response fields, and every error body has error_code and error_msg", () => {
    for (const [status, fields] of Object.entries(f.response_fields)) {
      const schema = resolve(resolve(op(f).responses[status]).content['application/json'].schema);
      expect(Object.keys(schema.properties).sort()).toEqual([...fields].sort());
      if (f.required_response_fields) expect(schema.required).toEqual(fields);
    }
    for (const status of f.statuses.filter((s) => s >= 400 && !f.omitted_statuses?.includes(s))) {
      const schema = resolve(resolve(op(f).responses[String(status)]).content['application/json'].schema);
      for (const field of f.error_fields) expect(schema.required).toContain(field);
    }
  });

  it("answers the vendor's success status, the first 2xx the document lists, with a body only where the vendor has one", () => {
    const status = String(f.success_status ?? 200);
    expect(Object.keys(op(f).responses).find((s) => /^2/.test(s))).toBe(status);
    expect(table.operations[operationId]!.status).toBe(Number(status));
    const content = resolve(op(f).responses[status]).content;
    if (f.success_body === false) expect(content).toBeUndefined();
    else expect(Object.keys(content)).toEqual(['application/json']);
  });

  // Registered per operation where there is a body: the vendor's example, or (BatchImportSecrets)
  // none from the vendor, so the document's own must not pass for one.
  if (f.example_200 !== undefined)
    it("carries the vendor's 200 example, as data, as the first example", () => {
      const examples = resolve(op(f).responses['200']).content['application/json'].examples as Json;
      expect(resolve(Object.values(examples)[0]).value).toStrictEqual(f.example_200);
    });
  else if (f.success_body !== false)
    it('has no vendor success example, and no example of its own claims to be one', () => {
      const examples = Object.values(resolve(op(f).responses['200']).content['application/json'].examples as Json).map(resolve);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(example.summary).not.toMatch(/vendor/i);
    });

  // Registered per operation (not skipped): one of the two applies.
  if (f.request_body)
    it("takes the vendor's request body, with the vendor's example first", () => {
      const body = resolve(op(f).requestBody);
      const media = body.content['application/json'];
      const schema = resolve(media.schema);
      expect(body.required).toBe(f.request_body!.required);
      expect(Object.keys(schema.properties).sort()).toEqual([...f.request_body!.fields].sort());
      expect(schema.required ?? []).toEqual(f.request_body!.required_fields);
      // Where the vendor gives no request example (BatchImportSecrets), the document's own comes first.
      if (f.request_body!.example !== undefined)
        expect(resolve(Object.values(media.examples as Json)[0]).value).toStrictEqual(f.request_body!.example);
      else expect(Object.keys(media.examples as Json).length).toBeGreaterThan(0);
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
      expect((found!.value as { error_code: string }).error_code).toBe(e.code);
    }
  });
});
