// @ts-check
// Every operation the stateful mock answers from its store, by operationId: one small handler
// each (like moto's responses.py), grouped by what they work on. An operation of the document
// with no handler here must be marked `x-mock-examples: true` (answered from its checked
// examples); the engine refuses to start a stateful mock otherwise.
import { backupHandlers } from './backups.js';
import { eventHandlers } from './events.js';
import { grantHandlers } from './grants.js';
import { lifecycleHandlers } from './lifecycle.js';
import { secretHandlers } from './secrets.js';
import { tagHandlers } from './tags.js';
import { versionHandlers } from './versions.js';

/**
 * @typedef {object} HandlerContext
 * @property {Record<string, any>} params the checked path and query parameters, by their document names
 * @property {any} body the checked JSON body, if the operation takes one
 * @property {import('../model/secrets/index.js').Store} store the project's secrets
 * @property {import('../model/project.js').Project} project everything else of the project: events, notifications, tasks, grants
 * @property {import('../openapi.js').TableOperation} op the operation, from the table
 * @property {(body: any, at?: string) => Record<string, any>} fields the body's fields that the operation's request
 *   schema lists (at `at`, e.g. `secrets[]` for an item of a list): a field the document does not name is never stored
 */
/** @typedef {(context: HandlerContext) => unknown} Handler returns the success body (undefined for a 204) */

/** @type {Readonly<Record<string, Handler>>} */
export const handlers = Object.freeze({
  ...secretHandlers,
  ...lifecycleHandlers,
  ...versionHandlers,
  ...backupHandlers,
  ...tagHandlers,
  ...eventHandlers,
  ...grantHandlers,
});
