import createClient, { type Client } from 'openapi-fetch';
import { defaultRegion, operations, serverUrl, type regions } from '../../../generated/constants.js';
import type { components, paths } from '../../../generated/schema.js';
import { CsmsError, redactor } from './errors.js';
import { createSigner, sdkDate, type AkSkCredentials } from './signer.js';
import { attemptsOf, createTransport, retryAfterMs, type FetchLike, type RetryOptions } from './transport.js';
import { checkPathParameter } from './validate.js';

declare const __CSMS_CLIENT_VERSION__: string;

export type Secret = components['schemas']['Secret'];
export type SecretState = components['schemas']['SecretState'];
export type ShowSecretResponse = components['schemas']['ShowSecretResponse'];
export type SecretBlob = components['schemas']['SecretBlob'];
export type ErrorBody = components['schemas']['Error'];
/** Regions the document lists; any other `xx-name-N` region ID is accepted too. */
export type KnownRegion = (typeof regions)[number];

export interface TokenCredentials {
  /** IAM user token (the `X-Subject-Token` header of IAM's token API), scoped to the project. */
  token: string;
}

export interface CsmsClientOptions extends Partial<RetryOptions> {
  /** Project ID (32 letters and digits, as IAM returns it). */
  projectId: string;
  /** Region ID; the endpoint becomes `https://kms.<region>.myhuaweicloud.com`. Default `cn-north-4`. */
  region?: KnownRegion | (string & {});
  /** Base URL, e.g. `http://127.0.0.1:4010` for the mock. Overrides `region`. */
  endpoint?: string;
  credentials: TokenCredentials | AkSkCredentials;
  /** Per attempt, until the whole response has arrived. Default 10 000. */
  timeoutMs?: number;
  /** The fetch to send requests with (standard signature). Default: the global `fetch`, looked up at each call. */
  fetch?: FetchLike;
}

export interface CallOptions {
  /** Aborts the call (and any retry wait); the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Extra request headers, e.g. `{ Prefer: 'code=404' }` or `{ Prefer: 'example=pending_delete' }` for the mock. */
  headers?: Record<string, string>;
}

export interface CsmsClient {
  /** `ShowSecret`: the secret's metadata (never its value). */
  showSecret(secretName: string, options?: CallOptions): Promise<ShowSecretResponse>;
  /** `DownloadSecretBlob`: the encrypted backup of all the secret's versions, as an opaque string. */
  downloadSecretBlob(secretName: string, options?: CallOptions): Promise<SecretBlob>;
  /** The openapi-fetch client (`{ data, error, response }`), with the same auth, retries and timeouts. */
  readonly raw: Client<paths>;
}

export const DEFAULTS = Object.freeze({
  timeoutMs: 10_000,
  retries: 3,
  retryBaseDelayMs: 200,
  retryMaxDelayMs: 5_000,
  retryBudgetMs: 30_000,
});

export const USER_AGENT = `@csms-openapi/client/${__CSMS_CLIENT_VERSION__}`;

const invalid = (message: string) => new CsmsError(message, { kind: 'invalid-argument' });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function baseUrl({ endpoint, region = defaultRegion }: CsmsClientOptions): string {
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {}
    if (!url || !/^https?:$/.test(url.protocol)) throw invalid('Invalid endpoint: expected an http(s) URL such as http://127.0.0.1:4010.');
    return url.href.replace(/\/+$/, '');
  }
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw invalid(`Invalid region: expected a region ID such as ${defaultRegion}.`);
  }
  return serverUrl.replace('{region}', region);
}

function checkNumber(name: string, value: number, min: number, max: number) {
  if (!Number.isFinite(value) || value < min || value > max) throw invalid(`Invalid ${name}: expected a number from ${min} to ${max}.`);
}

