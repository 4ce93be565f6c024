import { pathParameters } from '../../../generated/constants.js';
import { CsmsError } from './errors.js';

export type PathParameter = keyof typeof pathParameters;

interface Rule {
  pattern: string;
  minLength: number;
  maxLength: number;
  not?: readonly string[];
}

const rules = Object.fromEntries(
  Object.entries(pathParameters as Record<PathParameter, Rule>).map(([name, p]) => {
    // A pattern of the form ^[class]{m,n}$ also gives the allowed characters, to name the bad one.
    const charClass = /^\^(\[[^\]]+\])\{\d+(?:,\d+)?\}\$$/.exec(p.pattern)?.[1];
    return [name, { ...p, whole: new RegExp(p.pattern), char: charClass ? new RegExp(`^${charClass}$`) : undefined }];
  }),
) as Record<PathParameter, Rule & { whole: RegExp; char: RegExp | undefined }>;

/**
 * Checks a path parameter against the document's own rules (pattern, and the values its `not:
 * enum` excludes) before any request is sent. The message names the parameter and the first
 * problem, but never repeats the value (a token pasted into the wrong argument must not end up in
 * a log).
 */
export function checkPathParameter(name: PathParameter, value: unknown, label: string = name): string {
  const rule = rules[name];
  let problem: string | undefined;
  if (typeof value !== 'string') problem = `expected a string, got ${value === null ? 'null' : typeof value}`;
  else if (!rule.whole.test(value)) {
    const chars = [...value];
    const bad = rule.char ? chars.findIndex((c) => !rule.char!.test(c)) : -1;
    problem =
      bad >= 0
        ? `character ${bad + 1} (${JSON.stringify(chars[bad])}) is not allowed`
        : `it has ${chars.length} characters, expected ${rule.minLength === rule.maxLength ? rule.minLength : `${rule.minLength} to ${rule.maxLength}`}`;
  } else if (rule.not?.includes(value)) {
    // Only the excluded values themselves ('.' and '..'), so naming them repeats nothing secret.
    problem = `${JSON.stringify(value)} is not allowed (a URL path would collapse it into another resource)`;
  }
  if (problem)
    throw new CsmsError(
      `Invalid ${label}: ${problem} (expected ${rule.pattern}${rule.not ? `, not ${rule.not.map((v) => JSON.stringify(v)).join(' or ')}` : ''}).`,
      { kind: 'invalid-argument' },
    );
  return value as string;
}

/** The subset of JSON Schema that generated/constants.ts keeps for each 2xx body. */
export interface Shape {
  readonly type?: string | readonly string[];
  readonly required?: readonly string[];
  readonly properties?: { readonly [name: string]: Shape };
}

const typeOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

/**
 * Where `value` first departs from `shape`, as a JSON path with the expected type (`$.secret: expected
 * object, got string`), or undefined when it fits. Unknown fields are allowed, as the document says.
 */
export function shapeMismatch(shape: Shape, value: unknown, at = '$'): string | undefined {
  if (shape.type !== undefined) {
    const types = typeof shape.type === 'string' ? [shape.type] : shape.type;
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number')))
      return `${at}: expected ${types.join(' or ')}, got ${actual}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const object = value as Record<string, unknown>;
  for (const name of shape.required ?? []) if (!Object.hasOwn(object, name)) return `${at}.${name}: missing`;
  for (const name in shape.properties) {
    if (!Object.hasOwn(object, name)) continue;
    const problem = shapeMismatch(shape.properties[name]!, object[name], `${at}.${name}`);
    if (problem) return problem;
  }
  return undefined;
}
