// @ts-check
// The one check of a stored secret. Every path that stores one — the configuration, a restore,
// putSecretValue and the control endpoints, and every write operation — ends in `check`, so no
// path can store what another refuses: the metadata keeps the document's Secret schema (and only
// its fields), the versions and values keep the document's rules, and the service's own limits
// hold (20 versions, 12 stages, a stage on exactly one version, SYSCURRENT always somewhere).
import { Ajv2020 } from 'ajv/dist/2020.js';
import { resolve } from '../openapi.js';

export const SYSCURRENT = 'SYSCURRENT';
export const SYSPREVIOUS = 'SYSPREVIOUS';
/** Most versions a secret keeps (vendor reference, "Creating a Secret Version": up to 20 versions). */
export const MAX_VERSIONS = 20;
/** Most stages a secret carries (vendor reference, "Updating the Version Status of a Secret": 12). */
export const MAX_STAGES = 12;
/** Most tags a secret carries (vendor reference, CreateSecretTag: 20). */
export const MAX_TAGS = 20;
/** Keys of system tags, which users cannot set (vendor reference, CreateSecretTag). */
export const SYSTEM_TAG_PREFIX = '_sys_';
/** Metadata larger than this (as JSON) is refused: a sanity bound of the mock's, far above anything CSMS keeps. */
export const MAX_METADATA_BYTES = 64 * 1024;

const VERSION_KEYS = new Set(['id', 'create_time', 'value', 'binary', 'expire_time']);

/**
 * @typedef {object} StoredVersion
 * @property {string} id
 * @property {number} create_time
 * @property {string} [value] text value (secret_string)
 * @property {string} [binary] Base64 value (secret_binary)
 * @property {number} [expire_time]
 */
/**
 * @typedef {object} StoredSecret
 * @property {Record<string, unknown>} metadata the document's Secret fields
 * @property {StoredVersion[]} versions oldest first
 * @property {Map<string, { version: string, time: number }>} stages stage name → the version it marks and when it moved there
 * @property {Map<string, string>} tags tag key → value
 * @property {string} [blob] a configured DownloadSecretBlob answer (else the sealed backup)
 */

/** @param {unknown} v */
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether metadata is larger than MAX_METADATA_BYTES as JSON. The text is made only when a bound
 * from the fields says it may be: each text field escapes to at most 6 characters per UTF-16
 * unit, a number, boolean or null takes at most 24; a list or anything else counts as unbounded.
 * Every write checks the metadata, and stringifying 10,000 of them costs a configured start-up.
 * @param {Record<string, unknown>} m a plain object the mock built (own data fields only)
 */
function largerThanLimit(m) {
  let bound = 2;
  for (const key of Object.keys(m)) {
    const value = m[key];
    const size =
      typeof value === 'string'
        ? 6 * value.length + 2
        : typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined
          ? 24
          : Number.POSITIVE_INFINITY;
    bound += 6 * key.length + 4 + size;
    if (bound > MAX_METADATA_BYTES) return JSON.stringify(m).length > MAX_METADATA_BYTES;
  }
  return false;
}

/**
 * Ajv validators for the document's own schemas, compiled once per document and only when first
 * needed (compiling costs more than checking a thousand secrets).
 * @type {WeakMap<object, ReturnType<typeof compileValidators>>}
 */
const compiled = new WeakMap();

/** @param {any} spec */
function compileValidators(spec) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false, validateSchema: false });
  ajv.addSchema(spec, 'openapi.json');
  const at = (/** @type {string} */ pointer) => ajv.compile({ $ref: `openapi.json#${pointer}` });
  // A document without tags (another `--spec`) has no rule for them: a secret there has none.
  const schemaOf = (/** @type {string} */ name) => (spec.components?.schemas?.[name] ? at(`/components/schemas/${name}`) : () => false);
  const secret = resolve(spec, spec.components?.schemas?.Secret).value;
  return {
    secret: at('/components/schemas/Secret'),
    secretFields: new Set(Object.keys(secret?.properties ?? {})),
    name: at('/components/schemas/SecretName'),
    versionId: at('/components/schemas/VersionId'),
    stage: at('/components/schemas/StageName'),
    millis: at('/components/schemas/EpochMillis'),
    value: at('/components/schemas/Version/properties/secret_string'),
    binary: at('/components/schemas/Version/properties/secret_binary'),
    tagKey: schemaOf('TagKey'),
    tagValue: schemaOf('TagValue'),
  };
}

