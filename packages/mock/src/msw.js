// @ts-check
// The CSMS mock in-process, for MSW: the same engine and answers as startMock, without a port.
//   import { setupServer } from 'msw/node';
//   import { handlers } from '@csms-openapi/mock/msw';
//   const server = setupServer(...handlers);
import { HttpResponse, RequestHandler } from 'msw';
import { createOpenApiHttp } from 'openapi-msw';
import { checkConfig } from './config.js';
import { createEngine } from './engine.js';
import { loadSpec } from './spec.js';

/** @typedef {import('../../../generated/schema.js').paths} paths */
/** @typedef {import('msw').RequestHandler<{ header: string }, any, any, import('msw').RequestHandlerOptions>} MockHandler an MSW request handler, for `setupServer(...)` */

const spec = loadSpec();

/**
 * openapi-msw's `http`, typed by the document: for your own overrides, e.g.
 * `server.use(http.get('/v1/{project_id}/secrets/{secret_name}', ({ response }) => response(404).json({ error_code: 'CSMS.0005', error_msg: 'gone' })))`.
 * Paths match on any origin.
 */
/** @type {import('openapi-msw').OpenApiHttpHandlers<paths>} */
export const http = createOpenApiHttp({ baseUrl: '*' });

/**
 * The mock in-process, with the same options and answers as startMock, and the same control
 * methods: `handlers` for `setupServer(...)`, `putSecretValue`, `requests` and `reset`.
 * A bad option throws a MockSetupError naming it.
 * @param {import('./config.js').MockConfig & { baseUrl?: string }} [options] `baseUrl`: the origin to
 *   match, e.g. `https://kms.cn-north-4.myhuaweicloud.com`; default any.
 */
export function createMock({ baseUrl = '*', ...options } = {}) {
  const config = checkConfig(spec, options, 'createHandlers options');
  const engine = createEngine(spec, config);
  const origin = baseUrl === '*' ? undefined : new URL(baseUrl).origin;
  /** @type {MockHandler[]} */
  const handlers = [engineHandler(() => engine, origin)];
  return {
    handlers,
    /** @type {import('./prism.js').RunningMock['putSecretValue']} */
    putSecretValue: async (name, value, opts) => engine.putSecretValue(name, value, opts),
    /** The answered requests, oldest first (never credentials or values). */
    get requests() {
      return engine.requests;
    },
    /** With `metadata`: the requests the metadata service answered, by path. */
    get metadataRequests() {
      return engine.metadataRequests;
    },
    reset: () => engine.reset(),
  };
}

/**
 * The handler that hands every request of `origin` (any, when undefined) to the engine.
 * @param {() => ReturnType<typeof createEngine>} engineOf the engine, made on first use when it is the default one
 * @param {string | undefined} origin
 * @returns {MockHandler}
 */
function engineHandler(engineOf, origin) {
  return new EngineHandler(async ({ request }) => {
    const url = new URL(request.url);
    if (origin && url.origin !== origin) return undefined;
    // Reading a body means cloning the request (other handlers may read it too); most calls have none.
    const body = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : new Uint8Array(0);
    // fetch keeps Host out of a Request's headers; the URL has it.
    const header = (/** @type {string} */ name) => request.headers.get(name) ?? (name === 'host' ? url.host : undefined);
    const outcome = await engineOf().handle({ method: request.method, target: url.pathname + url.search, header, body });
    if (!outcome) return undefined; // not a path of the document: left to other handlers
    if ('reset' in outcome) return HttpResponse.error();
    return responseOf(outcome);
  });
}

/**
 * A handler for every request, which the engine answers or leaves to other handlers. Not
 * `http.all`: for every request it parses the cookies (tough-cookie, about 80 µs, a tenth of a
 * call) and matches a path pattern (which decodes parameters and throws on a malformed
 * percent-escape, which the engine answers instead); the engine needs neither.
 */
class EngineHandler extends RequestHandler {
  /** @param {import('msw').ResponseResolver} resolver */
  constructor(resolver) {
    super({ info: { header: 'all (the CSMS mock)' }, resolver });
  }
  predicate() {
    return true;
  }
  // Only setupWorker logs (setupServer is quiet), and this handler runs under Node only; the
  // mock's journal records what it answered.
  log() {}
}

/**
 * The Response of an answer. A plain fetch Response where it can be one: MSW's HttpResponse (its
 * headers through the interceptor's Headers, a Blob to count a JSON body's bytes) cost five times
 * as much, more than the mock's own answer. A JSON body gets the content type and length
 * HttpResponse.json would give it; statuses a Response refuses a body for go through HttpResponse,
 * which drops the body.
 * @param {import('./answers.js').MockAnswer} answer
 */
function responseOf({ status, headers, body: payload }) {
  const empty = payload === undefined || payload === '';
  if (status < 200 || status > 599 || (BODILESS.includes(status) && !empty)) {
    if (empty) return new HttpResponse(null, { status, headers });
    return typeof payload === 'string'
      ? new HttpResponse(payload, { status, headers })
      : HttpResponse.json(/** @type {import('msw').JsonBodyType} */ (payload), { status, headers });
  }
  // No body (a 204, an empty 200): none at all, so no content type is made up for it.
  if (empty) return new Response(null, { status, headers });
  if (typeof payload === 'string') return new Response(payload, { status, headers });
  // A list page the model keeps as bytes (a 200; the Response takes its own copy), with its length
  // as over HTTP.
  if (payload instanceof Uint8Array) {
    const bytes = /** @type {Uint8Array<ArrayBuffer>} */ (payload);
    return new Response(bytes, { status, headers: { ...headers, 'content-length': String(bytes.byteLength) } });
  }
  const text = JSON.stringify(payload);
  return new Response(text, {
    status,
    headers: {
      'content-type': 'application/json',
      ...headers,
      'content-length': headers['content-length'] ?? String(Buffer.byteLength(text)),
    },
  });
}

/** Statuses whose answers carry no body (a fetch Response refuses one). */
const BODILESS = [101, 103, 204, 205, 304];

/**
 * One handler for the document's paths, answering as startMock does, with the same options
 * (`createMock` also gives the control methods).
 * @param {import('./config.js').MockConfig & { baseUrl?: string }} [options]
 */
export function createHandlers(options = {}) {
  return createMock(options).handlers;
}

/** The engine of `handlers`, made at their first request. @type {ReturnType<typeof createEngine> | undefined} */
let examples;

/**
 * Handlers for any origin, answering the document's examples. Their engine is made at the first
 * request they see, which waits for Prism to load (a second or two, and about 90 MiB): importing
 * this module for a stateful createMock must not cost that.
 * @type {MockHandler[]}
 */
export const handlers = [engineHandler(() => (examples ??= createEngine(spec, {})), undefined)];
