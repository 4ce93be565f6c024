// The secret cache with the real client against the stateful mock: rotations made with
// putSecretValue, calls counted in the mock's journal (mock.requests). Only Date is faked (the cache
// reads the clock with Date.now()); the network and every timer stay real, and each wait is for a
// condition (an event of the cache), never for a time.
import { type RunningMock, startMock } from '@csms-openapi/mock';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createSecretCache, type SecretCacheEvent, type SecretCacheOptions } from '../src/cache.js';
import { type CsmsClientOptions, type CsmsError, createCsmsClient } from '../src/index.js';
import { rejectionOf } from './support/counted.js';
import { leakCapture } from './support/leaks.js';

const TOKEN = 'MIIZ-cache-mock-test-token-4a5b6c7d8e';
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const TTL = 60_000;
const leaks = leakCapture();
afterAll(() => {
  expect(leaks.findSecrets([TOKEN, 'v-one', 'v-two', 'v-three'])).toEqual([]);
});

let mock: RunningMock | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await mock?.close();
  mock = undefined;
});

/** A mock with one secret `db` (one version, `v-one`), a client on it, and a cache that records its events. */
async function setup(mockOptions: Parameters<typeof startMock>[0] = {}, clientOptions: Partial<CsmsClientOptions> = {}) {
  mock = await startMock({ secrets: [{ name: 'db', versions: [{ value: 'v-one' }] }], ...mockOptions });
  const csms = createCsmsClient({
    projectId: PROJECT,
    endpoint: mock.url,
    credentials: { token: TOKEN },
    retryBaseDelayMs: 1,
    ...clientOptions,
  });
  const events: SecretCacheEvent[] = [];
  const cacheWith = (options: SecretCacheOptions = {}) =>
    createSecretCache(csms, { ttlMs: TTL, onEvent: (e) => events.push(e), ...options });
  const m = mock;
  /** Requests the mock answered for an operation. */
  const count = (operation: string) => m.requests.filter((r) => r.operation === operation).length;
  return { mock: m, csms, events, cacheWith, count };
}

/** Moves the faked Date past the TTL (and its 10% jitter). */
const pastTtl = () => vi.setSystemTime(Date.now() + TTL * 1.2);
const waitForEvent = (events: SecretCacheEvent[], test: (e: SecretCacheEvent) => boolean) =>
  vi.waitFor(() => expect(events.some(test)).toBe(true), { timeout: 5000, interval: 5 });

