// @ts-check
// Shared by the suites' run.mjs: find a toolchain (or say what to install and exit 3), run a
// command with its output shown, and print the RESULT line the runner reads.
import { spawn, spawnSync } from 'node:child_process';

export const MISSING_TOOLCHAIN = 3;

/**
 * The toolchain's version line, or exit 3 after saying what to install.
 * @param {string} command @param {string[]} versionArgs @param {string} install what to install, for a person
 */
export function requireTool(command, versionArgs, install) {
  const r = spawnSync(command, versionArgs, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    console.error(
      `${command} not found (or \`${command} ${versionArgs.join(' ')}\` failed). Install ${install}, then run npm run test:sdks again.`,
    );
    process.exit(MISSING_TOOLCHAIN);
  }
  return `${r.stdout}${r.stderr}`.trim().split('\n')[0] ?? '';
}

/**
 * The runner's environment variables a suite needs, each checked to be set.
 * @template {string} K @param {readonly K[]} names @returns {Record<K, string>}
 */
export function suiteEnv(names) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const name of names) {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run this suite with npm run test:sdks`);
    env[name] = value;
  }
  return /** @type {Record<K, string>} */ (env);
}

/**
 * Runs a command, its output shown; resolves with its exit code and output.
 * @param {string} command @param {string[]} args @param {import('node:child_process').SpawnOptions} [options]
 * @returns {Promise<{ code: number | null, out: string }>}
 */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (c) => {
      out += c;
      process.stdout.write(c);
    });
    child.stderr?.on('data', (c) => {
      out += c;
      process.stderr.write(c);
    });
    child.on('error', (e) => resolve({ code: -1, out: `${out}${e.message}` }));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/**
 * Prints the RESULT line and exits: 0 when nothing failed.
 * @param {{ suite: string, tool: string, version: string, passed: number, failed: number, failures: string[] }} result
 * @returns {never}
 */
export function finish(result) {
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(result.failed === 0 && result.passed > 0 ? 0 : 1);
}
