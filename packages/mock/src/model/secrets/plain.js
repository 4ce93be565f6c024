// @ts-check
// A secret in its plain form (JSON), as a backup and a checked configuration hold it, and back.
import { SYSCURRENT, SYSPREVIOUS } from '../record.js';
import { stagesOf } from '../secret.js';

/** @typedef {import('../record.js').StoredSecret} StoredSecret */
/** @typedef {import('../record.js').StoredVersion} StoredVersion */

const isObject = (/** @type {unknown} */ v) => typeof v === 'object' && v !== null && !Array.isArray(v);

// The default marks, made once (a config of 10,000 secrets has 30,000 versions).
const CURRENT = Object.freeze([SYSCURRENT]);
const PREVIOUS = Object.freeze([SYSPREVIOUS]);
const NONE = /** @type {readonly string[]} */ (Object.freeze([]));

/**
 * The stages of the plain versions: explicit ones where any version names stages, else the
 * newest SYSCURRENT and the one before SYSPREVIOUS; a stage on two versions is refused.
 * @param {unknown[]} versions @param {Record<string, unknown>} times @returns {Map<string, { version: string, time: number }> | string}
 */
function stagesFrom(versions, times) {
  const explicit = versions.some((v) => isObject(v) && /** @type {any} */ (v).stages !== undefined);
  /** @type {Map<string, { version: string, time: number }>} */
  const stages = new Map();
  for (let i = 0; i < versions.length; i++) {
    const { stages: given, id, create_time } = /** @type {any} */ (versions[i]);
    const marks = explicit ? given : i === versions.length - 1 ? CURRENT : i === versions.length - 2 ? PREVIOUS : NONE;
    if (marks !== undefined && !Array.isArray(marks)) return `versions[${i}]: field stages must be a list of stage names`;
    for (const stage of /** @type {unknown[]} */ (marks ?? NONE)) {
      if (typeof stage !== 'string') return `versions[${i}]: ${JSON.stringify(String(stage).slice(0, 64))} is not a valid stage name`;
      // A stage marks exactly one version.
      if (stages.has(stage)) return `versions[${i}]: stage ${stage.slice(0, 64)} is on ${stages.get(stage)?.version} already`;
      const at = Object.hasOwn(times, stage) ? times[stage] : Number.isSafeInteger(create_time) ? create_time : 0;
      stages.set(stage, { version: String(id), time: /** @type {number} */ (at) });
    }
  }
  return stages;
}

/** A plain version without its stages. @param {Record<string, unknown>} version */
const withoutStages = ({ stages: _, ...version }) => version;

/**
 * The tags of every secret that has none, shared: a stored secret is never changed in place (a
 * write changes a draft with a copy of the tags), and this map refuses a change besides. A config
 * of 10,000 secrets without tags would otherwise hold 10,000 empty maps.
 */
/** @extends {Map<string, string>} */
class NoTags extends Map {
  /** @override @param {string} _key @param {string} _value @returns {this} */
  set(_key, _value) {
    throw new TypeError(UNCHANGED);
  }
  /** @override @param {string} _key @returns {boolean} */
  delete(_key) {
    throw new TypeError(UNCHANGED);
  }
  /** @override */
  clear() {
    throw new TypeError(UNCHANGED);
  }
}
const UNCHANGED = 'the tags of a stored secret do not change in place';
const NO_TAGS = new NoTags();

/**
 * A secret from its plain form — a backup's record or a checked config entry: versions oldest
 * first, each with the stages on it, stage times by name, tags as `{ key, value }` items. The
 * result still has to pass the record check.
 * @param {{ metadata: unknown, versions: unknown, stageTimes?: unknown, tags?: unknown, blob?: string }} plain
 * @returns {StoredSecret | string} the secret, or what is wrong with the plain form
 */
export function fromPlain(plain) {
  const { versions, stageTimes, tags = [] } = plain;
  if (!Array.isArray(versions) || versions.length === 0) return 'versions must be a non-empty list (oldest first)';
  const bad = versions.findIndex((v) => !isObject(v));
  if (bad >= 0) return `versions[${bad}] must be an object with value or binary`;
  const stages = stagesFrom(versions, isObject(stageTimes) ? /** @type {Record<string, unknown>} */ (stageTimes) : {});
  if (typeof stages === 'string') return stages;
  if (!Array.isArray(tags) || !tags.every((t) => isObject(t) && typeof t.key === 'string' && typeof (t.value ?? '') === 'string'))
    return 'tags must be a list of { key, value } with text keys and values';
  /** @type {StoredSecret} */
  const secret = {
    metadata: /** @type {Record<string, unknown>} */ (plain.metadata),
    // A version without stages is taken as it is (the plain form is the caller's fresh copy: a
    // parsed backup, a checked config entry); a copy of each costs a config of 30,000 versions.
    versions: versions.map((v) => /** @type {StoredVersion} */ (Object.hasOwn(v, 'stages') ? withoutStages(v) : v)),
    stages,
    tags: tags.length === 0 ? NO_TAGS : new Map(tags.map((t) => [t.key, t.value ?? ''])),
  };
  if (tags.length !== secret.tags.size) return 'tags must name each key once';
  if (plain.blob !== undefined) secret.blob = plain.blob;
  return secret;
}

/** The plain form of a stored secret, as a backup holds it (tags included). @param {string} name @param {StoredSecret} s */
export const toPlain = (name, s) => ({
  name,
  metadata: s.metadata,
  versions: s.versions.map((v) => ({ ...v, stages: stagesOf(s, v.id) })),
  stageTimes: Object.fromEntries([...s.stages].map(([stage, mark]) => [stage, mark.time])),
  tags: [...s.tags].map(([key, value]) => ({ key, value })),
});
