// @ts-check
// One secret's rules, as CSMS keeps them: versions oldest first, stages that each mark one
// version, values readable only while the secret is enabled, scheduled deletion and its cancel.
// The functions work on a draft (store.js hands one out and checks it before it is stored), so a
// rule that refuses halfway leaves the stored secret as it was.
import { createHash } from 'node:crypto';
import { errors } from './errors.js';
import { MAX_STAGES, MAX_VERSIONS, SYSCURRENT, SYSPREVIOUS } from './record.js';

/** @typedef {import('./record.js').StoredSecret} StoredSecret */
/** @typedef {import('./record.js').StoredVersion} StoredVersion */

export const DAY = 86_400_000;

/**
 * @typedef {object} VersionMetadata The document's VersionMetadata: a version without its value.
 * @property {string} id
 * @property {number} create_time
 * @property {number} [expire_time]
 * @property {unknown} kms_key_id
 * @property {string} secret_name
 * @property {string[]} version_stages
 */

/** A copy to change: the stored secret stays as it is until the store replaces it with the checked draft. */
export const draftOf = (/** @type {StoredSecret} */ s) => {
  /** @type {StoredSecret} */
  const draft = { metadata: { ...s.metadata }, versions: [...s.versions], stages: new Map(s.stages), tags: new Map(s.tags) };
  if (s.blob !== undefined) draft.blob = s.blob;
  return draft;
};

/** The stages that mark a version, in the order they were set. */
export const stagesOf = (/** @type {StoredSecret} */ s, /** @type {string} */ id) => {
  /** @type {string[]} */
  const names = [];
  for (const [stage, mark] of s.stages) if (mark.version === id) names.push(stage);
  return names;
};

/** The document's VersionMetadata of a stored version. @returns {VersionMetadata} */
export const metadataOf = (/** @type {string} */ name, /** @type {StoredSecret} */ s, /** @type {StoredVersion} */ v) => ({
  id: v.id,
  create_time: v.create_time,
  ...(v.expire_time === undefined ? {} : { expire_time: v.expire_time }),
  kms_key_id: s.metadata.kms_key_id,
  secret_name: name,
  version_stages: stagesOf(s, v.id),
});

/** CSMS serves values, and takes new ones, of ENABLED secrets only. @param {StoredSecret} s */
export function requireEnabled(s) {
  requireNotPending(s);
  if (s.metadata.state !== 'ENABLED') throw errors.notEnabled(s.metadata.state);
}

/** A secret pending deletion keeps its metadata and stages as they are. @param {StoredSecret} s */
export function requireNotPending(s) {
  if (s.metadata.state === 'PENDING_DELETE') throw errors.pendingDelete();
}

/** A version by id, or `latest` (the version created last). @param {StoredSecret} s @param {string} id */
export function findVersion(s, id) {
  const v = id === 'latest' ? s.versions[s.versions.length - 1] : s.versions.find((x) => x.id === id);
  if (!v) throw errors.versionNotFound(id);
  return v;
}

/**
 * The id the next version gets: one past the highest `v<n>` (any length: configured ids are not
 * bounded by 2^53), so a new id never repeats one the secret holds.
 * @param {StoredSecret} s
 */
export function nextVersionId(s) {
  // The ids the mock gives (`v1`, `v2`…) are read as numbers, a character at a time, with no
  // string made; only an id of more than 15 characters after the `v` (a configured one, perhaps
  // with leading zeros or past 2^53) sends the whole secret to the exact count below.
  let highest = 0;
  for (const { id } of s.versions) {
    if (id.length > 16) return nextVersionIdExactly(s);
    if (id.length < 2 || id.charCodeAt(0) !== 118) continue; // v
    let n = 0;
    for (let i = 1; i < id.length && n >= 0; i++) {
      const digit = id.charCodeAt(i) - 48;
      n = digit >= 0 && digit <= 9 ? n * 10 + digit : -1;
    }
    if (n > highest) highest = n;
  }
  return `v${highest + 1}`;
}

/** nextVersionId for any length of ids. @param {StoredSecret} s */
function nextVersionIdExactly(s) {
  // Compared as digit strings without leading zeros (longer is larger), and counted in BigInt only
  // past 15 digits: a BigInt and a match per version made each new version of a full secret cost
  // microseconds.
  let highest = '0';
  for (const v of s.versions) {
    const digits = versionNumber(v.id);
    if (digits !== undefined && (digits.length > highest.length || (digits.length === highest.length && digits > highest)))
      highest = digits;
  }
  return `v${highest.length <= 15 ? Number(highest) + 1 : BigInt(highest) + 1n}`;
}

/** The number of an id `v<digits>`, without leading zeros (`v007` is 7, `v000` is 0), or undefined. @param {string} id */
function versionNumber(id) {
  if (id.length < 2 || id.charCodeAt(0) !== 118) return undefined; // v
  let first = 0;
  for (let i = 1; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    if (first === 0 && (c !== 48 || i === id.length - 1)) first = i;
  }
  return id.slice(first);
}

/**
 * Marks `version` with `stage`. Moving SYSCURRENT hands SYSPREVIOUS to the version that had it
 * (decision: the vendor reference says so for a new version; the same holds for a stage move, so
 * SYSPREVIOUS keeps meaning "the version before the current one").
 * @param {StoredSecret} s @param {string} stage @param {string} version @param {number} now @param {readonly string[]} [together] stages set in the same step
 */