describe('createSecretCache on the client, against the stateful mock', () => {
  it('a rotation is seen after the TTL (served stale while one refresh runs), and at once after refresh(name)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { mock, events, cacheWith, count } = await setup();
    const cache = cacheWith();
    expect(await cache.getSecretString('db')).toBe('v-one');
    expect([count('ShowSecretStage'), count('ShowSecretVersion')]).toEqual([1, 1]);

    await mock.putSecretValue('db', { value: 'v-two' });
    // Within the TTL: the cached value, and no request.
    expect(await cache.getSecretString('db')).toBe('v-one');
    expect(mock.requests).toHaveLength(2);

    pastTtl();
    // Due: this read still gets the cached value at once, and starts the refresh.
    expect(await cache.getSecretString('db')).toBe('v-one');
    await waitForEvent(events, (e) => e.type === 'refresh' && e.changed);
    expect(await cache.getSecretString('db')).toBe('v-two');
    expect([count('ShowSecretStage'), count('ShowSecretVersion')]).toEqual([2, 2]);

    await mock.putSecretValue('db', { value: 'v-three' });
    await cache.refresh('db');
    expect(await cache.getSecretString('db')).toBe('v-three');
    expect([count('ShowSecretStage'), count('ShowSecretVersion')]).toEqual([3, 3]);
    expect(mock.requests.every((r) => r.status === 200 && r.secretName === 'db')).toBe(true);
    expect(events.filter((e) => e.type === 'refresh').map((e) => (e as { changed: boolean }).changed)).toEqual([true, true]);
  });

  it('10,000 reads within the TTL: no request after the first two', async () => {
    const { mock, cacheWith, count } = await setup();
    const cache = cacheWith();
    expect(await cache.getSecretString('db')).toBe('v-one');
    expect([count('ShowSecretStage'), count('ShowSecretVersion')]).toEqual([1, 1]);
    const values = await Promise.all(Array.from({ length: 10_000 }, () => cache.getSecretString('db')));
    expect(new Set(values)).toEqual(new Set(['v-one']));
    expect(mock.requests).toHaveLength(2);
    expect(cache.stats()).toEqual({ hits: 10_000, misses: 1, refreshes: 0, errors: 0, entries: 1 });
  });

  it('a due entry whose version did not change: exactly one ShowSecretStage, no ShowSecretVersion', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { mock, events, cacheWith, count } = await setup();
    const cache = cacheWith();
    expect(await cache.getSecretString('db')).toBe('v-one');
    pastTtl();
    expect(await cache.getSecretString('db')).toBe('v-one');
    await waitForEvent(events, (e) => e.type === 'refresh');
    expect(events).toEqual([{ type: 'refresh', name: 'db', stage: 'SYSCURRENT', versionId: 'v1', changed: false }]);
    expect([count('ShowSecretStage'), count('ShowSecretVersion')]).toEqual([2, 1]);
    expect(mock.requests.map((r) => r.operation)).toEqual(['ShowSecretStage', 'ShowSecretVersion', 'ShowSecretStage']);
    expect(cache.stats()).toMatchObject({ refreshes: 1, errors: 0 });
  });

  it('1,000 concurrent cold reads: one ShowSecretStage and one ShowSecretVersion', async () => {
    const { mock, cacheWith, count } = await setup();
    const cache = cacheWith();
    const values = await Promise.all(Array.from({ length: 1000 }, () => cache.getSecretString('db')));
    expect(values).toHaveLength(1000);
    expect(new Set(values)).toEqual(new Set(['v-one']));
    expect([count('ShowSecretStage'), count('ShowSecretVersion')]).toEqual([1, 1]);
    expect(mock.requests).toHaveLength(2);
    expect(cache.stats()).toMatchObject({ misses: 1000, errors: 0, entries: 1 });
  });

  it('ShowSecretStage failing with 502 during refreshes: the old value is served, stats().errors counts each failure', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { mock, csms, events, cacheWith, count } = await setup(
      { faults: [{ operation: 'ShowSecretStage', status: 502, times: 2 }] },
      { retries: 0 },
    );
    // The faults answer the first two ShowSecretStage requests: use them up, then fill the cache.
    for (let i = 0; i < 2; i++) {
      const e = (await rejectionOf(csms.showSecretStage('db', 'SYSCURRENT'))) as CsmsError;
      leaks.record(e);
      expect(e).toMatchObject({ kind: 'http', status: 502, operation: 'ShowSecretStage', attempts: 1 });
    }
    const cache = cacheWith();
    expect(await cache.getSecretString('db')).toBe('v-one');
    // reset() arms the faults again (and empties the journal); then a rotation the cache cannot see yet.
    mock.reset();
    await mock.putSecretValue('db', { value: 'v-two' });

    // A due read: the old value at once; its background refresh meets the first 502.
    pastTtl();
    expect(await cache.getSecretString('db')).toBe('v-one');
    await waitForEvent(events, (e) => e.type === 'refresh-failed');
    expect(cache.stats().errors).toBe(1);
    expect(await cache.getSecretString('db')).toBe('v-one');

    // An explicit refresh meets the second 502: still the old value.
    await cache.refresh('db');
    expect(cache.stats().errors).toBe(2);
    expect(await cache.getSecretString('db')).toBe('v-one');
    expect(events.filter((e) => e.type === 'refresh-failed')).toHaveLength(2);
    const failure = events.find((e) => e.type === 'refresh-failed') as { error: CsmsError };
    expect(failure.error).toMatchObject({ kind: 'http', status: 502 });

    // The faults are used up: the next refresh sees the rotation.
    await cache.refresh('db');
    expect(await cache.getSecretString('db')).toBe('v-two');
    expect(cache.stats()).toMatchObject({ errors: 2, refreshes: 3 });
    expect(mock.requests.map((r) => [r.operation, r.status])).toEqual([
      ['ShowSecretStage', 502],
      ['ShowSecretStage', 502],
      ['ShowSecretStage', 200],
      ['ShowSecretVersion', 200],
    ]);
    expect([count('ShowSecretStage'), count('ShowSecretVersion')]).toEqual([3, 1]);
  });
});
