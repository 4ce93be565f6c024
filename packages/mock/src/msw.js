// @ts-check
// The CSMS mock in-process, for MSW: the same engine and answers as startMock, without a port.
//   import { setupServer } from 'msw/node';
//   import { handlers } from '@csms-openapi/mock/msw';
//   const server = setupServer(...handlers);
import { HttpResponse, http as untypedHttp } from 'msw';
import { createOpenApiHttp } from 'openapi-msw';
import { createAnswerer } from './answer.js';
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
 * One handler for the document's paths, answering as startMock does, with the same options.
 * A bad option throws a MockSetupError naming it.
 * @param {import('./config.js').MockConfig & { baseUrl?: string }} [options] `baseUrl`: the origin to
 *   match, e.g. `https://kms.cn-north-4.myhuaweicloud.com`; default any.
 */
export function createHandlers({ baseUrl = '*', ...options } = {}) {
  const config = checkConfig(spec, options, 'createHandlers options');
  const { answer } = createAnswerer(spec);
  const handle = createEngine(spec, config, (request, route, prefer) =>
    answer({ method: route.method, path: route.template, headers: request.header, params: route.params, prefer }),
  );
  const origin = baseUrl === '*' ? undefined : new URL(baseUrl).origin;
  // A RegExp that captures nothing: MSW's own path matching decodes parameters and throws on a
  // malformed percent-escape, which the engine answers instead.
  return [
    untypedHttp.all(/.*/, async ({ request }) => {
      const url = new URL(request.url);
      if (origin && url.origin !== origin) return undefined;
      const body = new Uint8Array(await request.clone().arrayBuffer());
      // fetch keeps Host out of a Request's headers; the URL has it.
      const header = (/** @type {string} */ name) => request.headers.get(name) ?? (name === 'host' ? url.host : undefined);
      const outcome = await handle({ method: request.method, target: url.pathname + url.search, header, body });
      if (!outcome) return undefined; // not a path of the document: left to other handlers
      if ('reset' in outcome) return HttpResponse.error();
      const { status, headers, body: payload } = outcome;
      return typeof payload === 'string' || payload === undefined
        ? new HttpResponse(payload, { status, headers })
        : HttpResponse.json(/** @type {import('msw').JsonBodyType} */ (payload), { status, headers });
    }),
  ];
}

/** Handlers for any origin, answering the document's examples. */
export const handlers = createHandlers();
