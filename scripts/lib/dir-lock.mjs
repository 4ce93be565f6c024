// @ts-check
// A lock between processes: a directory, made atomically, with the holder's pid inside, so that a
// lock left by a process that was killed (Ctrl-C mid-build) is taken over instead of waited on.
import fs from 'node:fs/promises';
import path from 'node:path';

/** Whether a process with this pid is running (EPERM: it is, as another user). @param {number} pid */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM';
  }
}

/**
 * Takes the lock `dir`, waiting while a live process holds it. Resolves true once taken; with
 * `untilReleased`, false as soon as another holder lets go (the caller may find its work done).
 * @param {string} dir @param {{ pollMs?: number, untilReleased?: boolean }} [options]
 */
export async function takeLock(dir, { pollMs = 200, untilReleased = false } = {}) {
  await fs.mkdir(path.dirname(dir), { recursive: true });
  /** Whether a live holder was waited on (since the last dead one was cleared). */
  let waited = false;
  for (;;) {
    try {
      await fs.mkdir(dir);
      // The holder let go after the last look and before this mkdir: that is a release too, which
      // untilReleased answers (false), so the lock just made is given back at once.
      if (untilReleased && waited) {
        await fs.rmdir(dir);
        return false;
      }
      await fs.writeFile(path.join(dir, 'pid'), String(process.pid));
      return true;
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EEXIST') throw e;
    }
    const held = await fs.stat(dir).catch(() => null);
    if (!held) continue;
    const owner = Number(await fs.readFile(path.join(dir, 'pid'), 'utf8').catch(() => ''));
    // A killed holder's pid is gone; one that never wrote its pid is taken as dead after a minute.
    const dead = owner > 0 ? !alive(owner) : Date.now() - held.mtimeMs > 60_000;
    if (dead) {
      await fs.rm(dir, { recursive: true, force: true });
      waited = false;
    } else {
      waited = true;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      if (untilReleased && !(await fs.stat(dir).catch(() => null))) return false;
    }
  }
}
