// Property: whatever arrives at any operation of the table (any path values, query values and
// bodies, missing/empty/huge tokens, unknown Prefer values, any method), the mock answers in time
// and stays up, every answer has its own X-Request-Id, and a JSON answer with a status the
// operation documents has the body the document specifies. Both modes: the shared mock (the
// document's examples) and a mock answering from configured secrets. Problem+json answers appear
// only for requests outside the document or for a Prefer that asks for something undocumented.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningMock, startMock } from '@csms-openapi/mock';
import { announceSeed, fuzzOptions, headerSafe, jsonBody } from '../support/fuzz.js';
import { operations, responseExamples, table, validate } from '../support/openapi.js';

const cases = responseExamples();
const pathValue = fc.oneof(
  fc.string({ maxLength: 70 }).map(encodeURIComponent),
  fc.constantFrom(
    'test',
    'db-password',
    'tls-key',
    'gone',
    '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b',
    'latest',
    'v1',
    'SYSCURRENT',
    'blue',
    '.',
    '..',
    'a/b',
    '%',
    '%zz',
    '%2F',
    'x'.repeat(65),
    'x'.repeat(5000),
  ),
);
const queryValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer({ min: -5, max: 1005 }).map(String),
  fc.constantFrom('', '50', '1000', '1001', '0', 'x', 'db-password', 'v1', '1e3', '\u0000'),
);
const token = fc.oneof(fc.constant(undefined), fc.constant(''), headerSafe, fc.constant('t'.repeat(20_000)));
const prefer = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 100, max: 599 }).map((c) => `code=${c}`),
  fc.constantFrom('code=200', 'code=404', 'code=502', 'example=pending_delete', 'example=nope', 'code=abc', 'dynamic=true', ''),
  headerSafe,
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');

/** One request to one operation of the table: its own method most of the time, its parameters and body fuzzed. */
const request = fc.constantFrom(...operations).chain((op) =>
  fc.record({
    // The operationId (not the table entry) so that a counterexample stays short.
    operationId: fc.constant(op.operationId),
    method: fc.oneof({ arbitrary: fc.constant(op.method), weight: 3 }, { arbitrary: method, weight: 1 }),
    params: fc.record(Object.fromEntries(op.pathParams.map((p) => [p, pathValue]))),
    query: fc.dictionary(fc.constantFrom(...op.queryParams, 'other'), queryValue, { maxKeys: 3 }),
    body: op.body
      ? fc.oneof(fc.constant(undefined), fc.constant(JSON.stringify(op.body.example)), jsonBody(Object.keys(op.body.example as object)))
      : fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: jsonBody(['x']), weight: 1 }),
    token,
    prefer,
  }),
);

/** The document's routes, to tell which operation (if any) the path actually sent belongs to (literal segments first, as routing does). */
const routes = operations
  .map((op) => ({
    op,
    literal: op.path.split('/').filter((s) => !s.startsWith('{')).length,
    matches: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => b.literal - a.literal);

let stateful: RunningMock;
beforeAll(async () => {
  stateful = await startMock({
    secrets: [
      { name: 'db-password', versions: [{ value: 'a' }, { value: 'b' }] },
      { name: 'tls-key', versions: [{ binary: 'AAECAwQ=', stages: ['SYSCURRENT', 'blue'] }] },
      { name: 'gone', state: 'PENDING_DELETE' },
    ],
  });
});

afterAll(async () => {
  // Still up and still right after everything above.
  for (const url of [inject('mockUrl'), stateful.url]) {
    const r = await fetch(`${url}/v1/0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b/secrets/db-password`, { headers: { 'X-Auth-Token': 't' } });
    expect(r.status).toBe(200);
  }
  await stateful.close();
});

describe('mock input', () => {
  it.each([
    ['the document’s examples', () => inject('mockUrl')],
    ['configured secrets', () => stateful.url],
  ])('%s: never crashes or hangs; documented JSON answers match the document', async (_mode, origin) => {
    announceSeed();
    await fc.assert(
      fc.asyncProperty(request, async ({ operationId, method: m, params, query, body, token: t, prefer: p }) => {
        const op = table.operations[operationId]!;
        const headers: Record<string, string> = {};
        if (t !== undefined) headers['X-Auth-Token'] = t;
        if (p !== undefined) headers.Prefer = p;
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        const search = new URLSearchParams(query).toString();
        const url = `${origin()}${op.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '')}${search ? `?${search}` : ''}`;
        const withBody = body !== undefined && m !== 'GET' && m !== 'HEAD';
        const response = await fetch(url, { method: m, headers, ...(withBody ? { body } : {}), signal: AbortSignal.timeout(5_000) });
        const text = await response.text();
        const type = response.headers.get('content-type') ?? '';
        // The URL parser may normalise the path (`/secrets/..` → `/`): judge what was sent.
        const sent = new URL(url).pathname;
        const where = `${m} ${sent} ${response.status}`;
        // 431: Node's HTTP parser refuses headers over 16 KiB before the mock sees the request
        // (test-double.test.ts has that case on its own).
        if (response.status !== 431) expect(response.headers.get('x-request-id'), where).toMatch(/^[0-9a-f]{32}$/);
        const route = routes.find((r) => r.matches.test(sent) && r.op.method === m)?.op;
        const documented = cases.find((c) => route && c.operationId === route.operationId && c.status === String(response.status));
        if (type.startsWith('application/json') && documented && m !== 'HEAD') {
          expect(validate(documented.schemaPointer, JSON.parse(text)), where).toEqual([]);
        }
        if (type.startsWith('application/problem+json')) {
          expect(route === undefined || p !== undefined, `${where} ${text.slice(0, 120)}`).toBe(true);
        }
      }),
      fuzzOptions(150),
    );
  });
});
