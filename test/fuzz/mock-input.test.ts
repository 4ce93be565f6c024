// Property: whatever arrives (any path values, missing/empty/huge tokens, unknown Prefer values,
// any method), the mock answers in time and stays up, and a JSON answer with a documented status
// has the body the document specifies. Prism's own problem+json errors appear only for requests
// outside the document or for a Prefer that asks for something undocumented.
import fc from 'fast-check';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { announceSeed, fuzzOptions } from '../support/fuzz.js';
import { responseExamples, validate } from '../support/openapi.js';

const cases = responseExamples();
const headerSafe = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const pathValue = fc.oneof(
  fc.string({ maxLength: 70 }).map(encodeURIComponent),
  fc.constantFrom('test', '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b', '.', '..', 'a/b', '%', '%zz', '%2F', 'x'.repeat(65), 'x'.repeat(5000)),
);
const token = fc.oneof(fc.constant(undefined), fc.constant(''), headerSafe, fc.constant('t'.repeat(20_000)));
const prefer = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 100, max: 599 }).map((c) => `code=${c}`),
  fc.constantFrom('code=200', 'code=404', 'code=502', 'example=pending_delete', 'example=nope', 'code=abc', 'dynamic=true', ''),
  headerSafe,
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
/** The document's routes, to tell which operation (if any) the path actually sent belongs to. */
const routes = [...new Map(cases.map((c) => [`${c.method} ${c.path}`, c])).values()].map((c) => ({
  method: c.method,
  path: c.path,
  matches: new RegExp(`^${c.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));
const backup = fc.boolean();

afterAll(async () => {
  // Still up and still right after everything above.
  const r = await fetch(`${inject('mockUrl')}/v1/0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b/secrets/test`, { headers: { 'X-Auth-Token': 't' } });
  expect(r.status).toBe(200);
});

describe('mock input', () => {
  it('never crashes or hangs; documented JSON answers match the document', async () => {
    announceSeed();
    await fc.assert(
      fc.asyncProperty(method, pathValue, pathValue, backup, token, prefer, async (m, projectId, secretName, isBackup, t, p) => {
        const headers: Record<string, string> = {};
        if (t !== undefined) headers['X-Auth-Token'] = t;
        if (p !== undefined) headers.Prefer = p;
        const url = `${inject('mockUrl')}/v1/${projectId}/secrets/${secretName}${isBackup ? '/backup' : ''}`;
        const response = await fetch(url, { method: m, headers, signal: AbortSignal.timeout(5_000) });
        const text = await response.text();
        const type = response.headers.get('content-type') ?? '';
        // The URL parser may normalise the path (`/secrets/..` → `/`): judge what was sent.
        const sent = new URL(url).pathname;
        const route = routes.find((r) => r.method === m.toLowerCase() && r.matches.test(sent));
        const documented = cases.find(
          (c) => route && c.path === route.path && c.method === route.method && c.status === String(response.status),
        );
        if (type.startsWith('application/json') && documented && m !== 'HEAD') {
          expect(validate(documented.schemaPointer, JSON.parse(text)), `${m} ${sent} ${response.status}`).toEqual([]);
        }
        if (type.startsWith('application/problem+json')) {
          expect(route === undefined || p !== undefined, `${m} ${sent} ${response.status} ${text.slice(0, 120)}`).toBe(true);
        }
      }),
      fuzzOptions(150),
    );
  });
});
