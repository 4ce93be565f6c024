// @ts-check
// The CSMS mock over HTTP: our own node:http server in front of Prism (prism-http, the engine of
// `prism mock`), so that every request gets an answer (Prism's server lets some of its own
// exceptions escape as unhandled rejections), and the engine's options (secrets, tokens, access
// keys, faults) apply. Prism validates security and path parameters and serves the examples.
import { createLogger } from '@stoplight/prism-core';
import { createInstance, getHttpOperationsFromSpec, ProblemJsonError } from '@stoplight/prism-http';
import { getHttpConfigFromRequest } from '@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js';
import http from 'node:http';
import { checkConfig, readConfigFile } from './config.js';
import { createEngine, problem } from './engine.js';
import { loadSpec, MockSetupError, SPEC_FILE } from './spec.js';

export { SPEC_FILE };

/** Largest request body read; CSMS requests here have none. */
const MAX_BODY = 1024 * 1024;

/**
 * @typedef {object} ServerOptions
 * @property {number} [port] 0 (the default) picks a free port; the real one is in `url`.
 * @property {string} [host] default 127.0.0.1
 * @property {'silent' | 'error' | 'warn' | 'info' | 'debug'} [logLevel] Prism's own log, to stderr; default 'silent'.
 * @property {string} [spec] the document to serve; default: the package's copy of the bundled document
 * @property {string} [config] a YAML or JSON file with the options below (options given here win)
 * @typedef {ServerOptions & import('./config.js').MockConfig} MockOptions
 */

/**
 * @typedef {object} RunningMock
 * @property {string} url base URL, e.g. http://127.0.0.1:4010
 * @property {() => Promise<void>} close stops the server, ends every connection, frees the port
 */

/**
 * Starts the CSMS mock on host:port. Without options it answers the document's examples (the
 * first of each response, unless the request says `Prefer: example=<name>` or `code=<status>`);
 * `secrets`, `tokens`, `accessKeys` and `faults` make it a test double (see config.js).
 * A bad document or option rejects with a MockSetupError naming it, and nothing starts.
 * @param {MockOptions} [options]
 * @returns {Promise<RunningMock>}
 */
export async function startMock(options = {}) {
  const { port = 0, host = '127.0.0.1', logLevel = 'silent', spec: specFile = SPEC_FILE, config: configFile, ...rest } = options;
  const spec = loadSpec(specFile);
  const fromFile = (configFile ? readConfigFile(configFile) : undefined) ?? {};
  if (configFile && (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile))) {
    throw new MockSetupError(`${configFile}: expected a mapping with secrets, tokens, accessKeys, faults or seed`);
  }
  // Checked once, file and code options together; the options given in code win.
  const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const config = checkConfig(spec, { .../** @type {object} */ (fromFile), ...given }, configFile ?? 'startMock options');
  const logger = createLogger('CSMS MOCK', { level: logLevel }, process.stderr);
  const operations = await getHttpOperationsFromSpec(specFile);
  /** @type {import('@stoplight/prism-http').IHttpMockConfig} */
  const prismConfig = {
    mock: { dynamic: false },
    checkSecurity: true,
    validateRequest: true,
    validateResponse: true,
    errors: false,
    upstreamProxy: undefined,
    isProxy: /** @type {false} */ (false),
  };
  const prism = createInstance(prismConfig, { logger });

  /** @type {import('./engine.js').Backend} */
  const backend = async (_request, route, _prefer, headers) => {
    const input = {
      method: /** @type {any} */ (route.method),
      url: { path: route.path, query: Object.fromEntries(new URLSearchParams(route.query)) },
      headers,
      // The operations take no body; Prism would judge one against a schema that is not there.
      body: null,
    };
    const requestConfig = getHttpConfigFromRequest(input);
    if (requestConfig._tag === 'Left') return problemFrom(requestConfig.left);
    const result = await prism.request(input, operations, { ...prismConfig, mock: { ...prismConfig.mock, ...requestConfig.right } })();
    if (result._tag === 'Left') return problemFrom(result.left);
    const { output } = result.right;
    return { status: output.statusCode, headers: /** @type {Record<string, string>} */ ({ ...output.headers }), body: output.body };
  };
  const handle = createEngine(spec, config, backend);

  const server = http.createServer(async (req, res) => {
    // CORS, as `prism mock` allows it, so a browser app under test can call the mock.
    const origin = req.headers.origin;
    if (origin)
      res.setHeader('access-control-allow-origin', origin).setHeader('access-control-expose-headers', '*').setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS' && origin && req.headers['access-control-request-method']) {
      res
        .writeHead(204, {
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
          'content-length': 0,
        })
        .end();
      return;
    }
    try {
      const body = await readBody(req);
      if (body === 'too-large') return send(res, problem(413, 'Request body too large'));
      const outcome = await handle({
        method: req.method ?? 'GET',
        target: req.url ?? '/',
        header: (name) => req.headers[name]?.toString(),
        body,
      });
      if (!outcome) return send(res, problem(404, 'No such path', 'the document has no path that matches this request'));
      if ('reset' in outcome) return void req.socket.destroy();
      send(res, outcome);
    } catch (e) {
      logger.error(`Request failed: ${e}`);
      if (!res.headersSent) send(res, problem(500, 'The mock failed to answer', String(/** @type {Error} */ (e)?.message ?? e)));
      else res.destroy();
    }
  });
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', (/** @type {NodeJS.ErrnoException} */ e) => {
      const error = new Error(`Cannot start the CSMS mock on ${host}:${port}: ${e.message}`);
      reject(Object.assign(error, { code: e.code }));
    });
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // An idle connection (a browser's preconnect sends nothing) would hold close() for minutes.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Prism's problem+json for its own refusals (an undocumented code, a failed negotiation…). */
function problemFrom(/** @type {any} */ e) {
  return {
    status: e.status || 500,
    headers: { 'content-type': 'application/problem+json', ...(e.additional?.headers ?? {}) },
    body: ProblemJsonError.toProblemJson(e),
  };
}

/** @param {http.IncomingMessage} req @returns {Promise<Uint8Array<ArrayBuffer> | "too-large">} */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.once('error', reject);
  });
}

/** @param {http.ServerResponse} res @param {import('./answer.js').MockAnswer} answer */
function send(res, answer) {
  const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export { MockSetupError };
