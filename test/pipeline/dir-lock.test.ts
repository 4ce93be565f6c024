// The lock that keeps two packs, or two oasdiff builds, from running at once: taken when free,
// waited on while a live process holds it, taken over when its holder died (its pid is gone).
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeLock } from '../../scripts/lib/dir-lock.mjs';

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});
const scratch = async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'csms-lock-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'the.lock');
};

/** A pid that no running process has: a child that has exited. */
async function deadPid() {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

describe('takeLock', () => {
  it('takes a free lock (making its parent folder) and writes its own pid into it', async () => {
    const lock = await scratch();
    expect(await takeLock(lock)).toBe(true);
    expect(await fs.readFile(path.join(lock, 'pid'), 'utf8')).toBe(String(process.pid));
  });

  it('takes over a lock whose holder has died', async () => {
    const lock = await scratch();
    await fs.mkdir(lock, { recursive: true });
    await fs.writeFile(path.join(lock, 'pid'), String(await deadPid()));
    expect(await takeLock(lock, { pollMs: 10 })).toBe(true);
    expect(await fs.readFile(path.join(lock, 'pid'), 'utf8')).toBe(String(process.pid));
  });

  it('waits while a live process holds it; untilReleased answers false once the holder lets go', async () => {
    const lock = await scratch();
    await fs.mkdir(lock, { recursive: true });
    // This process is alive: the lock is held until the folder goes.
    await fs.writeFile(path.join(lock, 'pid'), String(process.pid));
    let settled: boolean | undefined;
    const waiting = takeLock(lock, { pollMs: 10, untilReleased: true }).then((taken) => {
      settled = taken;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBeUndefined();
    await fs.rm(lock, { recursive: true });
    await waiting;
    expect(settled).toBe(false);
    // Without untilReleased, the lock is then taken.
    await fs.mkdir(lock, { recursive: true });
    await fs.writeFile(path.join(lock, 'pid'), String(process.pid));
    const taking = takeLock(lock, { pollMs: 10 });
    await fs.rm(lock, { recursive: true });
    expect(await taking).toBe(true);
  });

  it('answers false under untilReleased when the holder lets go between a look and the next try', async () => {
    const lock = await scratch();
    await fs.mkdir(lock, { recursive: true });
    await fs.writeFile(path.join(lock, 'pid'), String(process.pid));
    // The waiter's second look at the lock (the one after its first wait) still finds it, and
    // the holder lets go right after: the waiter's next mkdir then succeeds.
    const stat = fs.stat.bind(fs);
    let looks = 0;
    vi.spyOn(fs, 'stat').mockImplementation(async (file, ...rest) => {
      const found = await stat(file, ...rest);
      if (file === lock && ++looks === 2) await fs.rm(lock, { recursive: true });
      return found;
    });
    expect(await takeLock(lock, { pollMs: 1, untilReleased: true })).toBe(false);
    expect(looks).toBe(2);
    // The lock made by that mkdir was given back.
    await expect(fs.stat(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
