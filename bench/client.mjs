// @ts-check
// Per-call cost of the client against raw fetch in the same process (short interleaved rounds),
// and of AK/SK signing against the official signer.
import { createRequire } from 'node:module';
import { bareServer, builtClient, medians, PROJECT, SECRET, seedBody } from './support.mjs';

export async function clientRows() {
  const { createCsmsClient, createSigner, sdkDate } = await builtClient();
  // One bare server answering each path with its operation's first example.
  const server = await bareServer(await seedBody('ShowSecret'), { '/versions/latest': await seedBody('ShowSecretVersion') });
  const url = `${server.url}/v1/${PROJECT}/secrets/${SECRET}`;
  const versionUrl = `${url}/versions/latest`;
  const token = createCsmsClient({ projectId: PROJECT, endpoint: server.url, credentials: { token: 'bench-token' } });
  const aksk = createCsmsClient({ projectId: PROJECT, endpoint: server.url, credentials: { ak: 'BENCHAK', sk: 'bench-secret-key' } });
  const m = await medians({
    'raw fetch': async () => (await fetch(url, { headers: { 'X-Auth-Token': 'bench-token' } })).json(),
    'raw fetch, version': async () => (await fetch(versionUrl, { headers: { 'X-Auth-Token': 'bench-token' } })).json(),
    'client, token, version': () => token.showSecretVersion(SECRET, 'latest'),
    // What any call with a timeout pays: in Node 20, undici's handling of a signal is most of our overhead.
    'raw fetch + timeout': async () =>
      (await fetch(url, { headers: { 'X-Auth-Token': 'bench-token' }, signal: AbortSignal.timeout(10_000) })).json(),
    'client, token': () => token.showSecret(SECRET),
    'client, AK/SK': () => aksk.showSecret(SECRET),
  });
  await server.close();

  const { AKSKSigner } = createRequire(import.meta.url)('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
  const sign = createSigner({ ak: 'BENCHAK', sk: 'bench-secret-key' });
  const date = sdkDate(new Date());
  const target = new URL(`https://kms.cn-north-4.myhuaweicloud.com/v1/${PROJECT}/secrets/${SECRET}`);
  const headers = { 'X-Sdk-Date': date, 'X-Project-Id': PROJECT };
  const credential = { getAk: () => 'BENCHAK', getSk: () => 'bench-secret-key' };
  const s = await medians({
    ours: () => sign({ method: 'GET', url: target, headers }),
    official: () => AKSKSigner.sign({ endpoint: target.href, method: 'GET', headers: { ...headers }, queryParams: {} }, credential),
  });

  return [
    {
      row: 'client call, token auth (median per call)',
      ours: m['client, token'],
      baseline: m['raw fetch'],
      unit: 'µs',
      aim: 1.15,
      baselineName: 'raw fetch',
    },
    {
      row: 'client call, token auth (median per call)',
      ours: m['client, token'],
      baseline: m['raw fetch + timeout'],
      unit: 'µs',
      baselineName: 'raw fetch with AbortSignal.timeout',
    },
    {
      row: 'client call, AK/SK (median per call)',
      ours: m['client, AK/SK'],
      baseline: m['raw fetch'],
      unit: 'µs',
      aim: 1.25,
      baselineName: 'raw fetch',
    },
    {
      row: 'client call ShowSecretVersion, token auth (median per call)',
      ours: m['client, token, version'],
      baseline: m['raw fetch, version'],
      unit: 'µs',
      aim: 1.15,
      baselineName: 'raw fetch',
    },
    ...(await paginateRows(createCsmsClient)),
    {
      row: 'AK/SK signing alone, per request',
      ours: s.ours,
      baseline: s.official,
      unit: 'µs',
      aim: 0.25,
      baselineName: 'official SDK signer',
    },
  ];
}

/**
 * Listing 10,000 secrets from the stateful mock: `csms.paginate.listSecrets` against fetching the
 * same pages with raw fetch in a loop (marker from each page), interleaved rounds.
 * @param {typeof import('../packages/client/src/index.js').createCsmsClient} createCsmsClient
 */
async function paginateRows(createCsmsClient) {
  const { startMock } = await import('@csms-openapi/mock');
  const mock = await startMock({ secrets: Array.from({ length: 10_000 }, (_, i) => ({ name: `secret-${i}` })), tokens: ['bench-token'] });
  const csms = createCsmsClient({ projectId: PROJECT, endpoint: mock.url, credentials: { token: 'bench-token' } });
  const m = await medians(
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
          });
          const page = /** @type {{ secrets: unknown[], page_info?: { next_marker?: string } }} */ (await r.json());
          n += page.secrets.length;
          if (!page.page_info?.next_marker) break;
          marker = page.page_info.next_marker;
        }
        if (n !== 10_000) throw new Error(`the loop listed ${n}`);
      },
    },
    { time: 1500, rounds: 5 },
  );
  await mock.close();
  return [
    {
      row: 'paginate.listSecrets, 10,000 secrets from the mock (10 pages of 1,000)',
      ours: m.paginate / 1000,
      baseline: m['raw fetch loop'] / 1000,
      unit: 'ms',
      aim: 1.2,
      baselineName: 'raw fetch, same pages in a loop',
    },
  ];
}
