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
/** `@csms-openapi/client/core`: a client of the operations named, without raw, paging or a signer unless asked for. */
export const CORE_ENTRY = path.join(CLIENT_DIR, 'src/core.ts');
/** `@csms-openapi/client/operations`: one export per operation, for the core client. */
export const OPERATIONS_ENTRY = path.join(CLIENT_DIR, 'src/operations.ts');
/** dist/errors.js: CsmsError (and the redaction it uses), one copy that every entry imports. */
export const ERRORS_ENTRY = path.join(CLIENT_DIR, 'src/errors.ts');

/**
 * Every entry imports the error class from dist/errors.js instead of bundling a copy: one
 * CsmsError, so `instanceof` holds across them, and an application that imports only the core
 * client and the cache bundles none of the main entry.
 * @param {string} file the shared file, relative to the entries (`./errors.js`, `./errors.cjs`)
 * @returns {import('esbuild').Plugin}
 */
export const sharedErrors = (file) => ({
  name: 'shared-errors',
  setup(b) {
    b.onResolve({ filter: /^\.\/errors\.js$/ }, () => ({ path: file, external: true }));
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

/**
 * @param {string} [target]
 * @param {{ types?: boolean }} [options] types: false skips the declarations (the benchmarks run
 *   the JavaScript only, and dts-bundle-generator is most of a build's 9 s)
 */
export async function buildClient(target = path.join(CLIENT_DIR, 'dist'), { types = true } = {}) {
  // Built beside the target and swapped in at the end, so a process reading dist/ meanwhile (a
  // second test run, a packed install) never sees half a build.
  const outDir = `${target}.building-${process.pid}`;
  await fs.rm(outDir, { recursive: true, force: true });
  const options = await clientBuildOptions();
  // node:fs, node:os and node:path stay imports of the runtime (credentials).
  const entries = [
    { name: 'index', entry: CLIENT_ENTRY },
    { name: 'cache', entry: CACHE_ENTRY },
    { name: 'credentials', entry: CREDENTIALS_ENTRY, platform: /** @type {const} */ ('node') },
    { name: 'core', entry: CORE_ENTRY },
    { name: 'operations', entry: OPERATIONS_ENTRY },
  ];
  await Promise.all([
    build({ ...options, entryPoints: [ERRORS_ENTRY], outfile: path.join(outDir, 'errors.js') }),
    build({
      ...options,
      entryPoints: [ERRORS_ENTRY],
      format: 'cjs',
      platform: 'node',
      outfile: path.join(outDir, 'errors.cjs'),
    }),
    ...entries.flatMap(({ name, entry, platform }) => [
      build({
        ...options,
        entryPoints: [entry],
        ...(platform ? { platform } : {}),
        outfile: path.join(outDir, `${name}.js`),
        plugins: [sharedErrors('./errors.js')],
      }),
      // For require(): Node 20.19+ could load the ESM file too, but bundlers and TypeScript's
      // node16 resolution want a CommonJS file behind the "require" condition.
      build({
        ...options,
        entryPoints: [entry],
        format: 'cjs',
        platform: 'node',
        outfile: path.join(outDir, `${name}.cjs`),
        plugins: [sharedErrors('./errors.cjs')],
      }),
    ]),
  ]);
  if (types) await writeDeclarations(outDir);
  const old = `${target}.old-${process.pid}`;
  await fs.rename(target, old).catch(() => {});
  await fs.rename(outDir, target);
  await fs.rm(old, { recursive: true, force: true });
  return target;
}

/** The entries' .d.ts and .d.cts, the generated types inlined. @param {string} outDir */
async function writeDeclarations(outDir) {
  const [dts, cacheDts, credentialsDts, coreDts, operationsDts] = generateDtsBundle(
    [
      { filePath: CLIENT_ENTRY, output: { noBanner: true } },
      { filePath: CACHE_ENTRY, output: { noBanner: true }, libraries: { importedLibraries: [] } },
      { filePath: CREDENTIALS_ENTRY, output: { noBanner: true }, libraries: { importedLibraries: ['node'] } },
      { filePath: CORE_ENTRY, output: { noBanner: true }, libraries: { importedLibraries: [] } },
      { filePath: OPERATIONS_ENTRY, output: { noBanner: true }, libraries: { importedLibraries: [] } },
    ],
    { preferredConfigPath: path.join(ROOT, 'tsconfig.json') },
  );
  await fs.writeFile(path.join(outDir, 'index.d.ts'), dts ?? '');
  await fs.writeFile(path.join(outDir, 'index.d.cts'), dts ?? '');
  // The cache's and the core client's declarations name CsmsError from the main entry's, not a copy.
  const withoutErrorClass = (/** @type {string | undefined} */ d) => (d ?? '').replace(/^declare class CsmsError[\s\S]*?^}\n/m, '');
  for (const [name, d] of /** @type {const} */ ([
    ['cache', cacheDts],
    ['core', coreDts],
  ])) {
    const types = withoutErrorClass(d);
    const uses = /\bCsmsError\b/.test(types);
    await fs.writeFile(path.join(outDir, `${name}.d.ts`), `${uses ? "import { CsmsError } from './index.js';\n" : ''}${types}`);
    await fs.writeFile(path.join(outDir, `${name}.d.cts`), `${uses ? "import { CsmsError } from './index.cjs';\n" : ''}${types}`);
  }
  // The providers' types are interfaces, structurally the same as the main entry's: no import needed.
  await fs.writeFile(path.join(outDir, 'credentials.d.ts'), credentialsDts ?? '');
  await fs.writeFile(path.join(outDir, 'credentials.d.cts'), credentialsDts ?? '');
  await fs.writeFile(path.join(outDir, 'operations.d.ts'), operationsDts ?? '');
  await fs.writeFile(path.join(outDir, 'operations.d.cts'), operationsDts ?? '');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await buildClient(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  const sizes = await Promise.all(
    ['index.js', 'index.cjs', 'index.d.ts'].map(async (f) => `${f} ${(await fs.stat(path.join(out, f))).size} B`),
  );
  console.log(`Built @csms-openapi/client into ${path.relative(process.cwd(), out)}/ (${sizes.join(', ')})`);
}
