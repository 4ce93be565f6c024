// @ts-check
// `npm start`: rebuild generated/ if its inputs changed or its outputs were damaged, then serve
// the mock (with MOCK_CONFIG's secrets, credentials and faults, if set) and the API docs on 127.0.0.1, print both URLs and a curl to try, and stop
// within 2 s on Ctrl-C or SIGTERM (a second signal exits at once).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startMock } from '@csms-openapi/mock';
import { createDocsServer } from './lib/docs-server.mjs';
import { curlCommand } from './lib/code-samples.mjs';
import { operationTable } from '../packages/mock/src/openapi.js';
import { inputsFingerprint, outputsFingerprint, recordedFingerprint, recordedOutputs } from './lib/fingerprint.mjs';
import { GENERATED_DIR, GENERATED_FILES, ROOT } from './lib/paths.mjs';
import { ignoreClosedOutput, listen, parsePort, stopOnSignals } from '../packages/mock/src/process.js';

const HOST = '127.0.0.1';

// A reader that goes away (`npm start | head`, a closed terminal) must not stop the servers.
ignoreClosedOutput();

/** @param {string} name @param {number} fallback */
function portFrom(name, fallback) {
  const raw = process.env[name];
  const port = raw === undefined || raw === '' ? fallback : parsePort(raw);
  if (port === undefined) fail(`${name}=${JSON.stringify(raw)} is not a port number (0-65535; 0 picks a free one).`);
  return port;
}

/** @param {string} line @returns {never} */
function fail(line) {
  console.error(`npm start: ${line}`);
  process.exit(1);
}

/** Why generated/ cannot be served as it is, or undefined when it can. */
function staleness() {
  const missing = GENERATED_FILES.find((f) => !fs.existsSync(path.join(GENERATED_DIR, f)));
  if (missing) return `generated/${missing} is missing`;
  const readme = fs.readFileSync(path.join(GENERATED_DIR, 'README.md'), 'utf8');
  if (recordedFingerprint(readme) !== inputsFingerprint()) return 'generated/ is out of date with openapi/';
  if (recordedOutputs(readme) !== outputsFingerprint(GENERATED_DIR))
    return 'a file in generated/ was changed or damaged (it is not what the build wrote)';
  return undefined;
}

function buildIfStale() {
  const why = staleness();
  if (!why) return;
  console.log(`${why}: rebuilding…`);
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  } catch {
    fail('the build failed (see above); fix openapi/ and run `npm run build`, then npm start again.');
  }
  const still = staleness();
  if (still) fail(`${still} even after a rebuild; run \`npm run build\` and look at its output.`);
}

const mockPort = portFrom('MOCK_PORT', 4010);
const docsPort = portFrom('DOCS_PORT', 4011);
buildIfStale();

/** @type {Awaited<ReturnType<typeof startMock>>} */
let mock;
try {
  mock = await startMock({
    port: mockPort,
    host: HOST,
    logLevel: /** @type {any} */ (process.env.MOCK_LOG_LEVEL) || 'silent',
    spec: path.join(GENERATED_DIR, 'openapi.json'),
    config: process.env.MOCK_CONFIG || undefined,
  });
} catch (e) {
  const err = /** @type {Error & { code?: string }} */ (e);
  fail(
    err.code === 'EADDRINUSE'
      ? `port ${mockPort} is already in use: set MOCK_PORT to another port, e.g. MOCK_PORT=${mockPort + 100} npm start`
      : err.message,
  );
}
const docs = createDocsServer(path.join(GENERATED_DIR, 'docs/index.html'));
let docsUrl;
try {
  docsUrl = await listen(docs, docsPort, HOST);
} catch (e) {
  await mock.close();
  const err = /** @type {NodeJS.ErrnoException} */ (e);
  fail(
    err.code === 'EADDRINUSE'
      ? `port ${docsPort} is already in use: set DOCS_PORT to another port, e.g. DOCS_PORT=${docsPort + 100} npm start`
      : err.message,
  );
}
// One curl per operation, from the document's examples (the docs' code samples use the same builder).
const spec = JSON.parse(fs.readFileSync(path.join(GENERATED_DIR, 'openapi.json'), 'utf8'));
const curls = Object.values(operationTable(spec).operations).map((op) => curlCommand(op, mock.url, "'X-Auth-Token: any-token'").join(' '));

console.log(`
  CSMS mock (Prism)   ${mock.url}
  API docs (Redoc)    ${docsUrl}/

  Try it (each operation answers its documented example; -H 'Prefer: code=404' asks for an error):
${curls.map((c) => `    ${c}`).join('\n')}

  Ctrl-C stops both.
`);

stopOnSignals([mock.close, docs.close.bind(docs)], () => console.log('Stopped.'));
