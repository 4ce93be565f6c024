// @ts-check
// Builds @csms-openapi/client into packages/client/dist/: an ESM file and a CommonJS file
// (openapi-fetch stays an import: it is the only runtime dependency), and their .d.ts/.d.cts with
// the generated types inlined, so the published package does not reach back into generated/.
// No source maps: the JavaScript is not minified (it reads as the source does, less the types),
// and maps would point at TypeScript sources the package does not ship (with their text inlined,
// they were 274 kB of the tarball's 580).
import fs from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { generateDtsBundle } from 'dts-bundle-generator';
import { ROOT } from './lib/paths.mjs';

export const CLIENT_DIR = path.join(ROOT, 'packages/client');
export const CLIENT_ENTRY = path.join(CLIENT_DIR, 'src/index.ts');
/** `@csms-openapi/client/cache`: the secret cache, a subpath of its own so the client stays small. */
export const CACHE_ENTRY = path.join(CLIENT_DIR, 'src/cache.ts');
/** `@csms-openapi/client/credentials`: environment, profile file and metadata providers (Node.js only). */
export const CREDENTIALS_ENTRY = path.join(CLIENT_DIR, 'src/credentials.ts');

/**
 * The cache's entry imports the client's error class from the main entry instead of bundling a
 * copy: one CsmsError, so `instanceof` holds across both.
 * @param {string} main the main entry's file, relative to the cache's (`./index.js`, `./index.cjs`)
 * @returns {import('esbuild').Plugin}
 */
const sharedErrors = (main) => ({
  name: 'shared-errors',
  setup(b) {
    b.onResolve({ filter: /^\.\/errors\.js$/ }, () => ({ path: main, external: true }));
  },
});

/**
 * esbuild options shared with the size benchmark, so both measure the same bundle.
 * @returns {Promise<import('esbuild').BuildOptions>}
 */
export async function clientBuildOptions() {
  const { version } = JSON.parse(await fs.readFile(path.join(CLIENT_DIR, 'package.json'), 'utf8'));
  return {
    entryPoints: [CLIENT_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: ['openapi-fetch'],
    define: { __CSMS_CLIENT_VERSION__: JSON.stringify(version) },
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/** @param {string} [target] */
export async function buildClient(target = path.join(CLIENT_DIR, 'dist')) {
  // Built beside the target and swapped in at the end, so a process reading dist/ meanwhile (a
  // second test run, a packed install) never sees half a build.
  const outDir = `${target}.building-${process.pid}`;
  await fs.rm(outDir, { recursive: true, force: true });
  const options = await clientBuildOptions();
  const cache = { ...options, entryPoints: [CACHE_ENTRY] };
  // node:fs, node:os and node:path stay imports of the runtime.
  const credentials = { ...options, entryPoints: [CREDENTIALS_ENTRY], platform: /** @type {const} */ ('node') };
  await Promise.all([
    build({ ...options, outfile: path.join(outDir, 'index.js') }),
    // For require(): Node 20.19+ could load the ESM file too, but bundlers and TypeScript's
    // node16 resolution want a CommonJS file behind the "require" condition.
    build({ ...options, format: 'cjs', platform: 'node', outfile: path.join(outDir, 'index.cjs') }),
    build({ ...cache, outfile: path.join(outDir, 'cache.js'), plugins: [sharedErrors('./index.js')] }),
    build({
      ...cache,
      format: 'cjs',
      platform: 'node',
      outfile: path.join(outDir, 'cache.cjs'),
      plugins: [sharedErrors('./index.cjs')],
    }),
    build({ ...credentials, outfile: path.join(outDir, 'credentials.js'), plugins: [sharedErrors('./index.js')] }),
    build({
      ...credentials,
      format: 'cjs',
      outfile: path.join(outDir, 'credentials.cjs'),
      plugins: [sharedErrors('./index.cjs')],
    }),
  ]);
  const [dts, cacheDts, credentialsDts] = generateDtsBundle(
    [
      { filePath: CLIENT_ENTRY, output: { noBanner: true } },
      { filePath: CACHE_ENTRY, output: { noBanner: true }, libraries: { importedLibraries: [] } },
      { filePath: CREDENTIALS_ENTRY, output: { noBanner: true }, libraries: { importedLibraries: ['node'] } },
    ],
    { preferredConfigPath: path.join(ROOT, 'tsconfig.json') },
  );
  await fs.writeFile(path.join(outDir, 'index.d.ts'), dts ?? '');
  await fs.writeFile(path.join(outDir, 'index.d.cts'), dts ?? '');
  // The cache's declarations name CsmsError from the main entry's, not a copy.
  const cacheTypes = (cacheDts ?? '').replace(/^declare class CsmsError[\s\S]*?^}\n/m, '');
  await fs.writeFile(path.join(outDir, 'cache.d.ts'), `import { CsmsError } from './index.js';\n${cacheTypes}`);
  await fs.writeFile(path.join(outDir, 'cache.d.cts'), `import { CsmsError } from './index.cjs';\n${cacheTypes}`);
  // The providers' types are interfaces, structurally the same as the main entry's: no import needed.
  await fs.writeFile(path.join(outDir, 'credentials.d.ts'), credentialsDts ?? '');
  await fs.writeFile(path.join(outDir, 'credentials.d.cts'), credentialsDts ?? '');
  const old = `${target}.old-${process.pid}`;
  await fs.rename(target, old).catch(() => {});
  await fs.rename(outDir, target);
  await fs.rm(old, { recursive: true, force: true });
  return target;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await buildClient(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  const sizes = await Promise.all(
    ['index.js', 'index.cjs', 'index.d.ts'].map(async (f) => `${f} ${(await fs.stat(path.join(out, f))).size} B`),
  );
  console.log(`Built @csms-openapi/client into ${path.relative(process.cwd(), out)}/ (${sizes.join(', ')})`);
}
