// @ts-check
// Listening and stopping, shared by the `csms-mock` command and the repository's `npm start`.
import http from 'node:http';

/**
 * The parent process as this module loads, before anything is served: a parent that goes away
 * after the URL is printed (a signal to npx kills its shell) must be noticed even when that
 * happens before stopOnSignals runs.
 */
const PARENT = process.ppid;

/**
 * Listens on host:port (0: a free port) and resolves with the base URL, with the real port;
 * closing the server also ends every connection, idle ones included (a browser's preconnect
 * that never sends a byte would otherwise hold `close()` open for minutes).
 * @param {http.Server} server @param {number} port @param {string} host
 * @returns {Promise<string>}
 */
export function listen(server, port, host) {
  const close = server.close.bind(server);
  server.close = (/** @type {((err?: Error) => void) | undefined} */ callback) => {
    close(callback);
    server.closeAllConnections();
    return server;
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve(`http://${host}:${address.port}`);
    });
  });
}

/**
 * A port number as typed: decimal digits only, 0–65535 (`''`, `' '`, `0x10`, `1e3`, `-0` or
 * `4010abc` are not ports, though Number() takes them). Undefined when it is not one.
 * @param {string} text @returns {number | undefined}
 */
export function parsePort(text) {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/**
 * Keeps the process serving when whatever reads its stdout or stderr goes away (`| head -n 1`,
 * a closed terminal): the next write fails with EPIPE, and an 'error' event nobody listens for
 * would end the process. The log is lost from then on; the server is not.
 */
export function ignoreClosedOutput() {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}

/**
 * On the first SIGINT or SIGTERM, runs every `close` and exits 0 once they are done, or after
 * 2 s whatever they are waiting for; a second signal exits at once (130). The same when the
 * parent process goes away without a signal reaching us (a shell between npm and node does not
 * pass SIGTERM on).
 * @param {(() => unknown)[]} closers
 * @param {() => void} [done]
 */
export function stopOnSignals(closers, done = () => {}) {
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(130);
    stopping = true;
    setTimeout(() => process.exit(0), 2000).unref();
    await Promise.allSettled(
      closers.map(
        (close) =>
          new Promise((resolve) => {
            const result = /** @type {any} */ (close)((/** @type {unknown} */ e) => resolve(e));
            if (result && typeof result.then === 'function') result.then(resolve, resolve);
          }),
      ),
    );
    done();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  if (process.ppid !== PARENT) void stop();
  setInterval(() => {
    if (process.ppid !== PARENT) void stop();
  }, 500).unref();
}
