// @ts-check
// Decides every answer of the mock, for both ways of serving it: over HTTP (prism.js) and
// in-process under MSW (msw.js). In the order a gateway and then the service would: a malformed
// request, an unknown route (requests.js), faults (faults.js), credentials (tokens, and AK/SK
// signatures verified for real, signature.js), content negotiation, the request's parameters and
// body against the document (requests.js), and then the answer: from the configured secrets
// (state.js) when there are any, else Prism's (the document's examples, prism-answers.js). Every
// answer gets its own X-Request-Id, repeated as `request_id` in a gateway error body, and goes
// into the journal.
import { randomBytes } from 'node:crypto';
import { configValidators } from './config.js';
import { createFaults } from './faults.js';
import { createMetadataService } from './metadata.js';
import { dereferencer, successOf } from './openapi.js';
import { createPrismAnswers } from './prism-answers.js';
import { createRequestReader } from './requests.js';
import { verifySignature } from './signature.js';
import { createState, StateError } from './state.js';

/** @typedef {import('./prism-answers.js').MockAnswer} MockAnswer */
/**
 * @typedef {object} MockRequest
 * @property {string} method
 * @property {string} target path and query, as sent (percent-escapes kept)
 * @property {(name: string) => string | undefined} header a header's value (name in lower case)
 * @property {Uint8Array<ArrayBuffer>} body the raw body (empty when none)
 */
/** @typedef {MockAnswer | { reset: true }} Outcome */
/**
 * @typedef {object} JournalEntry One answered request, without credentials or values.
 * @property {string} time ISO 8601
 * @property {string} method
 * @property {string | undefined} operation the operationId, when the request matched one
 * @property {string | undefined} secretName
 * @property {number | 'reset'} status
 * @property {string | undefined} requestId the answer's X-Request-Id
 */

/** Entries the journal keeps (the oldest go first), so a long run cannot grow it without bound. */
export const JOURNAL_LIMIT = 10_000;
/** Where the control endpoints live when `admin` is on: a prefix the API never uses. */
export const ADMIN_PREFIX = '/_mock/';

/** A bad argument to a control method (putSecretValue) or endpoint; the message names it. */
export class MockUsageError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'MockUsageError';
  }
}

// A media type as RFC 9110 writes it (type/subtype, optional parameters): what Prism's parser
// (the content-type package) accepts; anything else makes it throw outside any handler.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))*\\s*$`);
const JSON_ACCEPTED = /^(?:\*\/\*|application\/\*|application\/json)\s*(?:;|$)/i;

/** True when every percent-escape in the path decodes. */
export function pathDecodes(/** @type {string} */ target) {
  try {
    decodeURIComponent(target.split('?', 1)[0] ?? '');
    return true;
  } catch {
    return false;
  }
}

/** @param {number} status @param {string} title @param {string} [detail] @returns {MockAnswer} */
export const problem = (status, title, detail) => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  body: { type: 'about:blank', title, status, ...(detail === undefined ? {} : { detail }) },
});

/**
 * An error the API gateway writes itself, in the document's Error shape, so every SDK reads its
 * code and request id (a problem+json body is not read by the official Java SDK). Codes from
 * Huawei Cloud API Gateway's error code table (user guide, "Error Codes": APIG.0101 404 for an
 * API or method that does not exist, APIG.0201 413 for a request entity too large), with the
 * APIGW prefix the gateway in front of CSMS uses (APIGW.0301, APIGW.0308 in this document).
 * @param {number} status @param {string} code @param {string} message @returns {MockAnswer}
 */
export const gatewayError = (status, code, message) => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: { error_code: code, error_msg: message, request_id: '' },
});

/** `Prefer: code=404, example=name` as a map (the RFC 7240 form Prism reads). */
function parsePrefer(/** @type {string | undefined} */ value) {
  /** @type {Record<string, string>} */
  const prefer = {};
  for (const part of (value ?? '').split(/[,;]/)) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k && v !== undefined) prefer[k.toLowerCase()] = v.replace(/^"(.*)"$/, '$1');
  }
  return prefer;
}

const newRequestId = () => randomBytes(16).toString('hex');

/** Adds the answer's own X-Request-Id (repeated as `request_id` where the body has one). @param {MockAnswer} answer */
export function withRequestId(answer, id = newRequestId()) {
  const body =
    answer.body !== null && typeof answer.body === 'object' && Object.hasOwn(answer.body, 'request_id')
      ? { ...answer.body, request_id: id }
      : answer.body;
  /** @type {Record<string, string>} */
  const headers = {};
  for (const [name, value] of Object.entries(answer.headers)) headers[name.toLowerCase()] = value;
  headers['x-request-id'] = id;
  return { status: answer.status, headers, body };
}

