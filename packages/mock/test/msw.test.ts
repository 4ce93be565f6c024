// The default MSW handlers (example mode) answer exactly what the shared HTTP mock answers, for
// every documented case of every operation and for the requests it refuses; and users can
// override them with openapi-msw's typed `http`. (parity.test.ts does the same for a configured state.)
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handlers, http } from '@csms-openapi/mock/msw';
import { createCsmsClient } from '../../client/src/index.js';
import { asEchoed } from '../../../test/support/echo.js';
import { exampleTarget, operations, responseExamples, table } from '../../../test/support/openapi.js';

const ORIGIN = 'https://kms.cn-north-4.myhuaweicloud.com';
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());

/** The same request to Prism (real HTTP) and to MSW (intercepted): status, JSON body, request id. */
async function both(path: string, init: RequestInit = {}) {
  const seen = await Promise.all(
    [inject('mockUrl'), ORIGIN].map(async (origin) => {
      const r = await fetch(`${origin}${path}`, init);
      // Request ids differ per answer by design; what must agree is that there is one, and that a
      // gateway body repeats it.
      const requestId = r.headers.get('x-request-id');
      // A success without a body (a 204, an empty 200) compares as an empty object.
      const text = await r.text();
      const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
      if (body.request_id !== undefined) expect(body.request_id).toBe(requestId);
      return {
        status: r.status,
        type: r.headers.get('content-type'),
        requestId: /^[0-9a-f]{32}$/.test(requestId ?? '') ? 'an id' : requestId,
        body: { ...body, ...(body.request_id ? { request_id: 'the id' } : {}) },
      };
    }),
  );
  return { prism: seen[0]!, msw: seen[1]! };
}
const TOKEN = { 'X-Auth-Token': 'msw-test-token' };
const cases = responseExamples();
type Operation = (typeof operations)[number];
/** Method, headers and (where the operation takes one) its documented example body. */
const requestInit = (op: Operation, headers: Record<string, string>): RequestInit => ({
  method: op.method,
  headers: { ...headers, ...(op.body ? { 'Content-Type': op.body.mediaType } : {}) },
  ...(op.body ? { body: JSON.stringify(op.body.example) } : {}),
});

describe('same answers as Prism', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const op = table.operations[c.operationId]!;
    const { prism, msw } = await both(
      exampleTarget(op),
      requestInit(op, { ...TOKEN, Prefer: `code=${c.status}, example=${c.exampleName}` }),
    );
    expect(msw).toStrictEqual(prism);
    const value = c.value as Record<string, unknown>;
    // The example, with the names the request's path gave (test/support/echo.ts).
    const named = op.pathParams.filter((p) => op.params[p]?.option === undefined).map((p) => String(op.params[p]?.example));
    const items = op.paging ? ((msw.body as Record<string, unknown>)[op.paging.items] as unknown[] | undefined)?.length : undefined;
    expect(msw.body).toStrictEqual(asEchoed('request_id' in value ? { ...value, request_id: 'the id' } : value, msw.body, named, items));
  });

  const named = operations.filter((op) => op.pathParams.includes('secret_name'));

  it.each(
    operations.flatMap((op) =>
      (
        [
          ['no credentials', {}],
          ['an empty token', { 'X-Auth-Token': '' }],
          ['a signature instead of a token', { Authorization: 'SDK-HMAC-SHA256 Access=a, SignedHeaders=host, Signature=00' }],
          ['no Prefer', TOKEN],
          ['Prefer code only', { ...TOKEN, Prefer: `code=${op.status}` }],
        ] as const
      ).map(([what, headers]) => [op.operationId, what, op, headers] as const),
    ),
  )('%s with %s', async (_id, _what, op, headers: Record<string, string>) => {
    const { prism, msw } = await both(exampleTarget(op), requestInit(op, headers));
    expect(msw).toStrictEqual(prism);
  });

  it.each(named.flatMap((op) => ['x'.repeat(65), 'a:b', 'a b'].map((name) => [op.operationId, name, op] as const)))(
    '%s, an invalid secret name %j',
    async (_id, name, op) => {
      const { prism, msw } = await both(exampleTarget(op, { secret_name: name }), requestInit(op, TOKEN));
      expect(msw).toStrictEqual(prism);
      expect(msw.status).toBe(400);
    },
  );

  it.each(named.flatMap((op) => ['%zz', '%'].map((raw) => [op.operationId, raw, op] as const)))(
    '%s, a malformed escape %j in the secret name',
    async (_id, raw, op) => {
      const { prism, msw } = await both(exampleTarget(op, { secret_name: 'MALFORMED' }).replace('MALFORMED', raw), requestInit(op, TOKEN));
      expect(msw).toStrictEqual(prism);
      expect(msw.status).toBe(400);
    },
  );

  it.each(operations.flatMap((op) => ['code=418', 'example=nope'].map((prefer) => [op.operationId, prefer, op] as const)))(
    '%s, an undocumented Prefer %s: the same 404 problem',
    async (_id, prefer, op) => {
      const { prism, msw } = await both(exampleTarget(op), requestInit(op, { ...TOKEN, Prefer: prefer }));
      expect(msw).toStrictEqual(prism);
      expect(msw.status).toBe(404);
    },
  );
});

describe('in a user suite', () => {
  it('the client works against the handlers with no server running', async () => {
    const csms = createCsmsClient({ projectId: '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b', region: 'cn-north-4', credentials: { token: 't' } });
    const { secret } = await csms.showSecret('test', { headers: { Prefer: 'example=pending_delete' } });
    expect(secret.state).toBe('PENDING_DELETE');
  });

  it('a typed override replaces one answer', async () => {
    server.use(
      http.get('/v1/{project_id}/secrets/{secret_name}', ({ params, response }) =>
        response(404).json({ error_code: 'CSMS.0005', error_msg: `no ${params.secret_name}` }),
      ),
    );
    const csms = createCsmsClient({ projectId: '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b', credentials: { token: 't' } });
    await expect(csms.showSecret('gone')).rejects.toMatchObject({ status: 404, code: 'CSMS.0005', message: 'no gone' });
    server.resetHandlers();
  });
});
