// @ts-check
// A project's CSMS as the mock keeps it: the secrets (secrets/), the events that watch them and
// the notifications they send, rotation tasks and grants. Operations that span them live here:
// a basic event of a secret writes notification records, a rotation of a database secret leaves
// a task. Nothing here knows HTTP.
import { createEvents } from './events.js';
import { createGrants } from './grants.js';
import { createNotifications } from './notifications.js';
import { generatePassword } from './passwords.js';
import { seededRandom } from '../random.js';
import { createStore } from './secrets/index.js';
import { createTasks } from './tasks.js';

/** Types of secret that a FunctionGraph function rotates, so that a rotation leaves a task (SecretTask). */
const FUNCTION_ROTATED = ['RDS-FG', 'GaussDB-FG'];

/**
 * @param {any} spec the bundled document
 * @param {{ secrets: Map<string, import('./record.js').StoredSecret>, events?: import('./events.js').StoredEvent[] }} configured
 * @param {{ now?: () => number, seed?: number }} [options] the clock; the seed of generated passwords
 */
export function createProject(spec, configured, { now = Date.now, seed = 1 } = {}) {
  let random = seededRandom(seed);
  const notifications = createNotifications({ now });
  /** @type {ReturnType<typeof createEvents>} */
  let events;
  const secrets = createStore(spec, configured.secrets, {
    now,
    notify: (type, metadata) => notifications.record(type, metadata, (name) => events.get(name)),
  });
  events = createEvents(configured.events ?? [], { now, subscribers: secrets.subscribers });
  const tasks = createTasks({ now });
  const grants = createGrants({
    now,
    // A grant's times are EpochMillis in the answers: a validity_time that ends before its minimum cannot be answered.
    earliest: spec.components?.schemas?.EpochMillis?.minimum ?? 0,
    secretExists: (id) => {
      try {
        secrets.nameOf(id);
        return true;
      } catch {
        return false;
      }
    },
  });
  return {
    secrets,
    events,
    notifications,
    tasks,
    grants,
    /** A new password by GenerateRandomPassword's rules. @param {Parameters<typeof generatePassword>[0]} rules */
    generatePassword: (rules) => generatePassword(rules, random),
    /**
     * Rotates a secret; a database secret's rotation runs as a FunctionGraph task, which it leaves.
     * @param {string} name @returns {{ version_id: string, secret_name: string, rotation_task_id?: string }}
     */
    rotate(name) {
      const rotated = secrets.rotate(name);
      const metadata = secrets.secret(name);
      const byFunction = FUNCTION_ROTATED.includes(String(metadata.secret_type)) || typeof metadata.rotation_func_urn === 'string';
      return byFunction ? { ...rotated, rotation_task_id: tasks.add(metadata) } : rotated;
    },
    /** Back to the configuration: secrets and events as configured, no records, tasks or grants; passwords start over. */
    reset() {
      secrets.reset();
      events.reset();
      notifications.reset();
      tasks.reset();
      grants.reset();
      random = seededRandom(seed);
    },
  };
}

/** @typedef {ReturnType<typeof createProject>} Project */
