// `@csms-openapi/client/core`: a client of the operations you name, for applications that call a
// few and ship to a browser, an edge runtime or a small function. The same engine as
// `createCsmsClient` (arguments checked before sending, timeouts, redirects refused, bounded
// reads, retries by x-idempotent, redaction, a 401 answered once with fresh credentials, 2xx
// bodies checked against the document), with the typed methods of the operations given and
// nothing else: no `raw`, no `paginate`. AK/SK signing and credential providers come in only
// through `akSk()` and `fromProvider()`, so a client with an IAM token bundles no signer.
import type { CompactOperation } from '../../../generated/client-operations.js';
import type { OperationId, OperationMethods } from '../../../generated/operations.js';
import { akSkAuthentication } from './auth.js';
import type { CallOptions, CsmsClientOptions, TokenCredentials } from './client.js';
import { providerAuthentication } from './dynamic-auth.js';
import { type Auth, call, createCore, invalid, isObject, methodName, projectIdRuleOf, type TableOperation } from './engine.js';
import type { CredentialProvider, CredentialSource } from './provider.js';
import type { AkSkCredentials } from './signer.js';
import { tableOperation } from './table.js';
import { fromDynamic, tokenAuthentication, tokenFunctionAuthentication } from './token-auth.js';
import { checkArgument } from './validate.js';

/** Credentials for `createCsmsCore` made by `akSk()` or `fromProvider()`. */
export interface CoreCredentials {
  /** @internal the engine's auth, given the client's project ID as it becomes known */
  readonly auth: (projectId: () => string) => Auth;
  /** Whether these credentials may name the project ID (a provider's). */
  readonly mayNameProject: boolean;
}

/** Entries of `@csms-openapi/client/operations`. */
export type OperationList = readonly CompactOperation<OperationId>[];

export interface CsmsCoreOptions<Ops extends OperationList> extends Omit<CsmsClientOptions, 'credentials' | 'fetch'> {
  /** `{ token }` (a string, or a function returning one), or what `akSk()` or `fromProvider()` make. */
  credentials: TokenCredentials | CoreCredentials;
  /** The operations to call, each imported from `@csms-openapi/client/operations` by its operationId. */
  operations: Ops;
  fetch?: CsmsClientOptions['fetch'];
}

/** The typed methods of the operations given, as `createCsmsClient` has them. */
export type CsmsCore<Ops extends OperationList> = Pick<OperationMethods<CallOptions>, Uncapitalize<Ops[number][0]>>;

/** Fixed AK/SK (and security token), each request signed (SDK-HMAC-SHA256). */
export function akSk(keys: AkSkCredentials): CoreCredentials {
  if (!isObject(keys)) throw invalid('Invalid credentials: akSk() needs { ak, sk }.');
  return { auth: (projectId) => akSkAuthentication(keys, projectId()), mayNameProject: false };
}

/** AK/SK from a provider (`@csms-openapi/client/credentials`, or any async function), asked before each request. */
export function fromProvider(provider: CredentialProvider | CredentialSource): CoreCredentials {
  if (typeof provider !== 'function') throw invalid('Invalid credentials: fromProvider() needs a provider function.');
  return { auth: (projectId) => fromDynamic(providerAuthentication(provider, () => projectId() || undefined)), mayNameProject: true };
}

function authOf(credentials: unknown): CoreCredentials {
  if (isObject(credentials) && typeof credentials.auth === 'function') return credentials as unknown as CoreCredentials;
  if (isObject(credentials) && 'token' in credentials && !('ak' in credentials || 'sk' in credentials)) {
    const { token } = credentials;
    const auth = () =>
      typeof token === 'function' ? fromDynamic(tokenFunctionAuthentication(token as () => string)) : tokenAuthentication(token);
    return { auth, mayNameProject: false };
  }
  throw invalid('Invalid credentials: pass { token }, akSk({ ak, sk }) or fromProvider(provider).');
}

/** A client with the typed methods of `options.operations` only (see the top of this file). */
export function createCsmsCore<const Ops extends OperationList>(options: CsmsCoreOptions<Ops>): CsmsCore<Ops> {
  if (!isObject(options)) throw invalid('createCsmsCore needs an options object with projectId, credentials and operations.');
  const { operations } = options;
  if (!Array.isArray(operations) || operations.length === 0 || !operations.every((o) => Array.isArray(o) && typeof o[0] === 'string'))
    throw invalid('Invalid operations: expected a list of entries from @csms-openapi/client/operations.');
  const table = Object.fromEntries(operations.map((entry) => [entry[0], tableOperation(entry)])) as Record<string, TableOperation>;
  const projectIdRule = projectIdRuleOf(table);
  const credentials = authOf(options.credentials);
  // Without a projectId, a provider's is taken at the first call (resolveProjectId in engine.ts).
  if (options.projectId !== undefined || !credentials.mayNameProject) checkArgument('projectId', projectIdRule, options.projectId);
  const core = createCore(options, projectIdRule, credentials.auth);
  const client: Record<string, unknown> = {};
  for (const [id, op] of Object.entries(table)) client[methodName(id)] = (...args: unknown[]) => call(core, id, op, args);
  return client as CsmsCore<Ops>;
}
