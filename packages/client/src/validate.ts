// Checks values against the document's own rules, as the build wrote them into
// generated/operations.ts: arguments before a request is sent, 2xx bodies when they arrive. The
// build refuses a schema keyword this checker does not honour (packages/mock/src/openapi.js), so a
// rule in the document is never dropped silently. Messages name where and what, never the value:
// a value may be a secret, or a token pasted into the wrong argument.
import { invalid } from './errors.js';

/** The subset of JSON Schema the table keeps (see `checkSchema` in packages/mock/src/openapi.js). */
export interface CheckSchema {
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
  return described(check(schema, value), at);
}

const described = (failure: Failure | undefined, at: string) => failure && `${at}${failure.path.reverse().join('')}: ${failure.message}`;

/** `mismatch` for one schema, compiled now: for a schema checked on every call. */
export function mismatchOf(schema: CheckSchema): (value: unknown, at?: string) => string | undefined {
  const c = checkFor(schema);
  return (value, at = '$') => described(c(value), at);
}

const fail = (message: string): Failure => ({ message, path: [] });
const within = (failure: Failure | undefined, segment: string) => {
  failure?.path.push(segment);
  return failure;
};

type Check = (value: unknown) => Failure | undefined;
const compiled = new WeakMap<CheckSchema, Check>();

/** Schemas being compiled: one met again inside itself (the table's cycles, read through a getter) is looked up on first use. */
const compiling = new Set<CheckSchema>();

/**
 * The schema's check, compiled once: only the keywords it has, each a small closure. The table
 * (generated/client-operations.ts) holds schemas themselves, never a `$ref` to resolve.
 */
function checkFor(schema: CheckSchema): Check {
  let c = compiled.get(schema);
  if (c) return c;
  if (compiling.has(schema)) return (value) => compiled.get(schema)!(value);
  compiling.add(schema);
  try {
    c = compile(schema);
  } finally {
    compiling.delete(schema);
  }
  compiled.set(schema, c);
  return c;
}
const check = (schema: CheckSchema, value: unknown) => checkFor(schema)(value);

/**
 * The check of one JSON type, a closure of its own per type: the common case on every item of a
 * page, with no call through a shared "is it this type" function (a call site that sees every
 * type is one V8 cannot inline).
 */
const ONE_TYPE: { readonly [type: string]: (failed: (v: unknown) => Failure) => Check } = {
  string: (failed) => (v) => (typeof v === 'string' ? undefined : failed(v)),
  integer: (failed) => (v) => (Number.isInteger(v) ? undefined : failed(v)),
  number: (failed) => (v) => (typeof v === 'number' ? undefined : failed(v)),
  boolean: (failed) => (v) => (typeof v === 'boolean' ? undefined : failed(v)),
  object: (failed) => (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : failed(v)),
  array: (failed) => (v) => (Array.isArray(v) ? undefined : failed(v)),
  null: (failed) => (v) => (v === null ? undefined : failed(v)),
};

/**
 * How many of the alternatives (anyOf, oneOf) a value matches, counting up to `enough`. One whose
 * `type` cannot take the value's type is not run: its failure, a message built to be dropped,
 * cost most of a page's check where `null` meets `anyOf: [integer, null]` on every item.
 */
function alternatives(members: readonly CheckSchema[], enough: number): (value: unknown) => number {
  const checks = members.map((m) => [m.type === undefined ? undefined : typeList(m.type), checkFor(m)] as const);
  return (value) => {
    const type = typeOf(value);
    let matched = 0;
    for (const [types, check] of checks) if ((!types || admits(types, type)) && !check(value) && ++matched === enough) break;
    return matched;
  };
}

/** A schema's `type` as a list. */
const typeList = (type: string | readonly string[]) => (typeof type === 'string' ? [type] : type);
/** Whether `types` take a value of JSON type `actual` (see typeOf): an integer is a number too. */
const admits = (types: readonly string[], actual: string) => types.includes(actual) || (actual === 'integer' && types.includes('number'));

function typeCheck(type: string | readonly string[]): Check {
  const types = typeList(type);
  const failed = (value: unknown) => fail(`expected ${types.join(' or ')}, got ${typeOf(value)}`);
  const one = types.length === 1 && Object.hasOwn(ONE_TYPE, types[0]!) ? ONE_TYPE[types[0]!] : undefined;
  if (one) return one(failed);
  return (value) => (admits(types, typeOf(value)) ? undefined : failed(value));
}

