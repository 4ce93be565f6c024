// @ts-check
// How the mock decides the answer to a request of the API, step by step, as a gateway and then
// the service would: a malformed request, an unknown route (requests.js), faults (faults.js),
// credentials (auth.js), content negotiation and `Prefer` (prefer.js), the request's parameters
// and body against the document (requests.js), and then the answer: from the model (model/,
// through one handler per operation in handlers/) when the mock holds secrets, else from the
// document's examples (Prism, prism-answers.js). Each step reads what it needs from the engine's
// context (engine.js builds it once).
import { gatewayError, problem } from './answers.js';
import { signedRequest } from './auth.js';
import { echoRequest } from './example-echo.js';
import { handlers } from './handlers/index.js';
import { ServiceError } from './model/errors.js';
import { parsePrefer, refusedPrefer } from './prefer.js';

/** @typedef {import('./answers.js').MockAnswer} MockAnswer */
/** @typedef {import('./openapi.js').TableOperation} TableOperation */
/**
 * @typedef {object} MockRequest
 * @property {string} method
 * @property {string} target path and query, as sent (percent-escapes kept)
 * @property {(name: string) => string | undefined} header a header's value (name in lower case)
 * @property {Uint8Array<ArrayBuffer>} body the raw body (empty when none)
 */
/** @typedef {MockAnswer | { reset: true }} Outcome */
/** @typedef {{ op: TableOperation, params: Record<string, string>, path: string, query: string, undecodable?: string }} Route */
/** @typedef {import('./engine.js').EngineContext} EngineContext */

// A media type as RFC 9110 writes it (type/subtype, optional parameters): what Prism's parser
// (the content-type package) accepts; anything else makes it throw outside any handler.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))*\\s*$`);
const JSON_ACCEPTED = /^(?:\*\/\*|application\/\*|application\/json)\s*(?:;|$)/i;
/** The most a request without a body schema may send: it has nothing to say in one. */
export const NO_BODY_LIMIT = 64 * 1024;

