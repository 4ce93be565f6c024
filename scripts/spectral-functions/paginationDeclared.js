// @ts-check
// House rule csms-pagination: an operation that takes a `marker` query parameter pages, and says
// how in `x-pagination` (clients generate `paginate` helpers from it): the array of items in the
// 2xx body, the marker and limit parameters, and the dotted path of the next page's marker. Each
// name must be one the operation really has, so a renamed field cannot leave the extension stale.

/** @param {any} schema @param {string} path dotted @returns {any} */
const schemaAt = (schema, path) => path.split('.').reduce((s, key) => s?.properties?.[key], schema);

/**
 * @param {any} operation the resolved operation object
 * @param {unknown} _options
 * @param {import('@stoplight/spectral-core').RulesetFunctionContext} context
 * @returns {import('@stoplight/spectral-core').IFunctionResult[] | undefined}
 */
export default function paginationDeclared(operation, _options, context) {
  if (operation === null || typeof operation !== 'object') return;
  const query = (operation.parameters ?? []).filter((/** @type {any} */ p) => p?.in === 'query').map((/** @type {any} */ p) => p.name);
  const paging = operation['x-pagination'];
  if (!query.includes('marker') && paging === undefined) return;
  if (paging === null || typeof paging !== 'object')
    return [{ message: 'An operation with a `marker` query parameter must declare `x-pagination`.', path: [...context.path] }];
  const ok = Object.entries(operation.responses ?? {}).find(([status]) => /^2\d\d$/.test(status))?.[1];
  const body = ok?.content?.['application/json']?.schema;
  /** @type {string[]} */
  const problems = [];
  for (const key of ['items', 'marker', 'limit', 'next_marker'])
    if (typeof paging[key] !== 'string') problems.push(`x-pagination.${key} must be a string`);
  for (const key of Object.keys(paging))
    if (!['items', 'marker', 'limit', 'next_marker'].includes(key)) problems.push(`x-pagination has an unknown key ${key}`);
  if (problems.length === 0) {
    if (!query.includes(paging.marker)) problems.push(`x-pagination.marker names no query parameter: ${paging.marker}`);
    if (!query.includes(paging.limit)) problems.push(`x-pagination.limit names no query parameter: ${paging.limit}`);
    if (schemaAt(body, paging.items)?.type !== 'array') problems.push(`x-pagination.items names no array in the 2xx body: ${paging.items}`);
    if (schemaAt(body, paging.next_marker)?.type !== 'string')
      problems.push(`x-pagination.next_marker names no string in the 2xx body: ${paging.next_marker}`);
  }
  return problems.map((message) => ({ message, path: [...context.path, 'x-pagination'] }));
}
