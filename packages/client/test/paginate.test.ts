// csms.paginate: every item of a paged operation, page after page, against the stateful mock; and
// against servers that never stop paging, repeat a marker or stop early. The hostile cases run for
// every paged operation of the table (its items and marker fields come from `x-pagination`).
import { type RunningMock, startMock } from '@csms-openapi/mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CsmsError, createCsmsClient, MAX_PAGES } from '../src/index.js';
import { countedFetch } from './support/counted.js';
import { clientAgainst, json } from './support/fault-server.js';
import { leakCapture } from './support/leaks.js';
import { validatorAt } from '../../../test/support/openapi.js';
import {
  argsFor,
  firstSuccessExample,
  paged,
  paginatorOf,
  pathArgs,
  parameterSchemaPointer,
  type TableOperation,
} from './support/operations.js';

const TOKEN = 'MIIZ-paginate-test-token-7c6b5a4f3e';
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const leaks = leakCapture();
afterAll(() => {
  expect(leaks.findSecrets([TOKEN])).toEqual([]);
});

/** Everything an async iterator yields, and how it ended (undefined: it finished). */
async function drain<T>(iterator: AsyncIterable<T>): Promise<{ items: T[]; error: CsmsError | undefined }> {
  const items: T[] = [];
  try {
    for await (const item of iterator) items.push(item);
    return { items, error: undefined };
  } catch (e) {
    return { items, error: leaks.record(e) as CsmsError };
  }
}

describe('against the stateful mock', () => {
  // 1,000 secrets (999 here and one with versions), in an order that is not sorted, so "config
  // order" cannot pass by sorting.
  const NAMES = Array.from({ length: 999 }, (_, i) => `app-${String((i * 7919) % 1000).padStart(3, '0')}`);
  const VERSIONS = Array.from({ length: 20 }, (_, i) => `ver-${String.fromCharCode(116 - i)}${i}`);
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({
      secrets: [
        ...NAMES.map((name) => ({ name })),
        { name: 'many-versions', versions: VERSIONS.map((id, i) => ({ id, value: `value-${i}` })) },
      ],
    });
  });
  afterAll(() => mock.close());
  const client = (fetch?: ReturnType<typeof countedFetch>['fetch']) =>
    createCsmsClient({ projectId: PROJECT, endpoint: mock.url, credentials: { token: TOKEN }, ...(fetch ? { fetch } : {}) });

  it('listSecrets({ limit: 7 }) yields every one of 1,000 names exactly once, in config order, in 143 pages', async () => {
    mock.reset();
    const net = countedFetch();
    const { items, error } = await drain(client(net.fetch).paginate.listSecrets({ limit: 7 }));
    expect(error).toBeUndefined();
    const expected = [...NAMES, 'many-versions'];
    expect(items.map((s) => s.name)).toEqual(expected);
    expect(new Set(items.map((s) => s.name)).size).toBe(1000);
    const pages = Math.ceil(1000 / 7);
    expect(pages).toBe(143);
    expect(mock.requests.filter((r) => r.operation === 'ListSecrets' && r.status === 200)).toHaveLength(pages);
    expect(mock.requests).toHaveLength(pages);
    // Each page asks for 7 and sends the last name of the page before as the marker.
    const queries = net.sent.map((r) => Object.fromEntries(new URL(r.url).searchParams));
    expect(queries[0]).toEqual({ limit: '7' });
    for (let p = 1; p < pages; p++) expect(queries[p]).toEqual({ limit: '7', marker: expected[p * 7 - 1] });
  });

  it('listSecrets() with the default limit, starting after a given marker', async () => {
    mock.reset();
    const { items, error } = await drain(client().paginate.listSecrets({ marker: NAMES[899] }));
    expect(error).toBeUndefined();
    expect(items.map((s) => s.name)).toEqual([...NAMES.slice(900), 'many-versions']);
    // 100 names after the marker: two pages of the default 50, the second without a next marker.
    expect(mock.requests.map((r) => [r.operation, r.status])).toEqual([
      ['ListSecrets', 200],
      ['ListSecrets', 200],
    ]);
  });

  it('listSecretVersions(name, { limit: 3 }) yields the 20 versions oldest first, in 7 pages', async () => {
    mock.reset();
    const { items, error } = await drain(client().paginate.listSecretVersions('many-versions', { limit: 3 }));
    expect(error).toBeUndefined();
    expect(items.map((v) => v.id)).toEqual(VERSIONS);
    expect(items.every((v) => v.secret_name === 'many-versions')).toBe(true);
    expect(items.at(-1)!.version_stages).toEqual(['SYSCURRENT']);
    expect(mock.requests.map((r) => [r.operation, r.secretName, r.status])).toEqual(
      Array.from({ length: 7 }, () => ['ListSecretVersions', 'many-versions', 200]),
    );
  });

  it('a 404 on the first page rejects the iteration with the CsmsError', async () => {
    const { items, error } = await drain(client().paginate.listSecretVersions('no-such-secret'));
    expect(items).toEqual([]);
    expect(error).toMatchObject({ kind: 'http', status: 404, code: 'CSMS.0005', operation: 'ListSecretVersions' });
  });

  it('arguments are checked before the first page is asked for', async () => {
    const net = countedFetch();
    const { error } = await drain(client(net.fetch).paginate.listSecrets({ limit: 0 }));
    expect(error).toMatchObject({ kind: 'invalid-argument', message: 'Invalid limit: below the minimum 1.' });
    const bad = await drain(client(net.fetch).paginate.listSecretVersions('..'));
    expect(bad.error).toMatchObject({ kind: 'invalid-argument', operation: 'ListSecretVersions' });
    expect(net.sent).toHaveLength(0);
  });

  it("the caller's signal stops the iteration between pages with the caller's reason", async () => {
    const controller = new AbortController();
    const iterator = client().paginate.listSecrets({ limit: 10 }, { signal: controller.signal });
    const first = await iterator.next();
    expect(first.done).toBe(false);
    controller.abort(new Error('enough'));
    const rest = await drain(iterator);
    // The rest of the first page was already here; the next page is not fetched.
    expect(rest.items).toHaveLength(9);
    expect(rest.error).toBeInstanceOf(Error);
    expect((rest.error as Error).message).toBe('enough');
  });
});

