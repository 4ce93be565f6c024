// Robustness of the mock under a bounded load (loopback, 10 connections, each sending every request twice): every operation of
// the table (its first 2xx example, and its 404 where it documents one), no errors, no timeouts,
// and every body one of the document's examples, valid against its schema; and the same load on a
// mock answering from 1,000 configured secrets, every body valid against the document.
import autocannon from 'autocannon';
import { describe, expect, inject, it } from 'vitest';
import { startMock } from '@csms-openapi/mock';
import { asEchoed } from '../support/echo.js';
import { exampleTarget, operations, responseExamples, validate } from '../support/openapi.js';

describe('mock under load', () => {
  it('answers every request with a documented, valid body', async () => {
    const cases = responseExamples();
    const token = { 'x-auth-token': 'load-test-token' };
    const requests: autocannon.Request[] = [];
    const expected: typeof cases = [];
    const bodiless = new Set<number>();
    const statuses = new Map<number, number>();
    let answers = 0;
    const nonConformant: string[] = [];
    // Each answer: a body that is one of the document's examples and valid against its schema, or
    // no body where the document gives the success none.
    const counted = (status: number, text: string) => {
      answers++;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (text === '' && bodiless.has(status)) return;
      const body: unknown = text === '' ? undefined : JSON.parse(text);
      // An example, with the names the request's path gave (test/support/echo.ts).
      const match = expected.find((c) => JSON.stringify(echoed(c, body)) === JSON.stringify(body));
      if (!match || validate(match.schemaPointer, body).length > 0) nonConformant.push(`${status} ${text.slice(0, 100)}`);
    };
    for (const op of operations) {
      const body = op.body ? { body: JSON.stringify(op.body.example), headers: { ...token, 'content-type': op.body.mediaType } } : {};
      const path = exampleTarget(op);
      const success = cases.find((c) => c.operationId === op.operationId && c.status === String(op.status));
      if (success) expected.push(success);
      else bodiless.add(op.status); // a success the document gives no body
      requests.push({ method: op.method as autocannon.Request['method'], path, headers: token, ...body, onResponse: counted });
      const missing = cases.find((c) => c.operationId === op.operationId && c.status === '404');
      if (missing) {
        expected.push(missing);
        requests.push({
          method: op.method as autocannon.Request['method'],
          path,
          headers: { ...token, prefer: 'code=404' },
          ...body,
          onResponse: counted,
        });
      }
    }

    /** Every path value the requests name (each operation's examples), and a page's item count. */
    const named = operations.flatMap((op) =>
      op.pathParams.filter((p) => op.params[p]?.option === undefined).map((p) => String(op.params[p]?.example)),
    );
    const echoed = (c: (typeof cases)[number], body: unknown) => {
      const paging = operations.find((op) => op.operationId === c.operationId)?.paging;
      const items = paging ? ((body as Record<string, unknown[] | undefined>)[paging.items]?.length ?? 0) : undefined;
      return asEchoed(c.value, body, named, items);
    };
    const result = await autocannon({
      url: inject('mockUrl'),
      connections: 10,
      // Every connection goes through the whole list twice, so each operation is sent whatever
      // the machine's speed (a fixed duration reached only the first operations on a busy one).
      amount: requests.length * 10 * 2,
      timeout: 5,
      requests,
    });

    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.requests.total).toBeGreaterThan(100);
    expect([...statuses.keys()].sort()).toEqual([...new Set(operations.map((op) => op.status)), 404].sort());
    expect(answers).toBeGreaterThanOrEqual(result.requests.total);
    expect(nonConformant).toEqual([]);
  }, 30_000);
});

describe('mock under load, from a configured state', () => {
  it('answers from a configured state with bodies valid against the document', async () => {
    const cases = responseExamples();
    const schemaOf = (operationId: string, status: number) =>
      cases.find((c) => c.operationId === operationId && c.status === String(status))?.schemaPointer;
    const names = Array.from({ length: 1000 }, (_, i) => `secret-${i}`);
    const mock = await startMock({
      secrets: names.map((name) => ({ name, versions: [{ value: 'a' }, { value: 'b' }, { binary: 'AAEC' }] })),
    });
    const invalid: string[] = [];
    const statuses = new Map<string, number>();
    try {
      const token = { 'x-auth-token': 'load-test-token' };
      // Each operation works on a secret of its own, so a deletion under load takes only its own.
      const requests: autocannon.Request[] = operations.map((op, i) => ({
        method: op.method as autocannon.Request['method'],
        path: exampleTarget(op, { secret_name: `secret-${500 + i}`, version_id: 'latest', stage_name: 'SYSPREVIOUS' }),
        headers: op.body ? { ...token, 'content-type': op.body.mediaType } : token,
        ...(op.body ? { body: JSON.stringify(op.body.example) } : {}),
        onResponse: (status: number, body: string) => {
          statuses.set(`${op.operationId} ${status}`, (statuses.get(`${op.operationId} ${status}`) ?? 0) + 1);
          const pointer = schemaOf(op.operationId, status);
          // Documented statuses only; a body valid against the document, or none where it gives none.
          const documented = status === op.status || op.errors.includes(status);
          const valid = pointer ? validate(pointer, JSON.parse(body)).length === 0 : body === '' && status === op.status;
          if (!documented || !valid) invalid.push(`${op.operationId} ${status} ${body.slice(0, 80)}`);
        },
      }));
      const result = await autocannon({ url: mock.url, connections: 10, amount: requests.length * 10 * 2, timeout: 5, requests });
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(result.requests.total).toBeGreaterThan(100);
    } finally {
      await mock.close();
    }
    expect(invalid.slice(0, 5)).toEqual([]);
    // Each operation answered; a read of its own secret answers the same every time (its
    // success). Operations on what the whole project shares (events, grants, tags by the example's
    // secret id) see each other's writes under load: any documented status, checked above.
    for (const op of operations)
      expect(
        [...statuses.keys()].some((k) => k.startsWith(`${op.operationId} `)),
        op.operationId,
      ).toBe(true);
    for (const op of operations.filter((o) => o.idempotent && o.method === 'GET' && o.pathParams.includes('secret_name')))
      expect(
        [...statuses.keys()].filter((k) => k.startsWith(`${op.operationId} `)),
        op.operationId,
      ).toEqual([`${op.operationId} ${op.status}`]);
  }, 30_000);
});
