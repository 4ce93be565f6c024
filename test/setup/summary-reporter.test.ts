// The closing line CI reads, from real vitest runs of small fixture suites.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/paths.mjs';

function run(fixture: string, env: Record<string, string | undefined> = {}) {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', path.join(import.meta.dirname, 'fixtures/vitest.config.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, FIXTURE: fixture, NO_COLOR: '1', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  const summary = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/m.exec(result.stdout);
  return { status: result.status, summary: summary?.[0], output: result.stdout + result.stderr };
}

describe('summary reporter', () => {
  it.each([
    ['counts a failed beforeAll as a failure, not as skipped tests', 'failing-hook.fixture.ts', 1, '1 passed, 1 failed, 2 skipped'],
    ['counts an unhandled error as a failure', 'unhandled.fixture.ts', 1, '1 passed, 1 failed'],
    ['counts a file that fails to load as a failure', 'broken-import.fixture.ts', 1, '0 passed, 1 failed'],
    ['says 0 failed only for a run that passed', 'passing.fixture.ts', 0, '1 passed, 0 failed, 1 skipped'],
  ])('%s', (_name, fixture, exitCode, line) => {
    const { status, summary, output } = run(fixture);
    expect(status, output).toBe(exitCode);
    expect(summary).toBe(line);
  });
});

describe('a check that could not run here', () => {
  it('is repeated after the summary line, loudly, and does not fail the run', () => {
    const { status, summary, output } = run('not-run.fixture.ts');
    expect(status, output).toBe(0);
    expect(summary).toBe('1 passed, 0 failed, 1 skipped');
    expect(output.slice(output.indexOf(summary!))).toContain('\n!!! The check did NOT run: a tool is missing.\n!!! Install the tool.\n');
  });

  // The real gate's file, with no `go` on PATH and an empty cache (no oasdiff built before).
  const withoutGo = async (env: Record<string, string | undefined>) => {
    const cache = await fs.mkdtemp(path.join(os.tmpdir(), 'csms-no-go-'));
    const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => !existsSync(path.join(d, 'go')));
    try {
      return run('test/pipeline/breaking-change.test.ts', {
        FIXTURE_ROOT: ROOT,
        PATH: dirs.join(path.delimiter),
        XDG_CACHE_HOME: cache,
        ...env,
      });
    } finally {
      await fs.rm(cache, { recursive: true, force: true });
    }
  };

  it('without Go, npm test skips the breaking-change gate and ends saying it did NOT run and how to install Go', async () => {
    const { status, summary, output } = await withoutGo({ CI: undefined });
    expect(status, output).toBe(0);
    expect(summary).toMatch(/^0 passed, 0 failed, \d+ skipped$/);
    const end = output.slice(output.indexOf(summary!));
    expect(end).toContain('!!! The breaking-change gate did NOT run: `go` was not found on PATH.\n');
    expect(end).toMatch(/!!! Install Go \d+\.\d+(?:\.\d+)? or later \(https:\/\/go\.dev\/dl\/\)/);
  }, 120_000);

  it('under CI=true, a missing Go fails the run', async () => {
    const { status, summary, output } = await withoutGo({ CI: 'true' });
    expect(status, output).toBe(1);
    expect(summary).toMatch(/^0 passed, 1 failed/);
    expect(output).not.toContain('did NOT run');
  }, 120_000);
});
