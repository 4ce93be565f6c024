// @ts-check
// Faults as data (config key `faults`): each rule counts the requests it matched and draws from
// its own seeded generator, so a `rate` repeats exactly from run to run; `delayMs` waits are
// tracked so that closing the mock ends them.
import { seededRandom } from './random.js';

/** @param {import('./config.js').CheckedConfig} config */
export function createFaults(config) {
  // Faults: each rule counts the requests it matched, and draws from its own seeded generator.
  const faults = (config.faults ?? []).map((rule, i) => ({ rule, matched: 0, random: seededRandom((config.seed ?? 1) + i * 7919) }));
  /**
   * The first rule that applies to a request, counted. A rule selects by operation and by any
   * path parameter (`params`; `secretName` is short for `params.secret_name`).
   * @param {string} operationId @param {Record<string, string>} params the request's path parameters
   */
  function match(operationId, params) {
    for (const f of faults) {
      const { operation, secretName, params: wanted, times, rate } = f.rule;
      if (operation && operation !== operationId) continue;
      if (secretName !== undefined && params.secret_name !== secretName) continue;
      if (wanted && !Object.entries(wanted).every(([name, value]) => Object.hasOwn(params, name) && params[name] === value)) continue;
      f.matched++;
      if (times !== undefined && f.matched > times) continue;
      if (rate !== undefined && f.random() >= rate) continue;
      return f.rule;
    }
    return undefined;
  }

  // Delays of `delayMs` faults still running: close() ends them.
  /** @type {Set<() => void>} */
  const delays = new Set();
  const delay = (/** @type {number} */ ms) =>
    new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        delays.delete(done);
        resolve(undefined);
      };
      const timer = setTimeout(done, ms);
      delays.add(done);
    });

  return {
    match,
    delay,
    /** Ends every pending delay. */
    close() {
      for (const done of [...delays]) done();
    },
    /** The counts start over. */
    reset() {
      for (const f of faults) f.matched = 0;
    },
  };
}