describe('against servers that page badly (every paged operation)', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const setup = clientAgainst(servers, { projectId: PROJECT, credentials: { token: TOKEN } });
  const cases = paged().map((op) => [op.operationId, op] as const);

  it('the document has paged operations', () => {
    expect(cases.length).toBeGreaterThanOrEqual(2);
  });

  /** A page of `op` with `count` copies of the example item, and the next marker (none when undefined). */
  function page(op: TableOperation, count: number, next: string | undefined) {
    const paging = op.paging!;
    const item = (firstSuccessExample(op) as Record<string, unknown[]>)[paging.items]![0];
    const body: Record<string, unknown> = { [paging.items]: Array.from({ length: count }, () => item) };
    const [outer, inner] = paging.nextMarker.split('.') as [string, string | undefined];
    if (inner === undefined) body[outer] = next;
    else body[outer] = { current_count: count, ...(next === undefined ? {} : { [inner]: next }) };
    return body;
  }
  const start = (op: TableOperation, input?: Record<string, unknown>) => (csms: ReturnType<typeof createCsmsClient>) =>
    paginatorOf(csms, op)(...argsFor(op, { input: input ?? {} }).slice(0, pathArgs(op).length + 1));
  const markerOf = (target: string, op: TableOperation) => new URL(target, 'http://x').searchParams.get(op.paging!.marker);
  /** Whether the document's marker parameter of `op` takes `value` (Ajv on the bundle, not the client's own check). */
  const markerFits = (op: TableOperation, value: string) =>
    validatorAt(parameterSchemaPointer(op, op.paging!.marker, 'query'))(value) === true;
  /**
   * The n-th marker a fake server hands out: distinct for each n, and one the marker parameter
   * takes (ListSecretTask's is a task ID, a UUID, so `m1` would be refused). Made from the
   * parameter's example: with n appended, or, where the schema allows nothing longer, over its end.
   */
  function marker(op: TableOperation, n: number): string {
    const example = String(op.params[op.paging!.marker]?.example ?? '');
    const suffix = String(n).padStart(4, '0');
    const fits = [`${example}-${suffix}`, `${example.slice(0, -suffix.length)}${suffix}`].find((m) => markerFits(op, m));
    if (fits === undefined) throw new Error(`no marker made from ${op.operationId}'s example "${example}" fits its marker parameter`);
    return fits;
  }

  it.each(cases)('%s: a repeated marker is invalid-response after exactly 2 requests', async (_id, op) => {
    const { server, csms } = await setup((_req, res) => json(res, 200, page(op, 1, marker(op, 1))));
    const { items, error } = await drain(start(op)(csms));
    expect(error).toMatchObject({ name: 'CsmsError', kind: 'invalid-response', operation: op.operationId });
    expect(error!.message).toBe(`The service repeated a page marker; stopped paging ${op.operationId} to avoid an endless loop`);
    expect(server.requests).toHaveLength(2);
    expect(items).toHaveLength(2);
    expect(server.requests.map((r) => markerOf(r.target, op))).toEqual([null, marker(op, 1)]);
  });

  it.each(cases)('%s: handing back the marker the caller started from is a repeat too (1 request)', async (_id, op) => {
    const { server, csms } = await setup((_req, res) => json(res, 200, page(op, 1, marker(op, 0))));
    const { error } = await drain(start(op, { [op.paging!.marker]: marker(op, 0) })(csms));
    expect(error).toMatchObject({ kind: 'invalid-response', message: expect.stringContaining('repeated a page marker') });
    expect(server.requests).toHaveLength(1);
  });

  it.each(cases)('%s: a server that never ends is invalid-response after MAX_PAGES pages', async (_id, op) => {
    expect(MAX_PAGES).toBe(1_000);
    const { server, csms } = await setup((_req, res, n) => json(res, 200, page(op, 1, marker(op, n))));
    const { items, error } = await drain(start(op)(csms));
    expect(error).toMatchObject({ kind: 'invalid-response', operation: op.operationId });
    expect(error!.message).toBe(
      `The service did not end within ${MAX_PAGES} pages; stopped paging ${op.operationId} to avoid an endless loop`,
    );
    expect(server.requests).toHaveLength(MAX_PAGES);
    expect(items).toHaveLength(MAX_PAGES);
    expect(markerOf(server.requests.at(-1)!.target, op)).toBe(marker(op, MAX_PAGES - 1));
  });

  it.each(cases)('%s: an empty page stops, even with a next marker', async (_id, op) => {
    const { server, csms } = await setup((_req, res) => json(res, 200, page(op, 0, marker(op, 2))));
    const { items, error } = await drain(start(op)(csms));
    expect(error).toBeUndefined();
    expect(items).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it.each(cases)('%s: a page without next_marker is the last', async (_id, op) => {
    const { server, csms } = await setup((_req, res, n) => json(res, 200, page(op, 2, n === 1 ? marker(op, 1) : undefined)));
    const { items, error } = await drain(start(op)(csms));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(4);
    expect(server.requests).toHaveLength(2);
  });

  it.each(cases)("%s: a next_marker the document refuses as a marker is the service's fault (invalid-response)", async (_id, op) => {
    // PageInfo allows any non-empty next_marker; the marker parameter does not allow a space.
    expect(markerFits(op, 'a b')).toBe(false);
    const { server, csms } = await setup((_req, res) => json(res, 200, page(op, 1, 'a b')));
    const { items, error } = await drain(start(op)(csms));
    expect(items).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ name: 'CsmsError', kind: 'invalid-response', operation: op.operationId });
  });

  it.each(cases)('%s: a page of the wrong shape is invalid-response, and paging stops', async (_id, op) => {
    const { server, csms } = await setup((_req, res, n) =>
      n === 1 ? json(res, 200, page(op, 1, marker(op, 1))) : json(res, 200, { [op.paging!.items]: 'not a list' }),
    );
    const { items, error } = await drain(start(op)(csms));
    expect(items).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'invalid-response', operation: op.operationId });
    expect(error!.message).toBe(`The 200 response body does not match the document ($.${op.paging!.items}: expected array, got string)`);
    expect(server.requests).toHaveLength(2);
  });
});
