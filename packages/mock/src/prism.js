// @ts-check
// Prism, started in-process from generated/openapi.json: the CSMS mock for `npm start` and tests.
import { createLogger } from '@stoplight/prism-core';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createAnswerer, pathDecodes } from './answer.js';

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
  const { malformedPath } = createAnswerer(JSON.parse(fs.readFileSync(spec, 'utf8')));
  const server = withHttpServer((httpServer) => guardMalformedPaths(httpServer, malformedPath()), () => createServer(operations, {
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
  }));
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

/**
 * Runs `create` (which makes one node:http server, as prism-http-server does through micri) and
 * hands that server to `use` before anyone can send it a request.
 * @template T
 * @param {(server: http.Server) => void} use
 * @param {() => T} create
 * @returns {T}
 */
function withHttpServer(use, create) {
  const original = http.createServer;
  /** @type {http.Server | undefined} */
  let made;
  http.createServer = /** @type {typeof http.createServer} */ ((/** @type {any[]} */ ...args) => (made = /** @type {any} */ (original)(...args)));
  let created;
  try {
    created = create();
  } finally {
    http.createServer = original;
  }
  if (!made) throw new Error('prism-http-server no longer creates its server with node:http; update withHttpServer');
  use(made);
  return created;
}

/**
 * Prism 5 throws an unhandled URIError on a path segment that is not valid percent-encoding
 * (`/secrets/%zz`): the request never gets an answer and the rejection ends the process, so one
 * bad URL would stop `npm start`. Such requests get the document's own 400 answer instead.
 * @param {http.Server} server
 * @param {import('./answer.js').MockAnswer} answer
 */
function guardMalformedPaths(server, answer) {
  const listeners = /** @type {((req: http.IncomingMessage, res: http.ServerResponse) => void)[]} */ (server.listeners('request'));
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    if (!pathDecodes(req.url ?? '/')) {
      res.writeHead(answer.status, answer.headers).end(JSON.stringify(answer.body));
      return;
    }
    for (const listener of listeners) listener.call(server, req, res);
  });
}
