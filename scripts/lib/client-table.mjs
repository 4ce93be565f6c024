// @ts-check
// generated/client-operations.ts: the operation table in the form the client bundles, one export
// per operation, so that an application bundles the rules of the operations it imports and no
// others (`@csms-openapi/client/operations` with `@csms-openapi/client/core`), and the whole
// client carries the table in few bytes. A `$ref` is written as the schema's content (no name left
// to resolve), and every object or array that occurs more than once (schemas alike whatever their
// names, the project ID's rule, a path's parameters) is one constant that the others refer to; an
// entry is a tuple, laid out as `CompactOperation` below says (packages/client/src/table.ts reads it).
import fs from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './paths.mjs';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const key = (/** @type {string} */ k) => (IDENTIFIER.test(k) ? k : JSON.stringify(k));
/** The longest literal written out each time rather than as a shared constant. */
const SHORT = 64;
const constName = (/** @type {string} */ name) => `S_${name.replace(/[^\w$]/g, '_')}`;
/** The client's reader of an input object (`{ ...query, body }`), which only the entries of operations that take one name. */
const INPUT_READER = 'packages/client/src/input.js';
/** Stands for `readInput` in a tuple, until it is written. */
const READS_INPUT = Symbol('readInput');

/** The `$ref` names a schema uses, anywhere inside it. */
function refsOf(/** @type {unknown} */ schema, /** @type {Set<string>} */ acc = new Set()) {
  if (schema && typeof schema === 'object') {
    const ref = /** @type {{ $ref?: unknown }} */ (schema).$ref;
    if (typeof ref === 'string') acc.add(ref);
    for (const v of Object.values(schema)) refsOf(v, acc);
  }
  return acc;
}

/**
 * Writes values as JS expressions, each object or array that occurs more than once (by content:
 * named schemas that are alike, `{ type: "string" }`, the project ID's rule…) as one constant,
 * declared just before the first statement that needs it, and the rest inline. `{ $ref: name }` is
 * the named schema's content; a named schema that refers back to one being written (`late`, a
 * cycle) is its own constant, read through a getter at check time.
 * @param {Record<string, unknown>} schemas @param {Set<string>} late
 */
function writer(schemas, late) {
  /** @type {Map<unknown, string>} */
  const keys = new Map();
  const refOf = (/** @type {any} */ v) =>
    v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof v.$ref === 'string' ? v.$ref : undefined;
  /** The node a value stands for: a `$ref` is its schema's. */
  const node = (/** @type {unknown} */ v) => {
    const ref = refOf(v);
    return ref !== undefined && !late.has(ref) ? schemas[ref] : v;
  };
  /** A value's content as text (`$ref`s expanded), the same for values alike. @returns {string} */
  const keyOf = (/** @type {unknown} */ v) => {
    const n = node(v);
    if (!n || typeof n !== 'object') return JSON.stringify(n);
    const ref = refOf(n);
    if (ref !== undefined) return `@${ref}`;
    let k = keys.get(n);
    if (k === undefined) {
      k = Array.isArray(n)
        ? `[${n.map(keyOf).join()}]`
        : `{${Object.entries(n)
            .map(([p, x]) => `${JSON.stringify(p)}:${keyOf(x)}`)
            .join()}}`;
      keys.set(n, k);
    }
    return k;
  };
  /** @type {Map<string, number>} */
  const counts = new Map();
  /** Counts each object and array where it occurs; inside one already seen, nothing more. */
  const count = (/** @type {unknown} */ v) => {
    const n = node(v);
    if (!n || typeof n !== 'object' || refOf(n) !== undefined) return;
    const k = keyOf(n);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    if (counts.get(k) === 1) for (const x of Object.values(n)) count(x);
  };
  /** @type {Map<string, string>} */
  const declared = new Map();
  /** @type {string[]} */
  const statements = [];
  const constant = (/** @type {string} */ k, /** @type {string} */ text, name = `S${declared.size}`) => {
    declared.set(k, name);
    statements.push(`const ${name} = ${text} as const;`);
    return name;
  };
  /** @returns {string} */
  const expression = (/** @type {unknown} */ v) => {
    const n = node(v);
    if (!n || typeof n !== 'object') return JSON.stringify(n);
    const ref = refOf(n);
    if (ref !== undefined) return lateName(ref);
    const k = keyOf(n);
    const known = declared.get(k);
    if (known) return known;
    let text;
    if (Array.isArray(n)) {
      const back = n.map(refOf).find((r) => r !== undefined && late.has(r));
      if (back) throw new Error(`a schema refers back to ${back} from inside a list; the compact table cannot write that cycle`);
      text = `[${n.map(expression).join(', ')}]`;
    } else {
      text = `{ ${Object.entries(n)
        .map(([p, x]) => {
          const r = refOf(x);
          return r !== undefined && late.has(r) ? `get ${key(p)}() { return ${lateName(r)}; }` : `${key(p)}: ${expression(x)}`;
        })
        .join(', ')} }`;
    }
    // A short one (`[".", ".."]`) costs less written out again than named.
    return (counts.get(k) ?? 0) > 1 && text.length > SHORT ? constant(k, text) : text;
  };
  /** A schema in a cycle: a constant of its own, declared when first named (a getter reads it later). */
  const lateName = (/** @type {string} */ ref) => {
    const name = constName(ref);
    if (declared.get(`@${ref}`) === undefined) {
      declared.set(`@${ref}`, name);
      statements.push(`const ${name}: Schema = ${expression(schemas[ref])};`);
    }
    return name;
  };
  return { count, expression, statements };
}

