// Checks values against the document's own rules, as the build wrote them into
// generated/operations.ts: arguments before a request is sent, 2xx bodies when they arrive. The
// build refuses a schema keyword this checker does not honour (packages/mock/src/openapi.js), so a
// rule in the document is never dropped silently. Messages name where and what, never the value:
// a value may be a secret, or a token pasted into the wrong argument.
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

/**
 * Schemas by name, for a `{ $ref: name }`. The client's own table (generated/client-operations.ts)
 * refers to its schemas directly and needs none; the named table (generated/operations.ts `schemas`)
 * is given here by whoever checks against it.
 */
const named: Record<string, CheckSchema> = {};
export function nameSchemas(schemas: { readonly [name: string]: unknown }): void {
  Object.assign(named, schemas);
}
const namedSchema = (ref: string) => {
  const schema = named[ref];
  if (!schema) throw new TypeError(`No schema named ${ref}: give the named schemas to nameSchemas() first`);
  return schema;
};
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
/**
 * Length in code points, as JSON Schema counts it, worked out only when the UTF-16 length is not
 * decisive (a code point is one or two UTF-16 units).
 */
const shorterThan = (s: string, min: number) => s.length < min || (s.length < 2 * min && [...s].length < min);
const longerThan = (s: string, max: number) => s.length > max && [...s].length > max;
/** JSON equality: the same value, objects compared key by key whatever their order. */
const same = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
};

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
const fits = (value: unknown) => (s: CheckSchema) => !check(s, value);

// A 1,000-item page of secrets is checked on every list call: the keywords are read straight off
// the schema, only those of the value's own type, and no path string is built unless something fails.
function check(s: CheckSchema, v: unknown): Failure | undefined {
  if (s.$ref !== undefined) return check(namedSchema(s.$ref), v);
  const { type } = s;
  const actual = typeOf(v);
  // A type's name is never part of another's, so `includes` reads one type as a list of one.
  if (type !== undefined && !(type.includes(actual) || (actual === 'integer' && type.includes('number'))))
    return fail(`expected ${typeof type === 'string' ? type : type.join(' or ')}, got ${actual}`);
  if (s.const !== undefined && !same(v, s.const)) return fail('not the documented constant');
  if (s.notIn?.includes(v)) return fail(`${JSON.stringify(v)} is not allowed`);
  if (typeof v === 'number') {
    const { minimum, maximum, exclusiveMinimum: xMin, exclusiveMaximum: xMax } = s;
    if (v < minimum!) return fail(`below the minimum ${minimum}`);
    if (v > maximum!) return fail(`above the maximum ${maximum}`);
    if (v <= xMin!) return fail(`not above ${xMin}`);
    if (v >= xMax!) return fail(`not below ${xMax}`);
  } else if (typeof v === 'string') {
    const { minLength, maxLength, pattern } = s;
    if (minLength !== undefined && shorterThan(v, minLength)) return fail(`shorter than ${minLength} characters`);
    if (maxLength !== undefined && longerThan(v, maxLength)) return fail(`longer than ${maxLength} characters`);
    if (pattern !== undefined && !regex(pattern).test(v)) return fail(`does not match ${pattern}`);
  } else if (Array.isArray(v)) {
    const { minItems, maxItems, items } = s;
    if (v.length < minItems!) return fail(`fewer than ${minItems} items`);
    if (v.length > maxItems!) return fail(`more than ${maxItems} items`);
    if (items) {
      for (let i = 0; i < v.length; i++) {
        const failure = check(items, v[i]);
        if (failure) return within(failure, `[${i}]`);
      }
    }
  } else if (v && typeof v === 'object') {
    const object = v as Record<string, unknown>;
    for (const name of s.required ?? []) if (!Object.hasOwn(object, name)) return within(fail('missing'), `.${name}`);
    const { properties } = s;
    for (const name in properties) {
      const value = object[name];
      if (value === undefined && !Object.hasOwn(object, name)) continue;
      const failure = check(properties[name]!, value);
      if (failure) return within(failure, `.${name}`);
    }
  }
  for (const member of s.allOf ?? []) {
    const failure = check(member, v);
    if (failure) return failure;
  }
  if (s.anyOf && !s.anyOf.some(fits(v))) return fail('matches none of its alternatives');
  if (s.oneOf && s.oneOf.filter(fits(v)).length !== 1) return fail('does not match exactly one of its alternatives');
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
  const s = schema.$ref !== undefined ? namedSchema(schema.$ref) : schema;
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
