// What a user of generated/schema.d.ts sees in the editor (checked by `vitest --typecheck` and tsc).
import { describe, expectTypeOf, it } from 'vitest';
import type { components, operations, paths } from '../../generated/schema.js';

type Secret = components['schemas']['Secret'];
type ShowSecretOk = operations['ShowSecret']['responses'][200]['content']['application/json'];

describe('generated types', () => {
  it('type state as the four states, not string', () => {
    expectTypeOf<Secret['state']>().toEqualTypeOf<'ENABLED' | 'DISABLED' | 'PENDING_DELETE' | 'FROZEN'>();
  });

  it('make scheduled_delete_time an optional, nullable number', () => {
    expectTypeOf<Secret['scheduled_delete_time']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<Secret['create_time']>().toEqualTypeOf<number>();
  });

  it('give every error status the shared Error body', () => {
    type Error = components['schemas']['Error'];
    expectTypeOf<operations['ShowSecret']['responses'][404]['content']['application/json']>().toEqualTypeOf<Error>();
    expectTypeOf<operations['DownloadSecretBlob']['responses'][504]['content']['application/json']>().toEqualTypeOf<Error>();
    expectTypeOf<Error['request_id']>().toEqualTypeOf<string | undefined>();
  });

  it('key operations by path and method', () => {
    expectTypeOf<paths['/v1/{project_id}/secrets/{secret_name}']['get']>().toEqualTypeOf<operations['ShowSecret']>();
    expectTypeOf<paths['/v1/{project_id}/secrets/{secret_name}/backup']['post']>().toEqualTypeOf<operations['DownloadSecretBlob']>();
    expectTypeOf<operations['ShowSecret']['parameters']['path']>().toEqualTypeOf<{ project_id: string; secret_name: string }>();
  });

  it('reject a wrong example', () => {
    const ok: ShowSecretOk = {
      secret: { id: 'x', name: 'test', state: 'ENABLED', kms_key_id: 'k', create_time: 1581507580000, update_time: 1581507580000 },
    };
    expectTypeOf(ok).toEqualTypeOf<ShowSecretOk>();
    // @ts-expect-error state must be one of the four states
    const wrong: ShowSecretOk = { secret: { ...ok.secret, state: 'ACTIVE' } };
    expectTypeOf(wrong.secret.state).not.toEqualTypeOf<string>();
  });
});
