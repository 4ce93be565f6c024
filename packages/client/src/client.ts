import * as openapiFetch from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import { defaultRegion, operations, serverUrl, type regions } from '../../../generated/constants.js';
import type { components, paths } from '../../../generated/schema.js';
import { CsmsError, sanitizer } from './errors.js';
import { createSignerCore, sdkDateNow, type AkSkCredentials } from './signer.js';
import { createTransport, retryAfterMs, type FetchLike, type Outgoing, type Received, type RetryOptions } from './transport.js';
import { checkPathParameter, shapeMismatch, type Shape } from './validate.js';

declare const __CSMS_CLIENT_VERSION__: string;

// openapi-fetch's CommonJS build sets `exports.default`; from our CommonJS build (dist/index.cjs,
// made with Node's interop) the default import is that whole exports object, so take `.default`
// from it when it is there.
const createClient = ((openapiFetch.default as unknown as { default?: typeof openapiFetch.default }).default ??
  openapiFetch.default) as typeof openapiFetch.default;

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
  /** Base URL, e.g. `http://127.0.0.1:4010` for the mock. Overrides `region`. No user info, query or fragment. */
  endpoint?: string;
  credentials: TokenCredentials | AkSkCredentials;
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

export interface CsmsClient {
  /** `ShowSecret`: the secret's metadata (never its value). */
  showSecret(secretName: string, options?: CallOptions): Promise<ShowSecretResponse>;
  /** `DownloadSecretBlob`: the encrypted backup of all the secret's versions, as an opaque string. */
  downloadSecretBlob(secretName: string, options?: CallOptions): Promise<SecretBlob>;
  /** The openapi-fetch client (`{ data, error, response }`), with the same auth, retries, timeouts and limits. */
  readonly raw: Client<paths>;
}

export const DEFAULTS = Object.freeze({
  timeoutMs: 10_000,
  retries: 3,
  retryBaseDelayMs: 200,
  retryMaxDelayMs: 5_000,
  retryBudgetMs: 30_000,
  maxResponseBytes: 16 * 1024 * 1024,
});

export const USER_AGENT = `@csms-openapi/client/${__CSMS_CLIENT_VERSION__}`;

const invalid = (message: string) => new CsmsError(message, { kind: 'invalid-argument' });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
// What an HTTP header value may hold here: visible ASCII. A CR, LF or NUL would be refused by
// fetch with a TypeError that repeats the whole value.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

