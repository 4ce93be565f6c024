// @ts-check
// Per-call cost of the client against raw fetch in the same process (short interleaved rounds),
// and of AK/SK signing against the official signer.
import { createRequire } from 'node:module';
import { bareServer, builtClient, medians, PROJECT, SECRET, seedBody } from './support.mjs';

export async function clientRows() {
  const { createCsmsClient, createSigner, sdkDate } = await builtClient();
  const server = await bareServer(await seedBody('ShowSecret'));
  const url = `${server.url}/v1/${PROJECT}/secrets/${SECRET}`;
  const token = createCsmsClient({ projectId: PROJECT, endpoint: server.url, credentials: { token: 'bench-token' } });
  const aksk = createCsmsClient({ projectId: PROJECT, endpoint: server.url, credentials: { ak: 'BENCHAK', sk: 'bench-secret-key' } });
  const m = await medians({
    'raw fetch': async () => (await fetch(url, { headers: { 'X-Auth-Token': 'bench-token' } })).json(),
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
      row: 'AK/SK signing alone, per request',
      ours: s.ours,
      baseline: s.official,
      unit: 'µs',
      aim: 0.25,
      baselineName: 'official SDK signer',
    },
  ];
}
