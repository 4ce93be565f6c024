// Every example in the bundled document satisfies its schema, checked by Ajv 2020 (not Spectral):
// response examples, request body examples, parameter examples and JSON Schema `examples`, for
// every operation of the operation table.
import { describe, expect, it } from 'vitest';
import { eachOperation } from '../../packages/mock/src/openapi.js';
import { deref, operations, responseExamples, schemaExamples, spec, validate } from '../support/openapi.js';

// biome-ignore lint/suspicious/noExplicitAny: the bundle is free-form JSON read by tests
type Json = Record<string, any>;
const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');
const responses = responseExamples();
/** The operation's success response has no content (no body, so no example). */
const successWithoutBody = (operationId: string) => {
  const found = (eachOperation(spec) as { operation: Json }[]).find(({ operation }) => operation.operationId === operationId)!;
  const [, response] = Object.entries(found.operation.responses as Json).find(([status]) => /^2/.test(status))!;
  return (deref(response, '').value as Json).content === undefined;
};
/** A copy of an example with every field of the wrong type: no schema of the document accepts it. */
const wrongTypes = (value: unknown) =>
  Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, typeof v === 'string' ? 42 : 'not-the-type']));

/** Every example of every request body (inline `example` and named `examples`). */
const requestExamples = (eachOperation(spec) as { path: string; method: string; operation: Json }[]).flatMap(
  ({ path, method, operation }) => {
    if (!operation.requestBody) return [];
    const body = deref(operation.requestBody, `/paths/${escapePointer(path)}/${method}/requestBody`);
    return Object.entries((body.value as Json).content as Json).flatMap(([mediaType, media]) => {
      const schemaPointer = `${body.pointer}/content/${escapePointer(mediaType)}/schema`;
      const named: [string, unknown][] =
        media.example !== undefined
          ? [['(inline example)', media.example]]
          : Object.entries((media.examples ?? {}) as Json).map(([n, ex]) => [n, (deref(ex, '').value as Json).value]);
      return named.map(([exampleName, value]) => ({
        name: `${operation.operationId} request ${mediaType} ${exampleName}`,
        operationId: String(operation.operationId),
        schemaPointer,
        value,
      }));
    });
  },
);

describe('response examples', () => {
  it('cover every operation of the table and every status it documents, but a success without a body', () => {
    expect([...new Set(responses.map((c) => c.operationId))].sort()).toEqual(operations.map((o) => o.operationId).sort());
    for (const op of operations) {
      const statuses = [...new Set(responses.filter((c) => c.operationId === op.operationId).map((c) => Number(c.status)))];
      const bodiless = successWithoutBody(op.operationId);
      expect(statuses.sort(), op.operationId).toEqual([...(bodiless ? [] : [op.status]), ...op.errors].sort());
    }
  });

  it("a success without a body is the vendor's: DeleteSecretStage 204 and DeleteSecret 200; any other is a 204 or a DELETE", () => {
    const bodiless = operations.filter((o) => successWithoutBody(o.operationId));
    expect(bodiless.map((o) => `${o.operationId} ${o.status}`)).toEqual(
      expect.arrayContaining(['DeleteSecret 200', 'DeleteSecretStage 204']),
    );
    for (const o of bodiless) expect(o.status === 204 || o.method === 'DELETE', o.operationId).toBe(true);
  });

  it('every operation answers 400, 401, 403, 429, 500, 502 and 504 with examples', () => {
    for (const op of operations) expect(op.errors, op.operationId).toEqual(expect.arrayContaining([400, 401, 403, 429, 500, 502, 504]));
  });

  it('an error code means one status across the document (CSMS.0005 is always 404, CSMS.0002 always 400…)', () => {
    const statusesOf = new Map<string, Set<string>>();
    for (const c of responses.filter((c) => Number(c.status) >= 400)) {
      // Flat, or wrapped in `error` (WrappedError).
      const body = c.value as { error_code?: string; error?: { error_code: string } };
      const code = String(body.error_code ?? body.error?.error_code);
      statusesOf.set(code, (statusesOf.get(code) ?? new Set()).add(c.status));
    }
    expect([...statusesOf].filter(([, s]) => s.size > 1).map(([code, s]) => `${code}: ${[...s]}`)).toEqual([]);
    expect([...statusesOf.get('CSMS.0005')!]).toEqual(['404']);
  });

  it('a gateway error body repeats the X-Request-Id header: the examples use the same id', () => {
    const headerExample = (spec.components as { headers: Record<string, { example: string }> }).headers['X-Request-Id']!.example;
    const gateway = responses.filter((c) => Number(c.status) >= 400 && (c.value as { request_id?: string }).request_id !== undefined);
    expect([...new Set(gateway.map((c) => c.status))].sort()).toEqual(['401', '429', '502', '504']);
    // Every operation has them: the gateway stands in front of all of them.
    expect(gateway).toHaveLength(5 * operations.length);
    for (const c of gateway) expect((c.value as { request_id: string }).request_id, c.name).toBe(headerExample);
  });

  it('X-Request-Id is required on every response', () => {
    expect((spec.components as { headers: Record<string, { required: boolean }> }).headers['X-Request-Id']!.required).toBe(true);
  });

  it.each(responses.map((c) => [c.name, c] as const))('%s validates against its schema', (_name, c) => {
    expect(validate(c.schemaPointer, c.value)).toEqual([]);
  });
});

