// Calling the mock by operation, from the operation table (never a hand-written path): the
// request is built from the operation's path template, query parameters and body, and every
// answer is checked the same way: its own X-Request-Id (repeated as `request_id` where the body
// has one) and, for a status the operation documents, a body valid against the document.
// Values the document marks `x-sensitive` are compared by fingerprint, so a failing assertion
// never prints one. And the csms-mock command as a process, for the tests that start it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { expect } from 'vitest';
import type { MockOptions } from '@csms-openapi/mock';
import { COMPONENT, examplePath, operations, requiredQuery, responseExamples, table, validate } from '../../../test/support/openapi.js';

export type Operation = (typeof operations)[number];
// biome-ignore lint/suspicious/noExplicitAny: answers are JSON of any shape; tests narrow them by asserting.
export type Json = any;

/** The project ID every request uses: the document's own example. */
export const PROJECT = String(operations.find((op) => op.params.project_id)?.params.project_id?.example);

/** An operation of the table by operationId; throws when the document has none of that name. */
export function op(operationId: string): Operation {
  const found = table.operations[operationId];
  if (!found) throw new Error(`the document has no operation ${operationId}`);
  return found;
}

export interface Call {
  /** Path parameters (project_id defaults to PROJECT; the others to the document's examples). */
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  /** A JSON value (sent as application/json), or a string sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Default: the operation's method. */
  method?: string;
}

export interface Answer {
  status: number;
  type: string | null;
  requestId: string | null;
  headers: Headers;
  body: Json;
}

/** Path and query of a request to `operation`. */
export function target(operation: Operation, { params = {}, query = {} }: Pick<Call, 'params' | 'query'> = {}): string {
  // The operation's required query parameters at their examples, unless the call gives them.
  const all = { ...requiredQuery(operation), ...query };
  const search = new URLSearchParams(Object.entries(all).map(([k, v]) => [k, String(v)])).toString();
  return `${examplePath(operation.path, { project_id: PROJECT, ...params })}${search ? `?${search}` : ''}`;
}

