// @ts-check
// Client size as shipped to a browser bundle: esbuild, minified, gzipped (level 9).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { CACHE_ENTRY, clientBuildOptions } from '../scripts/build-client.mjs';
import { ROOT } from '../scripts/lib/paths.mjs';

/** @param {import('esbuild').BuildOptions} options */
async function gzipped(options) {
  const result = await build({ ...options, minify: true, write: false, logLevel: 'silent' });
  return gzipSync(/** @type {Uint8Array} */ (result.outputFiles?.[0]?.contents), { level: 9 }).length;
}

export async function sizeRows() {
  const options = await clientBuildOptions();
  const ours = await gzipped(options);
  const withFetch = await gzipped({ ...options, external: [] });
  const openapiFetch = await gzipped({
    stdin: { contents: 'export { default } from "openapi-fetch";', resolveDir: ROOT },
    bundle: true,
    format: 'esm',
  });
  // The cache's entry, its import of the client's errors left out as in the published build.
  const cache = await gzipped({ ...options, entryPoints: [CACHE_ENTRY], external: ['openapi-fetch', './errors.js'] });
  return [
    {
      row: 'client size, min+gz, our code (seven operations, auth, retries, paging, checks)',
      ours,
      baseline: openapiFetch,
      unit: 'B',
      aim: 6144,
      aimIsAbsolute: true,
      baselineName: 'openapi-fetch alone',
    },
    {
      row: 'client size, min+gz, with openapi-fetch',
      ours: withFetch,
      baseline: openapiFetch,
      unit: 'B',
      baselineName: 'openapi-fetch alone',
    },
    { row: 'secret cache size, min+gz (@csms-openapi/client/cache)', ours: cache, unit: 'B' },
  ];
}
