// Ends the run with one plain "N passed, N failed" line (", N skipped" when any), which CI reads.
// It must never say "0 failed" for a run that failed: a file that did not load, a failed hook
// (its tests count as skipped in vitest) and an unhandled error each count as one failure.
// A suite that could not run here (the breaking-change gate without Go) skips its tests with a
// note starting with NOT_RUN; each such note is repeated after that line, loudly, once.
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

/** How a skip note starts when a whole check did not run and the run must say so at its end. */
export const NOT_RUN = 'NOT RUN: ';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = [], reason?: TestRunEndReason) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const notRun = new Set<string>();
    for (const module of testModules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') counts.passed++;
        else if (result.state === 'failed') failedTests++;
        else counts.skipped++;
        if (result.state === 'skipped' && result.note?.startsWith(NOT_RUN)) notRun.add(result.note.slice(NOT_RUN.length));
      }
      counts.failed += failedTests;
      // The module failed without a failed test: its file or one of its suites' hooks threw.
      if (module.state() === 'failed' && failedTests === 0) counts.failed++;
    }
    // Vitest also hands reporters type errors found outside test files, without failing the run
    // for them (`npm run check` does); every other unhandled error fails the run.
    counts.failed += unhandledErrors.filter((e) => e.name !== 'TypeCheckError').length;
    if (reason === 'failed' && counts.failed === 0) counts.failed = 1;
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed${skipped}\n`);
    for (const note of notRun) {
      const [first, ...rest] = note.split('\n');
      process.stdout.write(`\n!!! ${first}\n${rest.map((line) => `!!! ${line}\n`).join('')}`);
    }
  }
}
