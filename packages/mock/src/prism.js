// @ts-check
// Prism, started in-process from generated/openapi.json: the CSMS mock for `npm start` and tests.
import { createLogger } from '@stoplight/prism-core';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
import { fileURLToPath } from 'node:url';

export const SPEC_FILE = fileURLToPath(new URL('../../../generated/openapi.json', import.meta.url));

/**
 * @typedef {object} MockOptions
 * @property {number} [port] 0 (the default) picks a free port; the real one is in `url`.
 * @property {string} [host] default 127.0.0.1
 * @property {'silent' | 'error' | 'warn' | 'info' | 'debug'} [logLevel] Prism's own log, to stderr; default 'silent'.
 * @property {string} [spec] the document to serve; default generated/openapi.json
 */

/**
 * @typedef {object} RunningMock
 * @property {string} url base URL, e.g. http://127.0.0.1:4010
 * @property {() => Promise<void>} close stops the server and frees the port
 */

/**
 * Starts Prism serving the CSMS document: static examples (the first of each response unless the
 * request says `Prefer: example=<name>` or `Prefer: code=<status>`), security and request
 * validation on, as `prism mock` does.
 * @param {MockOptions} [options]
 * @returns {Promise<RunningMock>}
 */
export async function startMock({ port = 0, host = '127.0.0.1', logLevel = 'silent', spec = SPEC_FILE } = {}) {
  const logger = createLogger('CSMS MOCK', { level: logLevel }, process.stderr);
  const operations = await getHttpOperationsFromSpec(spec);
  const server = createServer(operations, {
    cors: true,
    config: {
      mock: { dynamic: false },
      checkSecurity: true,
      validateRequest: true,
      validateResponse: true,
      errors: false,
      upstreamProxy: undefined,
      isProxy: false,
    },
    components: { logger },
  });
  let address;
  try {
    address = await server.listen(port, host);
  } catch (reason) {
    // Prism rejects with a bare message string; give callers an Error with the code they can test.
    const message = String(reason);
    const error = new Error(`Cannot start the CSMS mock on ${host}:${port}: ${message}`);
    if (/EADDRINUSE/.test(message)) Object.assign(error, { code: 'EADDRINUSE' });
    throw error;
  }
  return { url: address, close: () => server.close() };
}
