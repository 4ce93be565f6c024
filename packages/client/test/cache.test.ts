// The secret cache against a fake client: call counts, rotation, failures, LRU, close, leaks.
// Time is vitest's fake Date; setImmediate stays real so `settle()` can let background refreshes finish.
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSecretCache, SECRET_CACHE_DEFAULTS, type SecretCacheEvent, type SecretCacheOptions } from '../src/cache.js';
import { CsmsError } from '../src/errors.js';
import { leakCapture } from './support/leaks.js';

const VALUE = 'cache-test-VALUE-q8Zr2!xK';
const VALUE2 = 'cache-test-ROTATED-m3Pw7#vL';
const BYTES = Uint8Array.from([0xc4, 0x5e, 0x99, 0x01, 0x00, 0xfe, 0x7a, 0x3b, 0xd2]);
const B64 = Buffer.from(BYTES).toString('base64');
const TTL = 60_000;

const leaks = leakCapture();
afterAll(() => {
  expect(leaks.count).toBeGreaterThan(20);
  expect(leaks.findSecrets([VALUE, VALUE2, B64])).toEqual([]);
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets every pending fake call and the cache's bookkeeping after it run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const httpError = (status: number, code?: string) =>
  new CsmsError(`HTTP ${status}${code ? ` ${code}: The secret does not exist.` : ' Bad Gateway'}`, { kind: 'http', status, code });
/** The rejection of `p` (recorded for the leak check), or fails when it resolves. */
async function rejection(p: Promise<unknown>): Promise<CsmsError> {
  const error = await p.then(
    () => expect.unreachable('resolved'),
    (e: unknown) => e,
  );
  leaks.record(error);
  return error as CsmsError;
}

/** A client double: secrets in memory, counted calls, injectable failures, and a gate to hold calls. */
function fakeCsms() {
  type Body = { secret_string?: string; secret_binary?: string };
  const stages = new Map<string, string>(); // name/stage → version ID
  const versions = new Map<string, Body>(); // name/version ID → body
  const latest = new Map<string, string>(); // name → version ID created last
  const calls = { stage: 0, version: 0 };
  const signals: (AbortSignal | undefined)[] = [];
  let failure: CsmsError | undefined;
  let gate: Promise<void> | undefined;
  const served = async (signal: AbortSignal | undefined) => {
    signals.push(signal);
    await gate;
    if (failure) throw failure;
  };
  const fake = {
    calls,
    signals,
    /** Adds a version and points the stage (default SYSCURRENT) at it: a rotation when the stage existed. */
    put(name: string, versionId: string, value: string | Uint8Array, stage: string | null = 'SYSCURRENT') {
      fake.putBody(
        name,
        versionId,
        typeof value === 'string' ? { secret_string: value } : { secret_binary: Buffer.from(value).toString('base64') },
      );
      if (stage) stages.set(`${name}/${stage}`, versionId);
    },
    /** Adds a version with exactly this body, and points no stage at it. */
    putBody(name: string, versionId: string, body: Body) {
      versions.set(`${name}/${versionId}`, body);
      latest.set(name, versionId);
    },
    /** Deletes the secret: every call about it answers 404. */
    remove(name: string) {
      for (const map of [stages, versions]) for (const key of map.keys()) if (key.startsWith(`${name}/`)) map.delete(key);
      latest.delete(name);
    },
    fail(error: CsmsError | undefined) {
      failure = error;
    },
    /** Holds every call until the returned function is called. */
    hold() {
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
    async showSecretStage(name: string, stage: string, options?: { signal?: AbortSignal }) {
      calls.stage++;
      await served(options?.signal);
      const id = stages.get(`${name}/${stage}`);
      if (id === undefined) throw httpError(404, 'CSMS.0005');
      return { stage: { name: stage, version_id: id, update_time: 1_700_000_000_000 } };
    },
    async showSecretVersion(name: string, versionId: string, options?: { signal?: AbortSignal }) {
      calls.version++;
      await served(options?.signal);
      const id = versionId === 'latest' ? latest.get(name) : versionId;
      const body = versions.get(`${name}/${id}`);
      if (id === undefined || body === undefined) throw httpError(404, 'CSMS.0005');
      const version_stages = [...stages].filter(([k, v]) => k.startsWith(`${name}/`) && v === id).map(([k]) => k.slice(name.length + 1));
      return { version: { version_metadata: { id, create_time: 1_700_000_000_000, secret_name: name, version_stages }, ...body } };
    },
  };
  return fake;
}

/** A fake with `db-password` at v1 and a cache over it that records its events. */
function setup(options: SecretCacheOptions = {}) {
  const csms = fakeCsms();
  csms.put('db-password', 'v1', VALUE);
  const events: SecretCacheEvent[] = [];
  const cache = createSecretCache(csms, {
    ttlMs: TTL,
    onEvent: (event) => {
      events.push(event);
      leaks.record(event);
      leaks.record(event.type === 'refresh-failed' || event.type === 'removed' ? event.error : undefined);
    },
    ...options,
  });
  return { csms, cache, events };
}

describe('reads and refreshes', () => {
  it('resolves the stage, then reads that version; 10,000 reads within the TTL make no further call', async () => {
    const { csms, cache } = setup();
    expect(await cache.getSecretString('db-password')).toBe(VALUE);
    expect(csms.calls).toEqual({ stage: 1, version: 1 });
    vi.advanceTimersByTime(TTL * 0.89); // the earliest a jittered TTL (±10%) can end
    for (let i = 0; i < 10_000; i++) expect(await cache.getSecretString('db-password')).toBe(VALUE);
    expect(csms.calls).toEqual({ stage: 1, version: 1 });
    expect(cache.stats()).toEqual({ hits: 10_000, misses: 1, refreshes: 0, errors: 0, entries: 1 });
  });

  it('re-checks a due entry with one ShowSecretStage and no ShowSecretVersion when the version is unchanged', async () => {
    const { csms, cache, events } = setup();
    await cache.getSecretString('db-password');
    vi.advanceTimersByTime(TTL * 1.11);
    expect(await cache.getSecretString('db-password')).toBe(VALUE);
    await settle();
    expect(csms.calls).toEqual({ stage: 2, version: 1 });
    expect(events).toEqual([{ type: 'refresh', name: 'db-password', stage: 'SYSCURRENT', versionId: 'v1', changed: false }]);
    // Re-armed: the next TTL starts at the check.
    vi.advanceTimersByTime(TTL * 0.89);
    await cache.getSecretString('db-password');
    expect(csms.calls).toEqual({ stage: 2, version: 1 });
    expect(cache.stats()).toMatchObject({ refreshes: 1, errors: 0 });
  });

  it('sees a rotation after the TTL (serving the old value meanwhile), and at once after refresh(name)', async () => {
    const { csms, cache, events } = setup();
    await cache.getSecretString('db-password');
    csms.put('db-password', 'v2', VALUE2);
    vi.advanceTimersByTime(TTL * 0.89);
    expect(await cache.getSecretString('db-password')).toBe(VALUE);
    vi.advanceTimersByTime(TTL * 0.22);
    expect(await cache.getSecretString('db-password')).toBe(VALUE); // stale-while-revalidate
    await settle();
    expect(await cache.getSecretString('db-password')).toBe(VALUE2);
    expect(csms.calls).toEqual({ stage: 2, version: 2 });
    expect(events).toEqual([{ type: 'refresh', name: 'db-password', stage: 'SYSCURRENT', versionId: 'v2', changed: true }]);

    csms.put('db-password', 'v3', 'third');
    await cache.refresh('db-password');
    expect(await cache.getSecretString('db-password')).toBe('third');
    expect(csms.calls).toEqual({ stage: 3, version: 3 });
  });

  it('waits for a fresh value, rather than serve one, when the entry was last confirmed beyond staleIfErrorMs', async () => {
    const { csms, cache } = setup({ staleIfErrorMs: 2 * TTL });
    await cache.getSecretString('db-password');
    csms.put('db-password', 'v2', VALUE2);
    vi.advanceTimersByTime(2 * TTL);
    expect(await cache.getSecretString('db-password')).toBe(VALUE2);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2, refreshes: 1 });
  });

  it('spreads expiries: with ±10% jitter, of 50 entries read together some but not all are due at exactly the TTL', async () => {
    const { csms, cache } = setup();
    const names = Array.from({ length: 50 }, (_, i) => `app-${i}`);
    for (const name of names) csms.put(name, 'v1', VALUE);
    for (const name of names) await cache.getSecretString(name);
    vi.advanceTimersByTime(TTL * 0.9 - 1);
    for (const name of names) await cache.getSecretString(name);
    expect(csms.calls.stage).toBe(50);
    vi.advanceTimersByTime(TTL * 0.1 + 1); // exactly the TTL: each entry due with probability 1/2
    for (const name of names) await cache.getSecretString(name);
    await settle();
    expect(csms.calls.stage).toBeGreaterThan(50);
    expect(csms.calls.stage).toBeLessThan(100);
    vi.advanceTimersByTime(TTL * 0.1 + 1); // past every first TTL (checked entries were re-armed)
    const before = csms.calls.stage;
    for (const name of names) await cache.getSecretString(name);
    await settle();
    expect(csms.calls.stage).toBe(100);
    expect(before).toBeLessThan(100);
  });
});

describe('fixed versions, latest, stages and value types', () => {
  it('never re-checks a fixed versionId (no ShowSecretStage at all), but refresh(name) re-reads it', async () => {
    const { csms, cache } = setup();
    csms.put('db-password', 'v2', VALUE2);
    expect(await cache.getSecretString('db-password', { versionId: 'v1' })).toBe(VALUE);
    vi.advanceTimersByTime(TTL * 100);
    expect(await cache.getSecretString('db-password', { versionId: 'v1' })).toBe(VALUE);
    await settle();
    expect(csms.calls).toEqual({ stage: 0, version: 1 });
    await cache.refresh('db-password');
    expect(csms.calls).toEqual({ stage: 0, version: 2 });
  });

  it('keeps serving a fixed version after a failed refresh(name), beyond staleIfErrorMs: its value cannot change', async () => {
    const { csms, cache, events } = setup({ staleIfErrorMs: TTL });
    await cache.getSecretString('db-password', { versionId: 'v1' });
    csms.fail(httpError(502));
    await cache.refresh('db-password');
    expect(events.map((e) => e.type)).toEqual(['refresh-failed']);
    vi.advanceTimersByTime(TTL * 10);
    expect(await cache.getSecretString('db-password', { versionId: 'v1' })).toBe(VALUE);
    expect(csms.calls).toEqual({ stage: 0, version: 2 });
  });

  it('keeps nothing from a refresh that ends after invalidate()', async () => {
    const { csms, cache, events } = setup();
    await cache.getSecretString('db-password');
    csms.put('db-password', 'v2', VALUE2);
    const release = csms.hold();
    const refreshing = cache.refresh('db-password');
    cache.invalidate('db-password');
    release();
    await refreshing;
    expect(events).toEqual([]);
    expect(cache.stats().entries).toBe(0);
    expect(await cache.getSecretString('db-password')).toBe(VALUE2);
    expect(csms.calls).toEqual({ stage: 3, version: 3 });
  });

  it('re-reads `latest` once per TTL (it moves), with ShowSecretVersion only, and names the version it resolved to', async () => {
    const { csms, cache, events } = setup();
    expect(await cache.getSecretString('db-password', { versionId: 'latest' })).toBe(VALUE);
    csms.put('db-password', 'v2', VALUE2, null); // created, not promoted to SYSCURRENT
    vi.advanceTimersByTime(TTL * 0.89);
    expect(await cache.getSecretString('db-password', { versionId: 'latest' })).toBe(VALUE);
    vi.advanceTimersByTime(TTL * 0.22);
    await cache.getSecretString('db-password', { versionId: 'latest' });
    await settle();
    expect(await cache.getSecretString('db-password', { versionId: 'latest' })).toBe(VALUE2);
    expect(await cache.getSecretString('db-password')).toBe(VALUE);
    expect(events).toEqual([{ type: 'refresh', name: 'db-password', versionId: 'v2', changed: true }]);
    expect(csms.calls).toEqual({ stage: 1, version: 3 });
  });

  it('caches each stage and version on its own', async () => {
    const { csms, cache } = setup();
    csms.put('db-password', 'v2', VALUE2, 'SYSPENDING');
    expect(await cache.getSecretString('db-password', { stage: 'SYSPENDING' })).toBe(VALUE2);
    expect(await cache.getSecretString('db-password')).toBe(VALUE);
    expect(await cache.getSecretString('db-password', { versionId: 'v2' })).toBe(VALUE2);
    expect(cache.stats().entries).toBe(3);
    cache.invalidate('other');
    expect(cache.stats().entries).toBe(3);
    cache.invalidate('db-password');
    expect(cache.stats().entries).toBe(0);
    await cache.getSecretString('db-password');
    cache.invalidate();
    expect(cache.stats().entries).toBe(0);
    expect(csms.calls).toEqual({ stage: 3, version: 4 });
  });

  it('decodes binary values (a new array each read) and refuses the wrong type with a typed error', async () => {
    const { csms, cache } = setup();
    csms.put('tls-key', 'v1', BYTES);
    const bytes = await cache.getSecretBinary('tls-key');
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([...BYTES]);
    bytes.fill(0); // a caller wiping its copy does not wipe the cache's
    expect([...(await cache.getSecretBinary('tls-key'))]).toEqual([...BYTES]);

    const asText = await rejection(cache.getSecretString('tls-key'));
    expect(asText).toBeInstanceOf(CsmsError);
    expect(asText.kind).toBe('invalid-argument');
    expect(asText.message).toBe('The secret "tls-key" version "v1" holds no text but a binary value: use getSecretBinary.');
    const asBytes = await rejection(cache.getSecretBinary('db-password'));
    expect(asBytes.kind).toBe('invalid-argument');
    expect(asBytes.message).toBe('The secret "db-password" version "v1" holds no binary value but text: use getSecretString.');
    expect(csms.calls).toEqual({ stage: 2, version: 2 });
  });

  it('refuses a secret_binary that is not Base64 with an invalid-response error that does not repeat it', async () => {
    const { csms, cache } = setup();
    csms.put('tls-key', 'v1', BYTES);
    csms.putBody('tls-key', 'v1', { secret_binary: `${VALUE}%%` });
    const error = await rejection(cache.getSecretBinary('tls-key'));
    expect(error).toMatchObject({ kind: 'invalid-response', operation: 'ShowSecretVersion' });
    expect(error.message).toBe('ShowSecretVersion answered with a secret_binary that is not Base64 (secret "tls-key" version "v1").');
  });
});

describe('one call per miss', () => {
  it('1,000 concurrent reads of a cold name make one ShowSecretStage and one ShowSecretVersion', async () => {
    const { csms, cache } = setup();
    const release = csms.hold();
    const reads = Array.from({ length: 1_000 }, () => cache.getSecretString('db-password'));
    await settle();
    expect(csms.calls).toEqual({ stage: 1, version: 0 });
    release();
    expect(new Set(await Promise.all(reads))).toEqual(new Set([VALUE]));
    expect(csms.calls).toEqual({ stage: 1, version: 1 });
    expect(cache.stats()).toEqual({ hits: 0, misses: 1_000, refreshes: 0, errors: 0, entries: 1 });
  });

  it('serves the old value while a refresh is in flight, and coalesces concurrent refreshes', async () => {
    const { csms, cache } = setup();
    await cache.getSecretString('db-password');
    csms.put('db-password', 'v2', VALUE2);
    vi.advanceTimersByTime(TTL * 1.11);
    const release = csms.hold();
    for (let i = 0; i < 100; i++) expect(await cache.getSecretString('db-password')).toBe(VALUE);
    const refreshes = [cache.refresh('db-password'), cache.refresh('db-password'), cache.refresh('db-password')];
    await settle();
    expect(csms.calls).toEqual({ stage: 2, version: 1 });
    release();
    await Promise.all(refreshes);
    expect(await cache.getSecretString('db-password')).toBe(VALUE2);
    expect(csms.calls).toEqual({ stage: 2, version: 2 });
    expect(cache.stats()).toMatchObject({ hits: 101, refreshes: 1 });
  });
});

describe('failures', () => {
  it('serves the cached value through a 502, backs off, then rejects with the CsmsError beyond staleIfErrorMs', async () => {
    const { csms, cache, events } = setup(); // staleIfErrorMs: 3 × TTL
    await cache.getSecretString('db-password');
    const bad = httpError(502);
    csms.fail(bad);
    vi.advanceTimersByTime(TTL * 1.11);
    expect(await cache.getSecretString('db-password')).toBe(VALUE);
    await settle();
    expect(events).toEqual([{ type: 'refresh-failed', name: 'db-password', stage: 'SYSCURRENT', versionId: 'v1', error: bad }]);
    expect(cache.stats()).toMatchObject({ errors: 1, refreshes: 1 });

    // Backoff: no new attempt on every read, one after about retryBaseDelayMs.
    for (let i = 0; i < 100; i++) expect(await cache.getSecretString('db-password')).toBe(VALUE);
    await settle();
    expect(csms.calls.stage).toBe(2);
    vi.advanceTimersByTime(SECRET_CACHE_DEFAULTS.retryBaseDelayMs * 1.11);
    expect(await cache.getSecretString('db-password')).toBe(VALUE);
    await settle();
    expect(csms.calls.stage).toBe(3);
    expect(cache.stats()).toMatchObject({ errors: 2 });

    // Past 3 × TTL since the last success: the read waits for a retry, and gets its error.
    vi.advanceTimersByTime(TTL * 3);
    expect(await rejection(cache.getSecretString('db-password'))).toBe(bad);
    expect(csms.calls.stage).toBe(4);
    // During the next backoff, reads reject with that error without asking again.
    expect(await rejection(cache.getSecretString('db-password'))).toBe(bad);
    expect(csms.calls.stage).toBe(4);

    csms.fail(undefined);
    vi.advanceTimersByTime(SECRET_CACHE_DEFAULTS.retryBaseDelayMs * 2 ** 3 * 1.11);
    expect(await cache.getSecretString('db-password')).toBe(VALUE);
    expect(cache.stats()).toMatchObject({ errors: 3, refreshes: 4, entries: 1 });
    expect(events.map((e) => e.type)).toEqual(['refresh-failed', 'refresh-failed', 'refresh-failed', 'refresh']);
  });

  it('rejects a cold read with the client error and keeps nothing; the next read asks again', async () => {
    const { csms, cache } = setup();
    const bad = httpError(502);
    csms.fail(bad);
    expect(await rejection(cache.getSecretString('db-password'))).toBe(bad);
    expect(cache.stats()).toMatchObject({ errors: 1, entries: 0 });
    csms.fail(undefined);
    expect(await cache.getSecretString('db-password')).toBe(VALUE);
    expect(csms.calls).toEqual({ stage: 2, version: 1 });
  });

  it('removes an entry whose secret is gone (404) and rejects with that 404', async () => {
    const { csms, cache, events } = setup({ staleIfErrorMs: TTL });
    await cache.getSecretString('db-password');
    await cache.getSecretString('db-password', { versionId: 'v1' });
    csms.remove('db-password');
    await cache.refresh('db-password');
    expect(cache.stats().entries).toBe(0);
    expect(events.map((e) => [e.type, e.name, e.stage, e.versionId])).toEqual([
      ['removed', 'db-password', 'SYSCURRENT', 'v1'],
      ['removed', 'db-password', undefined, 'v1'],
    ]);
    const gone = await rejection(cache.getSecretString('db-password'));
    expect(gone).toMatchObject({ kind: 'http', status: 404, code: 'CSMS.0005' });
    expect(cache.stats().entries).toBe(0);

    // A read that waits for the refresh (beyond staleIfErrorMs) gets the very 404 that removed the entry.
    csms.put('db-password', 'v1', VALUE);
    await cache.getSecretString('db-password');
    csms.remove('db-password');
    vi.advanceTimersByTime(TTL * 1.2);
    const waited = await rejection(cache.getSecretString('db-password'));
    expect(events.at(-1)).toMatchObject({ type: 'removed', error: waited });
    expect(waited.status).toBe(404);
  });

  it('keeps working when onEvent throws', async () => {
    const csms = fakeCsms();
    csms.put('db-password', 'v1', VALUE);
    const cache = createSecretCache(csms, {
      ttlMs: TTL,
      onEvent: () => {
        throw new Error('hook bug');
      },
    });
    await cache.getSecretString('db-password');
    csms.put('db-password', 'v2', VALUE2);
    await cache.refresh('db-password');
    expect(await cache.getSecretString('db-password')).toBe(VALUE2);
  });
});

describe('LRU', () => {
  it('evicts the least recently read entry beyond maxEntries, value dropped', async () => {
    const { csms, cache, events } = setup({ maxEntries: 2 });
    for (const name of ['a', 'b', 'c']) csms.put(name, 'v1', `${VALUE}-${name}`);
    await cache.getSecretString('a');
    await cache.getSecretString('b');
    await cache.getSecretString('a');
    await cache.getSecretString('c');
    expect(events).toEqual([{ type: 'evicted', name: 'b', stage: 'SYSCURRENT', versionId: 'v1' }]);
    expect(cache.stats().entries).toBe(2);
    expect(csms.calls.stage).toBe(3);
    await cache.getSecretString('a');
    expect(csms.calls.stage).toBe(3);
    await cache.getSecretString('b');
    expect(csms.calls.stage).toBe(4);
    expect(events.at(-1)).toEqual({ type: 'evicted', name: 'c', stage: 'SYSCURRENT', versionId: 'v1' });
  });
});

describe('close', () => {
  it('uses no timers, aborts calls in flight, and makes later calls reject', async () => {
    const { csms, cache } = setup();
    await cache.getSecretString('db-password');
    csms.fail(httpError(502));
    vi.advanceTimersByTime(TTL * 1.11);
    await cache.getSecretString('db-password'); // a failed refresh, with its backoff
    await settle();
    expect(vi.getTimerCount()).toBe(0);

    csms.fail(undefined);
    csms.put('other', 'v1', VALUE2);
    const release = csms.hold();
    const inFlight = cache.getSecretString('other');
    await settle();
    cache.close();
    cache.close(); // idempotent
    expect(csms.signals.at(-1)?.aborted).toBe(true);
    release(); // this fake ignores the signal: the read must still not resolve
    const closed = await rejection(inFlight);
    expect(closed).toBeInstanceOf(CsmsError);
    expect(closed.kind).toBe('invalid-argument');
    expect(closed.message).toMatch(/closed/);
    expect(vi.getTimerCount()).toBe(0);
    expect(cache.stats().entries).toBe(0);
    expect((await rejection(cache.getSecretString('db-password'))).message).toMatch(/closed/);
    expect((await rejection(cache.getSecretBinary('db-password'))).message).toMatch(/closed/);
    expect((await rejection(cache.refresh('db-password'))).message).toMatch(/closed/);
  });

  it('schedules nothing on the real clock (no timer, immediate or interval), so it never keeps the process alive', async () => {
    vi.useRealTimers();
    // Counted by caller, since vitest and this test use the same globals.
    let fromCache = 0;
    for (const fn of ['setTimeout', 'setInterval', 'setImmediate'] as const) {
      const original = globalThis[fn] as (...args: unknown[]) => unknown;
      vi.spyOn(globalThis, fn).mockImplementation(((...args: unknown[]) => {
        if (new Error().stack?.includes('/src/cache.ts')) fromCache++;
        return original(...args);
      }) as never);
    }
    try {
      const { csms, cache } = setup({ ttlMs: 1, staleIfErrorMs: 60_000 });
      await cache.getSecretString('db-password');
      await new Promise((resolve) => setTimeout(resolve, 5));
      csms.fail(httpError(502));
      await cache.getSecretString('db-password');
      await settle();
      expect(cache.stats()).toMatchObject({ refreshes: 1, errors: 1 });
      cache.close();
      expect(fromCache).toBe(0);
    } finally {
      for (const fn of ['setTimeout', 'setInterval', 'setImmediate'] as const) vi.mocked(globalThis[fn]).mockRestore();
    }
  });
});

describe('no value leaks', () => {
  it('keeps values out of the cache object, its stats, events and errors', async () => {
    const { csms, cache, events } = setup({ maxEntries: 2 });
    csms.put('tls-key', 'v1', BYTES);
    await cache.getSecretString('db-password');
    await cache.getSecretBinary('tls-key');
    csms.put('db-password', 'v2', VALUE2);
    await cache.refresh('db-password');
    await rejection(cache.getSecretString('tls-key'));
    csms.fail(httpError(502));
    await cache.refresh('db-password');
    csms.fail(undefined);
    await cache.getSecretString('db-password');
    csms.put('third', 'v1', 'x');
    await cache.getSecretString('third'); // evicts tls-key
    csms.remove('db-password');
    await cache.refresh('db-password');
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['refresh', 'refresh-failed', 'evicted', 'removed']));

    expect(Object.values(cache).every((v) => typeof v === 'function')).toBe(true);
    const shown = [
      inspect(cache, { depth: 10, showHidden: true }),
      JSON.stringify(cache),
      JSON.stringify(cache.stats()),
      JSON.stringify(events),
      inspect(events, { depth: 10 }),
    ];
    cache.close();
    shown.push(inspect(cache, { depth: 10, showHidden: true }));
    for (const text of shown) for (const secret of [VALUE, VALUE2, B64]) expect(text).not.toContain(secret);
    leaks.record(shown.join('\n'));
  });
});

