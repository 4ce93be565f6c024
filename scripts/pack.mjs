// @ts-check
// `npm run pack`: both packages as `npm publish` would upload them, into packs/ (ignored by git),
// so a project of your own can install them until they are on the registry:
//   npm install <this repository>/packs/csms-openapi-client-<version>.tgz <this repository>/packs/csms-openapi-mock-<version>.tgz
// Each package's prepack (scripts/pack-package.mjs) builds what it ships into the package's folder
// and its postpack removes it, so one pack runs at a time (a lock beside the output); older
// tarballs of ours in the output folder are removed first. `node scripts/pack.mjs <folder>` packs
// into another folder.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { takeLock } from './lib/dir-lock.mjs';
import { ROOT } from './lib/paths.mjs';

const run = promisify(execFile);
export const PACKS_DIR = path.join(ROOT, 'packs');
const PACKAGES = /** @type {const} */ (['client', 'mock']);
const LOCK = path.join(ROOT, 'node_modules/.cache/csms-openapi/pack.lock');

/**
 * Packs both packages into `destination`; resolves with the tarballs' paths, client first.
 * @param {string} [destination]
 * @returns {Promise<{ client: string, mock: string }>}
 */
export async function packAll(destination = PACKS_DIR) {
  await fs.mkdir(destination, { recursive: true });
  await takeLock(LOCK);
  try {
    for (const file of await fs.readdir(destination)) {
      if (/^csms-openapi-(client|mock)-.*\.tgz$/.test(file)) await fs.rm(path.join(destination, file));
    }
    /** @type {Record<string, string>} */
    const out = {};
    for (const name of PACKAGES) {
      const { stdout } = await run('npm', ['pack', '--pack-destination', destination, '--loglevel=error'], {
        cwd: path.join(ROOT, 'packages', name),
        maxBuffer: 16 * 1024 * 1024,
      });
      out[name] = path.join(destination, /** @type {string} */ (stdout.trim().split('\n').at(-1)));
    }
    return { client: /** @type {string} */ (out.client), mock: /** @type {string} */ (out.mock) };
  } finally {
    await fs.rm(LOCK, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const tarballs = await packAll(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  for (const file of Object.values(tarballs)) console.log(`${file} (${((await fs.stat(file)).size / 1024).toFixed(1)} kB)`);
  console.log(`\nIn your project:\n  npm install ${Object.values(tarballs).join(' ')}`);
}
