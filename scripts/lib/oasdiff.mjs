// @ts-check
// oasdiff, pinned by the Go module in tools/oasdiff (go.mod + go.sum record v1.38.0 and everything
// it builds from), built on first use into node_modules/.cache/csms-openapi/bin/ and rebuilt when
// go.mod or go.sum change. The build writes nothing outside the repository but Go's module cache
// (its downloads); Go's build cache and temporary files live in a scratch folder that is removed.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CACHE_DIR, ROOT } from './paths.mjs';

const run = promisify(execFile);

export const OASDIFF_MODULE_DIR = path.join(ROOT, 'tools/oasdiff');
const BIN_DIR = path.join(CACHE_DIR, 'bin');
export const OASDIFF_BIN = path.join(BIN_DIR, process.platform === 'win32' ? 'oasdiff.exe' : 'oasdiff');
/** Holds the hash of go.mod + go.sum the binary was built from. */
const STAMP = `${OASDIFF_BIN}.sum`;
const LOCK = path.join(BIN_DIR, 'oasdiff.lock');
const PACKAGE = 'github.com/oasdiff/oasdiff';

/** oasdiff cannot be built: Go is missing or too old (the message says what to install), or the build failed. */
export class OasdiffUnavailableError extends Error {}

/** @param {string} message */
const goNeeded = (message) =>
  new OasdiffUnavailableError(
    `${message}\nInstall Go ${requiredGo ?? '1.26'} or later (https://go.dev/dl/): the breaking-change gate needs it to build oasdiff, ` +
      `pinned in tools/oasdiff/go.mod, into node_modules/.cache/csms-openapi/bin/ (once).`,
  );
/** @type {string | undefined} the `go` line of tools/oasdiff/go.mod, once read */
let requiredGo;

async function moduleFiles() {
  const [mod, sum] = await Promise.all(['go.mod', 'go.sum'].map((f) => fs.readFile(path.join(OASDIFF_MODULE_DIR, f), 'utf8')));
  requiredGo = /^go (\d+\.\d+(?:\.\d+)?)$/m.exec(mod ?? '')?.[1];
  return {
    hash: createHash('sha256').update(`${mod}\0${sum}`.replaceAll('\r\n', '\n')).digest('hex'),
    version: new RegExp(`^\\s*${PACKAGE.replaceAll('.', '\\.')} (v\\S+)`, 'm').exec(mod ?? '')?.[1] ?? '(unknown version)',
  };
}

/** The oasdiff version tools/oasdiff/go.mod pins, e.g. `v1.38.0`. */
export async function oasdiffVersion() {
  return (await moduleFiles()).version;
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

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM';
  }
}

/** Takes the build lock (one build at a time across processes); false when another process held it and let go. */
async function lock() {
  for (;;) {
    try {
      await fs.mkdir(LOCK);
      await fs.writeFile(path.join(LOCK, 'pid'), String(process.pid));
      return true;
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EEXIST') throw e;
    }
    const held = await fs.stat(LOCK).catch(() => null);
    if (!held) continue;
    const owner = Number(await fs.readFile(path.join(LOCK, 'pid'), 'utf8').catch(() => ''));
    // The owner was killed mid-build (Ctrl-C), or never got to write its pid.
    const dead = owner > 0 ? !alive(owner) : Date.now() - held.mtimeMs > 60_000;
    if (dead) await fs.rm(LOCK, { recursive: true, force: true });
    else {
      await sleep(500);
      if (!(await fs.stat(LOCK).catch(() => null))) return false;
    }
  }
}

/** @param {string} hash */
async function built(hash) {
  const [stamp, bin] = await Promise.all([fs.readFile(STAMP, 'utf8').catch(() => ''), fs.stat(OASDIFF_BIN).catch(() => null)]);
  return stamp.trim() === hash && bin !== null;
}

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
  if (await built(hash)) return OASDIFF_BIN;
  await checkGo();
  await fs.mkdir(BIN_DIR, { recursive: true });
  while (!(await lock())) if (await built(hash)) return OASDIFF_BIN;
  const scratch = await fs.mkdtemp(path.join(CACHE_DIR, 'go-build-'));
  try {
    if (await built(hash)) return OASDIFF_BIN;
    log(`oasdiff ${version}: building from tools/oasdiff (once; about a minute with an empty Go module cache)…`);
    const t0 = performance.now();
    const tmp = `${OASDIFF_BIN}.${process.pid}.tmp`;
    await fs.rm(STAMP, { force: true });
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
    await fs.rename(tmp, OASDIFF_BIN);
    await fs.writeFile(STAMP, `${hash}\n`);
    log(`oasdiff ${version}: built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return OASDIFF_BIN;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
    await fs.rm(LOCK, { recursive: true, force: true });
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
