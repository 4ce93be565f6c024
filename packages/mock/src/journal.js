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
  /** @type {JournalEntry[]} */
  let entries = [];
  return {
    /** @param {Omit<JournalEntry, 'time'>} entry */
    add(entry) {
      entries.push({ time: new Date().toISOString(), ...entry });
      // Cut back to the limit once it holds twice as many: dropping the oldest one at each request
      // would move 10,000 entries per request once the journal is full.
      if (entries.length >= 2 * JOURNAL_LIMIT) entries = entries.slice(-JOURNAL_LIMIT);
    },
    clear() {
      entries = [];
    },
    /** The newest JOURNAL_LIMIT entries, oldest first (copies). */
    list: () => entries.slice(-JOURNAL_LIMIT).map((e) => ({ ...e, params: { ...e.params } })),
  };
}
