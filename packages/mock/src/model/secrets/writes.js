// @ts-check
// Changing secrets: create, add a version, change metadata, expiry, stages, scheduled deletion,
// rotation, deletion. The rules are ../secret.js's; each change is stored by core.write (checked
// draft) and its basic event told to core.notify once stored.
import { errors } from '../errors.js';
import { SYSCURRENT } from '../record.js';
import {
  addVersion,
  cancelDeletion,
  findVersion,
  metadataOf,
  moveStage,
  removeStage,
  requireEnabled,
  requireNotPending,
  rotatedValue,
  scheduleDeletion,
} from '../secret.js';

/** @typedef {import('../record.js').StoredSecret} StoredSecret */
/** @typedef {import('../secret.js').VersionMetadata} VersionMetadata */

/** @param {import('./index.js').StoreCore} core */
export function writeMethods({ now, notify, find, has, write, commit, remove }) {
  return {
    /**
     * Creates a secret whose first version holds `value`: the first version carries SYSCURRENT
     * (or the stages given). A name in use is refused.
     * @param {string} name @param {Record<string, unknown>} metadata @param {{ value?: string, binary?: string }} value
     * @param {{ stages?: readonly string[], tags?: Map<string, string> }} [options]
     */
    create(name, metadata, value, { stages, tags = new Map() } = {}) {
      if (has(name)) throw errors.secretExists(name);
      /** @type {StoredSecret} */
      const draft = { metadata: { ...metadata }, versions: [], stages: new Map(), tags: new Map(tags) };
      const version = addVersion(draft, value, { stages, now: now() });
      draft.metadata.create_time ??= version.create_time;
      commit(name, draft);
      notify('SECRET_VERSION_CREATED', draft.metadata);
      return { secret: { ...draft.metadata }, version: metadataOf(name, draft, version) };
    },

    /**
     * Adds a version to an existing secret and moves the stages. Only an ENABLED secret takes
     * one, unless `anyState` (a test's control method sets values of any secret).
     * @param {string} name @param {{ value?: string, binary?: string, expire_time?: number }} value
     * @param {{ stages?: readonly string[], anyState?: boolean }} [options]
     * @returns {import('../secret.js').VersionMetadata}
     */
    addVersion(name, value, { stages, anyState = false } = {}) {
      const added = write(name, (draft) => {
        if (!anyState) requireEnabled(draft);
        return metadataOf(name, draft, addVersion(draft, value, { stages, now: now() }));
      });
      notify('SECRET_VERSION_CREATED', find(name).metadata);
      return added;
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
    scheduleDeletion: (name, days) =>
      write(name, (draft) => {
        scheduleDeletion(draft, days, now());
        return { ...draft.metadata };
      }),

    /** Cancels a scheduled deletion (RestoreSecret). @param {string} name */
    cancelDeletion: (name) =>
      write(name, (draft) => {
        cancelDeletion(draft, now());
        return { ...draft.metadata };
      }),

    /**
     * Rotates a secret (RotateSecret): a new value as a new version that takes SYSCURRENT.
     * Only database secrets rotate (not COMMON), and only ENABLED ones.
     * @param {string} name @returns {{ version_id: string, secret_name: string }}
     */
    rotate(name) {
      const rotated = write(name, (draft) => {
        const type = draft.metadata.secret_type ?? 'COMMON';
        if (type === 'COMMON') throw errors.rotationNotSupported(type);
        requireEnabled(draft);
        const current = draft.versions.find((v) => v.id === draft.stages.get(SYSCURRENT)?.version);
        const time = now();
        const version = addVersion(draft, rotatedValue(current, `${name}:${current?.id}:${time}`), { now: time });
        return { version_id: version.id, secret_name: name };
      });
      notify('SECRET_ROTATED', find(name).metadata);
      return rotated;
    },

    /** Deletes a secret at once (DeleteSecret). @param {string} name */
    remove(name) {
      const { metadata } = find(name);
      remove(name);
      notify('SECRET_DELETED', metadata);
    },
  };
}
