// @ts-check
// The control endpoints under /_mock/ (config `admin`), for test suites in other languages: add a
// version, read the journal, reset. The engine hands every request under the prefix to the
// function made here; it answers from the engine's own control methods.
import { ADMIN_PREFIX, MockUsageError, problem } from './engine.js';

/** @typedef {import('./engine.js').MockAnswer} MockAnswer */
/** @typedef {import('./engine.js').MockRequest} MockRequest */
/**
 * @typedef {object} ControlMethods What the control endpoints drive (the engine's own).
 * @property {() => readonly import('./engine.js').JournalEntry[]} requests the journal as it is now
 * @property {() => void} reset
 * @property {(name: string, value: { value?: string, binary?: string }, options?: { stages?: string[] }) => unknown} putSecretValue
 */

const ENDPOINTS = 'GET /_mock/requests, POST /_mock/reset, POST /_mock/secrets/{name}/versions';

/**
 * @param {ControlMethods} methods
 * @returns {(method: string, path: string, request: MockRequest) => MockAnswer} answers a request
 *   whose path starts with ADMIN_PREFIX (method in upper case)
 */
export function createControlEndpoints({ requests, reset, putSecretValue }) {
  return (method, path, request) => {
    const rest = path.slice(ADMIN_PREFIX.length);
    try {
      if (rest === 'requests' && method === 'GET')
        return { status: 200, headers: { 'content-type': 'application/json' }, body: { requests: requests() } };
      if (rest === 'reset' && method === 'POST') {
        reset();
        return { status: 204, headers: {}, body: undefined };
      }
      const m = /^secrets\/([^/]+)\/versions$/.exec(rest);
      if (m && method === 'POST') {
        let input;
        try {
          input = JSON.parse(Buffer.from(request.body).toString('utf8'));
        } catch {
          throw new MockUsageError('the body must be JSON: { "value": "…" } or { "binary": "<Base64>" }, and "stages" if wanted');
        }
        const { stages, ...value } = input ?? {};
        const version_metadata = putSecretValue(
          decodeURIComponent(/** @type {string} */ (m[1])),
          value,
          stages === undefined ? {} : { stages },
        );
        return { status: 201, headers: { 'content-type': 'application/json' }, body: { version_metadata } };
      }
      return problem(404, 'No such control endpoint', ENDPOINTS);
    } catch (e) {
      if (e instanceof MockUsageError) return problem(400, 'Invalid control request', e.message);
      throw e;
    }
  };
}