describe('argument checks', () => {
  const csms = fakeCsms();
  it.each([
    ['no client', () => createSecretCache(undefined as never), /Invalid client/],
    ['a client without the methods', () => createSecretCache({} as never), /Invalid client/],
    ['options not an object', () => createSecretCache(csms, 5 as never), /Invalid cache options: expected an object, got number/],
    ['a negative ttlMs', () => createSecretCache(csms, { ttlMs: -1 }), /Invalid ttlMs: expected a number from 0/],
    ['a NaN ttlMs', () => createSecretCache(csms, { ttlMs: Number.NaN }), /Invalid ttlMs/],
    ['a string ttlMs', () => createSecretCache(csms, { ttlMs: '5' as never }), /Invalid ttlMs/],
    ['maxEntries 0', () => createSecretCache(csms, { maxEntries: 0 }), /Invalid maxEntries: expected an integer from 1/],
    ['a fractional maxEntries', () => createSecretCache(csms, { maxEntries: 1.5 }), /Invalid maxEntries/],
    ['a negative staleIfErrorMs', () => createSecretCache(csms, { staleIfErrorMs: -5 }), /Invalid staleIfErrorMs/],
    ['onEvent not a function', () => createSecretCache(csms, { onEvent: 'log' as never }), /Invalid onEvent/],
    ['a misspelt option', () => createSecretCache(csms, { ttl: 5 } as never), /unknown option "ttl"/],
  ])('createSecretCache refuses %s', (_, create, message) => {
    let error: unknown;
    try {
      create();
    } catch (e) {
      error = leaks.record(e);
    }
    expect(error).toBeInstanceOf(CsmsError);
    expect(error).toMatchObject({ kind: 'invalid-argument', message: expect.stringMatching(message) });
  });

  it.each([
    ['a number name', [42], /Invalid secret name: expected a non-empty string, got number/],
    ['an empty name', [''], /Invalid secret name/],
    ['no name', [], /Invalid secret name: expected a non-empty string, got undefined/],
    ['a token object as the name', [{ token: VALUE }], /Invalid secret name: expected a non-empty string, got object/],
    ['both versionId and stage', ['db-password', { versionId: 'v1', stage: 'SYSCURRENT' }], /not both/],
    ['an empty versionId', ['db-password', { versionId: '' }], /Invalid versionId/],
    ['a stage that is not a string', ['db-password', { stage: 1 }], /Invalid stage: expected a non-empty string, got number/],
    ['a misspelt read option', ['db-password', { version: 'v1' }], /unknown option "version"/],
    ['options that are a string', ['db-password', 'v1'], /Invalid read options: expected \{ stage \} or \{ versionId \}, got string/],
  ])('reads refuse %s before any call', async (_, args, message) => {
    const counted = fakeCsms();
    const cache = createSecretCache(counted);
    const read = cache.getSecretString as (...a: unknown[]) => Promise<string>;
    const error = await rejection(read(...args));
    expect(error).toBeInstanceOf(CsmsError);
    expect(error).toMatchObject({ kind: 'invalid-argument', message: expect.stringMatching(message) });
    expect(error.message).not.toContain(VALUE);
    expect(counted.calls).toEqual({ stage: 0, version: 0 });
    expect(cache.stats()).toEqual({ hits: 0, misses: 0, refreshes: 0, errors: 0, entries: 0 });
  });

  it('refresh and invalidate check the name too', async () => {
    const cache = createSecretCache(csms);
    expect((await rejection(cache.refresh(7 as never))).message).toMatch(/Invalid secret name/);
    expect(() => cache.invalidate('' as never)).toThrow(/Invalid secret name/);
  });
});