export function setStage(s, stage, version, now, together = [stage]) {
  const before = s.stages.get(stage)?.version;
  s.stages.set(stage, { version, time: now });
  if (stage === SYSCURRENT && before !== undefined && before !== version && !together.includes(SYSPREVIOUS))
    s.stages.set(SYSPREVIOUS, { version: before, time: now });
}

/**
 * Refuses stages that would make the secret carry more than MAX_STAGES (SYSPREVIOUS counted
 * when SYSCURRENT moves, as it follows).
 * @param {StoredSecret} s @param {readonly string[]} wanted
 */
function checkStageCount(s, wanted) {
  const count = new Set([...s.stages.keys(), ...wanted, ...(wanted.includes(SYSCURRENT) && s.stages.has(SYSCURRENT) ? [SYSPREVIOUS] : [])])
    .size;
  if (count > MAX_STAGES) throw errors.stageLimit(MAX_STAGES);
}

/**
 * Adds a version with a value and moves stages as CSMS does (vendor reference, "Creating a
 * Secret Version"): without explicit stages the new version gets SYSCURRENT and the version that
 * had it SYSPREVIOUS; explicit stages are moved to it, SYSPREVIOUS following SYSCURRENT the same
 * way. Past MAX_VERSIONS the oldest version no stage marks is dropped (CSMS may delete such
 * versions); when every version has a stage, the new one is refused.
 * @param {StoredSecret} s @param {{ value?: string, binary?: string, expire_time?: number }} value
 * @param {{ stages?: readonly string[], now: number }} options
 * @returns {StoredVersion}
 */
export function addVersion(s, value, { stages, now }) {
  const wanted = stages ?? [SYSCURRENT];
  checkStageCount(s, wanted);
  /** @type {StoredVersion} */
  const version = { id: nextVersionId(s), create_time: Math.max(now, (s.versions[s.versions.length - 1]?.create_time ?? 0) + 1) };
  if (value.value !== undefined) version.value = value.value;
  else if (value.binary !== undefined) version.binary = value.binary;
  if (value.expire_time !== undefined) version.expire_time = value.expire_time;
  s.versions.push(version);
  for (const stage of wanted) setStage(s, stage, version.id, version.create_time, wanted);
  if (s.versions.length > MAX_VERSIONS) {
    // The oldest is nearly always unstaged: asked of the (at most 12) stages one version at a
    // time, with no set built at every new version of a full secret.
    const drop = s.versions.findIndex((v) => !isStaged(s, v.id));
    if (drop < 0) throw errors.invalid(`Every one of the ${MAX_VERSIONS} versions has a stage; move a stage before adding a version.`);
    s.versions.splice(drop, 1);
  }
  s.metadata.update_time = version.create_time;
  return version;
}

/** Whether a stage marks the version. @param {StoredSecret} s @param {string} id */
function isStaged(s, id) {
  for (const mark of s.stages.values()) if (mark.version === id) return true;
  return false;
}

/**
 * Removes a stage from the secret. SYSCURRENT and SYSPREVIOUS cannot be removed, only moved.
 * @param {StoredSecret} s @param {string} stage
 */
export function removeStage(s, stage) {
  if (!s.stages.has(stage)) throw errors.stageNotFound(stage);
  if (stage === SYSCURRENT || stage === SYSPREVIOUS) throw errors.stageProtected(stage);
  s.stages.delete(stage);
}

/**
 * Points `stage` at a version (UpdateSecretStage): a stage the secret lacks is created, within
 * MAX_STAGES; pointing it where it points already changes nothing.
 * @param {StoredSecret} s @param {string} stage @param {string} versionId @param {number} now
 */
export function moveStage(s, stage, versionId, now) {
  const version = s.versions.find((v) => v.id === versionId);
  if (!version) throw errors.versionNotFound(versionId);
  if (s.stages.get(stage)?.version === versionId) return;
  checkStageCount(s, [stage]);
  setStage(s, stage, versionId, now);
}

/**
 * Schedules the secret's deletion `days` from now (DeleteSecretForSchedule): PENDING_DELETE,
 * with the time of deletion; a second schedule is refused.
 * @param {StoredSecret} s @param {number} days @param {number} now
 */
export function scheduleDeletion(s, days, now) {
  if (s.metadata.state === 'PENDING_DELETE') throw errors.alreadyScheduled();
  s.metadata.state = 'PENDING_DELETE';
  s.metadata.scheduled_delete_time = now + days * DAY;
  s.metadata.update_time = now;
}

/** Cancels a scheduled deletion (RestoreSecret): ENABLED again. @param {StoredSecret} s @param {number} now */
export function cancelDeletion(s, now) {
  if (s.metadata.state !== 'PENDING_DELETE') throw errors.notScheduled();
  s.metadata.state = 'ENABLED';
  s.metadata.scheduled_delete_time = null;
  s.metadata.update_time = now;
}

/**
 * A new value for a rotation: a value that is a JSON object with a `password` (a database
 * account, as CSMS keeps them) gets a new password; any other value is replaced whole. The new
 * password differs for every rotation, and repeats only for the same secret, version and time,
 * so a mock with a fixed clock answers the same every run (a test double's, not a secret).
 * @param {StoredVersion | undefined} current @param {string} seed what makes this rotation its own (name, version, time)
 */
export function rotatedValue(current, seed) {
  const fresh = createHash('sha256').update(`rotation:${seed}`).digest('base64url').slice(0, 24);
  if (current?.value !== undefined) {
    try {
      const parsed = JSON.parse(current.value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && typeof parsed.password === 'string')
        return { value: JSON.stringify({ ...parsed, password: fresh }) };
    } catch {}
  }
  return { value: fresh };
}
