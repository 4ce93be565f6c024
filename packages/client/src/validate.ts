import { pathParameters } from '../../../generated/constants.js';
import { CsmsError } from './errors.js';

export type PathParameter = keyof typeof pathParameters;

const rules = Object.fromEntries(
  Object.entries(pathParameters).map(([name, p]) => {
    // A pattern of the form ^[class]{m,n}$ also gives the allowed characters, to name the bad one.
    const charClass = /^\^(\[[^\]]+\])\{\d+(?:,\d+)?\}\$$/.exec(p.pattern)?.[1];
    return [name, { ...p, whole: new RegExp(p.pattern), char: charClass ? new RegExp(`^${charClass}$`) : undefined }];
  }),
) as Record<PathParameter, (typeof pathParameters)[PathParameter] & { whole: RegExp; char: RegExp | undefined }>;

/**
 * Checks a path parameter against the document's own pattern before any request is sent. The
 * message names the parameter and the first problem, but never repeats the value (a token pasted
 * into the wrong argument must not end up in a log).
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
  }
  if (problem) throw new CsmsError(`Invalid ${label}: ${problem} (expected ${rule.pattern}).`, { kind: 'invalid-argument' });
  return value as string;
}
