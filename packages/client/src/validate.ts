// Checks values against the document's own rules, as the build wrote them into
// generated/operations.ts: arguments before a request is sent, 2xx bodies when they arrive. The
// build refuses a schema keyword this checker does not honour (packages/mock/src/openapi.js), so a
// rule in the document is never dropped silently. Messages name where and what, never the value:
// a value may be a secret, or a token pasted into the wrong argument.
import { schemas } from '../../../generated/operations.js';
import { CsmsError } from './errors.js';

/** The subset of JSON Schema the table keeps (see `checkSchema` in packages/mock/src/openapi.js). */
export interface CheckSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly required?: readonly string[];
  readonly properties?: { readonly [name: string]: CheckSchema };
  readonly items?: CheckSchema;
  readonly const?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly allOf?: readonly CheckSchema[];
  readonly anyOf?: readonly CheckSchema[];
  readonly oneOf?: readonly CheckSchema[];
  /** `not: { enum: [...] }`: values refused. */
  readonly notIn?: readonly unknown[];
}

const named = schemas as unknown as Record<string, CheckSchema>;
const patterns = new Map<string, RegExp>();
const regex = (p: string) => {
  let r = patterns.get(p);
  if (!r) {
    r = new RegExp(p, 'u');
    patterns.set(p, r);
  }
  return r;
};

const typeOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
/** Length in code points, as JSON Schema counts it (only worked out when the UTF-16 length is not decisive). */
const length = (s: string, limit: number) => (s.length <= limit ? s.length : [...s].length);

/** A failure: the message, and the path to it, innermost segment first (built only when something fails). */
type Failure = { message: string; path: string[] };

/**
 * Where `value` first departs from `schema`, as a JSON path and what was expected
 * (`$.secret: expected object, got string`), or undefined when it fits. Unknown properties and
 * unknown enum values are allowed, as the document says.
 */
export function mismatch(schema: CheckSchema, value: unknown, at = '$'): string | undefined {
  const failure = check(schema, value);
  return failure && `${at}${failure.path.reverse().join('')}: ${failure.message}`;
}

const fail = (message: string): Failure => ({ message, path: [] });
const within = (failure: Failure | undefined, segment: string) => {
  failure?.path.push(segment);
  return failure;
};

// No path strings are built while checking: a 1,000-item page of secrets is checked on every list call.
function check(schema: CheckSchema, value: unknown): Failure | undefined {
  const s = schema.$ref !== undefined ? named[schema.$ref]! : schema;
  if (s.type !== undefined) {
    const actual = typeOf(value);
    const types = s.type;
    const ok =
      typeof types === 'string'
        ? actual === types || (actual === 'integer' && types === 'number')
        : types.includes(actual) || (actual === 'integer' && types.includes('number'));
    if (!ok) return fail(`expected ${typeof types === 'string' ? types : types.join(' or ')}, got ${actual}`);
  }
  if (s.const !== undefined && JSON.stringify(s.const) !== JSON.stringify(value)) return fail('not the documented constant');
  if (s.notIn?.includes(value)) return fail(`${JSON.stringify(value)} is not allowed`);
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) return fail(`below the minimum ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) return fail(`above the maximum ${s.maximum}`);
    if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) return fail(`not above ${s.exclusiveMinimum}`);
    if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum) return fail(`not below ${s.exclusiveMaximum}`);
  } else if (typeof value === 'string') {
    if (s.minLength !== undefined && length(value, s.minLength) < s.minLength) return fail(`shorter than ${s.minLength} characters`);
    if (s.maxLength !== undefined && length(value, s.maxLength) > s.maxLength) return fail(`longer than ${s.maxLength} characters`);
    if (s.pattern !== undefined && !regex(s.pattern).test(value)) return fail(`does not match ${s.pattern}`);
  } else if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) return fail(`fewer than ${s.minItems} items`);
    if (s.maxItems !== undefined && value.length > s.maxItems) return fail(`more than ${s.maxItems} items`);
    if (s.items) {
      for (let i = 0; i < value.length; i++) {
        const failure = check(s.items, value[i]);
        if (failure) return within(failure, `[${i}]`);
      }
    }
  } else if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    if (s.required) for (const name of s.required) if (!Object.hasOwn(object, name)) return within(fail('missing'), `.${name}`);
    if (s.properties) {
      for (const name in s.properties) {
        if (!Object.hasOwn(object, name)) continue;
        const failure = check(s.properties[name]!, object[name]);
        if (failure) return within(failure, `.${name}`);
      }
    }
  }
  if (s.allOf) {
    for (const member of s.allOf) {
      const failure = check(member, value);
      if (failure) return failure;
    }
  }
  if (s.anyOf && !s.anyOf.some((member) => check(member, value) === undefined)) return fail('matches none of its alternatives');
  if (s.oneOf && s.oneOf.filter((member) => check(member, value) === undefined).length !== 1)
    return fail('does not match exactly one of its alternatives');
  return undefined;
}

/**
 * Checks an argument against its parameter's rules before any request is sent. The message
 * names the argument and the first problem; for a pattern of the form `^[class]{m,n}$` it names
 * the first character outside the class (one character, never the whole value).
 */
export function checkArgument(label: string, schema: CheckSchema, value: unknown): void {
  const problem = mismatch(schema, value, label);
  if (!problem) return;
  const s = schema.$ref !== undefined ? named[schema.$ref]! : schema;
  const charClass = s.pattern && /^\^(\[[^\]]+\])\{\d+(?:,\d+)?\}\$$/.exec(s.pattern)?.[1];
  let detail = problem.slice(label.length + 2);
  if (typeof value === 'string' && charClass && detail.startsWith('does not match')) {
    const chars = [...value];
    const bad = chars.findIndex((c) => !regex(`^${charClass}$`).test(c));
    if (bad >= 0) detail = `character ${bad + 1} (${JSON.stringify(chars[bad])}) is not allowed (expected ${s.pattern})`;
  }
  if (typeof value !== 'string' && s.type === 'string') detail = `expected a string, got ${value === null ? 'null' : typeof value}`;
  throw new CsmsError(`Invalid ${label}: ${detail}.`, { kind: 'invalid-argument' });
}
