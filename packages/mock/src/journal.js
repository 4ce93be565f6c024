// @ts-check
// The journal of answered requests, for tests that assert what their application called: the
// operation, its path parameters (never the project, never a credential or a value) and the
// status. Bounded: a long run cannot grow it without limit.

/** Entries the journal keeps (the oldest go first). */
export const JOURNAL_LIMIT = 10_000;

/**
 * @typedef {object} JournalEntry One answered request, without credentials or values.
 * @property {string} time ISO 8601
 * @property {string} method
 * @property {string | undefined} operation the operationId, when the request matched one
 * @property {Record<string, string>} params the path parameters the request named, but the project
 * @property {string | undefined} secretName `params.secret_name`, kept for the tests written against it
 * @property {number | 'reset'} status
 * @property {string | undefined} requestId the answer's X-Request-Id
 */

export function createJournal() {
  // Each entry as the engine made it (a fresh object), and its time beside it as a number, written
  // as text only when the journal is read: formatting an ISO date, or copying the entry to add
  // one, costs more than the rest of an entry, at every request.
  /** @type {Omit<JournalEntry, 'time'>[]} */
  let entries = [];
  /** @type {number[]} */
  let times = [];
  return {
    /** @param {Omit<JournalEntry, 'time'>} entry kept as it is: the caller gives it up */
    add(entry) {
      entries.push(entry);
      times.push(Date.now());
      // Cut back to the limit once it holds twice as many: dropping the oldest one at each request
      // would move 10,000 entries per request once the journal is full.
      if (entries.length >= 2 * JOURNAL_LIMIT) {
        entries = entries.slice(-JOURNAL_LIMIT);
        times = times.slice(-JOURNAL_LIMIT);
      }
    },
    clear() {
      entries = [];
      times = [];
    },
    /** The newest JOURNAL_LIMIT entries, oldest first (copies). */
    list() {
      const first = Math.max(0, entries.length - JOURNAL_LIMIT);
      return entries
        .slice(first)
        .map((e, i) => ({ time: new Date(/** @type {number} */ (times[first + i])).toISOString(), ...e, params: { ...e.params } }));
    },
  };
}
