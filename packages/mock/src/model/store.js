// @ts-check
// The mock's secrets as CSMS keeps them: a map of name → stored secret, the operations on it,
// lists paged by marker, backups and restores. Every change is made on a draft of the secret
// (secret.js) and stored only after the one record check (record.js) passes, so a refused request
// leaves the store exactly as it was. Nothing here knows HTTP: handlers (../handlers/) turn
// requests into these calls, and errors are ServiceErrors (errors.js).
import { seal, unseal } from './backup.js';
import { errors } from './errors.js';
import { recordChecker, SYSCURRENT, SYSPREVIOUS } from './record.js';
import {
  addVersion,
  cancelDeletion,
  draftOf,
  findVersion,
  metadataOf,
  moveStage,
  removeStage,
  requireEnabled,
  requireNotPending,
  rotatedValue,
  scheduleDeletion,
  stagesOf,
} from './secret.js';

/** @typedef {import('./record.js').StoredSecret} StoredSecret */
/** @typedef {import('./record.js').StoredVersion} StoredVersion */
/** @typedef {import('./secret.js').VersionMetadata} VersionMetadata */

const isObject = (/** @type {unknown} */ v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A secret from its plain form — a backup's record or a checked config entry: versions oldest
 * first, each with the stages on it (when no version names any, the newest gets SYSCURRENT and the
 * one before SYSPREVIOUS), stage times by name. The result still has to pass the record check.
 * @param {{ metadata: unknown, versions: unknown, stageTimes?: unknown, blob?: string }} plain
 * @returns {StoredSecret | string} the secret, or what is wrong with the plain form
 */
export function fromPlain(plain) {
  const { versions, stageTimes } = plain;
  if (!Array.isArray(versions) || versions.length === 0) return 'versions must be a non-empty list (oldest first)';
  const times = isObject(stageTimes) ? /** @type {Record<string, unknown>} */ (stageTimes) : {};
  const explicit = versions.some((v) => isObject(v) && v.stages !== undefined);
  /** @type {StoredSecret} */
  const secret = { metadata: /** @type {Record<string, unknown>} */ (plain.metadata), versions: [], stages: new Map() };
  if (plain.blob !== undefined) secret.blob = plain.blob;
  for (const [i, entry] of versions.entries()) {
    if (!isObject(entry)) return `versions[${i}] must be an object with value or binary`;
    const { stages, ...version } = /** @type {StoredVersion & { stages?: unknown }} */ (entry);
    const time = Number.isSafeInteger(version.create_time) ? version.create_time : 0;
    const marks = explicit ? stages : i === versions.length - 1 ? [SYSCURRENT] : i === versions.length - 2 ? [SYSPREVIOUS] : [];
    if (marks !== undefined && !Array.isArray(marks)) return `versions[${i}]: field stages must be a list of stage names`;
    for (const stage of /** @type {unknown[]} */ (marks ?? [])) {
      if (typeof stage !== 'string') return `versions[${i}]: ${JSON.stringify(String(stage).slice(0, 64))} is not a valid stage name`;
      // A stage marks exactly one version.
      if (secret.stages.has(stage)) return `versions[${i}]: stage ${stage.slice(0, 64)} is on ${secret.stages.get(stage)?.version} already`;
      const at = Object.hasOwn(times, stage) ? times[stage] : time;
      secret.stages.set(stage, { version: String(version.id), time: /** @type {number} */ (at) });
    }
    secret.versions.push(version);
  }
  return secret;
}

/** The plain form of a stored secret, as a backup holds it. @param {string} name @param {StoredSecret} s */
const toPlain = (name, s) => ({
  name,
  metadata: s.metadata,
  versions: s.versions.map((v) => ({ ...v, stages: stagesOf(s, v.id) })),
  stageTimes: Object.fromEntries([...s.stages].map(([stage, mark]) => [stage, mark.time])),
});

/**
 * @param {any} spec the bundled document (its schemas are the record check's)
 * @param {Map<string, StoredSecret>} configured checked secrets (config.js), by name; reset() returns to them
 * @param {{ now?: () => number }} [options] the clock (tests pass their own)
 */
export function createStore(spec, configured, { now = Date.now } = {}) {
  const { check } = recordChecker(spec);
  /** @type {Map<string, StoredSecret>} */
  let secrets = new Map();

  // The secrets' names in list order, and each name's place in it: worked out again only after a
  // secret was added or removed, so a page of a long list costs what its items cost.
  let generation = 0;
  let orderedAt = -1;
  /** @type {string[]} */
  let names = [];
  /** @type {Map<string, number>} */
  let positions = new Map();
  const order = () => {
    if (orderedAt !== generation) {
      names = [...secrets.keys()];
      positions = new Map(names.map((n, i) => [n, i]));
      orderedAt = generation;
    }
    return names;
  };

  function reset() {
    secrets = new Map([...configured].map(([name, s]) => [name, draftOf(s)]));
    generation++;
  }
  reset();

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
    const problem = check(name, draft);
    if (problem) throw refuse(problem);
    if (!secrets.has(name)) generation++;
    secrets.set(name, draft);
  }

  /**
   * Changes one secret: `change` works on a draft, which is stored only if it passes the check.
   * @template T @param {string} name @param {(draft: StoredSecret) => T} change @returns {T}
   */
  function write(name, change) {
    const draft = draftOf(find(name));
    const result = change(draft);
    commit(name, draft);
    return result;
  }

  /**
   * A page of a list, CSMS style: after the item named by `marker`, at most `limit` items;
   * `next_marker` (the last item) only when more follow, `previous_marker` the first item.
   * @template T @param {T[]} items @param {(item: T) => string} key @param {string | undefined} marker @param {number} limit
   * @param {Map<string, number>} [index] where each key is in `items`, when known (lists of thousands of secrets)
   */
  function page(items, key, marker, limit, index) {
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

  return {
    now,
    reset,
    find,
    write,
    commit,

    /** @param {string} name */
    has: (name) => secrets.has(name),

    /** @param {string} name @returns {Record<string, unknown>} */
    secret: (name) => ({ ...find(name).metadata }),

    /** @param {{ limit: number, marker?: string, eventName?: string }} query */
    listSecrets({ limit, marker, eventName }) {
      let list = order();
      if (eventName !== undefined) {
        list = list.filter((n) => {
          const events = secrets.get(n)?.metadata.event_subscriptions;
          return Array.isArray(events) && events.includes(eventName);
        });
      }
      const { slice, info } = page(list, (n) => n, marker, limit, eventName === undefined ? positions : undefined);
      return { secrets: slice.map((n) => ({ ...secrets.get(n)?.metadata })), page_info: info };
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

    /**
     * Adds a version to an existing secret and moves the stages. Only an ENABLED secret takes
     * one, unless `anyState` (a test's control method sets values of any secret).
     * @param {string} name @param {{ value?: string, binary?: string, expire_time?: number }} value
     * @param {{ stages?: readonly string[], anyState?: boolean }} [options]
     * @returns {VersionMetadata}
     */
    addVersion(name, value, { stages, anyState = false } = {}) {
      return write(name, (draft) => {
        if (!anyState) requireEnabled(draft);
        return metadataOf(name, draft, addVersion(draft, value, { stages, now: now() }));
      });
    },

    /** Changes metadata fields (UpdateSecret); not while deletion is pending. @param {string} name @param {Record<string, unknown>} fields */
    update(name, fields) {
      return write(name, (draft) => {
        requireNotPending(draft);
        Object.assign(draft.metadata, fields, { update_time: now() });
        return { ...draft.metadata };
      });
    },

    /** Sets when a version expires (UpdateVersion). @param {string} name @param {string} versionId @param {number} expireTime */
    setExpiry(name, versionId, expireTime) {
      return write(name, (draft) => {
        requireEnabled(draft);
        const version = findVersion(draft, versionId);
        const changed = { ...version, expire_time: expireTime };
        draft.versions[draft.versions.indexOf(version)] = changed;
        return metadataOf(name, draft, changed);
      });
    },

    /** Points a stage at a version (UpdateSecretStage). @param {string} name @param {string} stage @param {string} versionId */
    moveStage(name, stage, versionId) {
      return write(name, (draft) => {
        requireNotPending(draft);
        moveStage(draft, stage, versionId, now());
        const mark = /** @type {{ version: string, time: number }} */ (draft.stages.get(stage));
        return { name: stage, version_id: mark.version, update_time: mark.time, secret_name: name };
      });
    },

    /** Removes a stage (DeleteSecretStage). @param {string} name @param {string} stage */
    removeStage(name, stage) {
      write(name, (draft) => {
        requireNotPending(draft);
        removeStage(draft, stage);
      });
    },

    /** Schedules deletion in `days` (DeleteSecretForSchedule). @param {string} name @param {number} days */
    scheduleDeletion(name, days) {
      return write(name, (draft) => {
        scheduleDeletion(draft, days, now());
        return { ...draft.metadata };
      });
    },

    /** Cancels a scheduled deletion (RestoreSecret). @param {string} name */
    cancelDeletion(name) {
      return write(name, (draft) => {
        cancelDeletion(draft, now());
        return { ...draft.metadata };
      });
    },

    /**
     * Rotates a secret (RotateSecret): a new value as a new version that takes SYSCURRENT.
     * Only database secrets rotate (not COMMON), and only ENABLED ones.
     * @param {string} name @returns {{ version_id: string, secret_name: string }}
     */
    rotate(name) {
      return write(name, (draft) => {
        const type = draft.metadata.secret_type ?? 'COMMON';
        if (type === 'COMMON') throw errors.rotationNotSupported(type);
        requireEnabled(draft);
        const current = draft.versions.find((v) => v.id === draft.stages.get(SYSCURRENT)?.version);
        const time = now();
        const version = addVersion(draft, rotatedValue(current, `${name}:${current?.id}:${time}`), { now: time });
        return { version_id: version.id, secret_name: name };
      });
    },

    /**
     * Creates a secret whose first version holds `value`: the first version carries SYSCURRENT
     * (or the stages given). A name in use is refused.
     * @param {string} name @param {Record<string, unknown>} metadata @param {{ value?: string, binary?: string }} value
     * @param {{ stages?: readonly string[] }} [options]
     */
    create(name, metadata, value, { stages } = {}) {
      if (secrets.has(name)) throw errors.secretExists(name);
      /** @type {StoredSecret} */
      const draft = { metadata: { ...metadata }, versions: [], stages: new Map() };
      const version = addVersion(draft, value, { stages, now: now() });
      draft.metadata.create_time ??= version.create_time;
      commit(name, draft);
      return { secret: { ...draft.metadata }, version: metadataOf(name, draft, version) };
    },

    /** Deletes a secret at once. @param {string} name */
    remove(name) {
      find(name);
      secrets.delete(name);
      generation++;
    },

    /** The backup of a secret: the configured `blob`, or the sealed record of everything it holds. @param {string} name */
    backup(name) {
      const s = find(name);
      return s.blob ?? seal(toPlain(name, s));
    },

    /**
     * Restores a sealed backup; refuses a name that exists (restore never overwrites), a blob
     * that is not a backup or was altered, and a record that breaks any rule of a stored secret.
     * @param {string} blob @returns {Record<string, unknown>} the restored secret's metadata
     */
    restore(blob) {
      const record = unseal(blob);
      const secret = fromPlain(record);
      if (typeof secret === 'string') throw errors.invalidBackup(`the backup's ${secret}`);
      if (secrets.has(record.name)) throw errors.secretExists(record.name);
      commit(record.name, secret, (problem) => errors.invalidBackup(`the backup's ${problem}`));
      return { ...secret.metadata };
    },
  };
}

/** @typedef {ReturnType<typeof createStore>} Store */
