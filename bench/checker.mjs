// @ts-check
// The client's response checker alone, against JSON.parse of the same text: a 1,000-secret
// ListSecrets page from the mock, checked 200 times a round, 15 rounds; prints the median ratio.
// Run by hand (`node bench/checker.mjs`); the README's "0.31–0.32× the time" JSON.parse takes is its figure.
import { build } from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startMock } from '@csms-openapi/mock';
import { ROOT, CACHE_DIR } from '../scripts/lib/paths.mjs';
const out = path.join(CACHE_DIR, 'checker-bench');
await build({
  entryPoints: [
    path.join(ROOT, 'packages/client/src/validate.ts'),
    path.join(ROOT, 'packages/client/src/table.ts'),
    path.join(ROOT, 'packages/client/src/input.ts'),
    path.join(ROOT, 'generated/client-operations.ts'),
    path.join(ROOT, 'packages/client/src/errors.ts'),
  ],
  outdir: out,
  outbase: ROOT,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const { mismatchOf } = await import(pathToFileURL(path.join(out, 'packages/client/src/validate.js')).href);
const { tableOperation } = await import(pathToFileURL(path.join(out, 'packages/client/src/table.js')).href);
const ops = await import(pathToFileURL(path.join(out, 'generated/client-operations.js')).href);
const op = tableOperation(ops.ListSecrets);
const mock = await startMock({
  secrets: Array.from({ length: 1000 }, (_, i) => ({ name: `secret-${i}`, description: `d ${i}` })),
  tokens: ['t'],
});
const page = await (
  await fetch(`${mock.url}/v1/0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b/secrets?limit=1000`, { headers: { 'X-Auth-Token': 't' } })
).json();
await mock.close();
const check = mismatchOf(op.response);
if (check(page) !== undefined) throw new Error(check(page));
const text = JSON.stringify(page);
const ratios = [];
for (let r = 0; r < 15; r++) {
  let t0 = performance.now();
  for (let i = 0; i < 200; i++) check(page);
  const v = (performance.now() - t0) / 200;
  t0 = performance.now();
  for (let i = 0; i < 200; i++) JSON.parse(text);
  const p = (performance.now() - t0) / 200;
  ratios.push(v / p);
}
ratios.sort((a, b) => a - b);
console.log('median check/parse', (ratios[7] ?? Number.NaN).toFixed(3));
process.exit(0);
