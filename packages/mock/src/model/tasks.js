// @ts-check
// Rotation tasks: a rotation that a FunctionGraph function runs (a database secret's) leaves one.
import { idFor } from './defaults.js';
import { errors } from './errors.js';
import { page } from './paging.js';

/** @param {{ now: () => number }} options */
export function createTasks({ now }) {
  /** @type {Record<string, unknown>[]} */
  let tasks = [];
  return {
    reset() {
      tasks = [];
    },
    /** A successful rotation of a secret, newest first; returns the task's id. @param {Record<string, unknown>} secret its metadata */
    add(secret) {
      const time = now();
      const task_id = idFor(`task:${secret.name}:${tasks.length}`, time);
      tasks.unshift({
        task_id,
        secret_name: secret.name,
        ...(typeof secret.rotation_func_urn === 'string' ? { rotation_func_urn: secret.rotation_func_urn } : {}),
        task_status: 'SUCCESS',
        operate_type: 'MANUAL',
        task_time: time,
        attempt_nums: 1,
      });
      return task_id;
    },
    /**
     * A page of tasks, by secret and status, or the one task of an id (which combines with nothing else).
     * @param {{ secret_name?: string, status?: string, task_id?: string, limit: number, marker?: string }} query
     */
    list({ secret_name, status, task_id, limit, marker }) {
      if (task_id !== undefined && (secret_name !== undefined || status !== undefined || marker !== undefined))
        throw errors.taskIdCombined();
      const found = tasks.filter(
        (t) =>
          (task_id === undefined || t.task_id === task_id) &&
          (secret_name === undefined || t.secret_name === secret_name) &&
          (status === undefined || t.task_status === status),
      );
      const { slice, info } = page(found, (t) => String(t.task_id), marker, limit);
      return { total: found.length, tasks: slice.map((t) => ({ ...t })), ...(info.next_marker ? { next_marker: info.next_marker } : {}) };
    },
  };
}
