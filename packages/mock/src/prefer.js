// @ts-check
// `Prefer: code=404, example=name` (RFC 7240, the form Prism reads): which documented response
// and example a request asks for, checked against the operation before anything answers it.
import { problem } from './answers.js';
import { dereferencer, successOf } from './openapi.js';

/** @param {string | undefined} value @returns {{ code?: string, example?: string }} */
export function parsePrefer(value) {
  /** @type {Record<string, string>} */
  const prefer = {};
  for (const part of (value ?? '').split(/[,;]/)) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k && v !== undefined) prefer[k.toLowerCase()] = v.replace(/^"(.*)"$/, '$1');
  }
  return { code: prefer.code, example: prefer.example };
}

/**
 * The refusal of a Prefer the operation cannot honour (a malformed code, an undocumented status
 * or example name), or undefined.
 * @param {any} spec @param {import('./openapi.js').TableOperation} op @param {{ code?: string, example?: string }} prefer
 */
export function refusedPrefer(spec, op, prefer) {
  if (prefer.code === undefined && prefer.example === undefined) return undefined;
  if (prefer.code !== undefined && !/^\d{3}$/.test(prefer.code))
    return problem(422, 'Invalid Prefer header', 'code must be a three-digit status');
  const deref = dereferencer(spec);
  const operation = deref(spec.paths[op.path])[op.method.toLowerCase()];
  if (prefer.code !== undefined && !Object.hasOwn(operation.responses, prefer.code))
    return problem(404, 'No such response', `the operation documents no ${prefer.code} response`);
  if (prefer.example === undefined) return undefined;
  const status = prefer.code ?? successOf(spec, operation)?.[0] ?? '200';
  const examples = Object.values(deref(operation.responses[status])?.content ?? {})[0]?.examples ?? {};
  if (!Object.hasOwn(examples, prefer.example))
    return problem(404, 'No such example', `the ${status} response has no example named ${prefer.example.slice(0, 64)}`);
  return undefined;
}
