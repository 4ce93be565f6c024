// @ts-check
// generated/ is committed; it is fresh when it holds exactly what a build writes, byte for byte.
import fs from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_FILES } from './paths.mjs';

/** @param {string} dir @returns {Promise<string[]>} files under dir, relative, '/'-separated */
async function listFiles(dir) {
  try {
    const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) =>
        path
          .relative(dir, path.join(e.parentPath ?? e.path, e.name))
          .split(path.sep)
          .join('/'),
      )
      .sort();
  } catch {
    return [];
  }
}

/**
 * Compares a fresh build with the committed folder.
 * @param {string} builtDir a fresh `buildInto` output
 * @param {string} committedDir usually generated/
 * @returns {Promise<{ file: string, problem: 'missing' | 'stale' | 'not generated' }[]>}
 */
export async function findStale(builtDir, committedDir) {
  /** @type {{ file: string, problem: 'missing' | 'stale' | 'not generated' }[]} */
  const problems = [];
  for (const file of GENERATED_FILES) {
    const [built, committed] = await Promise.all([
      fs.readFile(path.join(builtDir, file)),
      fs.readFile(path.join(committedDir, file)).catch(() => null),
    ]);
    if (committed === null) problems.push({ file, problem: 'missing' });
    else if (!built.equals(committed)) problems.push({ file, problem: 'stale' });
  }
  for (const file of await listFiles(committedDir)) {
    if (!GENERATED_FILES.includes(file)) problems.push({ file, problem: 'not generated' });
  }
  return problems;
}
