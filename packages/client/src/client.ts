import type { Client } from 'openapi-fetch';
import type { regions } from '../../../generated/constants.js';
import type { OperationId, OperationMethods, PaginateMethods } from '../../../generated/operations.js';
import type { components, paths } from '../../../generated/schema.js';
import { authentication } from './auth.js';
import { call, createCore, invalid, isObject, methodName, projectIdRuleOf, type TableOperation } from './engine.js';
import { MAX_PAGES, paginate } from './paginate.js';
// After the engine: the table brings input.ts, which then sits next to the code it shares words with (smaller gzipped).
import { allOperations } from '../../../generated/client-operations.js';
import type { CredentialProvider, CredentialSource } from './provider.js';
import { createRaw } from './raw.js';
import { tableOperation } from './table.js';
import type { AkSkCredentials } from './signer.js';
import type { FetchLike, RetryOptions } from './transport.js';
import { checkArgument } from './validate.js';

export { DEFAULTS, USER_AGENT } from './engine.js';
export { MAX_PAGES };

export type Secret = components['schemas']['Secret'];
export type SecretState = components['schemas']['SecretState'];
export type ShowSecretResponse = components['schemas']['ShowSecretResponse'];
export type SecretBlob = components['schemas']['SecretBlob'];
export type SecretVersion = components['schemas']['Version'];
export type VersionMetadata = components['schemas']['VersionMetadata'];
export type SecretStage = components['schemas']['Stage'];
export type PageInfo = components['schemas']['PageInfo'];
export type ErrorBody = components['schemas']['Error'];
/** Regions the document lists; any other `xx-name-N` region ID is accepted too. */
export type KnownRegion = (typeof regions)[number];

export interface TokenCredentials {
  /**
   * IAM user token (the `X-Subject-Token` header of IAM's token API), scoped to the project; or a
   * function that returns one, called when the client has none yet and again after a 401.
   */
  token: string | (() => string | Promise<string>);
}

export interface CsmsClientOptions extends Partial<RetryOptions> {
  /**
   * Project ID (32 letters and digits, as IAM returns it). Required, unless `credentials` is a
   * provider that gives one (`HUAWEICLOUD_SDK_PROJECT_ID`, `project_id` in the profile file).
   */
  projectId?: string;
  /** Region ID; the endpoint becomes `https://kms.<region>.myhuaweicloud.com`. Default `cn-north-4`. */
  region?: KnownRegion | (string & {});
  /** Base URL, e.g. `http://127.0.0.1:4010` for the mock. Overrides `region`. No user info, query or fragment. */
  endpoint?: string;
  /**
   * `{ token }`, `{ ak, sk, securityToken? }`, or a provider (`@csms-openapi/client/credentials`:
   * `defaultCredentials()`, `fromEnv()`, `fromProfile()`, `fromMetadata()`, or any async function
   * returning `{ ak, sk, securityToken?, projectId?, expiresAt? }`), asked before each request.
   */
  credentials: TokenCredentials | AkSkCredentials | CredentialProvider | CredentialSource;
  /** Per attempt, until the whole response has arrived. Default 10 000. */
  timeoutMs?: number;
  /**
   * Largest response body accepted, counted after decompression. Default 16 MiB: a secret value
   * is at most 32 KiB, so even hundreds of versions in one encrypted backup fit.
   */
  maxResponseBytes?: number;
  /** The fetch to send requests with (standard signature). Default: the global `fetch`, looked up at each call. */
  fetch?: FetchLike;
}

export interface CallOptions {
  /** Aborts the call (and any retry wait); the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Extra request headers, e.g. `{ Prefer: 'code=404' }` or `{ Prefer: 'example=pending_delete' }` for the mock. */
  headers?: Record<string, string>;
}

/**
 * One typed method per operation of the document, generated from it: the name is the
 * operationId in lowerCamelCase; the arguments are the path parameters other than the project
 * (in path order), then, where the operation has query parameters or a body, one object with the
 * query parameters by their document names and `body`, then `CallOptions`.
 */
export interface CsmsClient extends OperationMethods<CallOptions> {
  /** Async iterators over every item of the paged operations, page after page: `for await (const s of csms.paginate.listSecrets())`. */
  readonly paginate: PaginateMethods<CallOptions>;
  /** The openapi-fetch client (`{ data, error, response }`), with the same auth, retries, timeouts and limits. */
  readonly raw: Client<paths>;
}

const table = Object.fromEntries(allOperations.map((entry) => [entry[0], tableOperation(entry)])) as Record<OperationId, TableOperation>;
const projectIdRule = projectIdRuleOf(table);

/** The path parameters a caller passes, in path order: all but those filled from the options. */
const callerParams = (op: TableOperation) => op.pathParams.filter((name) => op.params[name]!.option === undefined);

export function createCsmsClient(options: CsmsClientOptions): CsmsClient {
  if (!isObject(options)) throw invalid('createCsmsClient needs an options object with projectId and credentials.');
  // Without a projectId, a provider's is taken at the first call (resolveProjectId in core.ts).
  if (options.projectId !== undefined || typeof options.credentials !== 'function')
    checkArgument('projectId', projectIdRule, options.projectId);
  const core = createCore(options, projectIdRule, (projectId) => authentication(options.credentials, projectId));
  const raw = createRaw(core, table);
  const client = { raw, paginate: {} } as Record<string, unknown> & { paginate: Record<string, unknown> };
  for (const id of Object.keys(table) as OperationId[]) {
    const op = table[id];
    const name = methodName(id);
    client[name] = (...args: unknown[]) => call(core, id, op, args);
    if (op.paging) {
      const k = callerParams(op).length;
      client.paginate[name] = (...args: unknown[]) => paginate(id, op, k, args, (a) => call(core, id, op, a));
    }
  }
  return client as unknown as CsmsClient;
}
