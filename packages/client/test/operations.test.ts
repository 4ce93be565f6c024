// Every operation of the document, from the operation table: the client has its method, the method
// reaches the mock and resolves to the documented example, and its arguments are checked against
// the document's rules before anything is sent. No operation is named here.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { deref, operations, spec, validate } from '../../../test/support/openapi.js';

type Json = Parameters<typeof deref>[0];
import { type CsmsClientOptions, CsmsError, createCsmsClient } from '../src/index.js';
import { countedFetch } from './support/counted.js';
import { leakCapture } from './support/leaks.js';
import { argsFor, echoedSuccessExample, lowerCamelCase, methodOf, paged, pathArgs, takesInput } from './support/operations.js';

const TOKEN = 'MIIZ-operations-test-token-5e4d3c2b1a';
const PROJECT = '5c3e1f0a9b8d4c7e6f2a1b0c9d8e7f6a';
const leaks = leakCapture();
afterAll(() => {
  expect(leaks.count).toBeGreaterThan(operations.length);
  expect(leaks.findSecrets([TOKEN])).toEqual([]);
});

const client = (extra: Partial<CsmsClientOptions> = {}) =>
  createCsmsClient({ projectId: PROJECT, endpoint: inject('mockUrl'), credentials: { token: TOKEN }, retryBaseDelayMs: 1, ...extra });
const caught = (p: Promise<unknown>) => leaks.caught(p);
/** The query parameters' document examples, as a method's input object. */
const queryExamples = (op: (typeof operations)[number]) =>
  Object.fromEntries(
    op.queryParams.filter((name) => op.params[name]!.example !== undefined).map((name) => [name, op.params[name]!.example]),
  );
/** A path parameter's longest value, from its schema in the bundle (one past it is refused). */
const maxLengthOf = (op: (typeof operations)[number], name: string): number => {
  const schema = op.params[name]!.schema as { $ref?: string; maxLength?: number };
  const components = (spec.components as { schemas: Record<string, { maxLength?: number }> }).schemas;
  const length = (schema.$ref ? components[schema.$ref] : schema)?.maxLength;
  if (length === undefined) throw new Error(`${op.operationId} ${name} has no maxLength in the document`);
  return length;
};
const cases = operations.map((op) => [op.operationId, op] as const);
/** The query parameters the bundle marks `required: true`, read from the document itself (not the table). */
const requiredQueryInDocument = (op: (typeof operations)[number]) => {
  const item = deref((spec.paths as Record<string, Json>)[op.path]!, '').value as Record<string, unknown>;
  const parametersOf = (node: unknown) => (node as { parameters?: Json[] } | undefined)?.parameters ?? [];
  return [...parametersOf(item), ...parametersOf(item[op.method.toLowerCase()])]
    .map((p) => deref(p as Json, '').value as { name: string; in: string; required?: boolean })
    .filter((p) => p.in === 'query' && p.required === true)
    .map((p) => p.name);
};
/** JSON pointer of an operation's request body schema in the bundle. */
const bodyPointer = (op: (typeof operations)[number]) =>
  `/paths/${op.path.replaceAll('~', '~0').replaceAll('/', '~1')}/${op.method.toLowerCase()}/requestBody/content/${op.body!.mediaType.replace('/', '~1')}/schema`;

it('the document has operations, and the table lists each once', () => {
  expect(operations.length).toBeGreaterThanOrEqual(7);
  expect(new Set(operations.map((op) => op.operationId)).size).toBe(operations.length);
});

describe('the client has one method per operation, and nothing else besides raw and paginate', () => {
  it('method names are the operationIds in lowerCamelCase', () => {
    const csms = client();
    expect(Object.keys(csms).sort()).toEqual([...operations.map((op) => lowerCamelCase(op.operationId)), 'paginate', 'raw'].sort());
    for (const op of operations) expect(typeof methodOf(csms, op)).toBe('function');
  });

  it('paginate has exactly the paged operations (x-pagination)', () => {
    const names = paged().map((op) => lowerCamelCase(op.operationId));
    expect(names.length).toBeGreaterThan(0);
    expect(Object.keys(client().paginate).sort()).toEqual(names.sort());
  });
});

describe('each operation against the example-mode mock', () => {
  it.each(cases)('%s resolves to the first documented success example, sent to its path', async (_id, op) => {
    const net = countedFetch();
    const input = takesInput(op)
      ? { ...queryExamples(op), ...(op.body?.example !== undefined ? { body: op.body.example } : {}) }
      : undefined;
    const result = await methodOf(client({ fetch: net.fetch }), op)(...argsFor(op, { input }));
    expect(result).toStrictEqual(echoedSuccessExample(op, result));
    expect(net.sent).toHaveLength(1);
    const [sent] = net.sent;
    expect(sent!.method).toBe(op.method);
    const url = new URL(sent!.url);
    const expectedPath = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(name === 'project_id' ? PROJECT : String(op.params[name]!.example)),
    );
    expect(url.pathname).toBe(expectedPath);
    expect(Object.fromEntries(url.searchParams)).toEqual(
      Object.fromEntries(Object.entries(queryExamples(op)).map(([k, v]) => [k, String(v)])),
    );
    if (op.body) {
      expect(sent!.headers.get('content-type')).toBe(op.body.mediaType);
      expect(await sent!.json()).toStrictEqual(op.body.example);
    } else expect(sent!.body).toBeNull();
  });
});