/**
 * @param {{ schemas: Record<string, unknown>, operations: Record<string, any> }} table the table of
 *   packages/mock/src/openapi.js (operationTable)
 * @param {string} outDir
 * @param {string} notice
 * @param {string} [importsFrom] the folder the file will be read from (its import of the client's
 *   input reader is relative to it), when it is written elsewhere first
 */
export async function writeClientOperations(table, outDir, notice, importsFrom = outDir) {
  // A named schema that refers back to one being visited closes a cycle: it is read lazily.
  const done = new Set();
  const visiting = new Set();
  const late = new Set();
  const visit = (/** @type {string} */ name) => {
    if (done.has(name)) return;
    if (visiting.has(name)) {
      late.add(name);
      return;
    }
    visiting.add(name);
    for (const ref of refsOf(table.schemas[name])) visit(ref);
    visiting.delete(name);
    done.add(name);
  };
  for (const name of Object.keys(table.schemas)) visit(name);
  const w = writer(table.schemas, late);
  const tuples = Object.values(table.operations).map((op) => {
    const pathParams = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    if (pathParams.join() !== op.pathParams.join()) throw new Error(`${op.operationId}: path parameters out of path order`);
    const params = Object.values(op.params).filter((p) => !p.option);
    const query = params.filter((p) => !pathParams.includes(p.name)).map((p) => p.name);
    if (query.join() !== op.queryParams.join()) throw new Error(`${op.operationId}: query parameters out of table order`);
    const options = Object.values(op.params).filter((p) => p.option);
    const required = query.filter((name) => op.params[name].required);
    const empty = (/** @type {unknown} */ s) => !s || (typeof s === 'object' && Object.keys(s).length === 0);
    const tuple = [
      op.operationId,
      op.method,
      op.path,
      Object.fromEntries(params.map((p) => [p.name, p.schema])),
      options.length ? Object.fromEntries(options.map((p) => [p.name, [p.option, p.schema]])) : 0,
      op.body ? [op.body.required ? 1 : 0, op.body.mediaType, op.body.schema] : 0,
      empty(op.response) ? 0 : op.response,
      op.idempotent ? 1 : 0,
      op.paging ? [op.paging.items, op.paging.marker, op.paging.nextMarker] : 0,
      op.sensitive.request.length ? op.sensitive.request : 0,
      required.length ? required : 0,
      query.length > 0 || op.body ? READS_INPUT : 0,
    ];
    // What is left out at the end reads as 0.
    while (tuple.at(-1) === 0) tuple.pop();
    return { id: op.operationId, tuple };
  });
  for (const name of late) w.count(table.schemas[name]);
  for (const { tuple } of tuples) for (const v of tuple.slice(3)) if (v !== READS_INPUT) w.count(v);
  const body = tuples.flatMap(({ id, tuple }) => {
    const items = tuple.map((v, i) => (i < 3 ? JSON.stringify(v) : v === READS_INPUT ? 'readInput' : w.expression(v)));
    const declarations = w.statements.splice(0);
    return [...declarations, `export const ${id}: CompactOperation<${JSON.stringify(id)}> = [${items.join(', ')}];`];
  });
  let reader = path.relative(importsFrom, path.join(ROOT, INPUT_READER)).split(path.sep).join('/');
  if (!reader.startsWith('.')) reader = `./${reader}`;
  const source = `/** ${notice} */
// The operation table in the client's compact form (scripts/lib/client-table.mjs): one export per
// operation, each rule written once (a constant where several use it), so a bundle keeps only what
// it imports, the client's reader of an input object included (only operations that take one name it).

import { readInput } from '${reader}';

type Schema = { readonly [keyword: string]: unknown };

/**
 * One operation: [operationId, method, path, the rules of the parameters a caller passes (path, in
 * path order, then query), the path parameters filled from an option ({ name: [option, rule] }),
 * the body ([required 1/0, media type, schema]), the 2xx body's schema, retried once it may have
 * arrived (x-idempotent) 1, paging ([items, marker, next marker path]), the request body's
 * sensitive fields, the query parameters a call must give, \`readInput\` when the operation takes an
 * input object (query parameters or a body)]; 0 or left out at the end: none.
 */
export type CompactOperation<Id extends string = string> = readonly [
  id: Id,
  method: string,
  path: string,
  params: { readonly [name: string]: Schema },
  options?: { readonly [name: string]: readonly [option: string, rule: Schema] } | 0,
  body?: readonly [required: 0 | 1, mediaType: string, schema: Schema] | 0,
  response?: Schema | 0,
  idempotent?: 0 | 1,
  paging?: readonly [items: string, marker: string, nextMarker: string] | 0,
  sensitive?: readonly string[] | 0,
  requiredQuery?: readonly string[] | 0,
  input?: ((...args: never[]) => unknown) | 0,
];

${body.join('\n')}

/** Every operation, in document order. */
export const allOperations = [${Object.keys(table.operations).join(', ')}] as const;
`;
  await fs.writeFile(path.join(outDir, 'client-operations.ts'), source);
}
