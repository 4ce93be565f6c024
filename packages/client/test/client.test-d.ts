// What the client's types promise in the editor (vitest --typecheck and tsc): every method's
// arguments and result come from the generated operation table, so a wrong call does not compile.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CallOptions,
  type CsmsClient,
  type CsmsError,
  createCsmsClient,
  type PageInfo,
  type Secret,
  type SecretBlob,
  type SecretStage,
  type SecretVersion,
  type ShowSecretResponse,
  type VersionMetadata,
} from '../src/index.js';

declare const csms: CsmsClient;

describe('results', () => {
  it('showSecret resolves to the typed body; state is a string (unknown states are accepted on purpose)', () => {
    expectTypeOf(csms.showSecret).returns.resolves.toEqualTypeOf<ShowSecretResponse>();
    expectTypeOf<Awaited<ReturnType<CsmsClient['showSecret']>>['secret']>().toEqualTypeOf<Secret>();
    expectTypeOf(csms.downloadSecretBlob).returns.resolves.toEqualTypeOf<SecretBlob>();
    expectTypeOf<SecretBlob['secret_blob']>().toEqualTypeOf<string>();
  });

  it("showSecretVersion(name, 'latest') resolves to { version } with an optional secret_string", async () => {
    const result = await csms.showSecretVersion('a', 'latest');
    expectTypeOf(result).toEqualTypeOf<{ version: SecretVersion }>();
    expectTypeOf(result.version.secret_string).toEqualTypeOf<string | undefined>();
    expectTypeOf(result.version.secret_binary).toEqualTypeOf<string | undefined>();
    expectTypeOf(result.version.version_metadata).toEqualTypeOf<VersionMetadata>();
    // Optional, not `string | undefined` required: a binary version has no secret_string at all.
    expectTypeOf<{ version_metadata: VersionMetadata }>().toExtend<SecretVersion>();
    expectTypeOf<Pick<SecretVersion, 'secret_string'>>().toEqualTypeOf<{ secret_string?: string }>();
  });

  it('the other operations resolve to their documented bodies', () => {
    expectTypeOf(csms.showSecretStage).returns.resolves.toEqualTypeOf<{ stage: SecretStage }>();
    expectTypeOf(csms.listSecrets).returns.resolves.toEqualTypeOf<{ secrets: Secret[]; page_info?: PageInfo }>();
    expectTypeOf(csms.listSecretVersions).returns.resolves.toEqualTypeOf<{ version_metadatas: VersionMetadata[]; page_info?: PageInfo }>();
    expectTypeOf<Awaited<ReturnType<CsmsClient['uploadSecretBlob']>>>().toEqualTypeOf<ShowSecretResponse>();
  });

  it('a wrong result type does not compile', async () => {
    // @ts-expect-error showSecret does not return a backup
    const blob: SecretBlob = await csms.showSecret('x');
    // @ts-expect-error a version's value is not a number
    const n: number | undefined = (await csms.showSecretVersion('a', 'latest')).version.secret_string;
    // @ts-expect-error ShowSecretStage answers { stage }, not { version }
    const v: { version: SecretVersion } = await csms.showSecretStage('a', 'SYSCURRENT');
    void [blob, n, v];
  });
});

describe('arguments', () => {
  it('path parameters are strings, in path order, then call options', () => {
    expectTypeOf(csms.showSecret).parameters.toEqualTypeOf<[secretName: string, options?: CallOptions]>();
    expectTypeOf(csms.showSecretVersion).parameters.toEqualTypeOf<[secretName: string, versionId: string, options?: CallOptions]>();
    // @ts-expect-error the secret name is a string
    void csms.showSecret(1);
    // @ts-expect-error ShowSecretVersion needs a version ID
    void csms.showSecretVersion('a');
    // @ts-expect-error unknown call option
    void csms.showSecret('x', { timeout: 1 });
  });

  it('query parameters by their document names, checked', () => {
    void csms.listSecrets();
    void csms.listSecrets({ limit: 50 });
    void csms.listSecrets({ limit: 50, marker: 'db', event_name: 'e' }, { signal: AbortSignal.timeout(1) });
    void csms.listSecretVersions('a', { limit: 5, marker: 'v1' });
    // @ts-expect-error limit is a number
    void csms.listSecrets({ limit: 'x' });
    // @ts-expect-error not a query parameter of ListSecrets
    void csms.listSecrets({ nope: 1 });
    // @ts-expect-error ListSecrets takes no body
    void csms.listSecrets({ body: {} });
    // @ts-expect-error ListSecretVersions has no event_name
    void csms.listSecretVersions('a', { event_name: 'e' });
  });

  it('a body where the document has one, required when it is', () => {
    void csms.uploadSecretBlob({ body: { secret_blob: 's' } });
    // @ts-expect-error the body is required
    void csms.uploadSecretBlob({});
    // @ts-expect-error the input object is required
    void csms.uploadSecretBlob();
    // @ts-expect-error secret_blob is a string
    void csms.uploadSecretBlob({ body: { secret_blob: 1 } });
    // @ts-expect-error the body needs secret_blob
    void csms.uploadSecretBlob({ body: {} });
  });

  it('options: credentials are required, AK/SK needs both keys', () => {
    // @ts-expect-error credentials are required
    createCsmsClient({ projectId: 'p' });
    // @ts-expect-error AK/SK needs both keys
    createCsmsClient({ projectId: 'p', credentials: { ak: 'a' } });
    expectTypeOf(createCsmsClient).parameter(0).toHaveProperty('region');
  });
});

describe('paginate', () => {
  it('listSecrets yields Secret, listSecretVersions yields VersionMetadata', () => {
    expectTypeOf(csms.paginate.listSecrets()).toEqualTypeOf<AsyncIterableIterator<Secret>>();
    expectTypeOf(csms.paginate.listSecrets({ limit: 7 })).toEqualTypeOf<AsyncIterableIterator<Secret>>();
    expectTypeOf(csms.paginate.listSecretVersions('a')).toEqualTypeOf<AsyncIterableIterator<VersionMetadata>>();
    // @ts-expect-error limit is a number
    void csms.paginate.listSecrets({ limit: 'x' });
  });

  it('exists only for the paged operations', () => {
    // @ts-expect-error ShowSecret is not paged
    void csms.paginate.showSecret;
    // The secret lists among them; every key is a paged operation's (no other: showSecret is refused above).
    expectTypeOf<'listSecrets' | 'listSecretVersions'>().toExtend<keyof CsmsClient['paginate']>();
    expectTypeOf<keyof CsmsClient['paginate']>().toExtend<`list${string}`>();
  });
});

describe('csms.raw is typed by the document paths', () => {
  it('refuses a path or method the document does not have', () => {
    // @ts-expect-error not a path of the document
    void csms.raw.GET('/v1/{project_id}/keys', {});
    // @ts-expect-error ShowSecret is a GET, not a POST
    void csms.raw.POST('/v1/{project_id}/secrets/{secret_name}', { params: { path: { project_id: 'p', secret_name: 's' } } });
    // @ts-expect-error the restore needs a body
    void csms.raw.POST('/v1/{project_id}/secrets/restore', { params: { path: { project_id: 'p' } } });
  });
});

describe('errors', () => {
  it('carry typed fields', () => {
    expectTypeOf<CsmsError['kind']>().toEqualTypeOf<
      'http' | 'network' | 'timeout' | 'invalid-argument' | 'invalid-response' | 'credentials'
    >();
    expectTypeOf<CsmsError['status']>().toEqualTypeOf<number | undefined>();
  });
});
