// @ts-check
// In-process CSMS mock for MSW: the same answers as Prism (`startMock`), without a port.
//   import { setupServer } from 'msw/node';
//   import { handlers } from '@csms-openapi/mock/msw';
//   const server = setupServer(...handlers);
import { HttpResponse, http as untypedHttp } from 'msw';
import { createOpenApiHttp } from 'openapi-msw';
import spec from '../../../generated/openapi.json' with { type: 'json' };
import { createAnswerer, pathDecodes } from './answer.js';

/** @typedef {import('../../../generated/schema.js').paths} paths */

/**
 * openapi-msw's `http`, typed by the document: for your own overrides, e.g.
 * `server.use(http.get('/v1/{project_id}/secrets/{secret_name}', ({ response }) => response(404).json({ error_code: 'CSMS.0005', error_msg: 'gone' })))`.
 * Paths match on any origin.
 */
/** @type {import('openapi-msw').OpenApiHttpHandlers<paths>} */
export const http = createOpenApiHttp({ baseUrl: '*' });

/**
 * One handler per operation of the document, answering as Prism does (see answer.js).
 * @param {{ baseUrl?: string }} [options] origin to match, e.g. `https://kms.cn-north-4.myhuaweicloud.com`; default any.
 */
export function createHandlers({ baseUrl = '*' } = {}) {
  const { answer, malformedPath } = createAnswerer(spec);
  const typed = createOpenApiHttp({ baseUrl });
  // First, as in startMock: MSW's path matching decodes parameters and throws on a malformed
  // percent-escape, so this guard matches with a RegExp that captures (and decodes) nothing.
  const origin = baseUrl === '*' ? /^/ : new RegExp(`^${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`);
  const guard = untypedHttp.all(origin, ({ request }) => {
    if (pathDecodes(new URL(request.url).pathname)) return undefined;
    const { status, headers, body } = malformedPath();
    return HttpResponse.json(/** @type {import('msw').JsonBodyType} */ (body), { status, headers });
  });
  return [guard, ...Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => method !== 'parameters')
      .map((method) =>
        // The document's paths, so `typed[method]` is called with valid (path, method) pairs.
        /** @type {any} */ (typed)[method](path, (/** @type {{ request: Request, params: Record<string, string> }} */ { request, params }) => {
          const { status, headers, body } = answer({ method, path, headers: request.headers, params });
          return HttpResponse.json(/** @type {import('msw').JsonBodyType} */ (body), { status, headers });
        }),
      ),
  )];
}

/** Handlers for any origin. */
export const handlers = createHandlers();
