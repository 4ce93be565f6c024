// @ts-check
// `npm run check`, the quick gate: format and lint (Biome), spec lint (inside the fresh build),
// generated/ freshness (and the README's list of operations), `tsc --noEmit` and the breaking-change gate (oasdiff against the newest
// release in releases/), all in parallel.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkFresh } from './check-fresh.mjs';
import { checkRelease, GateError } from './lib/breaking.mjs';
import { OasdiffUnavailableError } from './lib/oasdiff.mjs';
import { BuildError } from './lib/pipeline.mjs';
import { GENERATED_DIR, ROOT } from './lib/paths.mjs';
import { readmeOperationsFresh } from './lib/readme-operations.mjs';

const t0 = performance.now();
const tsc = promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', ROOT])
  .then(() => null)
  .catch((/** @type {{ stdout?: string }} */ e) => `tsc --noEmit failed:\n${e.stdout ?? e}`);
const biome = promisify(execFile)(
  process.execPath,
  [path.join(ROOT, 'node_modules/@biomejs/biome/bin/biome'), 'check', '--colors=off', ROOT],
  { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
)
  .then(() => null)
  .catch(
    (/** @type {{ stdout?: string, stderr?: string }} */ e) =>
      `biome check failed (\`npm run format\` fixes what it can):\n${e.stdout ?? ''}${e.stderr ?? e}`,
  );
const fresh = checkFresh()
  .then((problems) =>
    problems.length === 0
      ? null
      : `${problems.map((p) => `generated/${p.file}: ${p.problem}`).join('\n')}\ngenerated/ is out of date: run \`npm run build\` and commit the result.`,
  )
  .catch((err) => {
    if (err instanceof BuildError) return err.message;
    throw err;
  });
const readme = fs
  .readFile(path.join(GENERATED_DIR, 'openapi.json'), 'utf8')
  .then((text) => readmeOperationsFresh(JSON.parse(text)))
  .then((ok) => (ok ? null : "README.md's list of operations is not what the document says: run `npm run build` and commit the result."));
const release = checkRelease()
  .then((r) => r.message)
  .catch((err) => {
    if (err instanceof GateError || err instanceof OasdiffUnavailableError) return `Breaking-change gate: ${err.message}`;
    throw err;
  });
const failures = (await Promise.all([biome, fresh, readme, tsc, release])).filter((f) => f !== null);
const seconds = ((performance.now() - t0) / 1000).toFixed(1);
if (failures.length > 0) {
  console.error(`${failures.join('\n\n')}\n\ncheck failed (${seconds} s)`);
  process.exit(1);
}
console.log(
  `check passed: format and lint clean, spec lint clean, generated/ fresh, types OK, no unannounced breaking change (${seconds} s)`,
);
