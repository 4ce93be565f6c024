// @ts-check
// A page of a list, CSMS style, for every list the mock keeps (secrets, versions, events, tasks).
import { errors } from './errors.js';

/**
 * After the item named by `marker`, at most `limit` items; `next_marker` (the last item) only
 * when more follow, `previous_marker` the first item.
 * @template T @param {T[]} items @param {(item: T) => string} key @param {string | undefined} marker @param {number} limit
 * @param {Map<string, number>} [index] where each key is in `items`, when known (lists of thousands of secrets)
 */
export function page(items, key, marker, limit, index) {
  let start = 0;
  if (marker !== undefined) {
    const at = index ? (index.get(marker) ?? -1) : items.findIndex((item) => key(item) === marker);
    if (at < 0) throw errors.invalidMarker();
    start = at + 1;
  }
  const slice = items.slice(start, start + limit);
  /** @type {Record<string, unknown>} */
  const info = { current_count: slice.length };
  if (slice.length > 0) info.previous_marker = key(/** @type {T} */ (slice[0]));
  if (start + limit < items.length && slice.length > 0) info.next_marker = key(/** @type {T} */ (slice[slice.length - 1]));
  return { slice, info };
}
