export {
  type CallOptions,
  type CsmsClient,
  type CsmsClientOptions,
  createCsmsClient,
  DEFAULTS,
  type ErrorBody,
  type KnownRegion,
  MAX_PAGES,
  type PageInfo,
  type Secret,
  type SecretBlob,
  type SecretStage,
  type SecretState,
  type SecretVersion,
  type ShowSecretResponse,
  type TokenCredentials,
  USER_AGENT,
  type VersionMetadata,
} from './client.js';
export { CsmsError, type CsmsErrorInit, type CsmsErrorKind } from './errors.js';
export {
  type CredentialProvider,
  type CredentialSource,
  type MemoizeOptions,
  memoizeCredentials,
  type ProvidedCredentials,
} from './provider.js';
export { type AkSkCredentials, CRYPTO_BACKEND, createSigner, type SignableRequest, type Signer, sdkDate } from './signer.js';
export { type FetchLike, RETRY_STATUSES, type RetryOptions } from './transport.js';
export type { Input, OperationId, Result } from '../../../generated/operations.js';
export type { components, operations, paths } from '../../../generated/schema.js';
