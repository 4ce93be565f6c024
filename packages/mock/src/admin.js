// @ts-check
// The control endpoints under /_mock/ (config `admin`), for test suites in other languages: add a
// version, read the journal, reset. The engine hands every request under the prefix to the
// function made here; it answers from the engine's own control methods.
//
// They change what the application under test reads, so no web page may drive them: a page on
// another origin can send a "simple" cross-origin POST (text/plain, no preflight) and the browser
// delivers it even though the page cannot read the answer. So (besides no CORS grant under the
// prefix, prism.js): a request a browser marks as sent by a page (Origin, or Sec-Fetch-Site other
// than `none`) is refused, whatever origin it names: the mock serves no pages, so no page has a
// reason to call it, and a DNS-rebinding page would be "same-origin"; a POST must say
// `Content-Type: application/json`, which a page can only send after a preflight the mock never
// grants; and with `admin: { token }`, only requests carrying that token pass.
import { createHash, timingSafeEqual } from 'node:crypto';
import { problem } from './answers.js';
import { MockUsageError } from './control.js';
import { pathDecodes } from './decide.js';

/** Where the control endpoints live when `admin` is on: a prefix the API never uses. */
export const ADMIN_PREFIX = '/_mock/';

/** @typedef {import('./answers.js').MockAnswer} MockAnswer */
/** @typedef {import('./decide.js').MockRequest} MockRequest */
/**
 * @typedef {object} ControlMethods What the control endpoints drive (the engine's own).
 * @property {() => readonly import('./journal.js').JournalEntry[]} requests the journal as it is now
 * @property {() => void} reset
 * @property {(name: string, value: { value?: string, binary?: string }, options?: { stages?: string[] }) => unknown} putSecretValue
 */

const ENDPOINTS = 'GET /_mock/requests, POST /_mock/reset, POST /_mock/secrets/{name}/versions';
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const sha256 = (/** @type {string} */ text) => createHash('sha256').update(text).digest();

/**
 * Why a request looks sent by a web page, or undefined. Browsers add Origin to every cross-origin
 * request and to every POST, and Sec-Fetch-Site to every request (`none` only for what the user
 * typed or bookmarked); HTTP libraries in Node, Python, Java and Go send neither.
 * @param {MockRequest} request
 */
function fromAPage(request) {
  if (request.header('origin') !== undefined) return 'it carries an Origin header';
  const site = request.header('sec-fetch-site');
  if (site !== undefined && site.trim().toLowerCase() !== 'none') return `it carries Sec-Fetch-Site: ${site.slice(0, 16)}`;
  return undefined;
}

/**
 * @param {{ token?: string } | undefined} options the checked `admin` config (config.js)
 * @param {ControlMethods} methods
 * @returns {(method: string, path: string, request: MockRequest) => MockAnswer} answers a request
 *   whose path starts with ADMIN_PREFIX (method in upper case)
 */
export function createControlEndpoints(options, methods) {
  // Compared as digests: equal lengths for timingSafeEqual, whatever length was sent.
  const token = options?.token === undefined ? undefined : sha256(options.token);
  /** @param {MockRequest} request */
  const tokenPasses = (request) => {
    if (!token) return true;
    const given = BEARER.exec(request.header('authorization') ?? '')?.[1];
    return given !== undefined && timingSafeEqual(sha256(given), token);
  };

  return (method, path, request) => {
    const page = fromAPage(request);
    if (page)
      return problem(403, 'Refused: a request sent by a web page', `the control endpoints take no request from a browser (${page})`);
    if (!tokenPasses(request)) {
      const answer = problem(401, 'The admin token is missing or wrong', 'send Authorization: Bearer <the token of admin.token>');
      return { ...answer, headers: { ...answer.headers, 'www-authenticate': 'Bearer realm="csms-mock control endpoints"' } };
    }
    // A secret name is percent-decoded: a broken escape is the caller's error, not the mock's.
    if (!pathDecodes(path)) return problem(400, 'Malformed path', 'a percent-escape in the path does not decode');
    return route(method, path.slice(ADMIN_PREFIX.length), request, methods);
  };
}

/** @param {string} method @param {string} rest the path after the prefix @param {MockRequest} request @param {ControlMethods} methods @returns {MockAnswer} */
function route(method, rest, request, { requests, reset, putSecretValue }) {
  const m = /^secrets\/([^/]+)\/versions$/.exec(rest);
  const known = (rest === 'requests' && method === 'GET') || ((rest === 'reset' || m) && method === 'POST');
  if (!known) return problem(404, 'No such control endpoint', ENDPOINTS);
  if (method === 'POST' && !JSON_TYPE.test(request.header('content-type') ?? ''))
    return problem(415, 'Content-Type must be application/json', 'the control endpoints take JSON only (an empty body for reset)');
  if (rest === 'requests') return { status: 200, headers: { 'content-type': 'application/json' }, body: { requests: requests() } };
  if (rest === 'reset') {
    reset();
    return { status: 204, headers: {}, body: undefined };
  }
  try {
    let input;
    try {
      input = JSON.parse(Buffer.from(request.body).toString('utf8'));
    } catch {
      throw new MockUsageError('the body must be JSON: { "value": "…" } or { "binary": "<Base64>" }, and "stages" if wanted');
    }
    const { stages, ...value } = input ?? {};
    const name = decodeURIComponent(/** @type {string} */ (m?.[1]));
    const version_metadata = putSecretValue(name, value, stages === undefined ? {} : { stages });
    return { status: 201, headers: { 'content-type': 'application/json' }, body: { version_metadata } };
  } catch (e) {
    if (e instanceof MockUsageError) return problem(400, 'Invalid control request', e.message);
    throw e;
  }
}
