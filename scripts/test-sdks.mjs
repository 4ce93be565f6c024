// @ts-check
// `npm run test:sdks`: the official Huawei Cloud SDKs (Python, Java, Go) and peer tools
// (Schemathesis, openapi-generator) against csms-mock, each a folder of test/sdks/ with a run.mjs
// (see test/sdks/README.md for the contract). Starts the mocks, runs every suite (or those named
// on the command line), and prints one summary line. Exit 0 only when every suite passed; a
// missing toolchain fails too, with what to install.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startMock } from '@csms-openapi/mock';
import { CACHE_DIR, GENERATED_DIR, ROOT } from './lib/paths.mjs';

const SUITES_DIR = path.join(ROOT, 'test/sdks');
const CONFIG = path.join(SUITES_DIR, 'mock-config.json');
const PROJECT_ID = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const MISSING_TOOLCHAIN = 3;

const config = JSON.parse(fs.readFileSync(CONFIG, 'utf8'));
const all = fs
  .readdirSync(SUITES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(SUITES_DIR, d.name, 'run.mjs')))
  .map((d) => d.name)
  .sort();
const wanted = process.argv.slice(2);
for (const name of wanted) if (!all.includes(name)) throw new Error(`No suite test/sdks/${name}/run.mjs (there are: ${all.join(', ')})`);
const suites = wanted.length > 0 ? wanted : all;

const t0 = performance.now();
const primary = await startMock({ config: CONFIG });
const secondary = await startMock({ secrets: [], tokens: config.tokens, accessKeys: config.accessKeys, admin: true });
const cache = path.join(CACHE_DIR, 'sdks');
fs.mkdirSync(cache, { recursive: true });

/**
 * Runs one suite, its output shown as it comes (prefixed), and reads its RESULT line.
 * @param {string} name @returns {Promise<{ name: string, code: number | null, result?: any, ms: number }>}
 */
function runSuite(name) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(SUITES_DIR, name, 'run.mjs')], {
      cwd: path.join(SUITES_DIR, name),
      env: {
        ...process.env,
        CSMS_MOCK_URL: primary.url,
        CSMS_MOCK_URL_2: secondary.url,
        CSMS_PROJECT_ID: PROJECT_ID,
        CSMS_AK: config.accessKeys[0].ak,
        CSMS_SK: config.accessKeys[0].sk,
        CSMS_TOKEN: config.tokens[0],
        CSMS_MOCK_CONFIG: CONFIG,
        CSMS_OPENAPI: path.join(GENERATED_DIR, 'openapi.json'),
        CSMS_SDK_CACHE: cache,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const show = (/** @type {Buffer} */ chunk, /** @type {NodeJS.WriteStream} */ stream) => {
      out += chunk;
      for (const line of chunk.toString().split('\n')) if (line) stream.write(`  [${name}] ${line}\n`);
    };
    child.stdout.on('data', (c) => show(c, process.stdout));
    child.stderr.on('data', (c) => show(c, process.stderr));
    child.on('close', (code) => {
      const line = [...out.matchAll(/^RESULT (\{.*\})$/gm)].pop()?.[1];
      let result;
      try {
        result = line ? JSON.parse(line) : undefined;
      } catch {}
      resolve({ name, code, result, ms: performance.now() - started });
    });
  });
}

const outcomes = [];
for (const name of suites) {
  primary.reset();
  secondary.reset();
  console.log(`\n▶ ${name}`);
  outcomes.push(await runSuite(name));
}
await Promise.all([primary.close(), secondary.close()]);

const minutes = (/** @type {number} */ ms) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
const parts = outcomes.map(({ name, code, result, ms }) => {
  if (code === MISSING_TOOLCHAIN) return `${name}: toolchain missing`;
  if (!result) return `${name}: no result (exit ${code})`;
  return `${name} ${result.version ?? ''}: ${result.passed}/${result.passed + result.failed} (${Math.round(ms / 1000)} s)`.replace(
    '  ',
    ' ',
  );
});
const failed = outcomes.filter((o) => o.code !== 0 || !o.result || o.result.failed > 0);
console.log(
  `\ntest:sdks: ${parts.join('; ')} — ${outcomes.length - failed.length} passed, ${failed.length} failed (${minutes(performance.now() - t0)})`,
);
for (const o of failed) for (const f of o.result?.failures ?? []) console.log(`  ✗ ${o.name}: ${f}`);
process.exit(failed.length === 0 ? 0 : 1);
