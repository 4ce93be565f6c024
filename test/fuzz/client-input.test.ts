// Property: for any path or query argument of any operation (from the operation table), and for any
// projectId, the client either rejects it before any request with a CsmsError naming the
// parameter, or the request reaches the server at exactly the operation's path (decoded) with that
// value; and it accepts exactly what the document's schema accepts (Ajv is the witness). Tokens and
// keys never show up in anything captured.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CsmsClient, CsmsError, createCsmsClient } from '../../packages/client/src/index.js';
import { json } from '../../packages/client/test/support/fault-server.js';
import { leakCapture } from '../../packages/client/test/support/leaks.js';
import {
  argsFor,
  firstSuccessExample,
  methodOf,
  pathArgs,
  type TableOperation,
  takesInput,
} from '../../packages/client/test/support/operations.js';
import { announceSeed, awkwardString, fuzzOptions } from '../support/fuzz.js';
import { COMPONENT, deref, operations, spec, table, validatorAt } from '../support/openapi.js';

const PROJECT_ID = { test: (v: string) => validatorAt(COMPONENT.parameter('ProjectId'))(v) };
const TOKEN = `fuzz-token-${randomBytes(12).toString('hex')}`;
const SK = `fuzz-sk-${randomBytes(12).toString('hex')}`;
const VALID_PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';

const leaks = leakCapture();
const received: { target: string; method: string }[] = [];
/** What the server answers next: the success status and example of the operation being called. */
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let server: http.Server;
let baseUrl: string;
let clients: CsmsClient[];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push({ target: req.url!, method: req.method! });
      json(res, answer.status, answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  clients = [
    createCsmsClient({ projectId: VALID_PROJECT, endpoint: baseUrl, credentials: { token: TOKEN }, retries: 0 }),
    createCsmsClient({ projectId: VALID_PROJECT, endpoint: baseUrl, credentials: { ak: 'FUZZAK', sk: SK }, retries: 0 }),
  ];
  announceSeed();
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  expect(leaks.findSecrets([TOKEN, SK])).toEqual([]);
});

const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');
/** The document's own schema of a parameter (path item's or operation's), as an Ajv validator. */
function documentRule(op: TableOperation, name: string, where: 'path' | 'query') {
  const item = deref((spec.paths as Record<string, never>)[op.path]!, `/paths/${escapePointer(op.path)}`);
  const method = op.method.toLowerCase();
  const lists: [string, unknown][] = [
    [`${item.pointer}/${method}/parameters`, (item.value as Record<string, Record<string, unknown>>)[method]?.parameters],
    [`${item.pointer}/parameters`, (item.value as Record<string, unknown>).parameters],
  ];
  for (const [pointer, list] of lists) {
    for (const [i, p] of ((list ?? []) as never[]).entries()) {
      const found = deref(p, `${pointer}/${i}`);
      const value = found.value as { name: string; in: string };
      if (value.name === name && value.in === where) {
        const validate = validatorAt(`${found.pointer}/schema`);
        return (v: unknown) => validate(v);
      }
    }
  }
  throw new Error(`${op.operationId} has no ${where} parameter ${name}`);
}

const decodedSegments = (target: string) => new URL(target, 'http://x').pathname.split('/').map(decodeURIComponent);
const withPathArgs = operations.filter((op) => pathArgs(op).length > 0);
const withQuery = operations.filter((op) => op.queryParams.length > 0);

/** Calls `op` with one argument replaced; 'sent' or the rejection. */
async function attempt(csms: CsmsClient, op: TableOperation, args: unknown[]) {
  answer = { status: op.status, body: firstSuccessExample(op) };
  return methodOf(
    csms,
    op,
  )(...args).then(
    () => 'sent' as const,
    (e: unknown) => leaks.record(e),
  );
}

