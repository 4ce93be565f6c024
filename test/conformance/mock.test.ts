// Mock conformance: for both operations, every documented status and every named example, the
// running Prism answers what the document says (status, headers, body), checked by Ajv 2020 on the
// bundled schemas, not by Prism's own validation.
import { describe, expect, inject, it } from 'vitest';
import { examplePath, responseExamples, responseHeaders, validate } from '../support/openapi.js';

const TOKEN = { 'X-Auth-Token': 'mock-conformance-token' };
const cases = responseExamples();

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('is served with that status, documented headers and the example body', async () => {
    const response = await fetch(`${inject('mockUrl')}${examplePath(c.path)}`, {
      method: c.method.toUpperCase(),
      headers: { ...TOKEN, Prefer: `code=${c.status}, example=${c.exampleName}` },
    });
    expect(response.status).toBe(Number(c.status));
    expect(response.headers.get('content-type')).toBe(c.mediaType);
    for (const [header, schemaPointer] of Object.entries(responseHeaders(c.responsePointer))) {
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
    expect(body).toStrictEqual('request_id' in value ? { ...value, request_id: requestId } : value);
  });
});

describe('request ids', () => {
  it('every response has its own X-Request-Id', async () => {
    const show = cases.find((c) => c.operationId === 'ShowSecret' && c.status === '200')!;
    const ids = await Promise.all(
      ['200', '401', '404', '502'].map(async (code) => {
        const r = await fetch(`${inject('mockUrl')}${examplePath(show.path)}`, { headers: { ...TOKEN, Prefer: `code=${code}` } });
        return r.headers.get('x-request-id');
      }),
    );
    expect(new Set(ids).size).toBe(4);
  });
});

describe('without Prefer', () => {
  it.each([...new Set(cases.map((c) => c.operationId))])('%s answers its first 2xx example', async (operationId) => {
    const first = cases.find((c) => c.operationId === operationId && c.status.startsWith('2'))!;
    const response = await fetch(`${inject('mockUrl')}${examplePath(first.path)}`, { method: first.method.toUpperCase(), headers: TOKEN });
    expect(response.status).toBe(Number(first.status));
    expect(await response.json()).toStrictEqual(first.value);
  });
});

describe('requests the real service would refuse', () => {
  const show = cases.find((c) => c.operationId === 'ShowSecret' && c.status === '200')!;
  const errorPointer = cases.find((c) => c.status === '400')!.schemaPointer;

  it('no X-Auth-Token (and no signature): 401 with an error body', async () => {
    const response = await fetch(`${inject('mockUrl')}${examplePath(show.path)}`);
    expect(response.status).toBe(401);
    expect(validate(errorPointer, await response.json())).toEqual([]);
  });

  // Prism alone throws an unhandled URIError on these, never answers, and its process dies.
  it.each([['%zz'], ['%'], ['a%E0%A4%A']])(
    'a path with a malformed escape %j: 400 with an error body, and the mock stays up',
    async (raw) => {
      const response = await fetch(`${inject('mockUrl')}${examplePath(show.path)}`.replace(/test$/, raw), { headers: TOKEN });
      expect(response.status).toBe(400);
      expect(validate(errorPointer, await response.json())).toEqual([]);
      const after = await fetch(`${inject('mockUrl')}${examplePath(show.path)}`, { headers: TOKEN });
      expect(after.status).toBe(200);
    },
  );

  it.each([['db.password'], ['.env'], ['a..b']])('a secret name with periods (%s) is valid: 200', async (name) => {
    const response = await fetch(`${inject('mockUrl')}${examplePath(show.path, { secret_name: name })}`, { headers: TOKEN });
    expect(response.status).toBe(200);
  });

  it.each([
    ['too long', 'x'.repeat(65)],
    ['bad characters', 'a b'],
    ['a colon', 'a:b'],
    ['an encoded slash', 'a/b'],
  ])('a secret name with %s: 400 with an error body, not 422 problem+json', async (_what, name) => {
    const response = await fetch(`${inject('mockUrl')}${examplePath(show.path, { secret_name: name })}`, { headers: TOKEN });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as { error_code: string };
    expect(validate(errorPointer, body)).toEqual([]);
    expect(body.error_code).toBe('CSMS.0002');
  });
});
