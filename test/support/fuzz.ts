// fast-check settings shared by the fuzz tests: a bounded number of runs (FUZZ_RUNS to change it)
// and a seed that can be replayed (FUZZ_SEED); fast-check prints seed and path on failure.
import fc from 'fast-check';

export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 2 ** 31);
/** Printed straight to stdout, past any console spy, so a failing run can be replayed. */
export const announceSeed = () => process.stdout.write(`fuzz seed ${FUZZ_SEED} (replay with FUZZ_SEED=${FUZZ_SEED})\n`);
export const runs = (fallback: number) => (process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : fallback);
export const fuzzOptions = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: runs(numRuns), seed: FUZZ_SEED, endOnFailure: true });

/** Strings a user might pass by mistake or malice: path tricks, percent signs, unicode, lengths. */
export const awkwardString = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom('a', 'Z', '9', '_', '-', '.', '/', '\\', '%', '2', 'F', ' ', 'é', '\u0000', '?', '#', '\u{1F600}'),
    maxLength: 70,
  }),
  fc.constantFrom(
    '',
    '.',
    '..',
    '/',
    '%',
    '%2F',
    '%2e%2e',
    'a/b',
    '../x',
    './x',
    'x'.repeat(64),
    'x'.repeat(65),
    'x'.repeat(1000),
    '%00',
    'a%20b',
    'test',
  ),
);