/** The document's validators for names, values and metadata. @param {any} spec */
export function validatorsFor(spec) {
  let v = compiled.get(spec);
  if (!v) {
    v = compileValidators(spec);
    compiled.set(spec, v);
  }
  return v;
}

/** Ajv's first error, as `field x must …`, without the value. @param {import('ajv').ValidateFunction} v @param {string} [field] */
export const firstError = (v, field) => {
  const e = v.errors?.[0];
  if (!e) return 'invalid';
  const where = e.instancePath ? `field ${e.instancePath.slice(1).replaceAll('/', '.')}` : field ? `field ${field}` : 'the value';
  const allowed = e.params && 'allowedValues' in e.params ? ` (${e.params.allowedValues.join(', ')})` : '';
  return `${where} ${e.message}${allowed}`;
};

/** @type {WeakMap<object, ReturnType<typeof createRecordChecker>>} */
const checkers = new WeakMap();

/**
 * The checker of stored secrets for a document, made once per document (its validators compile
 * once, for the configuration and every store).
 * @param {any} spec
 */
export function recordChecker(spec) {
  let checker = checkers.get(spec);
  if (!checker) {
    checker = createRecordChecker(spec);
    checkers.set(spec, checker);
  }
  return checker;
}

/** @param {any} spec */
function createRecordChecker(spec) {
  const v = validatorsFor(spec);

  /** @param {unknown} version @param {string} label @returns {string | undefined} */
  function versionProblem(version, label) {
    if (!isObject(version)) return `${label} must be an object`;
    const e = /** @type {Record<string, unknown>} */ (version);
    const unknown = Object.keys(e).find((k) => !VERSION_KEYS.has(k));
    if (unknown !== undefined) return `${label}: unknown field "${unknown.slice(0, 64)}"`;
    if (typeof e.id !== 'string' || !v.versionId(e.id) || e.id === 'latest')
      return `${label}: field id must be a version ID such as v1 (not "latest")`;
    if ((e.value === undefined) === (e.binary === undefined)) return `${label}: give exactly one of value (text) and binary (Base64)`;
    // The value is never repeated in a message.
    if (e.value !== undefined && (typeof e.value !== 'string' || !v.value(e.value)))
      return `${label}: field value must be a string of at most 32768 characters`;
    if (e.binary !== undefined && (typeof e.binary !== 'string' || !v.binary(e.binary)))
      return `${label}: field binary must be standard Base64 with padding, at most 32768 characters`;
    if (!v.millis(e.create_time)) return `${label}: field create_time must be milliseconds since the epoch`;
    if (e.expire_time !== undefined && !v.millis(e.expire_time)) return `${label}: field expire_time must be milliseconds since the epoch`;
    return undefined;
  }

  /** @param {string} name @param {unknown} metadata @returns {string | undefined} */
  function metadataProblem(name, metadata) {
    if (!isObject(metadata)) return 'the metadata must be an object';
    const m = /** @type {Record<string, unknown>} */ (metadata);
    const unknown = Object.keys(m).find((k) => !v.secretFields.has(k));
    if (unknown !== undefined) return `unknown field "${unknown.slice(0, 64)}" (not a field of the document's Secret)`;
    if (!v.secret(m)) return firstError(v.secret);
    if (m.name !== name) return 'field name must be the secret’s own name';
    if (largerThanLimit(m)) return `the metadata is larger than ${MAX_METADATA_BYTES} bytes`;
    return undefined;
  }

  /** @param {unknown} tags @returns {string | undefined} */
  function tagsProblem(tags) {
    if (!(tags instanceof Map)) return 'the tags must be a map';
    if (tags.size > MAX_TAGS) return `a secret carries at most ${MAX_TAGS} tags`;
    for (const [key, value] of tags) {
      if (typeof key !== 'string' || !v.tagKey(key) || key.startsWith(SYSTEM_TAG_PREFIX))
        return `tag key ${JSON.stringify(String(key).slice(0, 64))} breaks the TagKey rules (and ${SYSTEM_TAG_PREFIX} keys are the system's)`;
      if (typeof value !== 'string' || !v.tagValue(value)) return `the value of tag ${key.slice(0, 64)} breaks the TagValue rules`;
    }
    return undefined;
  }

  /**
   * What is wrong with a secret about to be stored under `name`, or undefined when it may be.
   * `stored`: the secret stored under the name now. Its version objects passed this check when it
   * was stored, and a stored version is never changed in place (a write that changes one replaces
   * it), so the draft's versions that are those same objects are not checked again: a write costs
   * what it changes, not every version the secret holds. (A WeakSet of checked versions did the
   * same at several times the cost: a lookup per version, and 30,000 entries for a configuration.)
   * @param {string} name @param {StoredSecret} secret @param {StoredSecret} [stored] @returns {string | undefined}
   */
  function check(name, secret, stored) {
    if (typeof name !== 'string' || !v.name(name)) return 'the name is not a valid secret_name (1 to 64 of a-z A-Z 0-9 . _ -, not . or ..)';
    const metadata = metadataProblem(name, secret.metadata);
    if (metadata) return metadata;
    const { versions, stages } = secret;
    if (!Array.isArray(versions) || versions.length === 0) return 'a secret has at least one version';
    if (versions.length > MAX_VERSIONS) return `a secret has at most ${MAX_VERSIONS} versions`;
    const ids = new Set();
    let previous = 0;
    // Labels are made only for a message (a config of 10,000 secrets is checked at start-up).
    const checked = stored?.versions;
    for (let i = 0; i < versions.length; i++) {
      const version = /** @type {StoredVersion} */ (versions[i]);
      // Twenty versions at most: a scan by identity is cheaper than any lookup.
      if (checked === undefined || !checked.includes(version)) {
        const problem = versionProblem(version, `versions[${i}]`);
        if (problem) return problem;
      }
      if (ids.has(version.id)) return `versions[${i}]: the id ${version.id} appears twice`;
      ids.add(version.id);
      // Oldest first, as `latest` (the version created last) relies on.
      if (version.create_time <= previous)
        return `versions[${i}]: field create_time must be later than the version before (versions are oldest first)`;
      previous = version.create_time;
    }
    if (!(stages instanceof Map)) return 'the stages must be a map';
    if (stages.size > MAX_STAGES) return `a secret carries at most ${MAX_STAGES} stages`;
    for (const [stage, { version, time }] of stages) {
      if (typeof stage !== 'string' || !v.stage(stage))
        return `${JSON.stringify(String(stage).slice(0, 64))} (a stage of ${String(version).slice(0, 64)}) is not a valid stage name`;
      if (!ids.has(version)) return `stage ${stage} marks ${String(version).slice(0, 64)}, which is not a version of the secret`;
      if (!Number.isSafeInteger(time) || time < 0) return `stage ${stage} has no valid time`;
    }
    if (!stages.has(SYSCURRENT)) return `no version carries ${SYSCURRENT} (one version must be current)`;
    const tags = tagsProblem(secret.tags);
    if (tags) return tags;
    if (secret.blob !== undefined && (typeof secret.blob !== 'string' || secret.blob.length === 0))
      return 'field blob must be a non-empty string';
    return undefined;
  }

  return { check, validators: v };
}
