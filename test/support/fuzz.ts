// fast-check settings shared by the fuzz tests: a bounded number of runs (FUZZ_RUNS to change it)
// and a seed that can be replayed: fixed under CI, so a CI failure repeats as it happened; random
// elsewhere, and printed, so more inputs get tried over time; FUZZ_SEED sets it. fast-check prints
// seed and path on failure.
import { randomInt } from 'node:crypto';
import fc from 'fast-check';

/** The seed under CI (the CI variable, which GitHub Actions, GitLab CI and most runners set). */
export const CI_SEED = 20_251_125;

/** Under CI: the CI variable set to anything but empty, 0 or false. */
export const onCi = (env: NodeJS.ProcessEnv = process.env) =>
  env.CI !== undefined && !['', '0', 'false'].includes(env.CI.trim().toLowerCase());

/** FUZZ_SEED when set (an integer), else CI_SEED under CI, else a random one. */
export function chooseSeed(env: NodeJS.ProcessEnv = process.env): { seed: number; source: 'FUZZ_SEED' | 'CI' | 'random' } {
  const given = env.FUZZ_SEED?.trim();
  if (given) {
    if (!/^-?\d{1,10}$/.test(given))
      throw new Error(`FUZZ_SEED must be an integer (a seed a fuzz run printed), not ${JSON.stringify(given.slice(0, 40))}`);
    return { seed: Number(given), source: 'FUZZ_SEED' };
  }
  if (onCi(env)) return { seed: CI_SEED, source: 'CI' };
  return { seed: randomInt(2 ** 31), source: 'random' };
}

const chosen = chooseSeed();
export const FUZZ_SEED = chosen.seed;
/** Printed straight to stdout, past any console spy, so a failing run can be replayed. */
export const announceSeed = () =>
  process.stdout.write(
    `fuzz seed ${FUZZ_SEED} (${chosen.source === 'random' ? 'random' : chosen.source === 'CI' ? 'fixed under CI' : 'from FUZZ_SEED'}; replay with FUZZ_SEED=${FUZZ_SEED})\n`,
  );
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

/** Printable ASCII, as a header value may hold it. */
export const headerSafe = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });

/**
 * A request body as text: JSON of any shape, objects with the given keys and odd values (empty,
 * huge, wrong types), and text that is not JSON at all.
 */
export const jsonBody = (keys: string[]) =>
  fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc
      .dictionary(
        fc.constantFrom(...keys, 'other'),
        fc.oneof(fc.string({ maxLength: 40 }), fc.constant(''), fc.constant('x'.repeat(100_000)), fc.integer(), fc.constant(null)),
        { maxKeys: 3 },
      )
      .map((o) => JSON.stringify(o)),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('', '{', '[]', 'null', '{"a":', '\u0000'),
  );
