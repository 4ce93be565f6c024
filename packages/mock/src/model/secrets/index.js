// @ts-check
// The mock's secrets as CSMS keeps them: a map of name → stored secret, and the operations on
// it, grouped by what they do (reads.js, writes.js, tags.js, backups.js). Every change is made
// on a draft of the secret (../secret.js) and stored only after the one record check
// (../record.js) passes, so a refused request leaves the store exactly as it was. What happened
// to a secret (a version created, a rotation, a deletion) is told to `notify` once it is stored,
// for the events that watch it (../project.js). Nothing here knows HTTP.
import { errors } from '../errors.js';
import { recordChecker } from '../record.js';
import { draftOf } from '../secret.js';
import { backupMethods } from './backups.js';
import { readMethods } from './reads.js';
import { tagMethods } from './tags.js';
import { writeMethods } from './writes.js';

/** @typedef {import('../record.js').StoredSecret} StoredSecret */
/** @typedef {'SECRET_VERSION_CREATED' | 'SECRET_ROTATED' | 'SECRET_DELETED'} SecretEvent a basic event of a secret */
/** @typedef {(event: SecretEvent, metadata: Record<string, unknown>) => void} Notify */

/**
 * What the method groups share: the map, lookups, the one way to store a change, the list order.
 * @param {any} spec @param {Map<string, StoredSecret>} configured @param {() => number} now @param {Notify} notify
 */
function createCore(spec, configured, now, notify) {
  const { check } = recordChecker(spec);
  /** @type {Map<string, StoredSecret>} */
  let secrets = new Map();
  // Worked out again only after a secret was added or removed: the names in list order, each
  // name's place in it, and the names by secret id (tags address secrets by id).
  let generation = 0;
  let indexedAt = -1;
  // Counts every change to the store (a secret stored, removed, or all reset): a list page made
  // from the store is good while it has not moved (reads.js keeps whole pages by it).
  let changes = 0;
  /** @type {{ names: string[], positions: Map<string, number>, byId: Map<unknown, string> }} */
  let index = { names: [], positions: new Map(), byId: new Map() };
  const indexes = () => {
    if (indexedAt !== generation) {
      const names = [...secrets.keys()];
      index = { names, positions: new Map(names.map((n, i) => [n, i])), byId: new Map(names.map((n) => [secrets.get(n)?.metadata.id, n])) };
      indexedAt = generation;
    }
    return index;
  };
  // Each stored secret's metadata as JSON text, for list pages (a page of 50 would otherwise
  // stringify 50 objects per request). Keyed by the stored object: every change stores a new
  // draft, and commit, remove and reset drop the old text besides.
  /** @type {WeakMap<StoredSecret, string>} */
  let texts = new WeakMap();
  /** @param {StoredSecret} secret */
  const metadataText = (secret) => {
    let text = texts.get(secret);
    if (text === undefined) {
      text = JSON.stringify(secret.metadata);
      texts.set(secret, text);
    }
    return text;
  };
  /** @param {string} name */
  const forget = (name) => {
    const old = secrets.get(name);
    if (old) texts.delete(old);
  };
  /** @param {string} name */
  const find = (name) => {
    const secret = secrets.get(name);
    if (!secret) throw errors.secretNotFound(name);
    return secret;
  };
  /**
   * Stores `draft` as `name` if the record check passes; else throws what `refuse` makes of the
   * problem, and the store is unchanged.
   * @param {string} name @param {StoredSecret} draft @param {(problem: string) => Error} [refuse]
   */
  function commit(name, draft, refuse = errors.invalid) {
    const problem = check(name, draft, secrets.get(name));
    if (problem) throw refuse(problem);
    if (!secrets.has(name) || secrets.get(name)?.metadata.id !== draft.metadata.id) generation++;
    forget(name);
    secrets.set(name, draft);
    changes++;
  }
  return {
    now,
    notify,
    find,
    commit,
    indexes,
    metadataText,
    changes: () => changes,
    all: () => secrets,
    /** @param {string} name */
    has: (name) => secrets.has(name),
    /** The name of the secret of an id (tags address secrets by id). @param {string} id */
    nameOf(id) {
      const name = indexes().byId.get(id);
      if (name === undefined) throw errors.secretNotFound(id);
      return name;
    },
    /**
     * Changes one secret: `change` works on a draft, which is stored only if it passes the check.
     * @template T @param {string} name @param {(draft: StoredSecret) => T} change @returns {T}
     */
    write(name, change) {
      const draft = draftOf(find(name));
      const result = change(draft);
      commit(name, draft);
      return result;
    },
    /** @param {string} name */
    remove(name) {
      find(name);
      forget(name);
      secrets.delete(name);
      generation++;
      changes++;
    },
    /**
     * Back to the configured secrets. They are shared, not copied: a stored secret is never
     * changed in place (every change stores a checked draft instead), and 10,000 copies would
     * cost start-up and memory.
     */
    reset() {
      secrets = new Map(configured);
      texts = new WeakMap();
      generation++;
      changes++;
    },
  };
}

/** @typedef {ReturnType<typeof createCore>} StoreCore */

/**
 * @param {any} spec the bundled document (its schemas are the record check's)
 * @param {Map<string, StoredSecret>} configured checked secrets (config.js), by name; reset() returns to them
 * @param {{ now?: () => number, notify?: Notify }} [options] the clock (tests pass their own); who hears of basic events
 */
export function createStore(spec, configured, { now = Date.now, notify = () => {} } = {}) {
  const core = createCore(spec, configured, now, notify);
  core.reset();
  return {
    now,
    reset: core.reset,
    has: core.has,
    find: core.find,
    nameOf: core.nameOf,
    ...readMethods(core),
    ...writeMethods(core),
    ...tagMethods(core),
    ...backupMethods(core),
  };
}

/** @typedef {ReturnType<typeof createStore>} Store */
