// The closing line CI reads, from real vitest runs of small fixture suites.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/paths.mjs';

function run(fixture: string) {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', path.join(import.meta.dirname, 'fixtures/vitest.config.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, FIXTURE: fixture, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
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
