// What a user of generated/schema.d.ts sees in the editor (checked by `vitest --typecheck` and tsc).
import { describe, expectTypeOf, it } from 'vitest';
import type { components, operations, paths } from '../../generated/schema.js';

type Schemas = components['schemas'];
type Secret = Schemas['Secret'];
/** The JSON body of an operation's 200, for the operations whose 200 has one. */
type Ok<O extends keyof operations> = operations[O]['responses'] extends { 200: { content: { 'application/json': infer B } } } ? B : never;
type ShowSecretOk = Ok<'ShowSecret'>;

describe('generated types', () => {
  it('type state as the four states, not string', () => {
    expectTypeOf<Secret['state']>().toEqualTypeOf<'ENABLED' | 'DISABLED' | 'PENDING_DELETE' | 'FROZEN'>();
  });

  it('make scheduled_delete_time an optional, nullable number', () => {
    expectTypeOf<Secret['scheduled_delete_time']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<Secret['create_time']>().toEqualTypeOf<number>();
  });

  it('give every error status the shared Error body', () => {
    type Error = Schemas['Error'];
    expectTypeOf<operations['ShowSecret']['responses'][404]['content']['application/json']>().toEqualTypeOf<Error>();
    expectTypeOf<operations['DownloadSecretBlob']['responses'][504]['content']['application/json']>().toEqualTypeOf<Error>();
    expectTypeOf<operations['ShowSecretVersion']['responses'][400]['content']['application/json']>().toEqualTypeOf<Error>();
    expectTypeOf<operations['UploadSecretBlob']['responses'][400]['content']['application/json']>().toEqualTypeOf<Error>();
    expectTypeOf<Error['request_id']>().toEqualTypeOf<string | undefined>();
  });

  it('key operations by path and method', () => {
    expectTypeOf<paths['/v1/{project_id}/secrets/{secret_name}']['get']>().toEqualTypeOf<operations['ShowSecret']>();
    expectTypeOf<paths['/v1/{project_id}/secrets/{secret_name}/backup']['post']>().toEqualTypeOf<operations['DownloadSecretBlob']>();
    expectTypeOf<paths['/v1/{project_id}/secrets']['get']>().toEqualTypeOf<operations['ListSecrets']>();
    expectTypeOf<paths['/v1/{project_id}/secrets/restore']['post']>().toEqualTypeOf<operations['UploadSecretBlob']>();
    expectTypeOf<paths['/v1/{project_id}/secrets/{secret_name}/versions']['get']>().toEqualTypeOf<operations['ListSecretVersions']>();
    expectTypeOf<paths['/v1/{project_id}/secrets/{secret_name}/versions/{version_id}']['get']>().toEqualTypeOf<
      operations['ShowSecretVersion']
    >();
    expectTypeOf<paths['/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}']['get']>().toEqualTypeOf<
      operations['ShowSecretStage']
    >();
    expectTypeOf<operations['ShowSecret']['parameters']['path']>().toEqualTypeOf<{ project_id: string; secret_name: string }>();
    expectTypeOf<operations['ShowSecretVersion']['parameters']['path']>().toEqualTypeOf<{
      project_id: string;
      secret_name: string;
      version_id: string;
    }>();
  });

  it('type the list queries: limit a number, markers strings, all optional', () => {
    expectTypeOf<NonNullable<operations['ListSecrets']['parameters']['query']>>().toEqualTypeOf<{
      limit?: number;
      marker?: string;
      event_name?: string;
    }>();
    expectTypeOf<NonNullable<operations['ListSecretVersions']['parameters']['query']>>().toEqualTypeOf<{
      limit?: number;
      marker?: string;
    }>();
  });

  it('type the pages: items required, page_info optional, next_marker optional', () => {
    expectTypeOf<Ok<'ListSecrets'>['secrets']>().toEqualTypeOf<Secret[]>();
    expectTypeOf<Ok<'ListSecrets'>['page_info']>().toEqualTypeOf<Schemas['PageInfo'] | undefined>();
    expectTypeOf<Ok<'ListSecretVersions'>['version_metadatas']>().toEqualTypeOf<Schemas['VersionMetadata'][]>();
    expectTypeOf<Schemas['PageInfo']>().toEqualTypeOf<{ next_marker?: string; previous_marker?: string; current_count: number }>();
  });

  it('type a version: metadata required, the value as an optional string of either kind', () => {
    expectTypeOf<Ok<'ShowSecretVersion'>['version']>().toEqualTypeOf<Schemas['Version']>();
    expectTypeOf<Schemas['Version']['version_metadata']>().toEqualTypeOf<Schemas['VersionMetadata']>();
    expectTypeOf<Schemas['Version']['secret_string']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Schemas['Version']['secret_binary']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Schemas['VersionMetadata']['version_stages']>().toEqualTypeOf<string[]>();
    expectTypeOf<Schemas['VersionMetadata']['create_time']>().toEqualTypeOf<number>();
    expectTypeOf<Schemas['VersionMetadata']['expire_time']>().toEqualTypeOf<number | undefined>();
  });

  it('type a stage and the restore body', () => {
    expectTypeOf<Ok<'ShowSecretStage'>['stage']>().toEqualTypeOf<Schemas['Stage']>();
    expectTypeOf<Schemas['Stage']['version_id']>().toEqualTypeOf<string>();
    expectTypeOf<Schemas['Stage']['update_time']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<operations['UploadSecretBlob']['requestBody']['content']['application/json']>().toEqualTypeOf<{ secret_blob: string }>();
    expectTypeOf<Ok<'UploadSecretBlob'>>().toEqualTypeOf<ShowSecretOk>();
  });

  it('type the write operations: request bodies, and no body where the vendor answers none', () => {
    type CreateBody = operations['CreateSecret']['requestBody']['content']['application/json'];
    expectTypeOf<CreateBody['name']>().toEqualTypeOf<string>();
    expectTypeOf<CreateBody['secret_string']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<CreateBody['secret_type']>().toEqualTypeOf<'COMMON' | 'RDS-FG' | 'GaussDB-FG' | undefined>();
    expectTypeOf<Ok<'CreateSecret'>>().toEqualTypeOf<ShowSecretOk>();
    type VersionBody = operations['CreateSecretVersion']['requestBody']['content']['application/json'];
    expectTypeOf<VersionBody['version_stages']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<Ok<'CreateSecretVersion'>['version_metadata']>().toEqualTypeOf<Schemas['VersionMetadata']>();
    expectTypeOf<operations['DeleteSecretForSchedule']['requestBody']['content']['application/json']>().toEqualTypeOf<{
      recovery_window_in_days: number;
    }>();
    expectTypeOf<operations['DeleteSecretStage']['responses'][204]['content']>().toEqualTypeOf<undefined>();
    expectTypeOf<operations['DeleteSecret']['responses'][200]['content']>().toEqualTypeOf<undefined>();
    expectTypeOf<Ok<'BatchImportSecrets'>['error_list']>().toEqualTypeOf<Schemas['ImportError'][]>();
    expectTypeOf<Ok<'RotateSecret'>['version_id']>().toEqualTypeOf<string | undefined>();
  });

  it('reject a wrong example', () => {
    const ok: ShowSecretOk = {
      secret: { id: 'x', name: 'test', state: 'ENABLED', kms_key_id: 'k', create_time: 1581507580000, update_time: 1581507580000 },
    };
    expectTypeOf(ok).toEqualTypeOf<ShowSecretOk>();
    // @ts-expect-error state must be one of the four states
    const wrong: ShowSecretOk = { secret: { ...ok.secret, state: 'ACTIVE' } };
    expectTypeOf(wrong.secret.state).not.toEqualTypeOf<string>();
    const stage: Ok<'ShowSecretStage'> = { stage: { name: 'SYSCURRENT', version_id: 'v2' } };
    // @ts-expect-error a stage needs the version it points at
    const noVersion: Ok<'ShowSecretStage'> = { stage: { name: 'SYSCURRENT' } };
    expectTypeOf(stage).toEqualTypeOf(noVersion);
  });
});
