// @ts-check
// The project's events: named settings of which basic events of a secret to report and the SMN
// topic to report them to. An event that a secret subscribes to cannot be deleted.
import { idFor } from './defaults.js';
import { errors } from './errors.js';
import { page } from './paging.js';

/** @typedef {{ name: string, event_id: string, event_types: string[], state: string, notification: Record<string, unknown>, create_time: number, update_time: number }} StoredEvent */

/** The same basic event twice is refused. @param {string[] | undefined} types */
const checkTypes = (types) => {
  if (types && new Set(types).size !== types.length) throw errors.invalid('Invalid parameter: event_types names a basic event twice.');
};

/**
 * @param {StoredEvent[]} configured checked events (config.js); reset() returns to them
 * @param {{ now: () => number, subscribers: (name: string) => string[] }} options the clock, and who subscribes to an event
 */
export function createEvents(configured, { now, subscribers }) {
  /** @type {Map<string, StoredEvent>} */
  let events = new Map();
  const reset = () => {
    events = new Map(configured.map((e) => [e.name, { ...e }]));
  };
  reset();
  /** @param {string} name */
  const find = (name) => {
    const event = events.get(name);
    if (!event) throw errors.eventNotFound(name);
    return event;
  };
  return {
    reset,
    /** @param {string} name @returns {import('./events.js').StoredEvent | undefined} */
    get: (name) => events.get(name),

    /** @param {{ name: string, event_types: string[], state: string, notification: Record<string, unknown> }} body */
    create(body) {
      if (events.has(body.name)) throw errors.eventExists(body.name);
      checkTypes(body.event_types);
      const time = now();
      const event = { ...body, event_id: idFor(body.name, time), create_time: time, update_time: time };
      events.set(body.name, event);
      return { ...event };
    },

    /** @param {{ limit: number, marker?: string }} query */
    list({ limit, marker }) {
      const { slice, info } = page([...events.values()], (e) => e.name, marker, limit);
      return { events: slice.map((e) => ({ ...e })), page_info: info };
    },

    /** @param {string} name */
    show: (name) => ({ ...find(name) }),

    /** Changes the fields given; a body that names none is refused. @param {string} name @param {Partial<import('./events.js').StoredEvent>} fields */
    update(name, fields) {
      const event = find(name);
      if (fields.event_types === undefined && fields.state === undefined && fields.notification === undefined)
        throw errors.invalid('Invalid parameter: give event_types, state or notification.');
      checkTypes(fields.event_types);
      const changed = { ...event, ...fields, name, update_time: now() };
      events.set(name, changed);
      return { ...changed };
    },

    /** @param {string} name */
    remove(name) {
      find(name);
      if (subscribers(name).length > 0) throw errors.eventInUse(name);
      events.delete(name);
    },
  };
}
