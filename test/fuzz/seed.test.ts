// The fuzz seed (test/support/fuzz.ts): fixed under CI so a CI failure can be replayed as it
// happened, random elsewhere, FUZZ_SEED over both (issue 25).
import { afterEach, describe, expect, it, vi } from 'vitest';

/** The module loaded afresh under `env` (its seed is chosen when it loads). */
async function load(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import('../support/fuzz.js');
}
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the fuzz seed', () => {
  it('under CI (CI=true, as GitHub Actions sets it) is the same on every load: a CI run can be replayed', async () => {
    const first = await load({ CI: 'true', FUZZ_SEED: undefined });
    const second = await load({ CI: 'true', FUZZ_SEED: undefined });
    expect(second.FUZZ_SEED).toBe(first.FUZZ_SEED);
    expect(first.FUZZ_SEED).toBe(20_251_125);
    expect(first.fuzzOptions(10)).toMatchObject({ seed: 20_251_125, numRuns: 10 });
  });

  it('FUZZ_SEED replays a printed seed, under CI or not', async () => {
    expect((await load({ CI: 'true', FUZZ_SEED: '123456789' })).FUZZ_SEED).toBe(123_456_789);
    expect((await load({ CI: undefined, FUZZ_SEED: ' -42 ' })).FUZZ_SEED).toBe(-42);
  });

  it('elsewhere (CI unset, empty, false or 0) is random: an integer below 2^31, a different one per load', async () => {
    const seeds: number[] = [];
    for (const ci of [undefined, '', 'false', '0', undefined, undefined])
      seeds.push((await load({ CI: ci, FUZZ_SEED: undefined })).FUZZ_SEED);
    for (const seed of seeds) expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31, String(seed)).toBe(true);
    // Six draws from 2^31 values: all equal only if the seed were not random (chance 2^-155).
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('a FUZZ_SEED that is not an integer stops the run with a message naming it', async () => {
    const { chooseSeed } = await load({});
    for (const bad of ['abc', '1.5', '1e9', '0x10', '99999999999'])
      expect(() => chooseSeed({ FUZZ_SEED: bad }), bad).toThrow(`FUZZ_SEED must be an integer (a seed a fuzz run printed), not "${bad}"`);
  });

  it('announces where the seed came from', async () => {
    const { announceSeed } = await load({ CI: 'true', FUZZ_SEED: undefined });
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      announceSeed();
      expect(write).toHaveBeenCalledWith('fuzz seed 20251125 (fixed under CI; replay with FUZZ_SEED=20251125)\n');
    } finally {
      write.mockRestore();
    }
  });
});
