// The generated table's compact entries (generated/client-operations.ts) read into the shape the
// engine works with, once per operation.
import type { CompactOperation } from '../../../generated/client-operations.js';
import type { TableOperation, TableParam } from './engine.js';
import type { CheckSchema } from './validate.js';

export type { CompactOperation };

const read = new WeakMap<CompactOperation, TableOperation>();
const EMPTY: readonly string[] = [];

/** The engine's view of one compact entry (the same object each time). */
export function tableOperation(entry: CompactOperation): TableOperation {
  let op = read.get(entry);
  if (op) return op;
  const [, method, path, params, options, body, response, idempotent, paging, sensitive, requiredQuery, input] = entry;
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const all: Record<string, TableParam> = {};
  for (const [name, [option, schema]] of Object.entries(options || {})) all[name] = { schema: schema as CheckSchema, option };
  for (const [name, schema] of Object.entries(params)) all[name] = { schema: schema as CheckSchema };
  op = {
    method,
    path,
    pathParams,
    queryParams: Object.keys(params).filter((name) => !pathParams.includes(name)),
    requiredQuery: requiredQuery || EMPTY,
    params: all,
    body: body ? { required: body[0] === 1, mediaType: body[1], schema: body[2] as CheckSchema } : null,
    response: (response || {}) as CheckSchema,
    sensitive: sensitive || EMPTY,
    idempotent: idempotent === 1,
    paging: paging ? { items: paging[0], marker: paging[1], nextMarker: paging[2] } : null,
    input: (input || null) as TableOperation['input'],
  };
  read.set(entry, op);
  return op;
}
