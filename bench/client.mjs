// @ts-check
// Per-call cost of the client against raw fetch in the same process, call by call in turn
// (support.mjs `interleaved`), and of AK/SK signing against the official signer.
//
// The baseline is raw fetch WITH a timeout (`AbortSignal.timeout`): a client without one is not
// what anyone should ship, and handing fetch a signal and a timer costs about 10 µs by itself on
// Node 20. Bare fetch (no signal at all) stays as a reference row.
import { createRequire } from 'node:module';
import { startMock } from '@csms-openapi/mock';
import { bareServer, builtClient, compared, interleaved, PROJECT, SECRET, seedBody } from './support.mjs';

/** @param {string} url */
const rawFetch = (url) => async () => (await fetch(url, { headers: { 'X-Auth-Token': 'bench-token' } })).json();
/** @param {string} url */
const rawFetchWithTimeout = (url) => async () =>
  (await fetch(url, { headers: { 'X-Auth-Token': 'bench-token' }, signal: AbortSignal.timeout(10_000) })).json();

export async function clientRows() {
  const { createCsmsClient, createSigner, sdkDate } = await builtClient();
  // One bare server answering each path with its operation's first example.
  const server = await bareServer(await seedBody('ShowSecret'), { '/versions/latest': await seedBody('ShowSecretVersion') });
  const url = `${server.url}/v1/${PROJECT}/secrets/${SECRET}`;
  const versionUrl = `${url}/versions/latest`;
  const token = createCsmsClient({ projectId: PROJECT, endpoint: server.url, credentials: { token: 'bench-token' } });
  const aksk = createCsmsClient({ projectId: PROJECT, endpoint: server.url, credentials: { ak: 'BENCHAK', sk: 'bench-secret-key' } });
  const m = await interleaved({
    'raw fetch': rawFetch(url),
    'raw fetch + timeout': rawFetchWithTimeout(url),
    'client, token': () => token.showSecret(SECRET),
    'client, AK/SK': () => aksk.showSecret(SECRET),
  });
  const v = await interleaved(
    {
      'raw fetch + timeout, version': rawFetchWithTimeout(versionUrl),
      'client, token, version': () => token.showSecretVersion(SECRET, 'latest'),
    },
    { rounds: 5 },
  );
  await server.close();

  const { AKSKSigner } = createRequire(import.meta.url)('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
  const sign = createSigner({ ak: 'BENCHAK', sk: 'bench-secret-key' });
  const date = sdkDate(new Date());
  const target = new URL(`https://kms.cn-north-4.myhuaweicloud.com/v1/${PROJECT}/secrets/${SECRET}`);
  const credential = { getAk: () => 'BENCHAK', getSk: () => 'bench-secret-key' };
  // A new path each call: the same request signed twice in one second reuses its signature.
  let n = 0;
  const next = () => new URL(`${target.href}-${n++ % 1000}`);
  const s = await interleaved(
    {
      ours: () => sign({ method: 'GET', url: next(), headers: { 'X-Sdk-Date': date, 'X-Project-Id': PROJECT } }),
      official: () =>
        AKSKSigner.sign(
          { endpoint: next().href, method: 'GET', headers: { 'X-Sdk-Date': date, 'X-Project-Id': PROJECT }, queryParams: {} },
          credential,
        ),
    },
    { rounds: 5, calls: 200, warmup: 20, batch: 20 },
  );

  const timeoutBaseline = 'raw fetch with AbortSignal.timeout';
  return [
    compared(
      { row: 'client call ShowSecret, token auth (median per call)', unit: 'µs', aim: 1.05, baselineName: timeoutBaseline },
      m['client, token'],
      m['raw fetch + timeout'],
    ),
    compared(
      { row: 'client call ShowSecret, AK/SK (median per call)', unit: 'µs', aim: 1.15, baselineName: timeoutBaseline },
      m['client, AK/SK'],
      m['raw fetch + timeout'],
    ),
    compared(
      { row: 'client call ShowSecretVersion, token auth (median per call)', unit: 'µs', aim: 1.05, baselineName: timeoutBaseline },
      v['client, token, version'],
      v['raw fetch + timeout, version'],
    ),
    compared(
      { row: 'reference: client call ShowSecret, token auth, against fetch without a timeout', unit: 'µs', baselineName: 'bare raw fetch' },
      m['client, token'],
      m['raw fetch'],
    ),
    compared(
      { row: 'reference: client call ShowSecret, AK/SK, against fetch without a timeout', unit: 'µs', baselineName: 'bare raw fetch' },
      m['client, AK/SK'],
      m['raw fetch'],
    ),
    compared(
      { row: 'reference: what a timeout costs raw fetch', unit: 'µs', baselineName: 'bare raw fetch' },
      m['raw fetch + timeout'],
      m['raw fetch'],
    ),
    ...(await paginateRows(createCsmsClient)),
    compared({ row: 'AK/SK signing alone, per request', unit: 'µs', aim: 0.25, baselineName: 'official SDK signer' }, s.ours, s.official),
  ];
}

/**
 * Listing 10,000 secrets from the stateful mock: `csms.paginate.listSecrets` against fetching the
 * same pages with raw fetch (with a timeout, as the client has) in a loop, marker from each page.
 * @param {typeof import('../packages/client/src/index.js').createCsmsClient} createCsmsClient
 */
async function paginateRows(createCsmsClient) {
  const mock = await startMock({ secrets: Array.from({ length: 10_000 }, (_, i) => ({ name: `secret-${i}` })), tokens: ['bench-token'] });
  const csms = createCsmsClient({ projectId: PROJECT, endpoint: mock.url, credentials: { token: 'bench-token' } });
  const m = await interleaved(
    {
      paginate: async () => {
        let n = 0;
        for await (const _ of csms.paginate.listSecrets({ limit: 1000 })) n++;
        if (n !== 10_000) throw new Error(`paginate listed ${n}`);
      },
      'raw fetch loop': async () => {
        let n = 0;
        let marker = '';
        for (;;) {
          const r = await fetch(`${mock.url}/v1/${PROJECT}/secrets?limit=1000${marker ? `&marker=${marker}` : ''}`, {
            headers: { 'X-Auth-Token': 'bench-token' },
            signal: AbortSignal.timeout(10_000),
          });
          const page = /** @type {{ secrets: unknown[], page_info?: { next_marker?: string } }} */ (await r.json());
          n += page.secrets.length;
          if (!page.page_info?.next_marker) break;
          marker = page.page_info.next_marker;
        }
        if (n !== 10_000) throw new Error(`the loop listed ${n}`);
      },
    },
    { rounds: 5, calls: 6, warmup: 2 },
  );
  await mock.close();
  const ms = (/** @type {import('./support.mjs').Measured} */ x) => ({
    ...x,
    median: x.median / 1000,
    perRound: x.perRound.map((y) => y / 1000),
  });
  return [
    compared(
      {
        row: 'paginate.listSecrets, 10,000 secrets from the mock (10 pages of 1,000)',
        unit: 'ms',
        aim: 1.2,
        baselineName: 'raw fetch with a timeout, same pages in a loop',
      },
      ms(m.paginate),
      ms(m['raw fetch loop']),
    ),
  ];
}
