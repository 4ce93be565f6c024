// Whether a failed request is repeated follows the document (`x-idempotent`), for the typed methods
// and for csms.raw: an operation that is not safe to repeat (a restore) is retried only when the
// service cannot have seen it (429, a connection never made); a read is retried on any transient
// failure. The operations come from the table, split by their `idempotent` flag only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { operations } from '../../../test/support/openapi.js';
import { type CsmsClient, type CsmsClientOptions, CsmsError, createCsmsClient } from '../src/index.js';
import { countedFetch } from './support/counted.js';
import { clientAgainst, json, type Script } from './support/fault-server.js';
import { leakCapture } from './support/leaks.js';
import { argsFor, firstSuccessExample, methodOf, type TableOperation } from './support/operations.js';

const TOKEN = 'MIIZ-retry-safety-token-2b3c4d5e6f';
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const leaks = leakCapture();
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  expect(leaks.findSecrets([TOKEN])).toEqual([]);
});
const setup = clientAgainst(servers, { projectId: PROJECT, credentials: { token: TOKEN } });

type RawResult = { data?: unknown; error?: unknown; response: Response };
/** csms.raw.<METHOD>(template, …) for an operation, with its example path values and body. */
const rawCall = (csms: CsmsClient, op: TableOperation, path: string = op.path): Promise<RawResult> =>
  (csms.raw as unknown as Record<string, (path: string, init: object) => Promise<RawResult>>)[op.method]!(path, {
    params: {
      path: Object.fromEntries(op.pathParams.map((name) => [name, name === 'project_id' ? PROJECT : op.params[name]!.example])),
    },
    ...(op.body ? { body: op.body.example } : {}),
  });

/** The two ways to call an operation; both go through the same transport. */
const VIA = {
  method: (csms: CsmsClient, op: TableOperation) => methodOf(csms, op)(...argsFor(op)),
  raw: async (csms: CsmsClient, op: TableOperation) => {
    const { data, error, response } = await rawCall(csms, op);
    if (response.ok) return data;
    // As the typed method would: an HTTP error is an outcome to compare, not a throw.
    throw Object.assign(new Error(`raw HTTP ${response.status}`), { status: response.status, body: error });
  },
} as const;
const unsafe = operations.filter((op) => !op.idempotent);
const safe = operations.filter((op) => op.idempotent);
const both = <T>(ops: TableOperation[], extra: T[]) =>
  ops.flatMap((op) =>
    (['method', 'raw'] as const).flatMap((via) => extra.map((x) => [`${op.operationId} via ${via}`, op, via, x] as const)),
  );
const errorBody = { error_code: 'CSMS.0001', error_msg: 'Internal service error.' };
const caught = (p: Promise<unknown>) => leaks.caught(p);

it('the document has operations of both kinds', () => {
  expect(unsafe.length).toBeGreaterThan(0);
  expect(safe.length).toBeGreaterThan(0);
});

describe('an operation that is not safe to repeat (x-idempotent: false)', () => {
  it.each(both(unsafe, [500, 502, 503, 504]))('%s: HTTP %i is returned at once, after exactly 1 request', async (_n, op, via, status) => {
    const { server, csms } = await setup((_req, res) => json(res, status, errorBody), { retries: 3 });
    const e = await caught(VIA[via](csms, op));
    expect(e.status).toBe(status);
    if (via === 'method') expect(e).toMatchObject({ kind: 'http', attempts: 1, operation: op.operationId, code: 'CSMS.0001' });
    expect(server.requests).toHaveLength(1);
  });

  it.each(both(unsafe, [0]))('%s: 429 (Retry-After: %i) then 200 is repeated: 2 requests, success', async (_n, op, via, after) => {
    const ok = firstSuccessExample(op);
    const { server, csms } = await setup((_req, res, n) =>
      n === 1
        ? json(res, 429, { error_code: 'APIGW.0308', error_msg: 'throttled' }, { 'retry-after': String(after) })
        : json(res, op.status, ok),
    );
    await expect(VIA[via](csms, op)).resolves.toStrictEqual(ok);
    expect(server.requests).toHaveLength(2);
    // The same body both times.
    expect(server.requests[1]!.body.equals(server.requests[0]!.body)).toBe(true);
  });

  it.each(both(unsafe, [null]))('%s: a timeout after the request was sent is not repeated', async (_n, op, via) => {
    // Reads the whole request, then never answers.
    const { server, csms } = await setup(() => {}, { timeoutMs: 300, retries: 3 });
    const e = await caught(VIA[via](csms, op));
    expect(e).toBeInstanceOf(CsmsError);
    expect(e).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it.each(both(unsafe, [null]))('%s: a connection reset after the request arrived is not repeated', async (_n, op, via) => {
    const { server, csms } = await setup((req) => req.socket.destroy(), { retries: 3 });
    const e = await caught(VIA[via](csms, op));
    expect(e).toMatchObject({ kind: 'network', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it.each(both(unsafe, [2]))(
    '%s: a refused connection (nothing was sent) is repeated: retries %i → 3 attempts',
    async (_n, op, via, retries) => {
      const closed = await closedPortUrl();
      const net = countedFetch();
      const csms = client({ endpoint: closed, retries, fetch: net.fetch });
      const e = await caught(VIA[via](csms, op));
      expect(e).toMatchObject({ kind: 'network', attempts: retries + 1 });
      expect(e.message).toMatch(/^Network error: .*ECONNREFUSED/);
      expect(net.sent).toHaveLength(retries + 1);
    },
  );
});

describe('an operation that is safe to repeat (x-idempotent: true)', () => {
  it.each(both(safe, [502, 500, 503, 504]))('%s: HTTP %i then 200 is repeated: 2 requests, success', async (_n, op, via, status) => {
    const ok = firstSuccessExample(op);
    const { server, csms } = await setup((_req, res, n) => (n === 1 ? json(res, status, errorBody) : json(res, op.status, ok)));
    await expect(VIA[via](csms, op)).resolves.toStrictEqual(ok);
    expect(server.requests).toHaveLength(2);
  });

  it.each(both(safe, [null]))('%s: a timeout is repeated (retries + 1 attempts)', async (_n, op, via) => {
    const { server, csms } = await setup(() => {}, { timeoutMs: 150, retries: 1 });
    const e = await caught(VIA[via](csms, op));
    expect(e).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it.each(both(safe, [null]))('%s: a connection reset is repeated', async (_n, op, via) => {
    const ok = firstSuccessExample(op);
    const { server, csms } = await setup((req, res, n) => (n === 1 ? req.socket.destroy() : json(res, op.status, ok)));
    await expect(VIA[via](csms, op)).resolves.toStrictEqual(ok);
    expect(server.requests).toHaveLength(2);
  });
});

describe('csms.raw on a route the document does not have', () => {
  it('is treated as not safe to repeat: a 502 is returned after 1 request', async () => {
    const op = safe[0]!;
    const { server, csms } = await setup(((_req, res) => json(res, 502, errorBody)) satisfies Script, { retries: 3 });
    const { response } = await rawCall(csms, op, '/v1/{project_id}/not-in-the-document');
    expect(response.status).toBe(502);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.target).toBe(`/v1/${PROJECT}/not-in-the-document`);
  });
});

function client(extra: Partial<CsmsClientOptions>) {
  return createCsmsClient({ projectId: PROJECT, credentials: { token: TOKEN }, retryBaseDelayMs: 1, retryMaxDelayMs: 5, ...extra });
}

/** The URL of a port that was just listened on and closed: connecting to it is refused. */
async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
