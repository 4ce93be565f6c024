// @ts-check
// `npm start`: rebuild generated/ if its inputs changed, then serve the Prism mock and the API docs
// on 127.0.0.1, print both URLs and a curl to try, and stop cleanly on Ctrl-C.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { startMock } from '@csms-openapi/mock';
import { GENERATED_DIR, GENERATED_FILES, ROOT } from './lib/paths.mjs';
import { examplePathParameters } from './lib/examples.mjs';
import { inputsFingerprint, recordedFingerprint } from './lib/fingerprint.mjs';

const HOST = '127.0.0.1';

/** @param {string} name @param {number} fallback */
function portFrom(name, fallback) {
  const raw = process.env[name];
  const port = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`${name}=${raw} is not a port number (0-65535).`);
  return port;
}

/** @param {string} line @returns {never} */
function fail(line) {
  console.error(`npm start: ${line}`);
  process.exit(1);
}

function buildIfStale() {
  const missing = GENERATED_FILES.some((f) => !fs.existsSync(path.join(GENERATED_DIR, f)));
  const readmeFile = path.join(GENERATED_DIR, 'README.md');
  const readme = fs.existsSync(readmeFile) ? fs.readFileSync(readmeFile, 'utf8') : '';
  if (!missing && recordedFingerprint(readme) === inputsFingerprint()) return;
  console.log('generated/ is out of date with openapi/: rebuilding…');
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  } catch {
    fail('the build failed (see above); fix openapi/ and run npm start again.');
  }
}

/** @param {http.Server} server @param {number} port @param {string} variable */
function listen(server, port, variable) {
  return new Promise((resolve, reject) => {
    server.once('error', (/** @type {NodeJS.ErrnoException} */ e) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use: set ${variable} to another port, e.g. ${variable}=${port + 100} npm start`) : e),
    );
    server.listen(port, HOST, () => resolve(server.address()));
  });
}

const mockPort = portFrom('MOCK_PORT', 4010);
const docsPort = portFrom('DOCS_PORT', 4011);
buildIfStale();

/** @type {Awaited<ReturnType<typeof startMock>>} */
let mock;
try {
  mock = await startMock({ port: mockPort, host: HOST, logLevel: /** @type {any} */ (process.env.MOCK_LOG_LEVEL) || 'silent' });
} catch (e) {
  const err = /** @type {Error & { code?: string }} */ (e);
  fail(err.code === 'EADDRINUSE' ? `port ${mockPort} is already in use: set MOCK_PORT to another port, e.g. MOCK_PORT=${mockPort + 100} npm start` : err.message);
}
const docs = http.createServer(sirv(path.join(GENERATED_DIR, 'docs'), { etag: true }));
let docsAddress;
try {
  docsAddress = /** @type {import('node:net').AddressInfo} */ (await listen(docs, docsPort, 'DOCS_PORT'));
} catch (e) {
  await mock.close();
  fail(/** @type {Error} */ (e).message);
}
const docsUrl = `http://${HOST}:${docsAddress.port}/`;
const { project_id, secret_name } = examplePathParameters();
const showUrl = `${mock.url}/v1/${project_id}/secrets/${secret_name}`;

console.log(`
  CSMS mock (Prism)   ${mock.url}
  API docs (Redoc)    ${docsUrl}

  Try it:
    curl -s -H 'X-Auth-Token: any-token' ${showUrl}
    curl -s -H 'X-Auth-Token: any-token' -H 'Prefer: example=pending_delete' ${showUrl}
    curl -s -H 'X-Auth-Token: any-token' -H 'Prefer: code=404' ${showUrl}
    curl -s -X POST -H 'X-Auth-Token: any-token' ${showUrl}/backup

  Ctrl-C stops both.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  docs.closeAllConnections();
  await Promise.all([mock.close(), new Promise((resolve) => docs.close(resolve))]);
  console.log('Stopped.');
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
