// @ts-check
// `npm run build`: lint the spec and regenerate generated/ (bundle, types, docs), and the README's
// list of operations.
// Builds into a scratch folder first, so a failed lint leaves generated/ as it was.
import fs from 'node:fs/promises';
import path from 'node:path';
import { buildInto, BuildError } from './lib/pipeline.mjs';
import { CACHE_DIR, GENERATED_DIR, GENERATED_FILES } from './lib/paths.mjs';
import { writeReadmeOperations } from './lib/readme-operations.mjs';

const scratch = path.join(CACHE_DIR, 'build');
await fs.rm(scratch, { recursive: true, force: true });
try {
  console.log('Building generated/ from openapi/');
  await buildInto(scratch, { log: console.log });
} catch (err) {
  if (!(err instanceof BuildError)) throw err;
  console.error(`\n${err.message}\n\nBuild failed; generated/ is unchanged.`);
  process.exit(1);
}
await fs.rm(GENERATED_DIR, { recursive: true, force: true });
for (const file of GENERATED_FILES) {
  await fs.mkdir(path.dirname(path.join(GENERATED_DIR, file)), { recursive: true });
  await fs.copyFile(path.join(scratch, file), path.join(GENERATED_DIR, file));
}
console.log(`Wrote ${GENERATED_FILES.map((f) => `generated/${f}`).join(', ')}`);
// The README's list of operations comes from the same document.
if (await writeReadmeOperations(JSON.parse(await fs.readFile(path.join(GENERATED_DIR, 'openapi.json'), 'utf8'))))
  console.log('Wrote the list of operations in README.md');
