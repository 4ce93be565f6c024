// The input object of a call (`{ ...query, body }`) turned into its query string and body, checked
// against the document's rules. Only the entries of operations that take one (query parameters or
// a body) refer to `readInput` (generated/client-operations.ts), so a client of operations that
// take neither, such as an application that only reads values (a stage, then that version),
// bundles none of it. It imports no checker: the engine hands its own in, so that
// `@csms-openapi/client/operations`, which bundles this file, carries no second copy of one.
import type { TableOperation } from './engine.js';
import { invalid, isObject } from './errors.js';
import type { CheckSchema } from './validate.js';

/** The engine's checks, as validate.ts has them. */
export interface InputChecks {
  /** Throws the `invalid-argument` CsmsError of a value that breaks its parameter's rules. */
  argument(label: string, schema: CheckSchema, value: unknown): void;
  /** Where a value departs from a schema, or undefined when it fits. */
  mismatch(schema: CheckSchema, value: unknown, at: string): string | undefined;
}

export interface ReadInput {
  /** `?…`, or '' */
  search: string;
  body: Uint8Array<ArrayBuffer> | undefined;
  /** The body's sensitive values, kept out of error messages. */
  redact: string[];
}

const encoder = new TextEncoder();
const NO_REDACTION: string[] = [];

/** The values at a dotted path (`a.b`, `items[].c`) of a value, for the fields marked sensitive. */
export function valuesAt(value: unknown, path: string): string[] {
  let current: unknown[] = [value];
  for (const part of path.split('.')) {
    const [key = '', ...arrays] = part.split('[]');
    current = current.flatMap((v) => {
      let next: unknown[] = [isObject(v) && !Array.isArray(v) ? v[key] : undefined];
      for (const _ of arrays) next = next.flatMap((n) => (Array.isArray(n) ? n : []));
      return next;
    });
  }
  return current.filter((v): v is string => typeof v === 'string');
}

/**
 * The query string and body of one call's input object (argument `k`, counted from 1, of the
 * method `label`), checked; `headers` (the call's own copy when there is an input) gets the body's
 * content type. A required body or query parameter left out is refused here too.
 */
export function readInput(
  op: TableOperation,
  label: string,
  k: number,
  input: unknown,
  headers: Record<string, string>,
  check: InputChecks,
): ReadInput {
  const expected = () => [...op.queryParams, ...(op.body ? ['body'] : [])].join(', ');
  if (input !== undefined && !isObject(input)) throw invalid(`Invalid argument ${k} of ${label}: expected an object with ${expected()}.`);
  const given = input ?? {};
  const query = new URLSearchParams();
  for (const key in given) {
    if (key === 'body' && op.body) continue;
    if (!op.queryParams.includes(key)) throw invalid(`Unknown ${label} parameter "${key.slice(0, 64)}": expected ${expected()}.`);
    const value = given[key];
    if (value === undefined) continue;
    check.argument(key, op.params[key]!.schema, value);
    query.append(key, String(value));
  }
  const search = query.toString();
  let body: Uint8Array<ArrayBuffer> | undefined;
  let redact = NO_REDACTION;
  if (op.body && given.body !== undefined) {
    const problem = check.mismatch(op.body.schema, given.body, 'body');
    if (problem) throw invalid(`Invalid ${label} ${problem}.`);
    redact = op.sensitive.flatMap((path) => valuesAt(given.body, path));
    body = encoder.encode(JSON.stringify(given.body)) as Uint8Array<ArrayBuffer>;
    headers['content-type'] = op.body.mediaType;
  }
  if (op.body?.required && !body) throw invalid(`Missing ${label} body: pass { body: { … } }.`);
  const unset = op.requiredQuery.find((name) => given[name] === undefined);
  if (unset) throw invalid(`Missing ${label} parameter ${unset}: pass { ${unset}: … }.`);
  return { search: search && `?${search}`, body, redact };
}
