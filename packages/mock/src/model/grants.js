// @ts-check
// Grants of a secret, or a group of secrets, to another user or group: one per resource and
// grantee. Times are milliseconds, as the SDKs' models expect.
import { idFor } from './defaults.js';
import { errors } from './errors.js';

/** @typedef {{ uuid: string, resourceId: string, type: string, granteeUser: string, createTime: number, updateTime: number, validityTime?: number, state: number }} StoredGrant */

/**
 * A grant's end as the answers give it: the request's date (YYYY-MM-DD) is valid through its last
 * second in UTC, in milliseconds, as the document's examples pair them (2025-12-31 → 1767225599000)
 * and as the Java SDK's GrantData.validityTime (Long) reads it. A day that ends before `earliest`
 * (the document's EpochMillis minimum) has no time an answer could carry: refused.
 * @param {string | undefined} date @param {number} earliest @returns {{ validityTime?: number }}
 */
function validityOf(date, earliest) {
  if (date === undefined) return {};
  const end = Date.parse(`${date}T23:59:59Z`);
  if (!(end >= earliest)) throw errors.invalid(`Invalid parameter: validity_time ${date} ends before ${new Date(earliest).toISOString()}.`);
  return { validityTime: end };
}

/** @param {{ now: () => number, secretExists: (id: string) => boolean, earliest?: number }} options `earliest`: the first time an answer can carry, in ms */
export function createGrants({ now, secretExists, earliest = 0 }) {
  /** @type {Map<string, Map<string, StoredGrant>>} resource id → grantee → grant */
  let grants = new Map();
  /** @param {string} resourceId */
  const of = (resourceId) => grants.get(resourceId) ?? new Map();
  return {
    reset() {
      grants = new Map();
    },
    /** @param {{ resource_id: string, type: string, grantee_target_id: string, validity_time?: string }} body */
    create({ resource_id, type, grantee_target_id, validity_time }) {
      if (type.toUpperCase() === 'SECRET' && !secretExists(resource_id)) throw errors.secretNotFound(resource_id);
      const mine = of(resource_id);
      if (mine.has(grantee_target_id)) throw errors.grantExists();
      const time = now();
      /** @type {StoredGrant} */
      const grant = {
        uuid: idFor(`grant:${resource_id}:${grantee_target_id}`, time),
        resourceId: resource_id,
        type: type.toUpperCase(),
        granteeUser: grantee_target_id,
        createTime: time,
        updateTime: time,
        ...validityOf(validity_time, earliest),
        state: 0,
      };
      grants.set(resource_id, mine.set(grantee_target_id, grant));
      return { data: { ...grant } };
    },
    /** @param {string} resourceId */
    list(resourceId) {
      const mine = [...of(resourceId).values()];
      if (mine.length === 0) throw errors.grantNotFound();
      const grantee_user = mine.map((g) => ({
        user_id: g.granteeUser,
        user_name: g.granteeUser,
        create_time: g.createTime,
        validity_time: g.validityTime ?? null,
      }));
      return { data: { id: resourceId, type: mine[0]?.type, grantee_user, create_time: Math.min(...mine.map((g) => g.createTime)) } };
    },
    /** @param {string} resourceId the query's @param {{ resource_id: string, grantee_target_id: string, validity_time?: string }} body */
    update(resourceId, { resource_id, grantee_target_id, validity_time }) {
      if (resource_id !== resourceId) throw errors.grantMismatch();
      const grant = of(resourceId).get(grantee_target_id);
      if (!grant) throw errors.grantNotFound();
      const { validityTime: _, ...rest } = grant;
      const changed = { ...rest, updateTime: now(), ...validityOf(validity_time, earliest) };
      of(resourceId).set(grantee_target_id, changed);
      return { data: { ...changed } };
    },
    /** @param {string} resourceId @param {string | undefined} grantee every grant on the resource when absent */
    remove(resourceId, grantee) {
      const mine = of(resourceId);
      if (grantee === undefined ? mine.size === 0 : !mine.has(grantee)) throw errors.grantNotFound();
      if (grantee === undefined) grants.delete(resourceId);
      else mine.delete(grantee);
    },
  };
}