/**
 * @param {any} spec the bundled document
 * @param {import('./config.js').CheckedConfig} config checked options (config.js)
 * @param {{ logger?: ReturnType<typeof import('@stoplight/prism-core').createLogger>, answerUnknownRoutes?: boolean }} [options]
 *   answerUnknownRoutes: answer a path the document does not have (over HTTP); under MSW such a
 *   request is left to other handlers
 */
export function createEngine(spec, config, { logger, answerUnknownRoutes = false } = {}) {
  const deref = dereferencer(spec);
  const { operations, route, check: checkRequest, documented, exampleWithCode } = createRequestReader(spec);
  const faults = createFaults(config);
  const prism = createPrismAnswers(spec, logger);
  let closed = false;
  const state = config.secrets ? createState(config.secrets) : undefined;
  // The ECS metadata service beside the API (metadata.js), when configured.
  const metadata = config.metadata ? createMetadataService(config.metadata) : undefined;

  const malformedPath = Object.values(operations)
    .filter((op) => op.errors.includes(400))
    .map((op) => documented(op, 400))[0];

  /**
   * Why the request's credentials are refused, or undefined when they pass. With no credentials
   * configured any token or SDK-HMAC-SHA256 signature passes (Prism's own rule); once tokens or
   * access keys are configured, only a configured token or a verified signature does.
   * @param {MockRequest} request @param {string} path @param {string} query
   */
  async function refusedCredentials(request, path, query) {
    const token = request.header('x-auth-token');
    if (token) {
      if (config.tokens) return config.tokens.includes(token) ? undefined : 'unknown token';
      return config.accessKeys ? 'only access keys are configured' : undefined;
    }
    const authorization = request.header('authorization');
    if (!authorization) return 'no credentials';
    // With the metadata service on, its issued keys are verified too (and nothing unverified passes).
    const accessKeys = metadata ? metadata.accessKeys(config.accessKeys, request.header) : config.accessKeys;
    if (!accessKeys) {
      if (config.tokens) return 'only tokens are configured';
      return /^SDK-HMAC-SHA256\s/i.test(authorization) ? undefined : 'not an SDK-HMAC-SHA256 signature';
    }
    const result = await verifySignature(
      { method: request.method, host: request.header('host') ?? '', path, query, header: request.header, body: request.body },
      accessKeys,
    );
    return result.ok ? metadata?.refusedSecurityToken(request.header) : result.reason;
  }

  /** The answer of an operation from the configured secrets, or undefined when the state does not know the operation. */
  const fromState = /** @type {Record<string, (p: Record<string, any>, body: any) => unknown>} */ ({
    ShowSecret: (p) => ({ secret: state?.secret(p.secret_name) }),
    ListSecrets: (p) =>
      state?.listSecrets({
        limit: p.limit ?? operations.ListSecrets?.paging?.defaultLimit ?? 50,
        marker: p.marker,
        eventName: p.event_name,
      }),
    ListSecretVersions: (p) =>
      state?.listVersions(p.secret_name, { limit: p.limit ?? operations.ListSecretVersions?.paging?.defaultLimit ?? 50, marker: p.marker }),
    ShowSecretVersion: (p) => state?.version(p.secret_name, p.version_id),
    ShowSecretStage: (p) => state?.stage(p.secret_name, p.stage_name),
    DownloadSecretBlob: (p) => ({ secret_blob: state?.backup(p.secret_name) }),
    UploadSecretBlob: (_p, body) => ({ secret: state?.restore(body.secret_blob) }),
  });

  /** @type {JournalEntry[]} */
  let journal = [];

  /**
   * @param {MockRequest} request
   * @returns {Promise<{ outcome: Outcome | undefined, operation?: string, secretName?: string }>} undefined outcome: not a route of the document
   */
  async function decide(request) {
    // The real gateway refuses such a path; the document's own 400 (of the first operation that has one) says so.
    if (!pathDecodes(request.target))
      return { outcome: malformedPath ?? problem(400, 'Malformed path', 'a percent-escape in the path does not decode') };
    const accept = request.header('accept');
    if (accept && !accept.split(',').every((part) => MEDIA_TYPE.test(part.trim())))
      return { outcome: problem(406, 'The Accept header is not a list of media types') };
    const type = request.header('content-type');
    if (type && !MEDIA_TYPE.test(type.trim())) return { outcome: problem(400, 'The Content-Type header is not a media type') };

    const r = route(request.target, request.method);
    if (r === 'no-path') {
      return { outcome: answerUnknownRoutes ? gatewayError(404, 'APIGW.0101', 'No API matches this path') : undefined };
    }
    if ('allow' in r) {
      // The gateway answers a method a path does not have as an API that does not exist.
      const answer = gatewayError(
        404,
        'APIGW.0101',
        `No API for ${request.method.slice(0, 16)} on this path (it has ${r.allow.join(', ')})`,
      );
      return { outcome: { ...answer, headers: { ...answer.headers, allow: r.allow.join(', ') } } };
    }
    const { op, params, path, query } = r;
    const context = { operation: op.operationId, secretName: params.secret_name };

    const fault = faults.match(op.operationId, params.secret_name);
    if (fault?.delayMs) await faults.delay(fault.delayMs);
    if (closed || fault?.reset) return { ...context, outcome: { reset: true } };
    if (fault?.status) {
      if (fault.html) {
        return {
          ...context,
          outcome: {
            status: fault.status,
            headers: { 'content-type': 'text/html' },
            body: `<html><head><title>${fault.status}</title></head><body><h1>${fault.status}</h1><hr>gateway</body></html>\n`,
          },
        };
      }
      const answer = documented(op, fault.status);
      if (fault.status === 429) answer.headers['retry-after'] = String(fault.retryAfter ?? 1);
      return { ...context, outcome: answer };
    }

    if (await refusedCredentials(request, path, query)) {
      // The gateway words a refused token and a refused signature differently.
      const signed = !request.header('x-auth-token') && request.header('authorization') !== undefined;
      return { ...context, outcome: documented(op, 401, signed ? 'aksk_signature' : 'iam_authentication') };
    }

    if (accept && !accept.split(',').some((part) => JSON_ACCEPTED.test(part.trim())))
      return { ...context, outcome: problem(406, 'Not acceptable', 'this operation answers application/json') };

    const prefer = parsePrefer(request.header('prefer'));
    if (prefer.code !== undefined || prefer.example !== undefined) {
      if (prefer.code !== undefined && !/^\d{3}$/.test(prefer.code))
        return { ...context, outcome: problem(422, 'Invalid Prefer header', 'code must be a three-digit status') };
      const operation = deref(spec.paths[op.path])[op.method.toLowerCase()];
      if (prefer.code !== undefined && !Object.hasOwn(operation.responses, prefer.code)) {
        return { ...context, outcome: problem(404, 'No such response', `the operation documents no ${prefer.code} response`) };
      }
      if (prefer.example !== undefined) {
        const status = prefer.code ?? successOf(spec, operation)?.[0] ?? '200';
        const examples = Object.values(deref(operation.responses[status])?.content ?? {})[0]?.examples ?? {};
        if (!Object.hasOwn(examples, prefer.example))
          return {
            ...context,
            outcome: problem(404, 'No such example', `the ${status} response has no example named ${prefer.example.slice(0, 64)}`),
          };
      }
    }

    const checked = checkRequest(op, params, query, request);
    if ('invalid' in checked) {
      // The service's code for the kind of problem (vendor error code table: CSMS.0002 an invalid
      // parameter, CSMS.0004 a malformed body), from the operation's own 400 examples.
      const body = checked.invalid === 'body';
      const answer = documented(op, 400, exampleWithCode(op, 400, body ? 'CSMS.0004' : 'CSMS.0002'));
      if (answer.body && typeof answer.body === 'object')
        answer.body = { ...answer.body, error_msg: body ? 'The request body is not valid.' : `Invalid parameter: ${checked.invalid}.` };
      return { ...context, outcome: answer };
    }

    const handler = Object.hasOwn(fromState, op.operationId) ? fromState[op.operationId] : undefined;
    if (state && handler && prefer.code === undefined && prefer.example === undefined) {
      try {
        const body = handler(checked.values, checked.body);
        const ok = documented(op, op.status);
        return { ...context, outcome: { status: op.status, headers: ok.headers, body } };
      } catch (e) {
        if (!(e instanceof StateError)) throw e;
        const answer = documented(op, e.status, e.example);
        if (answer.body && typeof answer.body === 'object') answer.body = { ...answer.body, error_msg: e.message };
        return { ...context, outcome: answer };
      }
    }

    // Prism validates security and parameters and picks the example. A signature the engine has
    // accepted is shown to it as a token: Prism has no handler for a custom http scheme.
    /** @type {Record<string, string>} */
    const headers = {};
    for (const name of ['x-auth-token', 'authorization', 'accept', 'prefer', 'host', 'content-type']) {
      const v = request.header(name);
      if (v !== undefined) headers[name] = v;
    }
    if (!headers['x-auth-token'] && headers.authorization) headers['x-auth-token'] = 'signed-request';
    const outcome = await prism({
      method: op.method,
      path,
      query,
      headers,
      body: checked.body ?? null,
      prefer: { code: prefer.code, example: prefer.example },
    });
    // An example page names a next page that is the same example again: a request that follows
    // that marker gets it as the last page, so a client paging through the examples ends.
    const paging = op.paging;
    if (paging && outcome.status < 300 && outcome.body && typeof outcome.body === 'object') {
      const keys = paging.nextMarker.split('.');
      const last = /** @type {string} */ (keys[keys.length - 1]);
      const holder = keys.slice(0, -1).reduce((/** @type {any} */ v, k) => v?.[k], outcome.body);
      if (holder && typeof holder === 'object' && holder[last] !== undefined && holder[last] === checked.values[paging.marker]) {
        outcome.body = structuredClone(outcome.body);
        delete keys.slice(0, -1).reduce((/** @type {any} */ v, k) => v?.[k], outcome.body)[last];
      }
    }
    return { ...context, outcome };
  }

  /** @param {string} method @param {string} path @param {MockRequest} request @returns {MockAnswer | undefined} */
  function admin(method, path, request) {
    const rest = path.slice(ADMIN_PREFIX.length);
    try {
      if (rest === 'requests' && method === 'GET')
        return { status: 200, headers: { 'content-type': 'application/json' }, body: { requests: journal } };
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
      return problem(404, 'No such control endpoint', 'GET /_mock/requests, POST /_mock/reset, POST /_mock/secrets/{name}/versions');
    } catch (e) {
      if (e instanceof MockUsageError) return problem(400, 'Invalid control request', e.message);
      throw e;
    }
  }

  /** @type {ReturnType<typeof configValidators> | undefined} */
  let usage;

  /**
   * Adds a version to a secret (creating the secret if needed) and moves SYSCURRENT and
   * SYSPREVIOUS as CSMS does. Arguments are checked against the document's schemas.
   * @param {string} name @param {{ value?: string, binary?: string }} value @param {{ stages?: string[] }} [options]
   */
  function putSecretValue(name, value, options = {}) {
    if (!state) throw new MockUsageError('putSecretValue needs a mock with secrets (pass secrets: [] for an empty one)');
    usage ??= configValidators(spec);
    if (typeof name !== 'string' || !usage.name(name))
      throw new MockUsageError('the secret name must be a valid secret_name (1 to 64 of a-z A-Z 0-9 . _ -)');
    if (typeof value !== 'object' || value === null || (value.value === undefined) === (value.binary === undefined)) {
      throw new MockUsageError('give exactly one of { value } (text) and { binary } (Base64)');
    }
    if (value.value !== undefined && (typeof value.value !== 'string' || !usage.value(value.value)))
      throw new MockUsageError('value must be a string of at most 32768 characters');
    if (value.binary !== undefined && (typeof value.binary !== 'string' || !usage.binary(value.binary)))
      throw new MockUsageError('binary must be standard Base64 with padding, at most 32768 characters');
    const { stages } = options ?? {};
    if (
      stages !== undefined &&
      (!Array.isArray(stages) || stages.length === 0 || !stages.every((s) => typeof s === 'string' && usage?.stage(s)))
    ) {
      throw new MockUsageError('stages must be a non-empty list of stage names');
    }
    try {
      return state.putValue(name, value.value !== undefined ? { value: value.value } : { binary: value.binary }, stages ? { stages } : {});
    } catch (e) {
      if (e instanceof StateError) throw new MockUsageError(e.message);
      throw e;
    }
  }

  function reset() {
    state?.reset();
    metadata?.reset();
    journal = [];
    faults.reset();
  }

  /** @param {MockRequest} request @returns {Promise<Outcome | undefined>} */
  async function handle(request) {
    const [path = ''] = request.target.split('?', 1);
    // The metadata service's two paths come before the API's routing (metadata.js).
    const fromMetadata = metadata?.handle(request.method.toUpperCase(), path, request.header);
    if (fromMetadata) return withRequestId(fromMetadata);
    if (config.admin && path.startsWith(ADMIN_PREFIX)) {
      const answer = admin(request.method.toUpperCase(), path, request);
      return answer && withRequestId(answer);
    }
    const { outcome, operation, secretName } = await decide(request);
    const answered = outcome && !('reset' in outcome) ? withRequestId(outcome) : outcome;
    // Not a route of the document: the server answers it (or, under MSW, another handler does).
    if (!answered) return answered;
    journal.push({
      time: new Date().toISOString(),
      method: request.method.slice(0, 16),
      operation,
      secretName,
      status: 'reset' in answered ? 'reset' : answered.status,
      requestId: 'reset' in answered ? undefined : answered.headers['x-request-id'],
    });
    if (journal.length > JOURNAL_LIMIT) journal.splice(0, journal.length - JOURNAL_LIMIT);
    return answered;
  }

  return {
    handle,
    putSecretValue,
    reset,
    /** Requests the metadata service answered, by path (undefined when it is off). */
    get metadataRequests() {
      return metadata?.requests;
    },
    /** The answered requests, oldest first (a copy). */
    get requests() {
      return journal.map((e) => ({ ...e }));
    },
    /** Ends pending fault delays (their requests get no answer) and refuses new work. */
    close() {
      closed = true;
      faults.close();
    },
  };
}

/** @typedef {ReturnType<typeof createEngine>} Engine */
