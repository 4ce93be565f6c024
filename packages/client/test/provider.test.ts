// memoizeCredentials, the one refresh engine behind every provider: when it fetches (a clock the
// test moves), that concurrent callers share one fetch, what happens when a fetch fails, and that
// the credentials it hands out never print their secret parts.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CsmsError, memoizeCredentials, type ProvidedCredentials } from '../src/index.js';
import { deferred } from './support/counted.js';
import { leakCapture } from './support/leaks.js';

const SK = 'provider-test-SECRET-key-7f3a9c';
const TOKEN = 'provider-test-SECURITY-token-b81e44';
const MINUTE = 60_000;

/** A source that counts its calls and hands out numbered keys expiring `lifeMs` after the clock. */
function numberedSource(clock: { t: number }, lifeMs: number | undefined) {
  const source = Object.assign(
    async (): Promise<ProvidedCredentials> => {
      source.calls++;
      return {
        ak: `AK${source.calls}`,
        sk: `${SK}-${source.calls}`,
        securityToken: TOKEN,
        expiresAt: lifeMs === undefined ? undefined : clock.t + lifeMs,
      };
    },
    { calls: 0 },
  );
  return source;
}

describe('memoizeCredentials: when it fetches', () => {
  it('keeps the credentials until refreshAheadMs before they expire, then fetches once', async () => {
    const clock = { t: 1_000_000 };
    const source = numberedSource(clock, 120 * MINUTE);
    const provider = memoizeCredentials(source, { refreshAheadMs: 40 * MINUTE, now: () => clock.t });
    expect(provider.peek()).toBeUndefined();
    expect((await provider()).ak).toBe('AK1');
    clock.t += 80 * MINUTE - 1; // 40 minutes and 1 ms left: still fresh
    expect(provider.peek()?.ak).toBe('AK1');
    expect((await provider()).ak).toBe('AK1');
    clock.t += 1; // exactly 40 minutes left: due
    expect(provider.peek()).toBeUndefined();
    expect((await provider()).ak).toBe('AK2');
    expect(source.calls).toBe(2);
  });

  it('refreshes short-lived credentials at half their lifetime, not on every call', async () => {
    const clock = { t: 5_000 };
    const source = numberedSource(clock, 2_000); // a test mock's 2 s keys, against a 40-minute default
    const provider = memoizeCredentials(source, { now: () => clock.t });
    await provider();
    clock.t += 999;
    await provider();
    expect(source.calls).toBe(1);
    clock.t += 1;
    expect((await provider()).ak).toBe('AK2');
    expect(source.calls).toBe(2);
  });

  it('never fetches again credentials without expiresAt, unless asked to refresh', async () => {
    const clock = { t: 0 };
    const source = numberedSource(clock, undefined);
    const provider = memoizeCredentials(source, { now: () => clock.t });
    await provider();
    clock.t += 10 * 365 * 24 * 60 * MINUTE;
    expect((await provider()).ak).toBe('AK1');
    expect((await provider.refresh()).ak).toBe('AK2');
    expect(source.calls).toBe(2);
  });

  it('100 callers of a cold or due provider share one fetch', async () => {
    const clock = { t: 0 };
    const gate = deferred();
    const source = Object.assign(
      async () => {
        source.calls++;
        await gate.promise;
        return { ak: `AK${source.calls}`, sk: SK, expiresAt: clock.t + 10 * MINUTE };
      },
      { calls: 0 },
    );
    const provider = memoizeCredentials(source, { refreshAheadMs: MINUTE, now: () => clock.t });
    const first = Array.from({ length: 100 }, () => provider());
    gate.resolve();
    expect(new Set((await Promise.all(first)).map((c) => c.ak))).toEqual(new Set(['AK1']));
    expect(source.calls).toBe(1);
    clock.t += 9 * MINUTE; // due
    const second = await Promise.all(Array.from({ length: 100 }, () => provider()));
    expect(new Set(second.map((c) => c.ak))).toEqual(new Set(['AK2']));
    expect(source.calls).toBe(2);
  });

  it('refresh(stale) fetches once for many refused calls: the others get the set fetched meanwhile', async () => {
    const clock = { t: 0 };
    const source = numberedSource(clock, 60 * MINUTE);
    const provider = memoizeCredentials(source, { refreshAheadMs: MINUTE, now: () => clock.t });
    const stale = await provider();
    const fresh = await Promise.all(Array.from({ length: 50 }, () => provider.refresh(stale)));
    expect(new Set(fresh.map((c) => c.ak))).toEqual(new Set(['AK2']));
    expect(source.calls).toBe(2);
    // A caller that still holds the first set, after the refresh: no third fetch.
    expect((await provider.refresh(stale)).ak).toBe('AK2');
    expect(source.calls).toBe(2);
  });
});

