// @ts-check
// Prism's answers, in process: prism-http (the engine of `prism mock`) picks the response and
// example a request asks for (`Prefer: code=…, example=…`) or the first 2xx example. The engine
// (engine.js) uses it for the document's examples, over HTTP (prism.js) and under MSW (msw.js)
// alike: one answering path for both.
// Prism is an optional peer dependency (it brings some 200 packages and 90 MB: faker, postman
// collections…, which a stateful test double never calls): a stateful mock loads it on the first
// request answered from an example (a `Prefer`), a mock without secrets when it starts. Without it
// such a request gets a 501 naming the package to install, and everything else (secrets,
// credentials, faults) works as before.
import { createRequire } from 'node:module';
import { gatewayError } from './answers.js';

/** The package that answers from the document's examples, and the range this mock was built for. */
export const PRISM_PACKAGE = '@stoplight/prism-http';
/** The error code of the answer to an example-mode request when Prism is not installed. */
export const PRISM_MISSING = 'MOCK.PRISM_MISSING';

/** @typedef {import('./answers.js').MockAnswer} MockAnswer */
/**
 * Prism's two modules, as loadPrism finds them. Typed `any` here, and precisely where they are
 * used, so that the package's type declarations never reach into Prism's (or pino's), which a
 * user without Prism does not have.
 * @typedef {{ http: any, createLogger: any }} Prism
 */

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

const require = createRequire(import.meta.url);

/** True when Prism can be loaded (found, not yet loaded). */
export function prismInstalled() {
  try {
    require.resolve(PRISM_PACKAGE);
    return true;
  } catch {
    return false;
  }
}

/**
 * Prism, or undefined when it is not installed. prism-core (its logger) is prism-http's own
 * dependency, so it is looked up from prism-http's folder.
 * @returns {Prism | undefined}
 */
export function loadPrism() {
  let entry;
  try {
    entry = require.resolve(PRISM_PACKAGE);
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
  return { http: require(entry), createLogger: createRequire(entry)('@stoplight/prism-core').createLogger };
}

/** The command that installs Prism, at the range this package declares for it (its optional peer dependency). */
export function installPrism() {
  const pkg = require('../package.json');
  return `npm install ${PRISM_PACKAGE}@${pkg.peerDependencies[PRISM_PACKAGE]}`;
}

/** What an example-mode request gets without Prism. */
const prismMissing = () =>
  gatewayError(
    501,
    PRISM_MISSING,
    `This request is answered from the document's examples, which needs Prism (${PRISM_PACKAGE}, not installed): ${installPrism()}. ` +
      'A mock with `secrets` answers the API without it.',
  );

/** Prism's problem+json for its own refusals (an undocumented code, a failed negotiation…). */
function problemFrom(/** @type {typeof import('@stoplight/prism-http')} */ http, /** @type {any} */ e) {
  return {
    status: e.status || 500,
    headers: { 'content-type': 'application/problem+json', ...(e.additional?.headers ?? {}) },
    body: http.ProblemJsonError.toProblemJson(e),
  };
}

/**
 * @param {any} spec the bundled document
 * @param {import('./log.js').MockLogger} [logger] default: silent
 * @param {{ load?: () => Prism | undefined, now?: boolean }} [options] load: how Prism is found (a
 *   test gives one that finds none); now: load it at once, for a mock that answers every request
 *   from the examples (its first requests then do not wait for Prism, a second or more)
 */
export function createPrismAnswers(spec, logger, { load = loadPrism, now = false } = {}) {
  /** @type {{ http: typeof import('@stoplight/prism-http'), instance: import('@stoplight/prism-http').PrismHttpInstance, operations: Promise<import('@stoplight/types').IHttpOperation[]> } | null | undefined} */
  let loaded;
  // Prism is loaded, and resolves the document into its operations, once (createHandlers is not asynchronous).
  const start = () => {
    const prism = load();
    if (!prism) return null;
    /** @type {typeof import('@stoplight/prism-http')} */
    const http = prism.http;
    /** @type {typeof import('@stoplight/prism-core').createLogger} */
    const createLogger = prism.createLogger;
    const pino = createLogger('CSMS MOCK', { level: logger?.level ?? 'silent' }, logger ? { write: logger.write } : undefined);
    return {
      http,
      instance: http.createInstance(BASE_CONFIG, { logger: pino }),
      operations: http.getHttpOperationsFromSpec(structuredClone(spec)),
    };
  };
  if (now) loaded = start();

  /**
   * @param {{ method: string, path: string, query: string, headers: Record<string, string>, body: unknown, prefer: { code?: string, example?: string } }} request
   * @returns {Promise<MockAnswer>}
   */
  return async function answer({ method, path, query, headers, body, prefer }) {
    if (loaded === undefined) loaded = start();
    if (loaded === null) return prismMissing();
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
    const result = await loaded.instance.request(input, await loaded.operations, { ...BASE_CONFIG, mock })();
    if (result._tag === 'Left') return problemFrom(loaded.http, result.left);
    const { output } = result.right;
    return { status: output.statusCode, headers: /** @type {Record<string, string>} */ ({ ...output.headers }), body: output.body };
  };
}
