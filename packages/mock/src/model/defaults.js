// @ts-check
// What a secret gets when nobody says otherwise: ids, keys and values derived from its name, so
// a configured mock answers the same every run.
import crypto, { createHash } from 'node:crypto';

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

/** The key CSMS uses for a secret created without one: the project's `csms/default` (vendor API Explorer, CreateSecret). */
export const DEFAULT_KMS_KEY_ID = keyIdFrom('csms/default');

/**
 * The metadata of a secret created through the API (CreateSecret, BatchImportSecrets): the
 * fields the request gave (those its schema lists), type COMMON and the default key unless given,
 * and an id of its own, ENABLED, created now whatever it gave.
 * @param {string} name @param {Record<string, unknown>} given the request's metadata fields @param {number} now
 */
export const createdMetadata = (name, given, now) => ({
  kms_key_id: DEFAULT_KMS_KEY_ID,
  secret_type: 'COMMON',
  ...given,
  // What the service decides, whatever the request says.
  id: idFor(name, now),
  name,
  state: 'ENABLED',
  create_time: now,
  update_time: now,
  scheduled_delete_time: null,
});

/** A UUID for something created (a secret, an event, a task, a grant): new for each name and time, the same again only for both (a fixed clock repeats a run). */
export const idFor = (/** @type {string} */ name, /** @type {number} */ time) => uuidFrom(`${name}@${time}`);
