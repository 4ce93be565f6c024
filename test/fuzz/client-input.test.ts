// Property: for any path or query argument of any operation (from the operation table), and for any
// projectId, the client either rejects it before any request with a CsmsError naming the
// parameter, or the request reaches the server at exactly the operation's path (decoded) with that
// value; and it accepts exactly what the document's schema accepts (Ajv is the witness), enums
// taken as open and formats as annotations, as the client takes them. Tokens and keys never show up in anything captured.
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
  parameterSchemaPointer,
  pathArgs,
  type TableOperation,
  takesInput,
} from '../../packages/client/test/support/operations.js';
import { announceSeed, awkwardString, fuzzOptions } from '../support/fuzz.js';
import { COMPONENT, looseValidatorAt, operations, requiredQuery, table, validatorAt } from '../support/openapi.js';

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

/**
 * The document's own schema of a parameter (path item's or operation's), as an Ajv validator that
 * takes enums as open and formats as annotations, as the client does on purpose
 * (test/support/openapi.ts, looseValidatorAt).
 */
const documentRule = (op: TableOperation, name: string, where: 'path' | 'query') =>
  looseValidatorAt(parameterSchemaPointer(op, name, where));

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
        // The other required parameters at their examples, and the body's example, so that only this value decides.
        const others = requiredQuery(op);
        const body = op.body?.example !== undefined ? { body: op.body.example } : {};
        const outcome = await attempt(clients[0]!, op, argsFor(op, { input: { ...others, [name]: value, ...body } }));
        // A query value arrives as text; the document's rule is about the value the caller gave.
        if (value !== null && documentRule(op, name, 'query')(value)) {
          expect(outcome).toBe('sent');
          expect(received.length).toBe(before + 1);
          const url = new URL(received.at(-1)!.target, 'http://x');
          const sent = [...url.searchParams];
          expect(sent.filter(([k]) => k === name)).toEqual([[name, String(value)]]);
          expect(Object.fromEntries(sent)).toEqual(
            Object.fromEntries(Object.entries({ ...others, [name]: value }).map(([k, v]) => [k, String(v)])),
          );
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
          // The project goes where the path names {project_id}; a path without it (the agencies,
          // the users…) gets its own segments, the project nowhere.
          const expected = op.path
            .split('/')
            .map((segment) =>
              segment.replace(/^\{(\w+)\}$/, (_, p: string) => (p === 'project_id' ? projectId : String(op.params[p]!.example))),
            );
          expect(decodedSegments(received.at(-1)!.target)).toEqual(expected);
        } else {
          expect(created).toBeInstanceOf(CsmsError);
          expect((created as CsmsError).message).toMatch(/^Invalid projectId: /);
        }
      }),
      fuzzOptions(200),
    );
  });
});
