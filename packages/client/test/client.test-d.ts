// What the client's types promise in the editor (vitest --typecheck and tsc).
import { describe, expectTypeOf, it } from 'vitest';
import { createCsmsClient, type CsmsClient, type CsmsError, type SecretBlob, type ShowSecretResponse } from '../src/index.js';

declare const csms: CsmsClient;

describe('client types', () => {
  it('showSecret resolves to the typed body; state is the enum', () => {
    expectTypeOf(csms.showSecret).returns.resolves.toEqualTypeOf<ShowSecretResponse>();
    expectTypeOf<Awaited<ReturnType<CsmsClient['showSecret']>>['secret']['state']>().toEqualTypeOf<
      'ENABLED' | 'DISABLED' | 'PENDING_DELETE' | 'FROZEN'
    >();
    expectTypeOf(csms.downloadSecretBlob).returns.resolves.toEqualTypeOf<SecretBlob>();
    expectTypeOf<SecretBlob['secret_blob']>().toEqualTypeOf<string>();
  });

  it('rejects wrong arguments at compile time', () => {
    // @ts-expect-error the secret name is a string
    void csms.showSecret(1);
    // @ts-expect-error unknown call option
    void csms.showSecret('x', { timeout: 1 });
    // @ts-expect-error credentials are required
    createCsmsClient({ projectId: 'p' });
    // @ts-expect-error AK/SK needs both keys
    createCsmsClient({ projectId: 'p', credentials: { ak: 'a' } });
    expectTypeOf(createCsmsClient).parameter(0).toHaveProperty('region');
  });

  it('csms.raw is typed by the document paths', () => {
    // @ts-expect-error not a path of the document
    void csms.raw.GET('/v1/{project_id}/keys', {});
    // @ts-expect-error ShowSecret is a GET, not a POST
    void csms.raw.POST('/v1/{project_id}/secrets/{secret_name}', { params: { path: { project_id: 'p', secret_name: 's' } } });
  });

  it('errors carry typed fields', () => {
    expectTypeOf<CsmsError['kind']>().toEqualTypeOf<'http' | 'network' | 'timeout' | 'invalid-argument' | 'invalid-response'>();
    expectTypeOf<CsmsError['status']>().toEqualTypeOf<number | undefined>();
  });
});