/** RequestInit for a call: the operation's method, the body as JSON unless it is a string. */
export function init(operation: Operation, call: Call = {}): RequestInit {
  const headers: Record<string, string> = { ...call.headers };
  let body: string | undefined;
  if (call.body !== undefined) {
    body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    if (typeof call.body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
  }
  return { method: call.method ?? operation.method, headers, ...(body === undefined ? {} : { body }) };
}

const schemaPointers = new Map(responseExamples().map((c) => [`${c.operationId} ${c.status}`, c.schemaPointer]));

/**
 * The operation a request with another method on `operation`'s path reaches (DELETE on ShowSecret's
 * path is DeleteSecret), or undefined when none takes it and the gateway answers, in `Error`.
 */
function answeredBy(operation: Operation, method: string | undefined, url: string): Operation | undefined {
  if (method === undefined || method === operation.method) return operation;
  return operations.find((o) => o.method === method && templateFits(o.path, url));
}

/** Whether a concrete URL's path fits a path template: each `{parameter}` stands for one segment (`tags/action` fits `tags/{key}`). */
export const templateFits = (template: string, url: string) =>
  new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(url.split('?')[0]!);

/** JSON pointer of the schema of `status`'s body for an operation, if the operation documents it. */
export const schemaOf = (operation: Operation, status: number) => schemaPointers.get(`${operation.operationId} ${status}`);

/**
 * Sends one request to `origin` (a running mock, or an origin MSW intercepts) and checks what
 * every answer must have: an X-Request-Id of 32 hex digits, repeated as `request_id` by a body
 * that has one, and for a documented status a body valid against the document.
 */
export async function call(origin: string, operation: Operation, c: Call = {}): Promise<Answer> {
  const response = await fetch(`${origin}${target(operation, c)}`, init(operation, c));
  const type = response.headers.get('content-type');
  const text = await response.text();
  const body: Json = type?.includes('json') ? JSON.parse(text) : text;
  const requestId = response.headers.get('x-request-id');
  const where = `${c.method ?? operation.method} ${operation.operationId} → ${response.status}`;
  expect(requestId, `${where}: X-Request-Id`).toMatch(/^[0-9a-f]{32}$/);
  if (body !== null && typeof body === 'object' && 'request_id' in body) expect(body.request_id, `${where}: request_id`).toBe(requestId);
  const reached = answeredBy(operation, c.method, target(operation, c));
  const pointer = reached ? schemaOf(reached, response.status) : COMPONENT.schema('Error');
  if (pointer && type === 'application/json') expect(validate(pointer, body), `${where}: body against the document`).toEqual([]);
  return { status: response.status, type, requestId, headers: response.headers, body };
}

/** A short fingerprint: compare values by it, so that a failing assertion does not print the value. */
export const fingerprint = (value: unknown) =>
  value === undefined ? 'undefined' : `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16)}`;

/**
 * The body with the fields the operation's success answer marks `x-sensitive` (dotted paths from
 * the table, `[]` for array items) replaced by their fingerprints, and the request id
 * replaced by a placeholder: what two answers are compared by.
 */
export function comparable(operation: Operation, body: Json): Json {
  if (body === null || typeof body !== 'object') return body;
  const copy = structuredClone(body);
  if ('request_id' in copy) copy.request_id = '<the X-Request-Id>';
  const redact = (node: Json, path: string[]) => {
    if (node === null || typeof node !== 'object') return;
    const [head, ...rest] = path;
    if (head === undefined) return;
    const arrayItems = head.endsWith('[]');
    const key = arrayItems ? head.slice(0, -2) : head;
    if (!Object.hasOwn(node, key)) return;
    if (arrayItems) for (const item of node[key] ?? []) redact(item, rest);
    else if (rest.length === 0) node[key] = fingerprint(node[key]);
    else redact(node[key], rest);
  };
  for (const path of operation.sensitive.response) redact(copy, path.replace(/\[\]\./g, '[].').split('.'));
  return copy;
}

/** The text of a value and its Base64 and Base64url forms at every byte alignment (as it would sit inside encoded JSON). */
export function encodedForms(value: string): string[] {
  const forms = new Set([value]);
  const length = Buffer.byteLength(value);
  for (let shift = 0; shift < 3; shift++) {
    const bytes = Buffer.concat([Buffer.alloc(shift, 0x22), Buffer.from(value)]);
    // Only the characters whose 6 bits all come from the value: the others depend on its neighbours.
    const start = Math.ceil((8 * shift) / 6);
    const end = Math.floor((8 * (shift + length)) / 6);
    for (const encoding of ['base64', 'base64url'] as const) forms.add(bytes.toString(encoding).slice(start, end));
  }
  return [...forms];
}

const BIN = path.join(import.meta.dirname, '../bin/csms-mock.js');

/** Starts csms-mock with `args`; resolves once it printed its URL (its first stdout line). */
export async function startCli(
  args: string[],
): Promise<{ child: ChildProcess; url: string; stderr: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const found = /listening on (http:\/\/\S+)/.exec(out);
      if (found) resolve(found[1]!);
    });
    void exited.then((code) => reject(new Error(`csms-mock exited ${code} before listening: ${err}`)));
  });
  return { child, url, stderr: () => err, exited };
}

/** Stops a csms-mock started by startCli (SIGTERM), resolving with its exit code. */
export const stopCli = async (run: { child: ChildProcess; exited: Promise<number | null> }) => {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
  return run.exited;
};

/** The secrets of the stateful mock's own example (issue 17): two text versions, and one binary with an extra stage. */
export const EXAMPLE_SECRETS: NonNullable<MockOptions['secrets']> = [
  {
    name: 'db-password',
    versions: [
      { id: 'v1', value: 'old-password' },
      { id: 'v2', value: 's3cr3t' },
    ],
  },
  { name: 'tls-key', versions: [{ id: 'v7', binary: 'AAECAwQ=', stages: ['SYSCURRENT', 'blue'] }] },
];