describe('arguments are checked against the document before anything is sent', () => {
  // Values no path parameter of the document accepts: each would change the URL's path or is not text.
  const pathCases = operations.flatMap((op) =>
    pathArgs(op).flatMap((name) =>
      ['..', '.', 'a/b', 'a?b', 'a#b', '', 'x'.repeat(maxLengthOf(op, name) + 1), 42, undefined, null].map(
        (value) => [`${op.operationId} ${name} = ${JSON.stringify(value)}`, op, name, value] as const,
      ),
    ),
  );

  it('every operation with path arguments is covered', () => {
    expect(new Set(pathCases.map(([, op]) => op.operationId)).size).toBe(operations.filter((op) => pathArgs(op).length > 0).length);
  });

  it.each(pathCases)('%s: invalid-argument naming it, no request', async (_name, op, name, value) => {
    const net = countedFetch();
    const e = await caught(methodOf(client({ fetch: net.fetch }), op)(...argsFor(op, { path: { [name]: value } })));
    expect(e).toBeInstanceOf(CsmsError);
    expect(e).toMatchObject({ kind: 'invalid-argument', operation: op.operationId, attempts: 0 });
    expect(e.message.startsWith(`Invalid ${name}: `)).toBe(true);
    expect(net.sent).toHaveLength(0);
  });

  const queryCases = operations.flatMap((op) => op.queryParams.map((name) => [`${op.operationId} ${name}`, op, name] as const));
  it.each(queryCases)('%s of the wrong type: invalid-argument naming it, no request', async (_name, op, name) => {
    const net = countedFetch();
    const e = await caught(methodOf(client({ fetch: net.fetch }), op)(...argsFor(op, { input: { [name]: { not: 'a scalar' } } })));
    expect(e).toMatchObject({ kind: 'invalid-argument', operation: op.operationId, attempts: 0 });
    expect(e.message).toMatch(new RegExp(`^Invalid ${name}: expected [a-z ]+, got object\\.$`));
    expect(net.sent).toHaveLength(0);
  });

  const inputCases = operations.filter(takesInput).map((op) => [op.operationId, op] as const);
  it.each(inputCases)('%s: an unknown key in the input object is refused, not dropped', async (_id, op) => {
    const net = countedFetch();
    const e = await caught(
      methodOf(client({ fetch: net.fetch }), op)(...argsFor(op, { input: { ...(op.body ? { body: op.body.example } : {}), nope: 1 } })),
    );
    expect(e).toMatchObject({ kind: 'invalid-argument', operation: op.operationId, attempts: 0 });
    expect(e.message.startsWith(`Unknown ${lowerCamelCase(op.operationId)} parameter "nope": expected `)).toBe(true);
    expect(net.sent).toHaveLength(0);
  });

  it.each(inputCases)('%s: an input that is not an object is refused', async (_id, op) => {
    const net = countedFetch();
    const e = await caught(methodOf(client({ fetch: net.fetch }), op)(...pathArgs(op).map((name) => op.params[name]!.example), 'limit=5'));
    expect(e).toMatchObject({ kind: 'invalid-argument', attempts: 0 });
    expect(e.message).toMatch(/^Invalid argument \d+ of [a-zA-Z]+: expected an object with /);
    expect(net.sent).toHaveLength(0);
  });

  const requiredQueryCases = operations.filter((op) => requiredQueryInDocument(op).length > 0).map((op) => [op.operationId, op] as const);
  it.each(requiredQueryCases)('%s: each required query parameter left out is refused before sending, naming it', async (_id, op) => {
    const net = countedFetch();
    const csms = client({ fetch: net.fetch });
    const full: Record<string, unknown> = { ...queryExamples(op), ...(op.body?.example !== undefined ? { body: op.body.example } : {}) };
    for (const name of requiredQueryInDocument(op)) {
      const { [name]: _left, ...rest } = full;
      const e = await caught(methodOf(csms, op)(...argsFor(op, { input: rest })));
      expect(e).toMatchObject({ kind: 'invalid-argument', operation: op.operationId, attempts: 0 });
      expect(e.message).toBe(`Missing ${lowerCamelCase(op.operationId)} parameter ${name}: pass { ${name}: … }.`);
    }
    expect(net.sent).toHaveLength(0);
  });

  const bodyCases = operations.filter((op) => op.body?.required).map((op) => [op.operationId, op] as const);
  it.each(bodyCases)('%s: a required body that is missing or breaks its schema is refused', async (_id, op) => {
    const net = countedFetch();
    const csms = client({ fetch: net.fetch });
    const label = lowerCamelCase(op.operationId);
    const missing = await caught(methodOf(csms, op)(...argsFor(op, { input: {} })));
    expect(missing).toMatchObject({ kind: 'invalid-argument', operation: op.operationId, attempts: 0 });
    expect(missing.message).toBe(`Missing ${label} body: pass { body: { … } }.`);
    // `{}` is refused when the document's schema refuses it (Ajv on the bundle, not the client's
    // checker), naming what is missing: a field, or one of a choice of fields.
    if (validate(bodyPointer(op), {}).length > 0) {
      const empty = await caught(methodOf(csms, op)(...argsFor(op, { input: { body: {} } })));
      expect(empty).toMatchObject({ kind: 'invalid-argument', operation: op.operationId });
      expect(empty.message).toMatch(
        new RegExp(`^Invalid ${label} body(?:\\.[a-z_]+: missing|: (?:does not match exactly one|matches none) of its alternatives)\\.$`),
      );
    }
    const wrong = await caught(methodOf(csms, op)(...argsFor(op, { input: { body: 'not an object' } })));
    expect(wrong.message).toBe(`Invalid ${label} body: expected object, got string.`);
    expect(net.sent).toHaveLength(0);
  });
});
