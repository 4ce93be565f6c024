// @ts-check
// Prism's answers, in process: prism-http (the engine of `prism mock`) picks the response and
// example a request asks for (`Prefer: code=…, example=…`) or the first 2xx example. The engine (engine.js) uses it for the document's
// examples, over HTTP (prism.js) and under MSW (msw.js) alike: one answering path for both.
import { createLogger } from '@stoplight/prism-core';
import { createInstance, getHttpOperationsFromSpec, ProblemJsonError } from '@stoplight/prism-http';

/** @typedef {{ status: number, headers: Record<string, string>, body: unknown }} MockAnswer */

/**
 * The engine has already checked the credentials and validated the request against the document
 * (requests.js, Ajv on the same schemas), and the examples are validated by the test suite:
 * Prism's own checks would repeat that work on every request (they cost a third of the mock's
 * throughput), so Prism here picks and serves the answer the request asks for.
 * @type {import('@stoplight/prism-http').IHttpMockConfig}
 */
const BASE_CONFIG = {
  mock: { dynamic: false },
  checkSecurity: false,
  validateRequest: false,
  validateResponse: false,
  errors: false,
  upstreamProxy: undefined,
  isProxy: /** @type {false} */ (false),
};

/** Prism's problem+json for its own refusals (an undocumented code, a failed negotiation…). */
function problemFrom(/** @type {any} */ e) {
  return {
    status: e.status || 500,
    headers: { 'content-type': 'application/problem+json', ...(e.additional?.headers ?? {}) },
    body: ProblemJsonError.toProblemJson(e),
  };
}

/**
 * @param {any} spec the bundled document
 * @param {ReturnType<typeof import('@stoplight/prism-core').createLogger>} [logger] default: silent
 */
export function createPrismAnswers(spec, logger = createLogger('CSMS MOCK', { level: 'silent' })) {
  const prism = createInstance(BASE_CONFIG, { logger });
  // Prism resolves the document into its operations once, on first use (it is asynchronous, and
  // createHandlers is not).
  /** @type {Promise<import('@stoplight/types').IHttpOperation[]> | undefined} */
  let operations;

  /**
   * @param {{ method: string, path: string, query: string, headers: Record<string, string>, body: unknown, prefer: { code?: string, example?: string } }} request
   * @returns {Promise<MockAnswer>}
   */
  return async function answer({ method, path, query, headers, body, prefer }) {
    operations ??= getHttpOperationsFromSpec(structuredClone(spec));
    const input = {
      method: /** @type {import('@stoplight/types').HttpMethod} */ (method.toLowerCase()),
      url: { path, query: Object.fromEntries(new URLSearchParams(query)) },
      headers,
      body,
    };
    /** @type {import('@stoplight/prism-http').IHttpOperationConfig} */
    const mock = { dynamic: false };
    if (prefer.code !== undefined) mock.code = Number(prefer.code);
    if (prefer.example !== undefined) mock.exampleKey = prefer.example;
    const result = await prism.request(input, await operations, { ...BASE_CONFIG, mock })();
    if (result._tag === 'Left') return problemFrom(result.left);
    const { output } = result.right;
    return { status: output.statusCode, headers: /** @type {Record<string, string>} */ ({ ...output.headers }), body: output.body };
  };
}
