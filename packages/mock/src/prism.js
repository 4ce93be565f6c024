// @ts-check
// The CSMS mock over HTTP: our own node:http server in front of the engine (engine.js), which
// answers from the configured secrets or, through Prism in process (prism-answers.js), from the
// document's examples. Our server rather than Prism's, so that every request gets an answer
// (Prism's server lets some of its own exceptions escape as unhandled rejections) and a closed
// connection or a stalled client cannot stop it.
import http from 'node:http';
import { checkConfig, readConfigFile } from './config.js';
import { gatewayError, problem, withRequestId } from './answers.js';
import { ADMIN_PREFIX, createEngine } from './engine.js';
import { createMockLogger, sensitiveNames } from './log.js';
import { operationTable } from './openapi.js';
import { loadSpec, MockSetupError, SPEC_FILE } from './spec.js';

export { SPEC_FILE };

/**
 * How much more of a body over its limit is read and dropped after the 413, so that a sender that
 * writes its whole body before reading (Python's http.client) gets to read the answer; a sender
 * that goes on past it is cut off.
 */
const DISCARD_LIMIT = 128 * 1024 * 1024;

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
 * @property {() => Promise<void>} close stops the server, ends every connection and every pending fault delay, frees the port
 * @property {(name: string, value: { value: string } | { binary: string }, options?: { stages?: string[] }) => Promise<import('./model/secret.js').VersionMetadata>} putSecretValue
 *   adds a version to a configured-state mock (creating the secret if needed) and moves SYSCURRENT/SYSPREVIOUS as CSMS does
 * @property {readonly import('./journal.js').JournalEntry[]} requests the answered requests, oldest first (never credentials or values)
 * @property {() => void} reset back to the configured secrets; empties the journal and restarts fault counts
 *   (and forgets the metadata service's session tokens and issued keys)
 * @property {{ token: number, securityKey: number } | undefined} metadataRequests with `metadata`: the
 *   requests its two paths answered (undefined without)
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
  // `admin: true` in code (csms-mock --admin) turns the control endpoints on; it must not drop a
  // token the file requires for them.
  const fileAdmin = /** @type {{ admin?: unknown }} */ (fromFile).admin;
  if (given.admin === true && typeof fileAdmin === 'object' && fileAdmin !== null) given.admin = fileAdmin;
  const config = checkConfig(spec, { .../** @type {object} */ (fromFile), ...given }, configFile ?? 'startMock options');
  const logger = createMockLogger(logLevel, { sensitive: sensitiveNames(operationTable(spec).operations) });
  const engine = createEngine(spec, config, { logger, answerUnknownRoutes: true });
  const { handle } = engine;
  const allowMethods = engine.methods.join(', ');

  const server = http.createServer(async (req, res) => {
    // CORS, as `prism mock` allows it, so a browser app under test can call the mock; never for
    // the control endpoints (admin.js), which no web page may drive.
    const origin = req.headers.origin;
    const control = (req.url ?? '').split('?', 1)[0]?.startsWith(ADMIN_PREFIX);
    if (origin && !control)
      res.setHeader('access-control-allow-origin', origin).setHeader('access-control-expose-headers', '*').setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS' && origin && !control && req.headers['access-control-request-method']) {
      res
        .writeHead(204, {
          'access-control-allow-methods': allowMethods,
          'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
          'content-length': 0,
        })
        .end();
      return;
    }
    try {
      // The document's limits decide how much is read (a backup is at most 5 MiB…).
      const limit = engine.bodyLimit(req.method ?? 'GET', req.url ?? '/');
      const body = await readBody(req, limit);
      if (body === 'too-large') return refuseTooLarge(req, res, limit);
      const outcome = await handle({
        method: req.method ?? 'GET',
        target: req.url ?? '/',
        header: (name) => req.headers[name]?.toString(),
        body,
      });
      // Every route is the engine's (answerUnknownRoutes); nothing is left unanswered.
      if (!outcome) return send(res, withRequestId(gatewayError(404, 'APIGW.0101', 'No API matches this path')));
      if ('reset' in outcome) return void req.socket.destroy();
      send(res, outcome);
    } catch (e) {
      logger.error(`Request failed: ${e}`);
      // Not the error's text: it may quote the request.
      if (!res.headersSent) send(res, withRequestId(problem(500, 'The mock failed to answer', 'see the mock log (--log-level error)')));
      else res.destroy();
    }
  });
  // What Node answers itself (headers over its limit, a method it does not know, broken framing)
  // gets the gateway's JSON with a request id too, like every other answer.
  server.on('clientError', (/** @type {NodeJS.ErrnoException} */ err, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const answer = withRequestId(
      gatewayError(status, 'APIGW.0201', status === 431 ? 'The request headers are too large' : 'The request is malformed'),
    );
    const text = JSON.stringify(answer.body);
    socket.on('error', () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\nx-request-id: ${answer.headers['x-request-id']}\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
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
        engine.close();
        server.close(() => resolve());
        // An idle connection (a browser's preconnect sends nothing) would hold close() for minutes.
        server.closeAllConnections();
      }),
    putSecretValue: async (name, value, options) => engine.putSecretValue(name, value, options),
    get requests() {
      return engine.requests;
    },
    get metadataRequests() {
      return engine.metadataRequests;
    },
    reset: () => engine.reset(),
  };
}

/**
 * The request body, or "too-large" as soon as it passes `limit`; the rest of such a body is then
 * read and dropped, up to DISCARD_LIMIT, past which the connection is cut.
 * @param {http.IncomingMessage} req @param {number} limit @returns {Promise<Uint8Array<ArrayBuffer> | "too-large">}
 */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size - chunk.length <= limit) {
        chunks.length = 0;
        resolve('too-large');
      } else if (size > limit + DISCARD_LIMIT) req.socket.destroy();
    });
    req.once('end', () => {
      // A view of the bytes read, not a copy of them.
      const all = Buffer.concat(chunks);
      resolve(new Uint8Array(/** @type {ArrayBuffer} */ (all.buffer), all.byteOffset, all.byteLength));
    });
    req.once('error', reject);
  });
}

/**
 * The gateway's 413, sent at once, with the connection closed only once the body has been read
 * (readBody drops it): closing a socket with unread data sends a reset, and a sender still
 * writing would see EPIPE or ECONNRESET instead of the answer.
 * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {number} limit
 */
function refuseTooLarge(req, res, limit) {
  const answer = withRequestId(gatewayError(413, 'APIGW.0201', `The request body is larger than ${limit} bytes`));
  const text = JSON.stringify(answer.body);
  res.writeHead(413, { ...answer.headers, 'content-length': Buffer.byteLength(text), connection: 'close' });
  res.write(text);
  if (req.complete) res.end();
  else req.once('end', () => res.end());
}

/**
 * Writes an answer: its body as bytes (a list page the model keeps, written as it is), text, or
 * an object as JSON.
 * @param {http.ServerResponse} res @param {import('./engine.js').MockAnswer} answer
 */
function send(res, answer) {
  const { body } = answer;
  const data = body === undefined ? '' : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-length': typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength,
  });
  res.end(data);
}

export { MockSetupError };
