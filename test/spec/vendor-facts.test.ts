// The document against the facts of the two vendor pages (vendor-facts.yaml): paths, methods,
// parameters, fields, statuses, permissions and the 200 examples as data.
import fs from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { deref, spec } from '../support/openapi.js';

interface OperationFacts {
  method: string;
  path: string;
  path_parameters: string[];
  request_headers: string[];
  response_fields: Record<string, string[]>;
  secret_fields?: Record<string, string>;
  secret_states?: string[];
  statuses: number[];
  error_fields: string[];
  permissions: string[];
  condition_keys?: string[];
  example_200: unknown;
}
const facts = parse(fs.readFileSync(new URL('./vendor-facts.yaml', import.meta.url), 'utf8')) as {
  operations: Record<string, OperationFacts>;
  added_statuses: Record<string, string>;
};

// biome-ignore lint/suspicious/noExplicitAny: the facts file is free-form YAML read by tests
type Json = Record<string, any>;
const resolve = (node: unknown) => deref(node as never, '').value as Json;
const op = (f: OperationFacts) => (spec.paths as Json)[f.path]?.[f.method] as Json;

describe.each(Object.entries(facts.operations))('%s', (operationId, f) => {
  it('is at the page path and method, with that operationId', () => {
    expect(op(f)?.operationId).toBe(operationId);
  });

  it('takes the path parameters the page lists, and accepts the X-Auth-Token header through security', () => {
    const params = [...((spec.paths as Json)[f.path].parameters ?? []), ...(op(f).parameters ?? [])].map(resolve);
    expect(params.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(f.path_parameters);
    const schemes = (spec.components as Json).securitySchemes as Json;
    for (const header of f.request_headers) expect(Object.values(schemes).some((s) => s.in === 'header' && s.name === header)).toBe(true);
  });

  it("documents the page's statuses, plus only those the document adds on purpose", () => {
    const documented = Object.keys(op(f).responses).map(Number);
    expect(documented).toEqual([...f.statuses, ...Object.keys(facts.added_statuses).map(Number)].sort());
  });

  it("has the page's response fields, and every error body has error_code and error_msg", () => {
    for (const [status, fields] of Object.entries(f.response_fields)) {
      const schema = resolve(resolve(op(f).responses[status]).content['application/json'].schema);
      expect(Object.keys(schema.properties)).toEqual(fields);
      expect(schema.required).toEqual(fields);
    }
    for (const status of f.statuses.filter((s) => s >= 400)) {
      const schema = resolve(resolve(op(f).responses[String(status)]).content['application/json'].schema);
      for (const field of f.error_fields) expect(schema.required).toContain(field);
    }
  });

  it("carries the page's 200 example, as data, as the first example", () => {
    const examples = resolve(op(f).responses['200']).content['application/json'].examples as Json;
    expect(resolve(Object.values(examples)[0]).value).toStrictEqual(f.example_200);
  });

  it('names every permission and condition key of the page', () => {
    for (const fact of [...f.permissions, ...(f.condition_keys ?? [])]) expect(op(f).description).toContain(fact);
  });
});

describe('Secret', () => {
  const f = facts.operations.ShowSecret!;
  const secret = (spec.components as Json).schemas.Secret as Json;

  it("has the page's fields with the page's types (Long → integer), more optional ones allowed", () => {
    for (const [field, type] of Object.entries(f.secret_fields!)) {
      const schema = resolve(secret.properties[field]);
      const types = schema.anyOf ? schema.anyOf.map((s: unknown) => resolve(s).type) : [schema.type];
      expect(types, field).toContain(type);
    }
  });

  it("state is exactly the page's list", () => {
    expect(resolve(secret.properties.state).enum).toEqual(f.secret_states);
  });

  it('has no field for a secret value: metadata only', () => {
    expect(Object.keys(secret.properties).filter((k) => /value|string|binary/.test(k))).toEqual([]);
  });
});
