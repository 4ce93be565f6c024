// @ts-check
// The official Huawei Cloud Python SDK (huaweicloudsdkcore + huaweicloudsdkcsms) against csms-mock:
// a venv in the SDK cache with requirements.txt installed in pip's hash-checking mode (every
// package, transitive ones too, pinned with its hashes), then suite.py, whose RESULT line is the
// suite's. The venv is rebuilt when requirements.txt or the interpreter changes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { finish, MISSING_TOOLCHAIN, requireTool, run } from '../support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REQUIREMENTS = path.join(HERE, 'requirements.txt');
const INSTALL = 'Python 3.9 or later (https://www.python.org/downloads/)';
const base = { suite: 'python', tool: 'huaweicloudsdkcsms', version: pinned('huaweicloudsdkcsms') };

const versionLine = requireTool('python3', ['--version'], INSTALL);
const [major = 0, minor = 0] = (/Python (\d+)\.(\d+)/.exec(versionLine) ?? []).slice(1).map(Number);
if (major < 3 || (major === 3 && minor < 9)) {
  console.error(`${versionLine} is too old for the SDK. Install ${INSTALL}, then run npm run test:sdks again.`);
  process.exit(MISSING_TOOLCHAIN);
}

// Keyed by the requirements and the interpreter: a venv made by another Python does not run.
const key = createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).update(versionLine).digest('hex');
const venv = path.join(process.env.CSMS_SDK_CACHE ?? path.join(os.tmpdir(), 'csms-openapi-sdks'), 'python-venv');
const stamp = path.join(venv, '.csms-requirements-sha256');
const python = path.join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');

const current = fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === key && fs.existsSync(python);
if (current) {
  console.log(`${versionLine}; venv ${venv} is up to date with requirements.txt`);
} else {
  console.log(`${versionLine}; creating ${venv} and installing requirements.txt (hash-checked)`);
  fs.rmSync(venv, { recursive: true, force: true });
  const made = await run('python3', ['-m', 'venv', venv]);
  if (made.code !== 0) {
    // Debian and Ubuntu ship the venv module apart from python3.
    console.error(`python3 -m venv failed. Install ${INSTALL} with its venv module (Debian/Ubuntu: apt-get install python3-venv).`);
    process.exit(MISSING_TOOLCHAIN);
  }
  const installed = await run(python, [
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '--no-input',
    '--quiet',
    '--require-hashes',
    '-r',
    REQUIREMENTS,
  ]);
  if (installed.code !== 0) {
    fs.rmSync(venv, { recursive: true, force: true });
    finish({ ...base, passed: 0, failed: 1, failures: [`pip install --require-hashes -r requirements.txt exited ${installed.code}`] });
  }
  fs.writeFileSync(stamp, `${key}\n`);
}

// PYTHONDONTWRITEBYTECODE: suite.py is not to leave __pycache__ in the work tree.
const suite = await run(python, [path.join(HERE, 'suite.py')], {
  cwd: HERE,
  env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
});
const line = [...suite.out.matchAll(/^RESULT (\{.*\})$/gm)].pop()?.[1];
if (!line) finish({ ...base, passed: 0, failed: 1, failures: [`suite.py exited ${suite.code} without a RESULT line`] });
// suite.py printed the RESULT line (the runner reads the last one); its verdict is the exit code.
const result = JSON.parse(line);
process.exit(result.failed === 0 && result.passed > 0 && suite.code === 0 ? 0 : 1);

/** The version requirements.txt pins for a package, for the RESULT line of a run that never reached suite.py. @param {string} name */
function pinned(name) {
  const m = new RegExp(`^${name}==(\\S+)`, 'm').exec(fs.readFileSync(REQUIREMENTS, 'utf8'));
  return m?.[1] ?? 'unknown';
}
