// @ts-check
// The CSMS mock in-process, for MSW: the same engine and answers as startMock, without a port.
//   import { setupServer } from 'msw/node';
//   import { handlers } from '@csms-openapi/mock/msw';
//   const server = setupServer(...handlers);
import { HttpResponse, http as untypedHttp } from 'msw';
import { createOpenApiHttp } from 'openapi-msw';
import { checkConfig } from './config.js';
import { createEngine } from './engine.js';
import { loadSpec } from './spec.js';

/** @typedef {import('../../../generated/schema.js').paths} paths */

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
  // A RegExp that captures nothing: MSW's own path matching decodes parameters and throws on a
  // malformed percent-escape, which the engine answers instead.
  const handlers = [
    untypedHttp.all(/.*/, async ({ request }) => {
      const url = new URL(request.url);
      if (origin && url.origin !== origin) return undefined;
      // Reading a body means cloning the request (other handlers may read it too); most calls have none.
      const body = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : new Uint8Array(0);
      // fetch keeps Host out of a Request's headers; the URL has it.
      const header = (/** @type {string} */ name) => request.headers.get(name) ?? (name === 'host' ? url.host : undefined);
      const outcome = await engine.handle({ method: request.method, target: url.pathname + url.search, header, body });
      if (!outcome) return undefined; // not a path of the document: left to other handlers
      if ('reset' in outcome) return HttpResponse.error();
      const { status, headers, body: payload } = outcome;
      // No body (a 204, an empty 200): none at all, so no content type is made up for it.
      if (payload === undefined || payload === '') return new HttpResponse(null, { status, headers });
      return typeof payload === 'string'
        ? new HttpResponse(payload, { status, headers })
        : HttpResponse.json(/** @type {import('msw').JsonBodyType} */ (payload), { status, headers });
    }),
  ];
  return {
    handlers,
    /** @type {import('./prism.js').RunningMock['putSecretValue']} */
    putSecretValue: async (name, value, opts) => engine.putSecretValue(name, value, opts),
    /** The answered requests, oldest first (never credentials or values). */
    get requests() {
      return engine.requests;
    },
    reset: () => engine.reset(),
  };
}

/**
 * One handler for the document's paths, answering as startMock does, with the same options
 * (`createMock` also gives the control methods).
 * @param {import('./config.js').MockConfig & { baseUrl?: string }} [options]
 */
export function createHandlers(options = {}) {
  return createMock(options).handlers;
}

/** Handlers for any origin, answering the document's examples. */
export const handlers = createHandlers();
