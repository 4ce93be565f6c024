export {
  createCsmsClient,
  DEFAULTS,
  USER_AGENT,
  type CallOptions,
  type CsmsClient,
  type CsmsClientOptions,
  type ErrorBody,
  type KnownRegion,
  type Secret,
  type SecretBlob,
  type SecretState,
  type ShowSecretResponse,
  type TokenCredentials,
} from './client.js';
export { CsmsError, type CsmsErrorInit, type CsmsErrorKind } from './errors.js';
export { createSigner, CRYPTO_BACKEND, sdkDate, type AkSkCredentials, type SignableRequest, type Signer } from './signer.js';
export { RETRY_STATUSES, type FetchLike, type RetryOptions } from './transport.js';
export type { components, operations, paths } from '../../../generated/schema.js';
