// The `csms-mock` command as a process: a reader that goes away, credentials in its log, flags
// that are not what they look like, and a --spec that points at a file that is not a document.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePort } from '../src/process.js';
import { useScratchDir } from '../../../test/support/scratch.js';
import { startCli, stopCli as stop } from './helpers.js';

const BIN = path.join(import.meta.dirname, '../bin/csms-mock.js');
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';

/** Runs csms-mock to its end (or kills it after 15 s: a bad flag must not serve). */
function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { timeout: 15_000 }, (_error, _stdout, stderr) =>
      resolve({ code: child.exitCode, stderr }),
    );
  });
}

describe('a closed stdout or stderr', () => {
  it('does not stop csms-mock: requests after the reader went away get 200, and SIGTERM still exits 0', async () => {
    const run = await startCli(['--log-level', 'debug']);
    try {
      // As `csms-mock … 2>&1 | head -n 1` does once head has its line.
      const closed = [run.child.stdout!, run.child.stderr!].map((s) => new Promise((resolve) => s.once('close', resolve)));
      run.child.stdout!.destroy();
      run.child.stderr!.destroy();
      await Promise.all(closed);
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${run.url}/v1/${PROJECT}/secrets/test`, { headers: { 'X-Auth-Token': 'any' } }).catch(
          (e: Error) => `${e.message}: ${(e.cause as Error | undefined)?.message}`,
        );
        statuses.push(typeof res === 'string' ? res : res.status);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      expect(run.child.exitCode).toBeNull();
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      await stop(run);
    }
  });
});

describe('the debug log', () => {
  it('shows requests but never the token, the signature or the access key', async () => {
    const run = await startCli(['--log-level', 'debug']);
    // Made up here and never printed: the assertions below say only whether they appear.
    const token = `tok-${randomBytes(16).toString('hex')}`;
    const securityToken = `sts-${randomBytes(16).toString('hex')}`;
    const ak = `AK${randomBytes(8).toString('hex').toUpperCase()}`;
    const signature = randomBytes(32).toString('hex');
    try {
      const show = `${run.url}/v1/${PROJECT}/secrets/test`;
      const statuses = [
        (await fetch(show, { headers: { 'X-Auth-Token': token } })).status,
        (
          await fetch(`${show}/backup`, {
            method: 'POST',
            headers: {
              Authorization: `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=host;x-sdk-date, Signature=${signature}`,
              'X-Sdk-Date': '20240101T000000Z',
              'X-Security-Token': securityToken,
            },
          })
        ).status,
      ];
      expect(statuses.every((s) => s > 0)).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await stop(run);
    }
    const log = run.stderr();
    expect(log.split('\n').filter(Boolean).length, 'lines logged').toBeGreaterThan(5);
    // Prism answers the examples and never needs the credentials: none reach its log, not even redacted.
    expect(log).toContain('Responding with');
    expect(log).not.toMatch(/x-auth-token|authorization|x-security-token/i);
    const leaked = { token, securityToken, ak, signature };
    expect(
      Object.entries(leaked)
        .filter(([, value]) => log.includes(value))
        .map(([name]) => name),
    ).toEqual([]);
    expect(/[0-9a-f]{64}/.test(log), 'a 64-hex string in the log').toBe(false);
  });
});

describe('flags', () => {
  // One process each, in turn; parsePort's own test below has more values.
  it.each([[''], [' '], ['0x0'], ['1e3'], ['-0'], ['4010abc'], ['65536']])(
    '--port=%j exits 2 naming the flag, without listening',
    async (port) => {
      const { code, stderr } = await runCli([`--port=${port}`]);
      expect({ code, stderr }).toEqual({ code: 2, stderr: `csms-mock: --port ${JSON.stringify(port)} is not a port number (0-65535)\n` });
    },
  );

  it('parsePort takes decimal digits from 0 to 65535 only', () => {
    expect(['0', '80', '4010', '65535', '00080'].map(parsePort)).toEqual([0, 80, 4010, 65535, 80]);
    for (const bad of ['', ' ', ' 80', '80 ', '0x50', '1e3', '-0', '-1', '80.5', '65536', '٤٠١٠', '4010abc'])
      expect(parsePort(bad), bad).toBeUndefined();
  });

  const scratch = useScratchDir('csms-mock-process');

  it('a --spec that is not JSON is refused without quoting it, through a symlink too', async () => {
    const sentinel = `private-${randomBytes(8).toString('hex')}`;
    const file = path.join(scratch.dir, 'not-a-document');
    await fs.writeFile(file, `root:${sentinel}:0:0:root:/root:/bin/bash\n`);
    await fs.symlink(file, path.join(scratch.dir, 'openapi.json'));
    const truncated = path.join(scratch.dir, 'truncated.json');
    await fs.writeFile(truncated, `{"openapi": "3.1.0", "info": {"title": "${sentinel}"`);
    for (const spec of [path.join(scratch.dir, 'openapi.json'), file, truncated]) {
      const { code, stderr } = await runCli(['--port', '0', '--spec', spec]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^csms-mock: The OpenAPI document \S+ is not valid JSON( \(at position \d+\))?\.\n$/);
      expect(stderr.includes(sentinel) || stderr.includes('root') || stderr.includes('3.1.0'), 'the file quoted').toBe(false);
    }
  });
});
