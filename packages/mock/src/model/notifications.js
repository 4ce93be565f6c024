// @ts-check
// The record of notifications the project's events sent: one when a secret that subscribes to an
// ENABLED event has one of the basic events it lists. Newest first; at most RECORDS_KEPT, none
// older than three months (the vendor's retention).
export const RECORDS_KEPT = 1000;
const RETENTION = 90 * 86_400_000;

/** @typedef {import('./events.js').StoredEvent} StoredEvent */

/** @param {{ now: () => number }} options */
export function createNotifications({ now }) {
  /** @type {Record<string, unknown>[]} */
  let records = [];
  return {
    reset() {
      records = [];
    },
    /**
     * Writes the record of a basic event of a secret for each ENABLED event it subscribes to that lists it.
     * @param {string} type the basic event @param {Record<string, unknown>} secret its metadata @param {(name: string) => import('./events.js').StoredEvent | undefined} eventOf
     */
    record(type, secret, eventOf) {
      if (secret.state !== 'ENABLED' && type !== 'SECRET_DELETED') return;
      const names = Array.isArray(secret.event_subscriptions) ? secret.event_subscriptions : [];
      for (const name of names) {
        const event = eventOf(name);
        if (event?.state !== 'ENABLED' || !event.event_types.includes(type)) continue;
        records.unshift({
          event_name: name,
          trigger_event_type: type,
          create_time: now(),
          secret_name: secret.name,
          ...(secret.secret_type === undefined ? {} : { secret_type: secret.secret_type }),
          notification_target_name: event.notification.target_name,
          notification_target_id: event.notification.target_id,
          notification_content: `The secret ${secret.name} had the event ${type}.`,
          notification_status: 'SUCCESS',
        });
      }
      if (records.length > RECORDS_KEPT) records.length = RECORDS_KEPT;
    },
    /** The records of the last three months, newest first: one page, never a next one. */
    list() {
      const since = now() - RETENTION;
      const kept = records.filter((r) => /** @type {number} */ (r.create_time) >= since).map((r) => ({ ...r }));
      return { records: kept, page_info: { current_count: kept.length } };
    },
  };
}