export function createCsmsClient(options: CsmsClientOptions): CsmsClient {
  if (!isObject(options)) throw invalid('createCsmsClient needs an options object with projectId and credentials.');
  const projectId = checkPathParameter('project_id', options.projectId, 'projectId');
  const url = baseUrl(options);
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS;
  checkNumber('timeoutMs', o.timeoutMs, 1, 2 ** 31 - 1);
  checkNumber('retries', o.retries, 0, 10);
  checkNumber('retryBaseDelayMs', o.retryBaseDelayMs, 0, 600_000);
  checkNumber('retryMaxDelayMs', o.retryMaxDelayMs, 0, 600_000);
  checkNumber('retryBudgetMs', o.retryBudgetMs, 0, 3_600_000);

  const c = options.credentials as Partial<TokenCredentials & AkSkCredentials> | undefined;
  const nonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0;
  let authenticate: (headers: Headers, request: Request, body: ArrayBuffer | undefined) => Promise<void> | void;
  if (isObject(c) && 'token' in c && ('ak' in c || 'sk' in c)) throw invalid('Invalid credentials: pass { token } or { ak, sk }, not both.');
  if (isObject(c) && 'token' in c) {
    if (!nonEmpty(c.token)) throw invalid('Invalid credentials.token: expected a non-empty IAM token string.');
    authenticate = (headers) => headers.set('X-Auth-Token', c.token!);
  } else if (isObject(c) && ('ak' in c || 'sk' in c)) {
    if (!nonEmpty(c.ak) || !nonEmpty(c.sk)) throw invalid('Invalid credentials: AK/SK needs both ak and sk as non-empty strings.');
    const sign = createSigner({ ak: c.ak!, sk: c.sk! });
    authenticate = async (headers, request, body) => {
      const signed: Record<string, string> = { 'X-Sdk-Date': sdkDate(new Date()), 'X-Project-Id': projectId };
      if (c.securityToken) signed['X-Security-Token'] = c.securityToken;
      const type = headers.get('content-type');
      if (type) signed['Content-Type'] = type;
      const { authorization } = await sign({ method: request.method, url: new URL(request.url), headers: signed, body });
      for (const [name, value] of Object.entries(signed)) headers.set(name, value);
      headers.set('Authorization', authorization);
    };
  } else {
    throw invalid('Missing credentials: pass { token } (IAM token) or { ak, sk } (access keys).');
  }
  const redact = redactor([c.token, c.sk, c.securityToken]);

  const raw = createClient<paths>({
    baseUrl: url,
    headers: { 'User-Agent': USER_AGENT },
    fetch: createTransport({ ...o, authenticate, redact, fetch: options.fetch ?? ((input, init) => fetch(input, init)) }),
  });

  async function call<T>(operation: string, send: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    let result: { data?: T; error?: unknown; response: Response };
    try {
      result = await send();
    } catch (e) {
      if (e instanceof CsmsError) {
        e.operation = operation;
        throw e;
      }
      const name = (e as Error)?.name;
      if (name === 'TimeoutError') throw new CsmsError(`No complete response within ${o.timeoutMs} ms`, { kind: 'timeout', operation, cause: e });
      if (name === 'SyntaxError') throw new CsmsError('The response body is not valid JSON', { kind: 'invalid-response', operation, cause: e });
      throw e; // the caller's abort reason, as fetch itself does
    }
    const { data, error, response } = result;
    const attempts = attemptsOf.get(response) ?? 1;
    if (response.ok) {
      if (isObject(data)) return data;
      throw new CsmsError(`Expected a JSON object in the ${response.status} response`, { kind: 'invalid-response', status: response.status, operation, attempts });
    }
    const body = isObject(error) ? error : {};
    const code = typeof body.error_code === 'string' ? body.error_code : undefined;
    const message =
      typeof body.error_msg === 'string'
        ? redact(body.error_msg)
        : `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${isObject(error) ? '' : ` (not a JSON error body: ${response.headers.get('content-type') ?? 'no content type'})`}`;
    const requestId = response.headers.get('x-request-id') ?? (typeof body.request_id === 'string' ? body.request_id : undefined);
    throw new CsmsError(message, {
      kind: 'http',
      status: response.status,
      code,
      requestId,
      operation,
      attempts,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    });
  }

  // Runs inside call(), so a rejected name is a CsmsError tagged with the operation.
  const path = (secretName: string) => ({ project_id: projectId, secret_name: checkPathParameter('secret_name', secretName) });

  return {
    raw,
    showSecret: (secretName, { signal, headers } = {}) =>
      call('ShowSecret', () => raw.GET(operations.ShowSecret.path, { params: { path: path(secretName) }, signal, headers })),
    downloadSecretBlob: (secretName, { signal, headers } = {}) =>
      call('DownloadSecretBlob', () => raw.POST(operations.DownloadSecretBlob.path, { params: { path: path(secretName) }, signal, headers })),
  };
}
