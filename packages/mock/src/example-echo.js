// @ts-check
// What an answer from the document's examples repeats of its request, as the service would (and
// as stripe-mock does with the IDs a request names): the examples describe one secret
// (`secret-name-demo`, its stage pointing at `v20`), and an application that asked for
// `test/SYSCURRENT` must not read back another secret's stage. Only a success body is changed, in
// a copy:
//   - a field named as a path parameter of the operation (`secret_name`, `user_id`) takes the
//     request's value, at any depth, in every item of a list;
//   - `<x>_name` is also the `name` of an `<x>` object (secret_name → secret.name, stage_name →
//     stage.name, event_name → event.name), and `<x>_id` the `id` of an `<x>` or `<x>_metadata`
//     object (version_id → version_metadata.id);
//   - a page's `current_count`, beside its next marker (`x-pagination`), is the number of items it
//     holds.
// `latest` is not a version's ID but the shortcut for the newest version (the version_id
// parameter's description): the example's ID stays.
const LATEST = 'latest';

/** @typedef {import('./openapi.js').TableOperation} TableOperation */

/**
 * The path parameters the request named, by name (never the one the client fills from its
 * options: the project), with the fields each one names.
 * @param {TableOperation} op @param {Record<string, unknown>} values
 * @returns {{ field: string, owners: string[], value: string }[]}
 */
function namedParameters(op, values) {
  return op.pathParams.flatMap((name) => {
    const value = values[name];
    if (typeof value !== 'string' || op.params[name]?.option !== undefined) return [];
    if (name === 'version_id' && value === LATEST) return [];
    const owner = /^(.+)_(name|id)$/.exec(name);
    const owners = owner ? [owner[1], ...(owner[2] === 'id' ? [`${owner[1]}_metadata`] : [])] : [];
    return [{ field: name, owners: owners.map(String), value }];
  });
}

/**
 * Writes the named values into `node` and everything under it.
 * @param {unknown} node @param {{ field: string, owners: string[], value: string }[]} named @param {string} [key] the key `node` sits under
 */
function echoInto(node, named, key) {
  if (Array.isArray(node)) {
    for (const item of node) echoInto(item, named, key);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const object = /** @type {Record<string, unknown>} */ (node);
  for (const { field, owners, value } of named) {
    if (typeof object[field] === 'string') object[field] = value;
    const own = field.endsWith('_id') ? 'id' : 'name';
    if (key !== undefined && owners.includes(key) && typeof object[own] === 'string') object[own] = value;
  }
  for (const [k, v] of Object.entries(object)) echoInto(v, named, k);
}

/**
 * A page's count made the number of its items.
 * @param {TableOperation} op @param {Record<string, unknown>} body
 */
function countItems(op, body) {
  if (!op.paging) return;
  const keys = op.paging.nextMarker.split('.').slice(0, -1);
  const holder = /** @type {Record<string, unknown> | undefined} */ (keys.reduce((/** @type {any} */ v, k) => v?.[k], body));
  const items = body[op.paging.items];
  if (holder && typeof holder === 'object' && typeof holder.current_count === 'number' && Array.isArray(items))
    holder.current_count = items.length;
}

/**
 * The example's answer with the request's names and IDs in it, and its page count right.
 * @template {{ status: number, body: unknown }} A
 * @param {TableOperation} op @param {Record<string, unknown>} values the request's checked parameters @param {A} answer
 * @returns {A}
 */
export function echoRequest(op, values, answer) {
  if (answer.status < 200 || answer.status >= 300 || answer.body === null || typeof answer.body !== 'object') return answer;
  const body = /** @type {Record<string, unknown>} */ (structuredClone(answer.body));
  echoInto(body, namedParameters(op, values));
  countItems(op, body);
  return { ...answer, body };
}