// A 1,000-item page of secrets is checked on every list call: the schema is turned into closures
// once, and no path string is built unless something fails.
function compile(s: CheckSchema): Check {
  const steps: Check[] = [];
  if (s.type !== undefined) steps.push(typeCheck(s.type));
  if (s.const !== undefined) {
    const expected = s.const;
    steps.push((value) => (same(value, expected) ? undefined : fail('not the documented constant')));
  }
  const { notIn } = s;
  if (notIn) steps.push((value) => (notIn.includes(value) ? fail(`${JSON.stringify(value)} is not allowed`) : undefined));
  const { minimum, maximum, exclusiveMinimum: xMin, exclusiveMaximum: xMax } = s;
  if (minimum !== undefined || maximum !== undefined || xMin !== undefined || xMax !== undefined) {
    steps.push((v) => {
      if (typeof v !== 'number') return undefined;
      if (minimum !== undefined && v < minimum) return fail(`below the minimum ${minimum}`);
      if (maximum !== undefined && v > maximum) return fail(`above the maximum ${maximum}`);
      if (xMin !== undefined && v <= xMin) return fail(`not above ${xMin}`);
      if (xMax !== undefined && v >= xMax) return fail(`not below ${xMax}`);
      return undefined;
    });
  }
  const { minLength, maxLength, pattern } = s;
  if (minLength !== undefined || maxLength !== undefined || pattern !== undefined) {
    const re = pattern === undefined ? undefined : regex(pattern);
    steps.push((v) => {
      if (typeof v !== 'string') return undefined;
      if (minLength !== undefined && shorterThan(v, minLength)) return fail(`shorter than ${minLength} characters`);
      if (maxLength !== undefined && longerThan(v, maxLength)) return fail(`longer than ${maxLength} characters`);
      if (re && !re.test(v)) return fail(`does not match ${pattern}`);
      return undefined;
    });
  }
  const { minItems, maxItems, items } = s;
  const item = items && checkFor(items);
  if (minItems !== undefined || maxItems !== undefined || item !== undefined) {
    steps.push((v) => {
      if (!Array.isArray(v)) return undefined;
      if (minItems !== undefined && v.length < minItems) return fail(`fewer than ${minItems} items`);
      if (maxItems !== undefined && v.length > maxItems) return fail(`more than ${maxItems} items`);
      if (item) {
        for (let i = 0; i < v.length; i++) {
          const failure = item(v[i]);
          if (failure) return within(failure, `[${i}]`);
        }
      }
      return undefined;
    });
  }
  const required = s.required ?? [];
  const names = Object.keys(s.properties ?? {});
  // By name, without a prototype: an object's own keys are looked up, so a property the object
  // lacks costs nothing, and a key such as `constructor` finds no check it should not. One
  // lookup per key gives both its check and whether it is required.
  const byName: Record<string, { check: Check | undefined; required: boolean }> = Object.create(null);
  for (const name of names) byName[name] = { check: checkFor(s.properties![name]!), required: false };
  for (const name of required) byName[name] = { check: byName[name]?.check, required: true };
  /** The first required property missing (reported before any other failure of the object). */
  const missingIn = (object: object) => {
    for (const name of required) if (!Object.hasOwn(object, name)) return within(fail('missing'), `.${name}`);
    return undefined;
  };
  if (required.length > 0 || names.length > 0) {
    steps.push((v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
      const object = v as Record<string, unknown>;
      let present = 0;
      for (const name of Object.keys(object)) {
        const known = byName[name];
        if (known === undefined) continue;
        if (known.required) present++;
        const failure = known.check?.(object[name]);
        if (failure) return missingIn(object) ?? within(failure, `.${name}`);
      }
      return present < required.length ? missingIn(object) : undefined;
    });
  }
  const allOf = s.allOf?.map(checkFor);
  const anyOf = s.anyOf && alternatives(s.anyOf, 1);
  // Two are enough to know a value matches more than one.
  const oneOf = s.oneOf && alternatives(s.oneOf, 2);
  if (allOf) {
    steps.push((v) => {
      for (const member of allOf) {
        const failure = member(v);
        if (failure) return failure;
      }
      return undefined;
    });
  }
  if (anyOf) steps.push((v) => (anyOf(v) > 0 ? undefined : fail('matches none of its alternatives')));
  if (oneOf) steps.push((v) => (oneOf(v) === 1 ? undefined : fail('does not match exactly one of its alternatives')));
  if (steps.length === 1) return steps[0]!;
  if (steps.length === 2) {
    const [first, second] = steps as [Check, Check];
    return (value) => first(value) ?? second(value);
  }
  return (value) => {
    for (const step of steps) {
      const failure = step(value);
      if (failure) return failure;
    }
    return undefined;
  };
}

/**
 * Checks an argument against its parameter's rules before any request is sent. The message
 * names the argument and the first problem; for a pattern of the form `^[class]{m,n}$` it names
 * the first character outside the class (one character, never the whole value).
 */
export function checkArgument(label: string, s: CheckSchema, value: unknown): void {
  const problem = mismatch(s, value, label);
  if (!problem) return;
  const charClass = s.pattern && /^\^(\[[^\]]+\])\{\d+(?:,\d+)?\}\$$/.exec(s.pattern)?.[1];
  let detail = problem.slice(label.length + 2);
  if (typeof value === 'string' && charClass && detail.startsWith('does not match')) {
    const chars = [...value];
    const bad = chars.findIndex((c) => !regex(`^${charClass}$`).test(c));
    if (bad >= 0) detail = `character ${bad + 1} (${JSON.stringify(chars[bad])}) is not allowed (expected ${s.pattern})`;
  }
  if (typeof value !== 'string' && s.type === 'string') detail = `expected a string, got ${value === null ? 'null' : typeof value}`;
  throw invalid(`Invalid ${label}: ${detail}.`);
}

/** `checkArgument` for one parameter, compiled now: for an argument checked on every call. */
export function argumentCheckOf(label: string, schema: CheckSchema): (value: unknown) => void {
  const c = checkFor(schema);
  return (value) => {
    if (c(value) !== undefined) checkArgument(label, schema, value);
  };
}
