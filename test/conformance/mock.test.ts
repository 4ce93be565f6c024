// Mock conformance in example mode (the shared mock, no configured secrets): for every operation
// of the table, every documented status and every named example is served as the document says
// (status, documented headers, body), checked by Ajv 2020 on the bundled schemas, not by Prism's
// own validation. An operation with a request body is sent its documented example.
import { describe, expect, inject, it } from 'vitest';
import { asEchoed } from '../support/echo.js';
import { exampleTarget, operations, responseExamples, responseHeaders, table, validate } from '../support/openapi.js';

const TOKEN = { 'X-Auth-Token': 'mock-conformance-token' };
const cases = responseExamples();
type Operation = (typeof operations)[number];

/** The request init an operation needs: its method, and its documented request example as a JSON body. */
const requestInit = (op: Operation, headers: Record<string, string> = {}): RequestInit => ({
  method: op.method,
  headers: { ...TOKEN, ...(op.body ? { 'Content-Type': op.body.mediaType } : {}), ...headers },
  ...(op.body ? { body: JSON.stringify(op.body.example) } : {}),
});
const url = (op: Operation, overrides: Record<string, string> = {}) => `${inject('mockUrl')}${exampleTarget(op, overrides)}`;
/** The example as the answer to `url(op)` holds it: with the path values that request named (test/support/echo.ts). */
const echoed = (op: Operation, example: unknown, body: unknown) =>
  asEchoed(
    example,
    body,
    op.pathParams.filter((p) => op.params[p]?.option === undefined).map((p) => String(op.params[p]?.example)),
    op.paging ? ((body as Record<string, unknown[]>)[op.paging.items]?.length ?? 0) : undefined,
  );

describe('every operation has a documented request example where it takes a body', () => {
  it.each(operations.filter((op) => op.body).map((op) => [op.operationId, op] as const))('%s', (_id, op) => {
    expect(op.body!.example).toBeDefined();
    expect(
      validate(
        `/paths/${op.path.replaceAll('~', '~0').replaceAll('/', '~1')}/${op.method.toLowerCase()}/requestBody/content/${op.body!.mediaType.replace('/', '~1')}/schema`,
        op.body!.example,
      ),
    ).toEqual([]);
  });
});

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('is served with that status, documented headers and the example body', async () => {
    const op = table.operations[c.operationId]!;
    const response = await fetch(url(op), requestInit(op, { Prefer: `code=${c.status}, example=${c.exampleName}` }));
    expect(response.status).toBe(Number(c.status));
    expect(response.headers.get('content-type')).toBe(c.mediaType);
    const documented = responseHeaders(c.responsePointer);
    expect(Object.keys(documented)).toContain('X-Request-Id');
    for (const [header, schemaPointer] of Object.entries(documented)) {
      const value = response.headers.get(header);
      expect(value, header).not.toBeNull();
      // Header values are text; an integer header (Retry-After) is validated as its number.
      expect(validate(schemaPointer, /^\d+$/.test(value!) && header === 'Retry-After' ? Number(value) : value), header).toEqual([]);
    }
    const body = (await response.json()) as Record<string, unknown>;
    expect(validate(c.schemaPointer, body)).toEqual([]);
    // Each answer has its own request id; a gateway body repeats it as request_id.
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    const value = c.value as Record<string, unknown>;
    expect(body).toStrictEqual(echoed(op, 'request_id' in value ? { ...value, request_id: requestId } : value, body));
  });
});

describe('request ids', () => {
  it.each(operations.map((op) => [op.operationId, op] as const))('%s: every answer has its own X-Request-Id', async (_id, op) => {
    const statuses = cases.filter((c) => c.operationId === op.operationId).map((c) => c.status);
    const ids = await Promise.all(
      [...new Set(statuses)].map(async (code) =>
        (await fetch(url(op), requestInit(op, { Prefer: `code=${code}` }))).headers.get('x-request-id'),
      ),
    );
    expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(new Set(statuses).size);
  });
});

describe('without Prefer', () => {
  it.each(operations.map((op) => [op.operationId, op] as const))('%s answers its first 2xx example', async (_id, op) => {
    const first = cases.find((c) => c.operationId === op.operationId && c.status.startsWith('2'));
    const response = await fetch(url(op), requestInit(op));
    expect(response.status).toBe(op.status);
    if (first) {
      expect(response.status).toBe(Number(first.status));
      const body = await response.json();
      expect(body).toStrictEqual(echoed(op, first.value, body));
    } else {
      // A success the document gives no body (a 204, an empty 200): none, and no content type.
      expect(await response.text()).toBe('');
      expect(response.headers.get('content-type')).toBeNull();
    }
  });
});

