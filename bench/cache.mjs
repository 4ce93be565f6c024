// @ts-check
// The secret cache (@csms-openapi/client/cache) against reading without it, in the same run:
// the cost of a hit, and the requests that 10,000 reads send to CSMS across a rotation.
import path from 'node:path';
import { startMock } from '@csms-openapi/mock';
import { builtClientDir, loadNow, median, PROJECT } from './support.mjs';

export async function cacheRows() {
  const dir = await builtClientDir();
  const { createCsmsClient } = /** @type {typeof import('../packages/client/src/index.js')} */ (await import(path.join(dir, 'index.js')));
  const { createSecretCache } = /** @type {typeof import('../packages/client/src/cache.js')} */ (await import(path.join(dir, 'cache.js')));
  const mock = await startMock({ secrets: [{ name: 'db-password', versions: [{ value: 'first' }] }], tokens: ['bench-token'] });
  const csms = createCsmsClient({ projectId: PROJECT, endpoint: mock.url, credentials: { token: 'bench-token' } });

  // A hit: rounds of sequential awaited reads of a warm entry; the median of the rounds' means.
  const cache = createSecretCache(csms, { ttlMs: 3_600_000 });
  await cache.getSecretString('db-password');
  const N = 200_000;
  const perRead = [];
  for (let round = 0; round < 7; round++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await cache.getSecretString('db-password');
    perRead.push(((performance.now() - t0) * 1000) / N);
  }
  cache.close();
  const uncached = [];
  for (let round = 0; round < 7; round++) {
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) await csms.showSecretVersion('db-password', 'latest');
    uncached.push(((performance.now() - t0) * 1000) / 200);
  }

  // 10,000 reads over about a second, in 100 bursts, with a rotation half-way: how many requests reach
  // the mock with the cache (TTL 100 ms) and without it (one ShowSecretVersion per read).
  /** @param {(i: number) => Promise<unknown>} read */
  const across = async (read) => {
    mock.reset();
    const before = mock.requests.length;
    let seen = '';
    for (let burst = 0; burst < 100; burst++) {
      if (burst === 50) await mock.putSecretValue('db-password', { value: 'second' });
      const values = await Promise.all(Array.from({ length: 100 }, (_, i) => read(burst * 100 + i)));
      seen = String(values[values.length - 1]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (seen !== 'second') throw new Error('the rotation was not seen by the end of the run');
    return mock.requests.length - before;
  };
  const rotating = createSecretCache(csms, { ttlMs: 100 });
  const withCache = await across(() => rotating.getSecretString('db-password'));
  rotating.close();
  const without = await across(async () => (await csms.showSecretVersion('db-password', 'latest')).version.secret_string);
  await mock.close();

  const hit = median(perRead);
  const rounds = { rounds: perRead.length, load: loadNow() };
  return [
    {
      row: 'cache hit, per read (median of 7 × 200,000 reads)',
      ours: hit,
      baseline: median(uncached),
      unit: 'µs',
      aim: 1,
      aimIsAbsolute: true,
      baselineName: 'ShowSecretVersion without the cache',
      ...rounds,
    },
    {
      row: 'cache hits per second, one core',
      ours: 1e6 / hit,
      unit: 'reads/s',
      aim: 1_000_000,
      aimIsAbsolute: true,
      aimIsFloor: true,
      spread: /** @type {[number, number]} */ ([1e6 / Math.max(...perRead), 1e6 / Math.min(...perRead)]),
      ...rounds,
    },
    {
      row: 'requests to CSMS per 10,000 reads across a rotation (TTL 100 ms, ~1 s)',
      ours: withCache,
      baseline: without,
      unit: 'requests',
      baselineName: 'reading without the cache',
    },
  ];
}
