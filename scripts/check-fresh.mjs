// @ts-check
// Is generated/ (or the folder given) what `npm run build` would write? Exit 1 naming each stale file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { buildInto, BuildError } from './lib/pipeline.mjs';
import { findStale } from './lib/freshness.mjs';
import { CACHE_DIR, GENERATED_DIR } from './lib/paths.mjs';

export async function checkFresh(committedDir = GENERATED_DIR) {
  const scratch = await fs.mkdtemp(path.join(await fs.mkdir(CACHE_DIR, { recursive: true }).then(() => CACHE_DIR), 'check-'));
  try {
    await buildInto(scratch);
    return await findStale(scratch, committedDir);
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? GENERATED_DIR);
  try {
    const problems = await checkFresh(dir);
    if (problems.length > 0) {
      for (const p of problems) console.error(`${path.relative(process.cwd(), path.join(dir, p.file))}: ${p.problem}`);
      console.error('generated/ is out of date: run `npm run build` and commit the result.');
      process.exit(1);
    }
    console.log('generated/ is up to date');
  } catch (err) {
    if (!(err instanceof BuildError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
