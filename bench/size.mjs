// @ts-check
// Client size as an application bundles it: small apps importing the built package (dist/, as
// published), bundled by esbuild for the browser, minified, gzipped (level 9). openapi-fetch (the
// main entry's one dependency, for `csms.raw`) is left out of "our code" and measured alone.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ROOT } from '../scripts/lib/paths.mjs';
import { builtClientDir, loadNow } from './support.mjs';

/** min+gz of an app (its source given), bundled against the built client. */
async function gzipped(/** @type {string} */ contents, /** @type {string} */ resolveDir, external = ['openapi-fetch']) {
  const result = await build({
    stdin: { contents, resolveDir },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(/** @type {Uint8Array} */ (result.outputFiles?.[0]?.contents), { level: 9 }).length;
}

const OPTIONS = "projectId: '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b', region: 'cn-north-4'";

export async function sizeRows() {
  const dist = await builtClientDir();
  const openapiFetch = await gzipped('export { default } from "openapi-fetch";', ROOT, []);
  const main = `import { createCsmsClient } from './index.js'; export const csms = createCsmsClient({ ${OPTIONS}, credentials: { token: 't' } });`;
  const everyOperation = await gzipped(
    `import { createCsmsCore } from './core.js'; import { allOperations } from './operations.js';
export const csms = createCsmsCore({ ${OPTIONS}, credentials: { token: 't' }, operations: allOperations });`,
    dist,
  );
  const reader = (/** @type {string} */ credentials, /** @type {string} */ extra = '') =>
    gzipped(
      `import { createCsmsCore${extra} } from './core.js'; import { ShowSecretStage, ShowSecretVersion } from './operations.js';
import { createSecretCache } from './cache.js';
export const cache = createSecretCache(createCsmsCore({ ${OPTIONS}, credentials: ${credentials}, operations: [ShowSecretStage, ShowSecretVersion] }));`,
      dist,
    );
  const load = loadNow();
  const kB12 = { aim: 12 * 1024, aimIsAbsolute: true };
  return [
    {
      row: 'client with every operation, min+gz: @csms-openapi/client/core + allOperations, token (our code)',
      ours: everyOperation,
      unit: 'B',
      ...kB12,
    },
    {
      row: 'client main entry, min+gz: every operation, raw, paginate, AK/SK, providers (our code)',
      ours: await gzipped(main, dist),
      baseline: openapiFetch,
      unit: 'B',
      baselineName: 'openapi-fetch alone',
      ...kB12,
    },
    { row: 'client main entry, min+gz, with openapi-fetch', ours: await gzipped(main, dist, []), unit: 'B' },
    {
      row: 'an app that only reads values: core + ShowSecretStage + ShowSecretVersion + the cache, token, min+gz',
      ours: await reader("{ token: 't' }"),
      unit: 'B',
      aim: 6 * 1024,
      aimIsAbsolute: true,
    },
    { row: 'the same app with AK/SK (akSk()), min+gz', ours: await reader("akSk({ ak: 'a', sk: 's' })", ', akSk'), unit: 'B' },
    {
      row: 'secret cache size, min+gz (@csms-openapi/client/cache)',
      ours: await gzipped("export * from './cache.js';", dist),
      unit: 'B',
    },
  ].map((r) => ({ ...r, load }));
}
