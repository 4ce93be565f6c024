#!/usr/bin/env node
// @ts-check
// `csms-mock`: the CSMS mock over HTTP until Ctrl-C, for docker-compose files and test suites in
// any language. `csms-mock --help` lists the flags.
import { parseArgs } from 'node:util';
import { MockSetupError, startMock } from '../src/index.js';
import { PRISM_MISSING, PRISM_PACKAGE, installPrism, prismInstalled } from '../src/prism-answers.js';
import { ignoreClosedOutput, parsePort, stopOnSignals } from '../src/process.js';

// A reader that goes away (`csms-mock | head -n 1`) must not stop the server.
ignoreClosedOutput();

const HELP = `Usage: csms-mock [options]

Serves the Huawei Cloud CSMS secrets API mock (every operation of its document) until Ctrl-C.

Options:
  --port <n>          port to listen on (default 4010; 0 picks a free one)
  --host <address>    address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
  --config <file>     YAML or JSON with secrets, tokens, accessKeys, faults, seed and admin
  --admin             serve the control endpoints under /_mock/ (add a version, read the
                      journal, reset): for test suites in other languages
  --metadata          also be the ECS metadata service, issuing temporary keys that work
                      24 h (other lifetimes: metadata: { credentialTtlMs } in the config
                      file, without this flag)
  --log-level <level> Prism's log to stderr: silent, error, warn, info, debug (default silent)
  --spec <file>       serve another bundled OpenAPI document (default: the one in this package)
  --print-url         print only the URL on stdout (e.g. http://127.0.0.1:40123), for scripts:
                      URL=$(csms-mock --port 0 --print-url | head -n 1)
  -h, --help          show this help
  -v, --version       show the version`;

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`csms-mock: ${message}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
      'log-level': { type: 'string' },
      spec: { type: 'string' },
      admin: { type: 'boolean' },
      metadata: { type: 'boolean' },
      'print-url': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
  }));
} catch (e) {
  fail(`${/** @type {Error} */ (e).message}\n\n${HELP}`);
}
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
if (values.version) {
  const { default: pkg } = await import('../package.json', { with: { type: 'json' } });
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}
const port = values.port === undefined ? 4010 : parsePort(values.port);
if (port === undefined) fail(`--port ${JSON.stringify(values.port)} is not a port number (0-65535)`);
const levels = ['silent', 'error', 'warn', 'info', 'debug'];
const logLevel = values['log-level'] ?? 'silent';
if (!levels.includes(logLevel)) fail(`--log-level must be one of ${levels.join(', ')}`);

let mock;
try {
  mock = await startMock({
    port,
    host: values.host ?? '127.0.0.1',
    config: values.config,
    spec: values.spec,
    logLevel: /** @type {any} */ (logLevel),
    ...(values.admin ? { admin: true } : {}),
    ...(values.metadata ? { metadata: true } : {}),
  });
} catch (e) {
  const err = /** @type {Error & { code?: string }} */ (e);
  if (err instanceof MockSetupError) fail(err.message);
  if (err.code === 'EADDRINUSE') fail(`port ${port} is already in use; pass --port with another one`);
  fail(err.message);
}
// Without Prism (an optional peer dependency) the document's examples cannot be served: said once, here.
if (!prismInstalled())
  process.stderr.write(
    `csms-mock: ${PRISM_PACKAGE} is not installed: answers from the document's examples (every request when no secrets are configured, a \`Prefer: code=…\` or \`example=…\` otherwise) are 501 ${PRISM_MISSING}; to serve them: ${installPrism()}\n`,
  );
if (values['print-url']) process.stdout.write(`${mock.url}\n`);
else process.stdout.write(`CSMS mock listening on ${mock.url} (Ctrl-C stops it)\n`);
stopOnSignals([mock.close], () => values['print-url'] || process.stdout.write('Stopped.\n'));
