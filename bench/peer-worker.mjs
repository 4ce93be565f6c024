// @ts-check
// One client peer in a process of its own (see peers.mjs): `node --expose-gc peer-worker.mjs
// <peer> <mode> <server url> <client dist>` prints one JSON result. Modes: all (latency: median µs
// per sequential call; throughput: calls/s with 16 in flight; heap: heap used after those calls
// (a few thousand) and a full GC, in bytes), cold (a single call; the parent times the process).
import { createRequire } from 'node:module';

const [peer, mode, base, clientDist] = process.argv.slice(2);
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const require = createRequire(import.meta.url);

/** @returns {Promise<() => Promise<unknown>>} one call of the peer */
async function makeCall() {
  const url = `${base}/v1/${PROJECT}/secrets/test`;
  switch (peer) {
    case 'raw fetch + timeout':
      return async () => (await fetch(url, { headers: { 'X-Auth-Token': 'bench-token' }, signal: AbortSignal.timeout(10_000) })).json();
    case 'ours, token':
    case 'ours, AK/SK': {
      const { createCsmsClient } = await import(/** @type {string} */ (clientDist));
      const credentials = peer === 'ours, token' ? { token: 'bench-token' } : { ak: 'BENCHAKEXAMPLE000001', sk: 'bench-secret-key' };
      const csms = createCsmsClient({ projectId: PROJECT, endpoint: base, credentials });
      return () => csms.showSecret('test');
    }
    case 'Huawei SDK core': {
      // Installed as it is; it writes ~/.huaweicloud/application_id, so the parent points HOME at
      // a scratch folder. The request is shaped as its generated CsmsClient.showSecret sends it.
      const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');
      const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');
      const client = new ClientBuilder((/** @type {any} */ hc) => hc)
        .withCredential(new BasicCredentials().withAk('BENCHAKEXAMPLE000001').withSk('bench-secret-key').withProjectId(PROJECT))
        .withEndpoint(/** @type {string} */ (base))
        .build();
      return () =>
        client.sendRequest({
          method: 'GET',
          url: '/v1/{project_id}/secrets/{secret_name}',
          contentType: 'application/json',
          pathParams: { project_id: PROJECT, secret_name: 'test' },
          headers: {},
          queryParams: {},
        });
    }
    case 'AWS SDK v3': {
      const { SecretsManagerClient, DescribeSecretCommand } = await import('@aws-sdk/client-secrets-manager');
      const client = new SecretsManagerClient({
        region: 'us-east-1',
        endpoint: base,
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'bench-secret-key' },
      });
      return () => client.send(new DescribeSecretCommand({ SecretId: 'test' }));
    }
    default:
      throw new Error(`unknown peer ${peer}`);
  }
}

/** Median µs per sequential call. */
async function latency(/** @type {() => Promise<unknown>} */ call, /** @type {number} */ calls) {
  const times = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return (times[times.length >> 1] ?? NaN) * 1000;
}

/** Calls per second with 16 in flight, for `ms`. */
async function throughput(/** @type {() => Promise<unknown>} */ call, /** @type {number} */ ms) {
  let done = 0;
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < until) {
        await call();
        done++;
      }
    }),
  );
  return (done * 1000) / ms;
}

/** Heap used now, after a full GC, in bytes (needs --expose-gc). */
function heap() {
  /** @type {any} */ (globalThis).gc();
  return process.memoryUsage().heapUsed;
}

const call = await makeCall();
if (mode === 'cold') {
  await call();
  console.log(JSON.stringify({ ok: true }));
} else if (mode === 'all') {
  // One process for the three: latency, then throughput, then the heap after those calls (900
  // sequential and a second of 16 in flight: thousands) and a full GC, so a round costs one start
  // of the peer, not three.
  for (let i = 0; i < 300; i++) await call();
  const result = { latency: await latency(call, 600), throughput: await throughput(call, 1000) };
  console.log(JSON.stringify({ ...result, heap: heap() }));
}
process.exit(0);
