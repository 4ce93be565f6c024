// A scratch folder for one test file, inside the repository's cache (so `@csms-openapi/*` and
// other packages resolve from node_modules as they would for a user), removed after the file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { CACHE_DIR } from '../../scripts/lib/paths.mjs';

/** Registers beforeAll/afterAll; the folder's path is `scratch.dir` once the suite runs. */
export function useScratchDir(prefix: string): { dir: string } {
  const scratch = { dir: '' };
  beforeAll(async () => {
    await fs.mkdir(CACHE_DIR, { recursive: true });
    scratch.dir = await fs.mkdtemp(path.join(CACHE_DIR, `${prefix}-`));
  });
  afterAll(async () => {
    if (scratch.dir) await fs.rm(scratch.dir, { recursive: true, force: true });
  });
  return scratch;
}
