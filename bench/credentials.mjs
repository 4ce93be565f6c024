// @ts-check
// Credentials from a provider (@csms-openapi/client/credentials) against static keys, in the same
// run: what a call costs once the provider holds fresh keys, and how many requests reach the
// metadata service (the mock's) when 1,000 calls arrive as the keys are due.
import path from 'node:path';
import { startMock } from '@csms-openapi/mock';
import { bareServer, builtClientFile, compared, interleaved, PROJECT, SECRET, seedBody } from './support.mjs';

/** The provider's keys as static AK/SK (spelled out: they keep sk and securityToken out of a spread). */
const staticKeysOf = (/** @type {import('../packages/client/src/index.js').ProvidedCredentials} */ k) => ({
  ak: k.ak,
  sk: k.sk,
  securityToken: k.securityToken,
});

export async function credentialsRows() {
  const file = await builtClientFile();
  const { createCsmsClient } = /** @type {typeof import('../packages/client/src/index.js')} */ (await import(file));
  const { fromMetadata } = /** @type {typeof import('../packages/client/src/credentials.js')} */ (
    await import(path.join(path.dirname(file), 'credentials.js'))
  );
  // The calls go to a bare server (no signature check, as for the static-keys baseline); the keys come from the mock.
  const server = await bareServer(await seedBody('ShowSecret'));
  const metadata = await startMock({ metadata: { credentialTtlMs: 3_600_000 } });
  let skew = 0;
  const provider = fromMetadata({ endpoint: metadata.url, projectId: PROJECT, now: () => Date.now() + skew });
  const keys = await provider();
  const staticKeys = createCsmsClient({ projectId: PROJECT, endpoint: server.url, credentials: staticKeysOf(keys) });
  const fromProvider = createCsmsClient({ projectId: PROJECT, endpoint: server.url, credentials: provider });
  const m = await interleaved(
    {
      'static keys': () => staticKeys.showSecret(SECRET),
      'cached provider': () => fromProvider.showSecret(SECRET),
    },
    { rounds: 7, calls: 500 },
  );
  // The client's own work alone: the same two clients with a fetch that answers in-process.
  const body = await seedBody('ShowSecret');
  /** @type {import('../packages/client/src/index.js').FetchLike} */
  const answer = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  const inProcess = {
    static: createCsmsClient({ projectId: PROJECT, endpoint: server.url, fetch: answer, credentials: staticKeysOf(keys) }),
    provider: createCsmsClient({ projectId: PROJECT, endpoint: server.url, fetch: answer, credentials: provider }),
  };
  const c = await interleaved(
    {
      'static keys': () => inProcess.static.showSecret(SECRET),
      'cached provider': () => inProcess.provider.showSecret(SECRET),
    },
    { rounds: 7, calls: 1000 },
  );

  // 1,000 calls as the keys fall due (the provider's clock moved past half their lifetime).
  const before = /** @type {{ token: number, securityKey: number }} */ (metadata.metadataRequests);
  skew = 1_800_001;
  const answered = await Promise.all(Array.from({ length: 1_000 }, () => fromProvider.showSecret(SECRET)));
  if (answered.length !== 1_000) throw new Error('not every call was answered');
  const after = /** @type {{ token: number, securityKey: number }} */ (metadata.metadataRequests);
  const refreshRequests = after.token - before.token + (after.securityKey - before.securityKey);
  await Promise.all([server.close(), metadata.close()]);
  return [
    compared(
      {
        row: 'client call, AK/SK from fromMetadata() holding fresh keys (median per call)',
        unit: 'µs',
        aim: 1.05,
        baselineName: 'the same keys given as static AK/SK',
      },
      m['cached provider'],
      m['static keys'],
    ),
    compared(
      {
        row: 'the same, the client alone (fetch answered in-process; median per call)',
        unit: 'µs',
        aim: 1.05,
        baselineName: 'static AK/SK, same fetch',
      },
      c['cached provider'],
      c['static keys'],
    ),
    {
      row: 'metadata requests for one refresh, 1,000 calls waiting',
      ours: refreshRequests,
      baseline: 1_000,
      unit: 'requests',
      aim: 1,
      aimIsAbsolute: true,
      baselineName: 'calls',
    },
  ];
}