describe('memoizeCredentials: when a fetch fails', () => {
  it('goes on with keys that still work, tries again after a pause, and fails once they have expired', async () => {
    const clock = { t: 0 };
    let failing = false;
    let calls = 0;
    const provider = memoizeCredentials(
      async () => {
        calls++;
        if (failing) throw new Error('metadata down');
        return { ak: `AK${calls}`, sk: SK, expiresAt: clock.t + 60 * MINUTE };
      },
      { refreshAheadMs: 10 * MINUTE, now: () => clock.t },
    );
    await provider();
    failing = true;
    clock.t += 50 * MINUTE; // due, 10 minutes left
    expect((await provider()).ak).toBe('AK1');
    expect(calls).toBe(2);
    // The next 10 s use the kept keys without asking.
    clock.t += 9_999;
    expect((await provider()).ak).toBe('AK1');
    expect(calls).toBe(2);
    clock.t += 1;
    expect((await provider()).ak).toBe('AK1');
    expect(calls).toBe(3);
    clock.t += 10 * MINUTE; // expired
    const error = await provider().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsmsError);
    expect((error as CsmsError).kind).toBe('credentials');
    expect((error as CsmsError).message).toBe('The credentials source failed (Error)');
    expect((error as Error).cause).toEqual(new Error('metadata down'));
    failing = false;
    expect((await provider()).ak).toBe('AK5');
  });

  it('refuses what a source gives without ak or sk, or already expired, naming the field and never the value', async () => {
    const cases: [unknown, string][] = [
      [{ sk: SK }, 'The credentials source gave no ak (a non-empty string)'],
      [{ ak: 'AK', sk: '' }, 'The credentials source gave no sk (a non-empty string)'],
      [{ ak: 'AK', sk: SK, securityToken: 42 }, 'The credentials source gave a securityToken that is not a non-empty string'],
      [{ ak: 'AK', sk: SK, expiresAt: 'soon' }, 'The credentials source gave an expiresAt that is not a time in ms since the epoch'],
      [
        { ak: 'AK', sk: SK, expiresAt: 1_000, source: 'metadata http://x' },
        "The credentials from metadata http://x expired at 1970-01-01T00:00:01.000Z, before they were used (is this machine's clock right?)",
      ],
      [null, 'The credentials source gave no ak (a non-empty string)'],
    ];
    for (const [given, message] of cases) {
      const error = (await memoizeCredentials(() => given as ProvidedCredentials, { now: () => 2_000 })().catch(
        (e: unknown) => e,
      )) as CsmsError;
      expect([error.kind, error.message]).toEqual(['credentials', message]);
    }
  });

  it('refuses a refreshAheadMs that is not a number of ms', () => {
    expect(() => memoizeCredentials(() => ({ ak: 'a', sk: 'b' }), { refreshAheadMs: Number.NaN })).toThrow(
      'Invalid refreshAheadMs: expected a number of ms, 0 or more.',
    );
  });
});

describe('the credentials it hands out', () => {
  it('show ak, projectId, expiresAt and source, never sk or securityToken (inspect, JSON, String, the provider)', async () => {
    const leaks = leakCapture();
    const provider = memoizeCredentials(() => ({
      ak: 'AKSHOWN',
      sk: SK,
      securityToken: TOKEN,
      projectId: 'p1',
      expiresAt: 9e12,
      source: 's',
    }));
    const c = await provider();
    expect([c.sk, c.securityToken]).toEqual([SK, TOKEN]); // still readable by the signer
    expect(JSON.parse(JSON.stringify(c))).toEqual({
      ak: 'AKSHOWN',
      projectId: 'p1',
      expiresAt: 9e12,
      source: 's',
      sk: '[REDACTED]',
      securityToken: '[REDACTED]',
    });
    expect(inspect(c, { showHidden: true, getters: true })).toContain('AKSHOWN');
    expect({ ...c }).toEqual({ ak: 'AKSHOWN', projectId: 'p1', expiresAt: 9e12, source: 's' });
    for (const value of [c, provider, { c }, [c]]) {
      leaks.record(value);
      console.log(value, `${String(c)}`);
      leaks.record(inspect(value, { showHidden: true, getters: true, depth: 9 }));
    }
    expect(leaks.findSecrets([SK, TOKEN])).toEqual([]);
  });
});
