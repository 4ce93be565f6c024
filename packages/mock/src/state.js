// @ts-check
// The mock's secrets as CSMS keeps them: each secret's metadata, its versions (oldest first) with
// their values, and its stages (a label points at exactly one version), with the service's rules
// for adding a version, moving stages, backing up and restoring. The engine (engine.js) turns
// requests into calls here; this module knows nothing of HTTP.
//
// Backups are the mock's own format, not CSMS's: `csms-mock-backup.v1.` and base64url of an
// AES-256-GCM sealed JSON record (the secret's metadata, every version with its value, the
// stages). Every csms-mock shares the key, so a backup from one restores into any other; the GCM
// tag refuses a blob that was altered; the value is never readable in the blob. It is a test
// double's seal, not protection: the key is in this file.
import crypto, { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

export const SYSCURRENT = 'SYSCURRENT';
export const SYSPREVIOUS = 'SYSPREVIOUS';
/** Most versions a secret keeps (vendor reference, "Creating a Secret Version": up to 20 versions). */
export const MAX_VERSIONS = 20;
/** Most stages a secret carries (vendor reference, "Updating the Version Status of a Secret": 12). */
export const MAX_STAGES = 12;

const BLOB_PREFIX = 'csms-mock-backup.v1.';
const BLOB_KEY = createHash('sha256').update('csms-mock backup seal, v1').digest();
const DAY = 86_400_000;

// One-shot hashing (Node 20.12+) is about twice as fast as createHash for short input; a config of
// 10,000 secrets derives 20,000 ids and keys.
const { hash } = /** @type {{ hash?: (algorithm: string, data: string) => string }} */ (/** @type {unknown} */ (crypto));
const hex = (/** @type {string} */ text) => (hash ? hash('sha256', text) : createHash('sha256').update(text).digest('hex'));

/** A UUID-shaped id derived from a name: the same every run. */
export const uuidFrom = (/** @type {string} */ name) => {
  const h = hex(`id:${name}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
/** 32 hex digits derived from a name: a KMS key id. */
export const keyIdFrom = (/** @type {string} */ name) => hex(`key:${name}`).slice(0, 32);
/** The value of a configured secret that gives no versions: readable, different per secret, the same every run. */
export const defaultValueFor = (/** @type {string} */ name) => `mock-value-${hex(`value:${name}`).slice(0, 16)}`;

/**
 * The metadata CSMS would give a new secret of this name: an id and a KMS key derived from the
 * name (the same every run), ENABLED, created at `createTime`.
 * @param {string} name @param {number} createTime
 */
export const defaultMetadata = (name, createTime) => ({
  id: uuidFrom(name),
  name,
  state: 'ENABLED',
  kms_key_id: keyIdFrom(name),
  create_time: createTime,
  update_time: createTime,
  scheduled_delete_time: null,
});

/**
 * @typedef {object} StoredVersion
 * @property {string} id
 * @property {number} create_time
 * @property {string} [value] text value (secret_string)
 * @property {string} [binary] Base64 value (secret_binary)
 */
/**
 * @typedef {object} StoredSecret
 * @property {Record<string, unknown>} metadata the document's Secret fields
 * @property {StoredVersion[]} versions oldest first
 * @property {Map<string, string>} stages stage name → version id
 * @property {Map<string, number>} stageTimes stage name → when it last moved
 * @property {string} [blob] a configured DownloadSecretBlob answer (else the sealed backup)
 */

/**
 * @typedef {object} VersionMetadata The document's VersionMetadata: a version without its value.
 * @property {string} id
 * @property {number} create_time
 * @property {unknown} kms_key_id
 * @property {string} secret_name
 * @property {string[]} version_stages
 */

/** A rule of the service that a request breaks: the engine answers it with the named example. */
export class StateError extends Error {
  /**
   * @param {number} status @param {string | undefined} example the document's example name for it
   * @param {string} message
   */
  constructor(status, example, message) {
    super(message);
    this.status = status;
    this.example = example;
  }
}

/** The stages that point at a version, in the order they were set. */
const stagesOf = (/** @type {StoredSecret} */ s, /** @type {string} */ id) =>
  [...s.stages].filter(([, v]) => v === id).map(([stage]) => stage);

/**
 * Moves stages as CSMS does when a version is added (vendor reference, "Creating a Secret
 * Version"): without explicit stages the new version gets SYSCURRENT and the version that had
 * it gets SYSPREVIOUS; explicit stages are moved to the new version, and if SYSCURRENT is among
 * them the version that had it gets SYSPREVIOUS too (decision: the reference is silent; this is
 * what keeps SYSPREVIOUS meaning "the version before the current one").
 * @param {StoredSecret} secret @param {string} id @param {string[] | undefined} stages @param {number} now
 */
function moveStages(secret, id, stages, now) {
  const wanted = stages ?? [SYSCURRENT];
  const previous = wanted.includes(SYSCURRENT) ? secret.stages.get(SYSCURRENT) : undefined;
  for (const stage of wanted) {
    secret.stages.set(stage, id);
    secret.stageTimes.set(stage, now);
  }
  if (previous !== undefined && previous !== id && !wanted.includes(SYSPREVIOUS)) {
    secret.stages.set(SYSPREVIOUS, previous);
    secret.stageTimes.set(SYSPREVIOUS, now);
  }
}

/**
 * @param {{ name: string, metadata: Record<string, unknown>, versions: (StoredVersion & { stages?: string[] })[], blob?: string }[]} configured
 *   the secrets of a checked config (config.js), versions oldest first
 */
export function createState(configured) {
  /** @type {Map<string, StoredSecret>} */
  let secrets = new Map();

  // The secrets' names in list order, and each name's place in it: worked out again only after the
  // set of secrets changed, so a page of a long list costs what its items cost.
  /** @type {string[] | undefined} */
  let names;
  /** @type {Map<string, number>} */
  let positions = new Map();
  let size = -1;
  const order = () => {
    if (!names || size !== secrets.size) {
      names = [...secrets.keys()];
      positions = new Map(names.map((n, i) => [n, i]));
      size = secrets.size;
    }
    return names;
  };

  function load() {
    secrets = new Map();
    names = undefined;
    for (const c of configured) {
      /** @type {StoredSecret} */
      const secret = { metadata: { ...c.metadata }, versions: [], stages: new Map(), stageTimes: new Map() };
      if (c.blob !== undefined) secret.blob = c.blob;
      const explicit = c.versions.some((v) => v.stages !== undefined);
      c.versions.forEach(({ stages, ...version }, i) => {
        secret.versions.push({ ...version });
        if (explicit) for (const stage of stages ?? []) secret.stages.set(stage, version.id);
        else if (i === c.versions.length - 1) secret.stages.set(SYSCURRENT, version.id);
        else if (i === c.versions.length - 2) secret.stages.set(SYSPREVIOUS, version.id);
      });
      for (const [stage, id] of secret.stages) secret.stageTimes.set(stage, secret.versions.find((v) => v.id === id)?.create_time ?? 0);
      secrets.set(c.name, secret);
    }
  }
  load();

  /** @param {string} name */
  const find = (name) => {
    const secret = secrets.get(name);
    if (!secret) throw new StateError(404, 'secret_not_found', `The secret does not exist: ${name}`);
    return secret;
  };

  /** The document's VersionMetadata of a stored version. @returns {VersionMetadata} */
  const metadataOf = (/** @type {string} */ name, /** @type {StoredSecret} */ s, /** @type {StoredVersion} */ v) => ({
    id: v.id,
    create_time: v.create_time,
    kms_key_id: s.metadata.kms_key_id,
    secret_name: name,
    version_stages: stagesOf(s, v.id),
  });

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
      if (at < 0) throw new StateError(400, 'invalid_marker', 'Invalid parameter: marker.');
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
    /** Back to the configured secrets. */
    reset: load,

    /** @param {string} name */
    has: (name) => secrets.has(name),

    /** @param {string} name @returns {Record<string, unknown>} */
    secret: (name) => ({ ...find(name).metadata }),

    /** @param {{ limit: number, marker?: string, eventName?: string }} query */
    listSecrets({ limit, marker, eventName }) {
      let names = order();
      if (eventName !== undefined) {
        names = names.filter((n) => {
          const events = secrets.get(n)?.metadata.event_subscriptions;
          return Array.isArray(events) && events.includes(eventName);
        });
      }
      const { slice, info } = page(names, (n) => n, marker, limit, eventName === undefined ? positions : undefined);
      return { secrets: slice.map((n) => ({ ...secrets.get(n)?.metadata })), page_info: info };
    },

    /** @param {string} name @param {{ limit: number, marker?: string }} query */
    listVersions(name, { limit, marker }) {
      const s = find(name);
      const { slice, info } = page(s.versions, (v) => v.id, marker, limit);
      return { version_metadatas: slice.map((v) => metadataOf(name, s, v)), page_info: info };
    },

    /**
     * A version with its value, by id or `latest` (the version created last). CSMS serves values
     * of ENABLED secrets only.
     * @param {string} name @param {string} versionId
     */
    version(name, versionId) {
      const s = find(name);
      const state = s.metadata.state;
      if (state === 'PENDING_DELETE') throw new StateError(400, 'pending_delete', 'The secret is in the scheduled deletion state.');
      if (state !== 'ENABLED') throw new StateError(400, 'not_enabled', `Invalid parameter: the secret is ${state}.`);
      const v = versionId === 'latest' ? s.versions[s.versions.length - 1] : s.versions.find((x) => x.id === versionId);
      if (!v) throw new StateError(404, 'version_not_found', `The secret version does not exist: ${versionId}`);
      /** @type {Record<string, unknown>} */
      const version = { version_metadata: metadataOf(name, s, v) };
      if (v.value !== undefined) version.secret_string = v.value;
      if (v.binary !== undefined) version.secret_binary = v.binary;
      return { version };
    },

    /** @param {string} name @param {string} stage */
    stage(name, stage) {
      const s = find(name);
      const id = s.stages.get(stage);
      if (id === undefined) throw new StateError(404, 'stage_not_found', `The secret stage does not exist: ${stage}`);
      return { stage: { name: stage, version_id: id, update_time: s.stageTimes.get(stage), secret_name: name } };
    },

    /**
     * Adds a version (creating the secret with default metadata if it does not exist) and moves
     * the stages. Past MAX_VERSIONS the oldest version no stage points at is dropped, as CSMS may
     * delete such versions.
     * @param {string} name @param {{ value?: string, binary?: string }} value
     * @param {{ stages?: string[], now?: number, metadata?: Record<string, unknown> }} [options]
     */
    putValue(name, value, { stages, now = Date.now(), metadata } = {}) {
      let s = secrets.get(name);
      if (!s) {
        s = { metadata: metadata ?? defaultMetadata(name, now), versions: [], stages: new Map(), stageTimes: new Map() };
        secrets.set(name, s);
      }
      const stageCount = new Set([...s.stages.keys(), ...(stages ?? [SYSCURRENT]), SYSPREVIOUS]).size;
      if (stageCount > MAX_STAGES) throw new StateError(400, undefined, `A secret carries at most ${MAX_STAGES} stages.`);
      const last = s.versions.reduce((n, v) => Math.max(n, Number(/^v(\d+)$/.exec(v.id)?.[1] ?? 0)), 0);
      /** @type {StoredVersion} */
      const version = { id: `v${last + 1}`, create_time: Math.max(now, (s.versions[s.versions.length - 1]?.create_time ?? 0) + 1) };
      if (value.value !== undefined) version.value = value.value;
      else version.binary = value.binary;
      s.versions.push(version);
      moveStages(s, version.id, stages, version.create_time);
      if (s.versions.length > MAX_VERSIONS) {
        const staged = new Set(s.stages.values());
        const drop = s.versions.findIndex((v) => !staged.has(v.id));
        if (drop < 0) {
          s.versions.pop();
          throw new StateError(
            400,
            undefined,
            `Every one of the ${MAX_VERSIONS} versions has a stage; move a stage before adding a version.`,
          );
        }
        s.versions.splice(drop, 1);
      }
      s.metadata.update_time = version.create_time;
      return metadataOf(name, s, version);
    },

    /** The backup of a secret: the configured `blob`, or the sealed record of everything it holds. */
    backup(/** @type {string} */ name) {
      const s = find(name);
      if (s.blob !== undefined) return s.blob;
      return seal({
        name,
        metadata: s.metadata,
        versions: s.versions.map((v) => ({ ...v, stages: stagesOf(s, v.id) })),
        stageTimes: Object.fromEntries(s.stageTimes),
      });
    },

    /**
     * Restores a sealed backup; refuses a name that exists (restore never overwrites) and a blob
     * that is not a backup or was altered.
     * @param {string} blob @returns {Record<string, unknown>} the restored secret's metadata
     */
    restore(blob) {
      const record = unseal(blob);
      if (secrets.has(record.name)) throw new StateError(400, 'secret_exists', `Invalid parameter: a secret named ${record.name} exists.`);
      /** @type {StoredSecret} */
      const s = { metadata: { ...record.metadata }, versions: [], stages: new Map(), stageTimes: new Map() };
      for (const { stages, ...version } of record.versions) {
        s.versions.push(version);
        for (const stage of stages) {
          s.stages.set(stage, version.id);
          s.stageTimes.set(stage, record.stageTimes?.[stage] ?? version.create_time);
        }
      }
      secrets.set(record.name, s);
      return { ...s.metadata };
    },
  };
}

/** @typedef {ReturnType<typeof createState>} MockState */

/**
 * @typedef {{ name: string, metadata: Record<string, unknown>, versions: (StoredVersion & { stages: string[] })[], stageTimes?: Record<string, number> }} BackupRecord
 */

/** @param {BackupRecord} record */
function seal(record) {
  const plain = Buffer.from(JSON.stringify(record));
  // Derived from the content, so the same secret backs up to the same blob (stable test fixtures);
  // different content gives a different IV.
  const iv = createHash('sha256').update(plain).digest().subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', BLOB_KEY, iv);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return BLOB_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** @param {string} blob */
function unseal(blob) {
  const invalid = () => new StateError(400, 'invalid_backup', 'The requested body format is wrong: secret_blob is not a backup.');
  if (!blob.startsWith(BLOB_PREFIX)) throw invalid();
  const bytes = Buffer.from(blob.slice(BLOB_PREFIX.length), 'base64url');
  if (bytes.length < 29) throw invalid();
  try {
    const decipher = createDecipheriv('aes-256-gcm', BLOB_KEY, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const record = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8'));
    if (typeof record?.name !== 'string' || !Array.isArray(record.versions) || typeof record.metadata !== 'object') throw invalid();
    return /** @type {BackupRecord} */ (record);
  } catch {
    throw invalid();
  }
}

export { DAY };
