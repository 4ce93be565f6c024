// @ts-check
// generated/client-operations.ts: the operation table in the form the client bundles, one export
// per operation, so that an application bundles the rules of the operations it imports and no
// others (`@csms-openapi/client/operations` with `@csms-openapi/client/core`), and the whole
// client carries the table in few bytes. Each named schema is a constant that the others and the
// operations refer to directly (no `$ref` by name left to resolve), in dependency order; an entry
// is a tuple, laid out as `CompactOperation` below says (packages/client/src/table.ts reads it).
import fs from 'node:fs/promises';
import path from 'node:path';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const key = (/** @type {string} */ k) => (IDENTIFIER.test(k) ? k : JSON.stringify(k));
const constName = (/** @type {string} */ name) => `S_${name.replace(/[^\w$]/g, '_')}`;

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
 * A schema as a JS literal, each `{ $ref: name }` the named constant; `late`: names not defined yet
 * (a schema that refers back to one being written), read through a getter at check time instead.
 * @param {unknown} v @param {Set<string>} late @returns {string}
 */
function literal(v, late) {
  if (Array.isArray(v)) {
    const back = v.find((x) => x && typeof x === 'object' && late.has(/** @type {any} */ (x).$ref));
    if (back) throw new Error(`a schema refers back to ${back.$ref} from inside a list; the compact table cannot write that cycle`);
    return `[${v.map((x) => literal(x, late)).join(', ')}]`;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 1 && typeof (/** @type {any} */ (v).$ref) === 'string') return constName(/** @type {any} */ (v).$ref);
    return `{ ${entries
      .map(([k, x]) => {
        const ref =
          x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1 ? /** @type {any} */ (x).$ref : undefined;
        return typeof ref === 'string' && late.has(ref)
          ? `get ${key(k)}() { return ${constName(ref)}; }`
          : `${key(k)}: ${literal(x, late)}`;
      })
      .join(', ')} }`;
  }
  return JSON.stringify(v);
}

/**
 * @param {{ schemas: Record<string, unknown>, operations: Record<string, any> }} table the table of
 *   packages/mock/src/openapi.js (operationTable)
 * @param {string} outDir
 * @param {string} notice
 */
export async function writeClientOperations(table, outDir, notice) {
  // Named schemas, each after those it refers to; a reference back (a cycle) is read lazily.
  const order = /** @type {string[]} */ ([]);
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
    order.push(name);
  };
  for (const name of Object.keys(table.schemas)) visit(name);
  // Rules shared by several operations' parameters (the project ID's, in every one) are written once.
  /** @type {Map<string, string>} */
  const shared = new Map();
  const seen = new Map();
  for (const op of Object.values(table.operations))
    for (const p of Object.values(op.params)) seen.set(JSON.stringify(p.schema), (seen.get(JSON.stringify(p.schema)) ?? 0) + 1);
  for (const [json, count] of seen) if (count > 1 && !refsOf(JSON.parse(json)).size) shared.set(json, `P${shared.size}`);
  const param = (/** @type {unknown} */ schema) => shared.get(JSON.stringify(schema)) ?? literal(schema, late);

  const entries = Object.values(table.operations).map((op) => {
    const pathParams = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    if (pathParams.join() !== op.pathParams.join()) throw new Error(`${op.operationId}: path parameters out of path order`);
    const params = Object.values(op.params).filter((p) => !p.option);
    const query = params.filter((p) => !pathParams.includes(p.name)).map((p) => p.name);
    if (query.join() !== op.queryParams.join()) throw new Error(`${op.operationId}: query parameters out of table order`);
    const options = Object.values(op.params).filter((p) => p.option);
    const tuple = [
      JSON.stringify(op.operationId),
      JSON.stringify(op.method),
      JSON.stringify(op.path),
      `{ ${params.map((p) => `${key(p.name)}: ${param(p.schema)}`).join(', ')} }`,
      options.length ? `{ ${options.map((p) => `${key(p.name)}: [${JSON.stringify(p.option)}, ${param(p.schema)}]`).join(', ')} }` : '0',
      op.body ? `[${op.body.required ? 1 : 0}, ${JSON.stringify(op.body.mediaType)}, ${literal(op.body.schema, late)}]` : '0',
      op.response ? literal(op.response, late) : '0',
      op.idempotent ? '1' : '0',
      op.paging ? JSON.stringify([op.paging.items, op.paging.marker, op.paging.nextMarker]) : '0',
      op.sensitive.request.length ? JSON.stringify(op.sensitive.request) : '0',
      (() => {
        const required = query.filter((name) => op.params[name].required);
        return required.length ? JSON.stringify(required) : '0';
      })(),
    ];
    return `export const ${op.operationId}: CompactOperation<${JSON.stringify(op.operationId)}> = [${tuple.join(', ')}];`;
  });
  const source = `/** ${notice} */
// The operation table in the client's compact form (scripts/lib/client-table.mjs): one export per
// operation, schemas as constants that refer to each other, so a bundle keeps only what it imports.

type Schema = { readonly [keyword: string]: unknown };

/**
 * One operation: [operationId, method, path, the rules of the parameters a caller passes (path, in
 * path order, then query), the path parameters filled from an option ({ name: [option, rule] }) or
 * 0, the body ([required 1/0, media type, schema]) or 0, the 2xx body's schema or 0, retried once
 * it may have arrived (x-idempotent) 1/0, paging ([items, marker, next marker path]) or 0, the
 * request body's sensitive fields or 0, the query parameters a call must give or 0].
 */
export type CompactOperation<Id extends string = string> = readonly [
  id: Id,
  method: string,
  path: string,
  params: { readonly [name: string]: Schema },
  options: { readonly [name: string]: readonly [option: string, rule: Schema] } | 0,
  body: readonly [required: 0 | 1, mediaType: string, schema: Schema] | 0,
  response: Schema | 0,
  idempotent: 0 | 1,
  paging: readonly [items: string, marker: string, nextMarker: string] | 0,
  sensitive: readonly string[] | 0,
  requiredQuery: readonly string[] | 0,
];

${order.map((name) => `const ${constName(name)}: Schema = ${literal(table.schemas[name], late)};`).join('\n')}
${[...shared].map(([json, name]) => `const ${name}: Schema = ${literal(JSON.parse(json), late)};`).join('\n')}

${entries.join('\n')}

/** Every operation, in document order. */
export const allOperations = [${Object.keys(table.operations).join(', ')}] as const;
`;
  await fs.writeFile(path.join(outDir, 'client-operations.ts'), source);
}