/** True when every percent-escape in the path decodes. */
export function pathDecodes(/** @type {string} */ target) {
  const path = target.split('?', 1)[0] ?? '';
  // Only a percent-escape can fail to decode.
  if (!path.includes('%')) return true;
  try {
    decodeURIComponent(path);
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

/** @param {number} limit */
const tooLarge = (limit) => gatewayError(413, 'APIGW.0201', `The request body is larger than ${limit} bytes`);

/** A service error of an operation, as its example (by `x-mock-error`) writes it. @param {EngineContext} ctx @param {TableOperation} op @param {string} error @param {string} [message] */
const serviceError = (ctx, op, error, message) =>
  ctx.answers.serviceError(op, error, message) ??
  problem(500, 'Undocumented error', `the document has no example with x-mock-error: ${error}`);

/** Refusals before routing: what the real gateway refuses whatever the path. @param {MockRequest} request */
function malformed(request) {
  const accept = request.header('accept');
  if (accept && !accept.split(',').every((part) => MEDIA_TYPE.test(part.trim())))
    return problem(406, 'The Accept header is not a list of media types');
  const type = request.header('content-type');
  if (type && !MEDIA_TYPE.test(type.trim())) return problem(400, 'The Content-Type header is not a media type');
  return undefined;
}

/** The answer of a request without a route of the document, or its route. @param {EngineContext} ctx @param {MockRequest} request @returns {Route | { outcome: MockAnswer | undefined }} */
function routeOf(ctx, request) {
  const r = ctx.route(request.target, request.method);
  // A path whose escapes do not decode: the operation it reaches refuses the parameter (below);
  // one that reaches none gets the first documented 400.
  if (r === 'no-path' && !pathDecodes(request.target))
    return { outcome: ctx.malformedPath ?? problem(400, 'Malformed path', 'a percent-escape in the path does not decode') };
  if (r === 'no-path')
    return { outcome: ctx.answerUnknownRoutes ? gatewayError(404, 'APIGW.0101', 'No API matches this path') : undefined };
  if ('allow' in r) {
    // The gateway answers a method a path does not have as an API that does not exist.
    const answer = gatewayError(404, 'APIGW.0101', `No API for ${request.method.slice(0, 16)} on this path (it has ${r.allow.join(', ')})`);
    return { outcome: { ...answer, headers: { ...answer.headers, allow: r.allow.join(', ') } } };
  }
  return r;
}

/** A configured fault for this request, waited for and answered, or undefined. @param {EngineContext} ctx @param {Route} r @returns {Promise<Outcome | undefined>} */
async function fault(ctx, { op, params }) {
  const rule = ctx.faults.match(op.operationId, params);
  if (rule?.delayMs) await ctx.faults.delay(rule.delayMs);
  if (ctx.closed() || rule?.reset) return { reset: true };
  if (!rule?.status) return undefined;
  if (rule.html) return htmlPage(rule.status);
  const answer = ctx.answers.documented(op, rule.status);
  if (rule.status === 429) answer.headers['retry-after'] = String(rule.retryAfter ?? 1);
  return answer;
}

/**
 * The answer to a request whose parameters or body break the document's rules, with the
 * service's code for the kind of problem (vendor error code table: CSMS.0004 a body that is not
 * JSON, CSMS.0002 an invalid parameter or field), as the operation documents it: a body that
 * breaks its schema is the operation's MalformedBody where it names one, a missing choice between
 * two fields its InvalidValueChoice, a parameter its own error where it names one (InvalidLimit),
 * anything else InvalidParameter.
 * @param {EngineContext} ctx @param {TableOperation} op @param {{ invalid: string, malformed?: boolean, choice?: boolean }} checked
 */
function invalidRequest(ctx, op, checked) {
  const documented = ctx.answers.errorsOf(op.operationId);
  if (checked.invalid !== 'body') {
    // The parameter's own error where the operation names one (InvalidLimit, InvalidMarker).
    const own = `Invalid${checked.invalid.replace(/(?:^|_)([a-z])/g, (_, c) => c.toUpperCase())}`;
    return serviceError(ctx, op, documented.includes(own) ? own : 'InvalidParameter', `Invalid parameter: ${checked.invalid}.`);
  }
  const error =
    checked.malformed || documented.includes('MalformedBody')
      ? 'MalformedBody'
      : checked.choice && documented.includes('InvalidValueChoice')
        ? 'InvalidValueChoice'
        : 'InvalidParameter';
  return serviceError(ctx, op, error, 'The request body is not valid.');
}

/** The answer from the model, through the operation's handler. @param {EngineContext} ctx @param {TableOperation} op @param {{ values: Record<string, unknown>, body?: unknown }} checked */
function fromModel(ctx, op, checked) {
  const project = /** @type {import('./model/project.js').Project} */ (ctx.project);
  try {
    const body = handlers[op.operationId]?.({
      params: checked.values,
      body: checked.body,
      store: project.secrets,
      project,
      op,
      fields: ctx.fieldsOf(op),
    });
    return { status: op.status, headers: ctx.answers.documentedHeaders(op, op.status), body };
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    return serviceError(ctx, op, e.error, e.message);
  }
}

/** The document's example, chosen by Prism, with what the request names in it (example-echo.js). @param {EngineContext} ctx @param {Route} r @param {MockRequest} request @param {{ values: Record<string, unknown>, body?: unknown }} checked @param {{ code?: string, example?: string }} prefer */
async function fromExamples(ctx, { op, path, query }, request, checked, prefer) {
  /** @type {Record<string, string>} */
  const headers = {};
  for (const name of ['accept', 'prefer', 'host', 'content-type']) {
    const v = request.header(name);
    if (v !== undefined) headers[name] = v;
  }
  const outcome = await ctx.prism({ method: op.method, path, query, headers, body: checked.body ?? null, prefer });
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
  return echoRequest(op, checked.values, outcome);
}

/** The checks of a routed request and its answer. @param {EngineContext} ctx @param {Route} r @param {MockRequest} request @returns {Promise<Outcome>} */
async function answer(ctx, r, request) {
  const { op } = r;
  const faulted = await fault(ctx, r);
  if (faulted) return faulted;
  // The gateway words a refused token and a refused signature differently.
  if (await ctx.refusedCredentials(request, r.path, r.query))
    return serviceError(ctx, op, signedRequest(request) ? 'AkSkSignature' : 'IamAuthentication');
  const accept = request.header('accept');
  if (accept && !accept.split(',').some((part) => JSON_ACCEPTED.test(part.trim())))
    return problem(406, 'Not acceptable', 'this operation answers application/json');
  const prefer = parsePrefer(request.header('prefer'));
  const refused = refusedPrefer(ctx.spec, op, prefer);
  if (refused) return refused;
  if (request.body.byteLength > (op.body?.maxBytes ?? NO_BODY_LIMIT)) return tooLarge(op.body?.maxBytes ?? NO_BODY_LIMIT);
  const checked = ctx.checkRequest(op, r.params, r.query, request);
  if (checked.invalid !== undefined) return invalidRequest(ctx, op, { ...checked, invalid: checked.invalid });
  if (ctx.project && handlers[op.operationId] && prefer.code === undefined && prefer.example === undefined)
    return fromModel(ctx, op, checked);
  return fromExamples(ctx, r, request, checked, prefer);
}

/** @param {EngineContext} ctx @param {MockRequest} request @returns {Promise<{ outcome: Outcome | undefined, route?: Route }>} */
export async function decide(ctx, request) {
  const refused = malformed(request);
  if (refused) return { outcome: refused };
  const r = routeOf(ctx, request);
  if ('outcome' in r) return { outcome: r.outcome };
  if (r.undecodable) return { outcome: invalidRequest(ctx, r.op, { invalid: r.undecodable }), route: r };
  return { outcome: await answer(ctx, r, request), route: r };
}
