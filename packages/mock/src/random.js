// @ts-check
// The mock's one seeded generator (mulberry32): what the mock draws — which requests a fault
// `rate` fails, the characters of a generated password — repeats exactly for the same `seed`, so
// a test run (and two mocks with one config) sees the same answers. A test double's
// reproducibility, not a source of secrets.

/** @param {number} seed @returns {() => number} a number in [0, 1) per call */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n) from a generator. @param {() => number} random @param {number} n */
export const randomBelow = (random, n) => Math.floor(random() * n);
