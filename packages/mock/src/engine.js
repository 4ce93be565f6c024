// @ts-check
// Decides every answer of the mock, for both ways of serving it: over HTTP (prism.js) and
// in-process under MSW (msw.js). In the order a gateway and then the service would: a malformed
// request, an unknown route (requests.js), faults (faults.js), credentials (auth.js), content
// negotiation and `Prefer` (prefer.js), the request's parameters and body against the document
// (requests.js), and then the answer: from the store (model/, through one handler per operation
// in handlers/) when the mock holds secrets, else from the document's examples (Prism,
// prism-answers.js). Every answer gets its own X-Request-Id, repeated as `request_id` in a
// gateway error body, and goes into the journal.
import { createControlEndpoints } from './admin.js';
import { gatewayError, problem, withRequestId, createDocumentAnswers } from './answers.js';
import { createCredentialCheck, signedRequest } from './auth.js';
import { createControl, MockUsageError } from './control.js';
import { createFaults } from './faults.js';
import { handlers } from './handlers/index.js';
import { createJournal, JOURNAL_LIMIT } from './journal.js';
import { ServiceError } from './model/errors.js';
import { createStore } from './model/store.js';
import { parsePrefer, refusedPrefer } from './prefer.js';
import { createPrismAnswers } from './prism-answers.js';
import { createRequestReader } from './requests.js';
import { MockSetupError } from './spec.js';

export { gatewayError, problem, withRequestId, MockUsageError, JOURNAL_LIMIT };

/** @typedef {import('./answers.js').MockAnswer} MockAnswer */
/** @typedef {import('./journal.js').JournalEntry} JournalEntry */
/** @typedef {import('./openapi.js').TableOperation} TableOperation */
/**
 * @typedef {object} MockRequest
 * @property {string} method
 * @property {string} target path and query, as sent (percent-escapes kept)
 * @property {(name: string) => string | undefined} header a header's value (name in lower case)
 * @property {Uint8Array<ArrayBuffer>} body the raw body (empty when none)
 */
/** @typedef {MockAnswer | { reset: true }} Outcome */
/** @typedef {{ op: TableOperation, params: Record<string, string>, path: string, query: string }} Route */

/** Where the control endpoints live when `admin` is on: a prefix the API never uses. */
export const ADMIN_PREFIX = '/_mock/';

// A media type as RFC 9110 writes it (type/subtype, optional parameters): what Prism's parser
// (the content-type package) accepts; anything else makes it throw outside any handler.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))*\\s*$`);
const JSON_ACCEPTED = /^(?:\*\/\*|application\/\*|application\/json)\s*(?:;|$)/i;
/** The most a request without a body schema may send: it has nothing to say in one. */
const NO_BODY_LIMIT = 64 * 1024;
/** The most a control request may send: a value of 32,768 characters, escaped, and its stages. */
const ADMIN_BODY_LIMIT = 256 * 1024;

/** True when every percent-escape in the path decodes. */
export function pathDecodes(/** @type {string} */ target) {
  try {
    decodeURIComponent(target.split('?', 1)[0] ?? '');
    return true;
  } catch {
    return false;
  }
}

/** A gateway page instead of a JSON error, as a proxy in front of the gateway may send. @param {number} status */
const htmlPage = (status) => ({
  status,
  headers: { 'content-type': 'text/html' },
  body: `<html><head><title>${status}</title></head><body><h1>${status}</h1><hr>gateway</body></html>\n`,
});

/**
 * Operations a stateful mock could only answer from an example though they are not marked so:
 * a write answered that way would store nothing, and the test relying on it would pass on a lie.
 * @param {Record<string, TableOperation>} operations
 */
export const unhandledOperations = (operations) =>
  Object.values(operations)
    .filter((op) => !Object.hasOwn(handlers, op.operationId) && !op.mockExamples)
    .map((op) => op.operationId);

/**
 * @param {any} spec the bundled document
 * @param {import('./config.js').CheckedConfig} config checked options (config.js)
 * @param {{ logger?: ReturnType<typeof import('@stoplight/prism-core').createLogger>, answerUnknownRoutes?: boolean }} [options]
 *   answerUnknownRoutes: answer a path the document does not have (over HTTP); under MSW such a
 *   request is left to other handlers
 */
