// @ts-check
// oasdiff, pinned by the Go module in tools/oasdiff (go.mod + go.sum record v1.38.0 and everything
// it builds from), built on first use into the user's cache,
// ${XDG_CACHE_HOME:-~/.cache}/csms-openapi/oasdiff/<hash of go.mod and go.sum>/, where `npm ci`
// does not delete it (it did in node_modules/.cache: a minute or more of every fresh CI run), and
// shared by every checkout of the same pin. The build writes nothing else outside the repository
// but Go's module cache (its downloads); Go's build cache and temporary files live in a scratch
// folder that is removed.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { takeLock } from './dir-lock.mjs';
import { ROOT, USER_CACHE_DIR } from './paths.mjs';

const run = promisify(execFile);

export const OASDIFF_MODULE_DIR = path.join(ROOT, 'tools/oasdiff');
/** Where the builds live, one folder per go.mod + go.sum. */
export const OASDIFF_CACHE_DIR = path.join(USER_CACHE_DIR, 'oasdiff');
const EXE = process.platform === 'win32' ? 'oasdiff.exe' : 'oasdiff';
const PACKAGE = 'github.com/oasdiff/oasdiff';

/**
 * oasdiff cannot be built: Go is missing or too old (the message says what to install; `noGo`),
 * or the build failed.
 */
export class OasdiffUnavailableError extends Error {
  /** @param {string} message @param {{ noGo?: boolean }} [options] noGo: no Go fit to build it (missing, or too old) */
  constructor(message, { noGo = false } = {}) {
    super(message);
    this.noGo = noGo;
  }
}

/** @param {string} message */
const goNeeded = (message) =>
  new OasdiffUnavailableError(
    `${message}\nInstall Go ${requiredGo ?? '1.26'} or later (https://go.dev/dl/): the breaking-change gate needs it to build oasdiff, ` +
      `pinned in tools/oasdiff/go.mod, into ${OASDIFF_CACHE_DIR}/ (once).`,
    { noGo: true },
  );
/** @type {string | undefined} the `go` line of tools/oasdiff/go.mod, once read */
let requiredGo;

async function moduleFiles() {
  const [mod, sum] = await Promise.all(['go.mod', 'go.sum'].map((f) => fs.readFile(path.join(OASDIFF_MODULE_DIR, f), 'utf8')));
  requiredGo = /^go (\d+\.\d+(?:\.\d+)?)$/m.exec(mod ?? '')?.[1];
  return {
    hash: createHash('sha256').update(`${mod}\0${sum}`.replaceAll('\r\n', '\n')).digest('hex').slice(0, 16),
    version: new RegExp(`^\\s*${PACKAGE.replaceAll('.', '\\.')} (v\\S+)`, 'm').exec(mod ?? '')?.[1] ?? '(unknown version)',
  };
}

/** @param {string} a @param {string} b version numbers like 1.26 or 1.26.8 @returns {number} */
function compareGo(a, b) {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) {
    const d = (x?.[i] ?? 0) - (y?.[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Go's environment for the build: no workspace, no user GOFLAGS, caches in `scratch` but the module cache. */
function goEnv(/** @type {string} */ scratch) {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, GOWORK: 'off', GOFLAGS: '-mod=readonly', GOCACHE: path.join(scratch, 'cache'), GOTMPDIR: scratch };
  return env;
}

async function checkGo() {
  let out;
  try {
    out = (await run('go', ['env', 'GOVERSION', 'GOTOOLCHAIN'], { cwd: OASDIFF_MODULE_DIR, env: { ...process.env, GOWORK: 'off' } }))
      .stdout;
  } catch (e) {
    const err = /** @type {NodeJS.ErrnoException & { stderr?: string }} */ (e);
    if (err.code === 'ENOENT') throw goNeeded('`go` was not found on PATH.');
    throw goNeeded(`\`go env\` failed: ${err.stderr || err.message}`);
  }
  const [goVersion = '', toolchain = ''] = out.trim().split('\n');
  const running = /^go(\d+\.\d+(?:\.\d+)?)/.exec(goVersion)?.[1];
  // Older Go switches itself to a newer toolchain (a download) unless GOTOOLCHAIN=local forbids it.
  if (running && requiredGo && compareGo(running, requiredGo) < 0 && toolchain === 'local') {
    throw goNeeded(
      `Go ${running} is too old for oasdiff (it needs ${requiredGo}) and GOTOOLCHAIN=local keeps it from fetching a newer one.`,
    );
  }
}

/** The binary's path when it is built. @param {string} bin */
const built = async (bin) => (await fs.stat(bin).catch(() => null)) !== null;

/** @type {Promise<string> | undefined} */
let building;

/**
 * The path of the pinned oasdiff binary, built first if it is missing or was built from another
 * go.mod/go.sum. A cold build (empty module cache) downloads from GOPROXY and takes about a minute.
 * @param {{ log?: (line: string) => void }} [options] `log` hears about a build (default: stderr)
 * @returns {Promise<string>}
 */
export function oasdiffBinary({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  building ??= ensureBuilt(log).finally(() => {
    building = undefined;
  });
  return building;
}

/** @param {(line: string) => void} log */
async function ensureBuilt(log) {
  const { hash, version } = await moduleFiles();
  const dir = path.join(OASDIFF_CACHE_DIR, hash);
  const bin = path.join(dir, EXE);
  if (await built(bin)) return bin;
  await checkGo();
  await fs.mkdir(dir, { recursive: true });
  const lock = `${dir}.lock`;
  while (!(await takeLock(lock, { pollMs: 500, untilReleased: true }))) if (await built(bin)) return bin;
  const scratch = await fs.mkdtemp(path.join(OASDIFF_CACHE_DIR, 'go-build-'));
  try {
    if (await built(bin)) return bin;
    log(`oasdiff ${version}: building from tools/oasdiff into ${dir} (once; about a minute with an empty Go module cache)…`);
    const t0 = performance.now();
    const tmp = `${bin}.${process.pid}.tmp`;
    try {
      await run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', tmp, PACKAGE], {
        cwd: OASDIFF_MODULE_DIR,
        env: goEnv(scratch),
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (e) {
      const err = /** @type {NodeJS.ErrnoException & { stderr?: string }} */ (e);
      if (err.code === 'ENOENT') throw goNeeded('`go` was not found on PATH.');
      throw new OasdiffUnavailableError(
        `Building oasdiff ${version} (go build ${PACKAGE} in tools/oasdiff) failed:\n${(err.stderr || err.message).trim()}`,
      );
    }
    // Renamed into place whole: a process that finds the file finds all of it.
    await fs.rename(tmp, bin);
    log(`oasdiff ${version}: built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return bin;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
    await fs.rm(lock, { recursive: true, force: true });
  }
}

/**
 * Runs the pinned oasdiff (built first if needed) with `args`; no .oasdiff.* config file or
 * OASDIFF_* variable of the caller's applies.
 * @param {string[]} args
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
export async function runOasdiff(args) {
  const bin = await oasdiffBinary();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toUpperCase().startsWith('OASDIFF')));
  try {
    // cwd: a folder with no .oasdiff.* file, which oasdiff would read as its config.
    const { stdout, stderr } = await run(bin, args, { cwd: OASDIFF_MODULE_DIR, env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = /** @type {{ code?: number | string, stdout?: string, stderr?: string }} */ (e);
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}