/** JSON pointer of an operation's request body schema in the bundle. */
const bodyPointer = (op: Operation) =>
  `/paths/${op.path.replaceAll('~', '~0').replaceAll('/', '~1')}/${op.method.toLowerCase()}/requestBody/content/${op.body!.mediaType.replace('/', '~1')}/schema`;

describe('requests the real service would refuse', () => {
  const errorOf = (op: Operation, status: string) => cases.find((c) => c.operationId === op.operationId && c.status === status)!;

  it.each(operations.map((op) => [op.operationId, op] as const))(
    '%s with no X-Auth-Token (and no signature): 401 with an error body',
    async (_id, op) => {
      const { headers: _h, ...rest } = requestInit(op);
      const response = await fetch(url(op), { ...rest, ...(op.body ? { headers: { 'Content-Type': op.body.mediaType } } : {}) });
      expect(response.status).toBe(401);
      expect(validate(errorOf(op, '401').schemaPointer, await response.json())).toEqual([]);
    },
  );

  const named = operations.filter((op) => op.pathParams.includes('secret_name'));

  // Prism alone throws an unhandled URIError on these, never answers, and its process dies.
  it.each(named.flatMap((op) => ['%zz', '%', 'a%E0%A4%A'].map((raw) => [op.operationId, raw, op] as const)))(
    '%s, a path with a malformed escape %j: 400 with an error body, and the mock stays up',
    async (_id, raw, op) => {
      const response = await fetch(url(op, { secret_name: 'MALFORMED' }).replace('MALFORMED', raw), requestInit(op));
      expect(response.status).toBe(400);
      expect(validate(errorOf(op, '400').schemaPointer, await response.json())).toEqual([]);
      const after = await fetch(url(op), requestInit(op));
      expect(after.status).toBe(op.status);
    },
  );

  it.each(named.flatMap((op) => ['db.password', '.env', 'a..b'].map((name) => [op.operationId, name, op] as const)))(
    '%s, a secret name with periods (%s) is valid',
    async (_id, name, op) => {
      const response = await fetch(url(op, { secret_name: name }), requestInit(op));
      expect(response.status).toBe(op.status);
    },
  );

  it.each(
    named.flatMap((op) =>
      [
        ['too long', 'x'.repeat(65)],
        ['bad characters', 'a b'],
        ['a colon', 'a:b'],
        ['an encoded slash', 'a/b'],
      ].map(([what, name]) => [op.operationId, what, name, op] as const),
    ),
  )('%s, a secret name with %s: 400 CSMS.0002 naming secret_name, not a 422 problem+json', async (_id, _what, name, op) => {
    const response = await fetch(url(op, { secret_name: name! }), requestInit(op));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as { error_code: string; error_msg: string };
    expect(validate(errorOf(op, '400').schemaPointer, body)).toEqual([]);
    expect(body).toStrictEqual({ error_code: 'CSMS.0002', error_msg: 'Invalid parameter: secret_name.' });
  });

  it.each(operations.filter((op) => op.paging).map((op) => [op.operationId, op] as const))(
    '%s with a limit out of range: the documented 400 invalid_limit',
    async (_id, op) => {
      const invalid = cases.find((c) => c.operationId === op.operationId && c.exampleName === 'invalid_limit')!;
      for (const limit of ['0', '1001', 'x']) {
        const response = await fetch(`${url(op)}?${op.paging!.limit}=${limit}`, requestInit(op));
        expect(response.status, limit).toBe(400);
        expect(await response.json()).toStrictEqual(invalid.value);
      }
    },
  );

  it.each(operations.filter((op) => op.body?.required).map((op) => [op.operationId, op] as const))(
    '%s without its body, with a body that is not JSON, or one the schema refuses: 400 with an error body',
    async (_id, op) => {
      // A wrong shape the document's schema refuses (Ajv on the bundle): an array refuses every object schema.
      const wrongShape = [{ blob: 'x' }, ['x']].find((v) => validate(`${bodyPointer(op)}`, v).length > 0);
      for (const [what, body, type] of [
        ['no body', undefined, undefined],
        ['not JSON', '{"secret_blob":', op.body!.mediaType],
        ['JSON, wrong shape', JSON.stringify(wrongShape), op.body!.mediaType],
        ['JSON as text/plain', JSON.stringify(op.body!.example), 'text/plain'],
      ] as const) {
        const response = await fetch(url(op), {
          method: op.method,
          headers: { ...TOKEN, ...(type ? { 'Content-Type': type } : {}) },
          ...(body === undefined ? {} : { body }),
        });
        expect(response.status, what).toBe(400);
        const answer = (await response.json()) as { error_msg?: string; error?: { error_msg: string } };
        expect(validate(errorOf(op, '400').schemaPointer, answer), what).toEqual([]);
        expect((answer.error ?? answer).error_msg, what).toBe('The request body is not valid.');
      }
    },
  );
});