describe('request body examples', () => {
  it('every operation with a request body has at least one example of it', () => {
    const withBody = operations.filter((o) => o.body).map((o) => o.operationId);
    expect(withBody.length).toBeGreaterThan(0);
    expect([...new Set(requestExamples.map((c) => c.operationId))].sort()).toEqual(withBody.sort());
  });

  it('the table carries the first one, for code samples and the mock', () => {
    for (const op of operations.filter((o) => o.body))
      expect(op.body!.example, op.operationId).toStrictEqual(requestExamples.find((c) => c.operationId === op.operationId)!.value);
  });

  it.each(requestExamples.map((c) => [c.name, c] as const))('%s validates against its schema', (_name, c) => {
    expect(validate(c.schemaPointer, c.value)).toEqual([]);
  });
});

describe('parameter examples', () => {
  const parameters = Object.entries((spec.components as Json).parameters as Record<string, Json>);

  it('every parameter has an example, and every path and query parameter of the table has one', () => {
    for (const [name, p] of parameters) expect(p.example, name).toBeDefined();
    for (const op of operations) for (const p of Object.values(op.params)) expect(p.example, `${op.operationId} ${p.name}`).toBeDefined();
  });

  it.each(parameters.map(([name, p]) => [name, p] as const))('%s: its example validates against its schema', (name, p) => {
    expect(validate(`/components/parameters/${escapePointer(name)}/schema`, p.example)).toEqual([]);
  });
});

describe('schema examples', () => {
  const cases = schemaExamples();

  it('exist for parameters, headers, names, versions, stages and timestamps', () => {
    const where = cases.map((c) => c.schemaPointer);
    for (const pointer of [
      '/components/parameters/ProjectId/schema',
      '/components/parameters/Limit/schema',
      '/components/schemas/SecretName',
      '/components/schemas/VersionId',
      '/components/schemas/StageName',
      '/components/schemas/EpochMillis',
      '/components/headers/X-Request-Id/schema',
    ])
      expect(where).toContain(pointer);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s validates against its schema', (_name, c) => {
    expect(validate(c.schemaPointer, c.value)).toEqual([]);
  });
});

describe('the validator is not a rubber stamp', () => {
  it('rejects a broken copy of each response example', () => {
    for (const c of responses) {
      const broken = Number(c.status) >= 400 ? { error_msg: 'no code' } : wrongTypes(c.value);
      expect(validate(c.schemaPointer, broken), c.name).not.toEqual([]);
    }
  });

  it('rejects a broken copy of each request body example', () => {
    // Types turned wrong; an example whose every field is optional and loose may still pass, so an array stands in too.
    for (const c of requestExamples) {
      const refused = [wrongTypes(c.value), [c.value]].some((broken) => validate(c.schemaPointer, broken).length > 0);
      expect(refused, c.name).toBe(true);
    }
  });

  it('rejects a body without anything required where the schema requires something', () => {
    const withRequired = requestExamples.filter((c) => (deref({ $ref: `#${c.schemaPointer}` } as never, '').value as Json).required);
    expect(withRequired.length).toBeGreaterThan(0);
    for (const c of withRequired) expect(validate(c.schemaPointer, { unrelated: true }), c.name).not.toEqual([]);
  });

  it('is fed the bundle, not an empty document', () => {
    expect(Object.keys(spec.paths as object).length).toBeGreaterThanOrEqual(7);
    expect(operations.length).toBeGreaterThanOrEqual(7);
    expect(responses.length).toBeGreaterThan(operations.length * 8);
  });
});
