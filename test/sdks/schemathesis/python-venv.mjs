// @ts-check
// A Python venv in the SDK cache with one requirements.txt installed in pip's hash-checking mode
// (every package, transitive ones too, pinned with its hashes; wheels only, so no package's build
// code runs). Keyed by the requirements and the interpreter: the venv is rebuilt when either
// changes. Used by this suite and by ../openapi-generator.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MISSING_TOOLCHAIN, run } from '../support.mjs';
import { spawnSync } from 'node:child_process';

const INSTALL =
  'Python 3.11 or later with its venv module (https://www.python.org/downloads/; Debian/Ubuntu: apt-get install python3 python3-venv)';

/**
 * The first Python 3.11+ on the PATH, or exit 3 after saying what to install.
 * @returns {{ command: string, version: string }}
 */
export function findPython() {
  for (const command of ['python3', 'python3.13', 'python3.12', 'python3.11']) {
    const r = spawnSync(command, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' });
    const version = r.status === 0 ? r.stdout.trim() : '';
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major === 3 && minor >= 11) return { command, version };
  }
  console.error(
    `No Python 3.11 or later found (python3, python3.13, python3.12, python3.11). Install ${INSTALL}, then run npm run test:sdks again.`,
  );
  process.exit(MISSING_TOOLCHAIN);
}

/**
 * The venv's folder, made (or remade) when it is missing or out of date.
 * @param {{ python: { command: string, version: string }, requirements: string, venv: string }} options
 * @returns {Promise<{ ok: true, venv: string, bin: (name: string) => string, installed: boolean } | { ok: false, reason: string }>}
 */
export async function ensureVenv({ python, requirements, venv }) {
  const key = createHash('sha256').update(fs.readFileSync(requirements)).update(`python ${python.version}`).digest('hex');
  const stamp = path.join(venv, '.csms-requirements-sha256');
  const bin = (/** @type {string} */ name) => path.join(venv, process.platform === 'win32' ? `Scripts/${name}.exe` : `bin/${name}`);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === key && fs.existsSync(bin('python'))) {
    console.log(`Python ${python.version}; venv ${venv} is up to date with ${path.basename(requirements)}`);
    return { ok: true, venv, bin, installed: false };
  }
  console.log(`Python ${python.version}; creating ${venv} and installing ${path.basename(requirements)} (hash-checked, wheels only)`);
  fs.rmSync(venv, { recursive: true, force: true });
  const made = await run(python.command, ['-m', 'venv', venv]);
  if (made.code !== 0) {
    console.error(`${python.command} -m venv failed. Install ${INSTALL}, then run npm run test:sdks again.`);
    process.exit(MISSING_TOOLCHAIN);
  }
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet'];
  const installed = await run(bin('python'), [...args, '--require-hashes', '--only-binary', ':all:', '-r', requirements]);
  if (installed.code !== 0) {
    fs.rmSync(venv, { recursive: true, force: true });
    return { ok: false, reason: `pip install --require-hashes -r ${path.basename(requirements)} exited ${installed.code}` };
  }
  fs.writeFileSync(stamp, `${key}\n`);
  return { ok: true, venv, bin, installed: true };
}

/**
 * The version a requirements file pins for a package.
 * @param {string} requirements @param {string} name
 */
export function pinned(requirements, name) {
  const m = new RegExp(`^${name}==(\\S+)`, 'm').exec(fs.readFileSync(requirements, 'utf8'));
  return m?.[1] ?? 'unknown';
}