describe('client input', () => {
  it('every path argument of every operation: rejected before sending, or sent to exactly its path', async () => {
    expect(withPathArgs.length).toBeGreaterThan(0);
    const cases = fc.constantFrom(...withPathArgs.flatMap((op) => pathArgs(op).map((name) => ({ id: op.operationId, name }))));
    await fc.assert(
      fc.asyncProperty(cases, awkwardString, fc.boolean(), async ({ id, name }, value, signed) => {
        const op = table.operations[id]!;
        const before = received.length;
        const outcome = await attempt(clients[signed ? 1 : 0]!, op, argsFor(op, { path: { [name]: value } }));
        if (documentRule(op, name, 'path')(value)) {
          expect(outcome).toBe('sent');
          expect(received.length).toBe(before + 1);
          const expected = op.path
            .split('/')
            .map((segment) =>
              segment.replace(/^\{(\w+)\}$/, (_, p: string) =>
                p === name ? value : p === 'project_id' ? VALID_PROJECT : String(op.params[p]!.example),
              ),
            );
          expect(received.at(-1)!.method).toBe(op.method);
          expect(decodedSegments(received.at(-1)!.target)).toEqual(expected);
        } else {
          expect(outcome).toBeInstanceOf(CsmsError);
          expect(outcome).toMatchObject({ kind: 'invalid-argument', attempts: 0, operation: op.operationId });
          expect((outcome as CsmsError).message.startsWith(`Invalid ${name}: `)).toBe(true);
          expect(received.length).toBe(before);
        }
      }),
      fuzzOptions(400),
    );
  });

  it('every query argument: rejected before sending, or sent as exactly that value', async () => {
    expect(withQuery.length).toBeGreaterThan(0);
    const cases = fc.constantFrom(...withQuery.flatMap((op) => op.queryParams.map((name) => ({ id: op.operationId, name }))));
    const values = fc.oneof(
      awkwardString,
      fc.integer({ min: -10, max: 1100 }),
      fc.constantFrom(0, 1, 1000, 1001, 1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, true, null),
    );
    await fc.assert(
      fc.asyncProperty(cases, values, async ({ id, name }, value) => {
        const op = table.operations[id]!;
        expect(takesInput(op)).toBe(true);
        const before = received.length;
        const outcome = await attempt(clients[0]!, op, argsFor(op, { input: { [name]: value } }));
        // A query value arrives as text; the document's rule is about the value the caller gave.
        if (value !== null && documentRule(op, name, 'query')(value)) {
          expect(outcome).toBe('sent');
          expect(received.length).toBe(before + 1);
          const url = new URL(received.at(-1)!.target, 'http://x');
          expect([...url.searchParams]).toEqual([[name, String(value)]]);
        } else {
          expect(outcome).toBeInstanceOf(CsmsError);
          expect(outcome).toMatchObject({ kind: 'invalid-argument', attempts: 0 });
          expect((outcome as CsmsError).message.startsWith(`Invalid ${name}: `)).toBe(true);
          expect(received.length).toBe(before);
        }
      }),
      fuzzOptions(300),
    );
  });

  it('projectId: rejected when the client is created, or sent to exactly its path', async () => {
    const projectIds = fc.oneof(awkwardString, fc.stringMatching(/^[a-zA-Z0-9]{32}$/), fc.stringMatching(/^[a-f0-9]{30,34}$/));
    await fc.assert(
      fc.asyncProperty(projectIds, fc.constantFrom(...operations.map((o) => o.operationId)), async (projectId, id) => {
        const op = table.operations[id]!;
        let created: CsmsClient | CsmsError;
        try {
          created = createCsmsClient({ projectId, endpoint: baseUrl, credentials: { token: TOKEN } });
        } catch (e) {
          created = leaks.record(e) as CsmsError;
        }
        if (PROJECT_ID.test(projectId)) {
          expect(created).not.toBeInstanceOf(CsmsError);
          expect(await attempt(created as CsmsClient, op, argsFor(op))).toBe('sent');
          expect(decodedSegments(received.at(-1)!.target)[2]).toBe(projectId);
        } else {
          expect(created).toBeInstanceOf(CsmsError);
          expect((created as CsmsError).message).toMatch(/^Invalid projectId: /);
        }
      }),
      fuzzOptions(200),
    );
  });
});