export function createEngine(spec, config, { logger, answerUnknownRoutes = false } = {}) {
  const { operations, route, check: checkRequest } = createRequestReader(spec);
  const answers = createDocumentAnswers(spec, operations);
  const faults = createFaults(config);
  const refusedCredentials = createCredentialCheck(config);
  const prism = createPrismAnswers(spec, logger);
  const store = config.secrets ? createStore(spec, config.secrets, config.clock ? { now: config.clock } : {}) : undefined;
  if (store) {
    const unhandled = unhandledOperations(operations);
    if (unhandled.length > 0)
      throw new MockSetupError(
        `A stateful mock cannot answer ${unhandled.join(', ')}: no handler stores what they do, and the document does not mark them \`x-mock-examples: true\`.`,
      );
  }
  const control = createControl(spec, store);
  const journal = createJournal();
  let closed = false;

  const malformedPath = Object.values(operations)
    .filter((op) => op.errors.includes(400))
    .map((op) => answers.documented(op, 400))[0];

  /** @param {number} limit */
  const tooLarge = (limit) => gatewayError(413, 'APIGW.0201', `The request body is larger than ${limit} bytes`);

  /** A service error of an operation, as its example (by `x-mock-error`) writes it. @param {TableOperation} op @param {string} error @param {string} [message] */
  const serviceError = (op, error, message) =>
    answers.serviceError(op, error, message) ??
    problem(500, 'Undocumented error', `the document has no example with x-mock-error: ${error}`);

  /** Refusals before routing: what the real gateway refuses whatever the path. @param {MockRequest} request */
  function malformed(request) {
    if (!pathDecodes(request.target))
      return malformedPath ?? problem(400, 'Malformed path', 'a percent-escape in the path does not decode');
    const accept = request.header('accept');
    if (accept && !accept.split(',').every((part) => MEDIA_TYPE.test(part.trim())))
      return problem(406, 'The Accept header is not a list of media types');
    const type = request.header('content-type');
    if (type && !MEDIA_TYPE.test(type.trim())) return problem(400, 'The Content-Type header is not a media type');
    return undefined;
  }

  /** The answer of a request without a route of the document, or its route. @param {MockRequest} request @returns {Route | { outcome: MockAnswer | undefined }} */
  function routeOf(request) {
    const r = route(request.target, request.method);
    if (r === 'no-path') return { outcome: answerUnknownRoutes ? gatewayError(404, 'APIGW.0101', 'No API matches this path') : undefined };
    if ('allow' in r) {
      // The gateway answers a method a path does not have as an API that does not exist.
      const answer = gatewayError(
        404,
        'APIGW.0101',
        `No API for ${request.method.slice(0, 16)} on this path (it has ${r.allow.join(', ')})`,
      );
      return { outcome: { ...answer, headers: { ...answer.headers, allow: r.allow.join(', ') } } };
    }
    return r;
  }

  /** A configured fault for this request, waited for and answered, or undefined. @param {Route} r @returns {Promise<Outcome | undefined>} */
  async function fault({ op, params }) {
    const rule = faults.match(op.operationId, params);
    if (rule?.delayMs) await faults.delay(rule.delayMs);
    if (closed || rule?.reset) return { reset: true };
    if (!rule?.status) return undefined;
    if (rule.html) return htmlPage(rule.status);
    const answer = answers.documented(op, rule.status);
    if (rule.status === 429) answer.headers['retry-after'] = String(rule.retryAfter ?? 1);
    return answer;
  }

  /** The answer from the store, through the operation's handler. @param {TableOperation} op @param {{ values: Record<string, unknown>, body?: unknown }} checked */
  function fromStore(op, checked) {
    try {
      const body = handlers[op.operationId]?.({ params: checked.values, body: checked.body, store: /** @type {any} */ (store), op });
      const ok = answers.documented(op, op.status);
      return { status: op.status, headers: ok.headers, body };
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
      return serviceError(op, e.error, e.message);
    }
  }

  /**
   * The answer to a request whose parameters or body break the document's rules, with the
   * service's code for the kind of problem (vendor error code table: CSMS.0004 a body that is not
   * JSON, CSMS.0002 an invalid parameter or field), as the operation documents it: a body that
   * breaks its schema is the operation's MalformedBody where it names one (a restore), a missing
   * choice between two fields its InvalidValueChoice, anything else InvalidParameter.
   * @param {TableOperation} op @param {{ invalid: string, malformed?: boolean, choice?: boolean }} checked
   */
  function invalidRequest(op, checked) {
    if (checked.invalid !== 'body') return serviceError(op, 'InvalidParameter', `Invalid parameter: ${checked.invalid}.`);
    const documented = answers.errorsOf(op.operationId);
    const error =
      checked.malformed || documented.includes('MalformedBody')
        ? 'MalformedBody'
        : checked.choice && documented.includes('InvalidValueChoice')
          ? 'InvalidValueChoice'
          : 'InvalidParameter';
    return serviceError(op, error, 'The request body is not valid.');
  }

  /** The document's example, chosen by Prism. @param {Route} r @param {MockRequest} request @param {{ values: Record<string, unknown>, body?: unknown }} checked @param {{ code?: string, example?: string }} prefer */
  async function fromExamples({ op, path, query }, request, checked, prefer) {
    /** @type {Record<string, string>} */
    const headers = {};
    for (const name of ['accept', 'prefer', 'host', 'content-type']) {
      const v = request.header(name);
      if (v !== undefined) headers[name] = v;
    }
    const outcome = await prism({ method: op.method, path, query, headers, body: checked.body ?? null, prefer });
    // An example page names a next page that is the same example again: a request that follows
    // that marker gets it as the last page, so a client paging through the examples ends.
    const paging = op.paging;
    if (paging && outcome.status < 300 && outcome.body && typeof outcome.body === 'object') {
      const keys = paging.nextMarker.split('.');
      const last = /** @type {string} */ (keys.pop());
      const holderOf = (/** @type {any} */ body) => keys.reduce((/** @type {any} */ v, k) => v?.[k], body);
      const holder = holderOf(outcome.body);
      if (holder && typeof holder === 'object' && holder[last] !== undefined && holder[last] === checked.values[paging.marker]) {
        outcome.body = structuredClone(outcome.body);
        delete holderOf(outcome.body)[last];
      }
    }
    return outcome;
  }

  /** The checks of a routed request and its answer. @param {Route} r @param {MockRequest} request @returns {Promise<Outcome>} */
  async function answer(r, request) {
    const { op } = r;
    const faulted = await fault(r);
    if (faulted) return faulted;
    // The gateway words a refused token and a refused signature differently.
    if (await refusedCredentials(request, r.path, r.query))
      return serviceError(op, signedRequest(request) ? 'AkSkSignature' : 'IamAuthentication');
    const accept = request.header('accept');
    if (accept && !accept.split(',').some((part) => JSON_ACCEPTED.test(part.trim())))
      return problem(406, 'Not acceptable', 'this operation answers application/json');
    const prefer = parsePrefer(request.header('prefer'));
    const refused = refusedPrefer(spec, op, prefer);
    if (refused) return refused;
    if (request.body.byteLength > (op.body?.maxBytes ?? NO_BODY_LIMIT)) return tooLarge(op.body?.maxBytes ?? NO_BODY_LIMIT);
    const checked = checkRequest(op, r.params, r.query, request);
    if (checked.invalid !== undefined) return invalidRequest(op, { ...checked, invalid: checked.invalid });
    if (store && handlers[op.operationId] && prefer.code === undefined && prefer.example === undefined) return fromStore(op, checked);
    return fromExamples(r, request, checked, prefer);
  }

  /** @param {MockRequest} request @returns {Promise<{ outcome: Outcome | undefined, route?: Route }>} */
  async function decide(request) {
    const refused = malformed(request);
    if (refused) return { outcome: refused };
    const r = routeOf(request);
    if ('outcome' in r) return { outcome: r.outcome };
    return { outcome: await answer(r, request), route: r };
  }

  // The control endpoints under ADMIN_PREFIX (admin.js), driving the engine's own control methods.
  const admin = createControlEndpoints(config.admin, { requests: () => journal.list(), reset, putSecretValue: control.putSecretValue });

  function reset() {
    store?.reset();
    journal.clear();
    faults.reset();
  }

  /** The path parameters a request named, but those the client fills from its options (the project). @param {Route | undefined} r */
  const journalParams = (r) =>
    Object.fromEntries(
      Object.entries(r?.params ?? {})
        .filter(([name]) => r?.op.params[name]?.option === undefined)
        .map(([k, v]) => [k, v.slice(0, 256)]),
    );

  /** @param {MockRequest} request @returns {Promise<Outcome | undefined>} */
  async function handle(request) {
    const [path = ''] = request.target.split('?', 1);
    if (config.admin && path.startsWith(ADMIN_PREFIX)) {
      const answer = admin(request.method.toUpperCase(), path, request);
      return answer && withRequestId(answer);
    }
    const { outcome, route: r } = await decide(request);
    // Not a route of the document: the server answers it (or, under MSW, another handler does).
    if (!outcome) return outcome;
    const answered = 'reset' in outcome ? outcome : withRequestId(outcome);
    const params = journalParams(r);
    journal.add({
      method: request.method.slice(0, 16),
      operation: r?.op.operationId,
      params,
      secretName: params.secret_name,
      status: 'reset' in answered ? 'reset' : answered.status,
      requestId: 'reset' in answered ? undefined : answered.headers['x-request-id'],
    });
    return answered;
  }

  /** The most a request to `target` may send, from its operation's body schema (the server reads no more). @param {string} method @param {string} target */
  function bodyLimit(method, target) {
    if (config.admin && target.startsWith(ADMIN_PREFIX)) return ADMIN_BODY_LIMIT;
    // A path that does not decode gets its 400 from handle(); its body has nothing to say.
    if (!pathDecodes(target)) return NO_BODY_LIMIT;
    const r = route(target, method);
    return typeof r === 'object' && 'op' in r ? (r.op.body?.maxBytes ?? NO_BODY_LIMIT) : NO_BODY_LIMIT;
  }

  return {
    handle,
    bodyLimit,
    /** The methods the document's operations take, for CORS. */
    methods: [...new Set(Object.values(operations).map((op) => op.method))],
    putSecretValue: control.putSecretValue,
    reset,
    /** The answered requests, oldest first (a copy). */
    get requests() {
      return journal.list();
    },
    /** Ends pending fault delays (their requests get no answer) and refuses new work. */
    close() {
      closed = true;
      faults.close();
    },
  };
}

/** @typedef {ReturnType<typeof createEngine>} Engine */
