// @ts-check
// Reading secrets: metadata, lists, versions with their values, stages.
import { errors } from '../errors.js';
import { page } from '../paging.js';
import { findVersion, metadataOf, requireEnabled } from '../secret.js';

/** The most bytes of list pages kept at once (readMethods). */
const PAGES_LIMIT = 4 * 1024 * 1024;

/** @param {import('./index.js').StoreCore} core */
export function readMethods({ find, all, indexes, metadataText, changes }) {
  /** The secrets of a list page: their names, and the page info. @param {{ limit: number, marker?: string, eventName?: string }} query */
  const pageOf = ({ limit, marker, eventName }) => {
    const secrets = all();
    const { names, positions } = indexes();
    const list =
      eventName === undefined
        ? names
        : names.filter((n) => {
            const events = secrets.get(n)?.metadata.event_subscriptions;
            return Array.isArray(events) && events.includes(eventName);
          });
    return page(list, (n) => n, marker, limit, eventName === undefined ? positions : undefined);
  };
  // Typed as the Uint8Array they are: the declarations users compile must not need Node's types.
  /** @type {Map<string, Uint8Array>} */
  const pages = new Map();
  let pagesAt = -1;
  let pagesBytes = 0;
  return {
    /** @param {string} name @returns {Record<string, unknown>} */
    secret: (name) => ({ ...find(name).metadata }),

    /** The names of the secrets that subscribe to an event. @param {string} eventName */
    subscribers: (eventName) =>
      [...all()]
        .filter(([, s]) => Array.isArray(s.metadata.event_subscriptions) && s.metadata.event_subscriptions.includes(eventName))
        .map(([n]) => n),

    /** @param {{ limit: number, marker?: string, eventName?: string }} query */
    listSecrets(query) {
      const secrets = all();
      const { slice, info } = pageOf(query);
      return { secrets: slice.map((n) => ({ ...secrets.get(n)?.metadata })), page_info: info };
    },

    /**
     * The same page as the JSON bytes the mock sends, joined from each secret's JSON text. A page
     * asked for again before the store changes is the same bytes, kept: a client paging or polling
     * gets it without a join or an encoding per request, and the server writes it as it is.
     * @param {{ limit: number, marker?: string, eventName?: string }} query @returns {Uint8Array}
     */
    listSecretsBytes(query) {
      if (pagesAt !== changes()) {
        pages.clear();
        pagesBytes = 0;
        pagesAt = changes();
      }
      const key = JSON.stringify([query.limit, query.marker, query.eventName]);
      let bytes = pages.get(key);
      if (bytes === undefined) {
        const secrets = all();
        const { slice, info } = pageOf(query);
        const items = slice.map((n) => metadataText(/** @type {import('./index.js').StoredSecret} */ (secrets.get(n))));
        bytes = Buffer.from(`{"secrets":[${items.join(',')}],"page_info":${JSON.stringify(info)}}`);
        // Bounded: a client walking every marker of 10,000 secrets keeps only the latest pages.
        if (pagesBytes + bytes.byteLength > PAGES_LIMIT) {
          pages.clear();
          pagesBytes = 0;
        }
        pages.set(key, bytes);
        pagesBytes += bytes.byteLength;
      }
      return bytes;
    },

    /** @param {string} name @param {{ limit: number, marker?: string }} query */
    listVersions(name, { limit, marker }) {
      const s = find(name);
      const { slice, info } = page(s.versions, (v) => v.id, marker, limit);
      return { version_metadatas: slice.map((v) => metadataOf(name, s, v)), page_info: info };
    },

    /** A version with its value, by id or `latest`. @param {string} name @param {string} versionId */
    version(name, versionId) {
      const s = find(name);
      requireEnabled(s);
      const v = findVersion(s, versionId);
      /** @type {Record<string, unknown>} */
      const version = { version_metadata: metadataOf(name, s, v) };
      if (v.value !== undefined) version.secret_string = v.value;
      if (v.binary !== undefined) version.secret_binary = v.binary;
      return { version };
    },

    /** @param {string} name @param {string} stage */
    stage(name, stage) {
      const s = find(name);
      const mark = s.stages.get(stage);
      if (mark === undefined) throw errors.stageNotFound(stage);
      return { stage: { name: stage, version_id: mark.version, update_time: mark.time, secret_name: name } };
    },
  };
}