function baseUrl({ endpoint, region = defaultRegion }: CsmsClientOptions): string {
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {}
    // The value is never repeated: it may hold a password.
    if (!url || !/^https?:$/.test(url.protocol)) throw invalid('Invalid endpoint: expected an http(s) URL such as http://127.0.0.1:4010.');
    if (url.username || url.password)
      throw invalid('Invalid endpoint: it must not contain a user name or password; pass credentials in `credentials`.');
    if (url.search || url.hash || /[?#]/.test(endpoint))
      throw invalid('Invalid endpoint: it must not contain a query (?…) or a fragment (#…).');
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

/** A credential that will be sent in a header, checked without repeating it. */
function checkHeaderCredential(name: string, value: unknown) {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`Invalid ${name}: expected a non-empty string.`);
  if (!HEADER_SAFE.test(value))
    throw invalid(
      `Invalid ${name}: it holds a space, control character (CR, LF, NUL…) or non-ASCII character, which cannot be sent in an HTTP header.`,
    );
}

type Authenticate = (request: Outgoing, headers: Record<string, string>) => Promise<void> | void;

function authentication(options: CsmsClientOptions, projectId: string): { authenticate: Authenticate; secrets: (string | undefined)[] } {
  const c = options.credentials as Partial<TokenCredentials & AkSkCredentials> | undefined;
  if (isObject(c) && 'token' in c && ('ak' in c || 'sk' in c))
    throw invalid('Invalid credentials: pass { token } or { ak, sk }, not both.');
  if (isObject(c) && 'token' in c) {
    checkHeaderCredential('credentials.token', c.token);
    const token = c.token!;
    return {
      authenticate: (_request, headers) => {
        headers['x-auth-token'] = token;
      },
      secrets: [token],
    };
  }
  if (isObject(c) && ('ak' in c || 'sk' in c)) {
    checkHeaderCredential('credentials.ak', c.ak);
    if (typeof c.sk !== 'string' || c.sk.length === 0) throw invalid('Invalid credentials.sk: expected a non-empty string.');
    if (c.securityToken !== undefined) checkHeaderCredential('credentials.securityToken', c.securityToken);
    const sign = createSignerCore({ ak: c.ak!, sk: c.sk });
    const { securityToken } = c;
    // The URL of the last request signed: calls repeat the same few URLs, and parsing is not free.
    let lastUrl: URL | undefined;
    return {
      secrets: [c.sk, securityToken],
      authenticate: (request, headers) => {
        const signed: Record<string, string> = { 'X-Sdk-Date': sdkDateNow(), 'X-Project-Id': projectId };
        if (securityToken) signed['X-Security-Token'] = securityToken;
        const type = headers['content-type'];
        if (type) signed['Content-Type'] = type;
        if (lastUrl?.href !== request.url) lastUrl = new URL(request.url);
        const apply = ({ authorization }: { authorization: string }) => {
          for (const name in signed) headers[name.toLowerCase()] = signed[name]!;
          headers.authorization = authorization;
        };
        const result = sign({ method: request.method, url: lastUrl, headers: signed, body: request.body });
        return result instanceof Promise ? result.then(apply) : apply(result);
      },
    };
  }
  throw invalid('Missing credentials: pass { token } (IAM token) or { ak, sk } (access keys).');
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
  checkNumber('maxResponseBytes', o.maxResponseBytes, 1, 2 ** 31 - 1);
  const { authenticate, secrets } = authentication(options, projectId);
  const clean = sanitizer(secrets);
  const send = createTransport({ ...o, authenticate, clean, fetch: options.fetch ?? ((input, init) => fetch(input, init)) });
  const baseHeaders = { 'user-agent': USER_AGENT, accept: 'application/json' };
  const utf8 = new TextDecoder();

  const fail = (message: string, r: Received, operation: string) =>
    new CsmsError(message, { kind: 'invalid-response', status: r.status, operation, attempts: r.attempts });

  /** The typed result of a 2xx, or the CsmsError of anything else. */
  function interpret<T>(operation: keyof typeof operations, r: Received): T {
    let body: unknown;
    let parsed = true;
    try {
      body = r.body.byteLength === 0 ? undefined : JSON.parse(utf8.decode(r.body));
    } catch {
      // No cause kept: a JSON.parse error quotes the body, which a hostile server controls.
      parsed = false;
    }
    if (r.status >= 200 && r.status < 300) {
      if (!parsed) throw fail(`The ${r.status} response body is not valid JSON`, r, operation);
      const problem = shapeMismatch(operations[operation].body as Shape, body);
      if (problem) throw fail(`The ${r.status} response body does not match the document (${clean(problem, 200)})`, r, operation);
      return body as T;
    }
    const e = isObject(body) ? body : {};
    const text = (v: unknown, max: number) => (typeof v === 'string' ? clean(v, max) : undefined);
    const type = r.headers.get('content-type');
    const message =
      text(e.error_msg, 1_000) ??
      `HTTP ${r.status}${r.statusText ? ` ${clean(r.statusText, 100)}` : ''}${isObject(body) ? '' : ` (not a JSON error body: ${type ? clean(type, 100) : 'no content type'})`}`;
    throw new CsmsError(message, {
      kind: 'http',
      status: r.status,
      code: text(e.error_code, 100),
      requestId: text(r.headers.get('x-request-id') ?? e.request_id, 100),
      operation,
      attempts: r.attempts,
      retryAfterMs: retryAfterMs(r.headers.get('retry-after')),
    });
  }

  /** A typed method: no openapi-fetch `Request` to build, the transport sends it directly. */
  const method =
    <T>(operation: keyof typeof operations) =>
    async (secretName: string, { signal, headers }: CallOptions = {}): Promise<T> => {
      const { method, path } = operations[operation];
      let r: Received;
      try {
        const name = checkPathParameter('secret_name', secretName);
        const target = url + path.replace('{project_id}', projectId).replace('{secret_name}', encodeURIComponent(name));
        const all = headers ? { ...baseHeaders, ...lowerCased(headers) } : { ...baseHeaders };
        r = await send({ method, url: target, headers: all, signal });
      } catch (e) {
        if (e instanceof CsmsError) e.operation = operation;
        throw e;
      }
      return interpret<T>(operation, r);
    };

  // openapi-fetch builds a Request; the transport sends it and hands back a complete Response.
  const raw = createClient<paths>({
    baseUrl: url,
    headers: baseHeaders,
    fetch: async (request: Request) => {
      const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
      const r = await send({
        method: request.method,
        url: request.url,
        headers: Object.fromEntries(request.headers),
        body,
        signal: request.signal,
      });
      const empty = r.body.byteLength === 0 || r.status === 204 || r.status === 205;
      return new Response(empty ? null : r.body, { status: r.status, statusText: r.statusText, headers: r.headers });
    },
  });

  return {
    raw,
    showSecret: method<ShowSecretResponse>('ShowSecret'),
    downloadSecretBlob: method<SecretBlob>('DownloadSecretBlob'),
  };
}

const lowerCased = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
