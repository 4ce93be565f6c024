import * as openapiFetch from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import { defaultRegion, serverUrl, type regions } from '../../../generated/constants.js';
import { type OperationId, type OperationMethods, operations, type PaginateMethods } from '../../../generated/operations.js';
import type { components, paths } from '../../../generated/schema.js';
import { type DynamicAuthentication, providerAuthentication, tokenFunctionAuthentication } from './dynamic-auth.js';
import { CsmsError, sanitizer } from './errors.js';
import type { CredentialProvider, CredentialSource } from './provider.js';
import { createSignerCore, sdkDateNow, type AkSkCredentials } from './signer.js';
import { createTransport, retryAfterMs, type FetchLike, type Outgoing, type Received, type RetryOptions } from './transport.js';
import { type CheckSchema, checkArgument, mismatch } from './validate.js';

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

/**
 * Most pages `paginate` reads before it gives up with an `invalid-response` error: a server that
 * never stops handing out new markers would otherwise keep a loop going for ever. CSMS holds at
 * most 500 secrets per project and 20 versions per secret, so real lists need a few pages.
 */
export const MAX_PAGES = 1_000;

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

function authentication(
  options: CsmsClientOptions,
  projectId: string,
  currentProjectId: () => string,
): { authenticate: Authenticate; secrets: (string | undefined)[]; dynamic?: DynamicAuthentication } {
  const c = options.credentials as Partial<TokenCredentials & AkSkCredentials> | undefined;
  // Credentials that change (dynamic-auth.ts): a provider, or a token from a function.
  if (typeof c === 'function') {
    const dynamic = providerAuthentication(c as CredentialSource, () => currentProjectId() || undefined);
    return { authenticate: dynamic.authenticate, secrets: [], dynamic };
  }
  if (isObject(c) && typeof c.token === 'function' && !('ak' in c || 'sk' in c)) {
    const dynamic = tokenFunctionAuthentication(c.token);
    return { authenticate: dynamic.authenticate, secrets: [], dynamic };
  }
  if (isObject(c) && 'token' in c && ('ak' in c || 'sk' in c))
    throw invalid('Invalid credentials: pass { token } or { ak, sk }, not both.');
  if (isObject(c) && 'token' in c) {
    checkHeaderCredential('credentials.token', c.token);
    const token = c.token as string;
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
  throw invalid('Missing credentials: pass { token } (IAM token), { ak, sk } (access keys) or a credentials provider.');
}

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** The values at a dotted path (`a.b`, `items[].c`) of a value, for the fields marked sensitive. */
function valuesAt(value: unknown, path: string): string[] {
  let current: unknown[] = [value];
  for (const part of path.split('.')) {
    const [key = '', ...arrays] = part.split('[]');
    current = current.flatMap((v) => {
      let next: unknown[] = [isObject(v) && !Array.isArray(v) ? v[key] : undefined];
      for (const _ of arrays) next = next.flatMap((n) => (Array.isArray(n) ? n : []));
      return next;
    });
  }
  return current.filter((v): v is string => typeof v === 'string');
}

type TableParam = { required: boolean; schema: CheckSchema; option?: string };
const paramsOf = (id: OperationId) => operations[id].params as Record<string, TableParam>;

/** The project ID's rule: that of the path parameter the client fills from `projectId` (`x-client-option`). */
const projectIdRule = Object.keys(operations)
  .flatMap((id) => Object.values(paramsOf(id as OperationId)))
  .find((p) => p.option === 'projectId')!.schema;

/** The path parameters a caller passes, in path order: all but those filled from the options. */
const callerParams = (id: OperationId) => operations[id].pathParams.filter((name) => paramsOf(id)[name]!.option === undefined);

/** The first required query parameter `input` leaves out, if any: refused before sending, as CSMS would refuse it (400). */
const unsetQuery = (id: OperationId, input: unknown) =>
  operations[id].queryParams.find(
    (name) => paramsOf(id)[name]!.required && (input as Record<string, unknown> | undefined)?.[name] === undefined,
  );

// Where a raw call (`csms.raw`) goes, by openapi-fetch's `schemaPath` and method.
const byRoute = new Map(Object.entries(operations).map(([id, op]) => [`${op.method} ${op.path}`, id as OperationId]));

export function createCsmsClient(options: CsmsClientOptions): CsmsClient {
  if (!isObject(options)) throw invalid('createCsmsClient needs an options object with projectId and credentials.');
  // Without a projectId, a provider's is taken at the first call (resolveProjectId below).
  if (options.projectId !== undefined || typeof options.credentials !== 'function')
    checkArgument('projectId', projectIdRule, options.projectId);
  let projectId = options.projectId ?? '';
  // What fills the path parameters the document marks `x-client-option`.
  const optionValues: Record<string, unknown> = { projectId };
  const url = baseUrl(options);
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS;
  checkNumber('timeoutMs', o.timeoutMs, 1, 2 ** 31 - 1);
  checkNumber('retries', o.retries, 0, 10);
  checkNumber('retryBaseDelayMs', o.retryBaseDelayMs, 0, 600_000);
  checkNumber('retryMaxDelayMs', o.retryMaxDelayMs, 0, 600_000);
  checkNumber('retryBudgetMs', o.retryBudgetMs, 0, 3_600_000);
  checkNumber('maxResponseBytes', o.maxResponseBytes, 1, 2 ** 31 - 1);
  const { authenticate, secrets, dynamic } = authentication(options, projectId, () => projectId);
  const cleanStatic = sanitizer(secrets);
  // Changing credentials are redacted too: those in use now, and the set before.
  const clean: typeof cleanStatic = dynamic
    ? (text, max, extra = []) => cleanStatic(text, max, [...extra, ...dynamic.secrets()])
    : cleanStatic;
  const send = createTransport({
    ...o,
    authenticate,
    reauthenticate: dynamic?.reauthenticate,
    clean,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
  });
  /** The provider's project ID, checked, when createCsmsClient got none; nothing is sent without one. */
  const resolveProjectId = async () => {
    const given = await dynamic?.projectId();
    if (given === undefined || given === '')
      throw invalid(
        `Missing projectId: createCsmsClient got none, and the credentials provider gives none (set HUAWEICLOUD_SDK_PROJECT_ID, project_id in the profile file, or pass projectId).`,
      );
    checkArgument('projectId', projectIdRule, given);
    projectId = given;
    optionValues.projectId = given;
    return given;
  };
  const baseHeaders = { 'user-agent': USER_AGENT, accept: 'application/json' };
  const utf8 = new TextDecoder();
  const encoder = new TextEncoder();

  const fail = (message: string, r: Received, operation: string) =>
    new CsmsError(message, { kind: 'invalid-response', status: r.status, operation, attempts: r.attempts });

  /** The typed result of a 2xx, or the CsmsError of anything else. `redact`: this call's own sensitive values. */
  function interpret(id: OperationId, r: Received, redact: readonly string[]): unknown {
    let body: unknown;
    let parsed = true;
    try {
      body = r.body.byteLength === 0 ? undefined : JSON.parse(utf8.decode(r.body));
    } catch {
      // No cause kept: a JSON.parse error quotes the body, which a hostile server controls.
      parsed = false;
    }
    if (r.status >= 200 && r.status < 300) {
      if (!parsed) throw fail(`The ${r.status} response body is not valid JSON`, r, id);
      // The problem names a JSON path and a rule, never a value (the body may hold a secret's value).
      const problem = mismatch(operations[id].response as CheckSchema, body);
      if (problem) throw fail(`The ${r.status} response body does not match the document (${clean(problem, 200)})`, r, id);
      return body;
    }
    const all = [...redact, ...r.redact];
    const outer = isObject(body) ? body : {};
    // CSMS wraps its errors on some operations ({"error": {...}}, the document's WrappedError).
    const e = isObject(outer.error) && outer.error_code === undefined ? { ...outer, ...outer.error } : outer;
    const text = (v: unknown, max: number) => (typeof v === 'string' ? clean(v, max, all) : undefined);
    const type = r.headers.get('content-type');
    const message =
      text(e.error_msg, 1_000) ??
      `HTTP ${r.status}${r.statusText ? ` ${clean(r.statusText, 100, all)}` : ''}${isObject(body) ? '' : ` (not a JSON error body: ${type ? clean(type, 100, all) : 'no content type'})`}`;
    throw new CsmsError(message, {
      kind: 'http',
      status: r.status,
      code: text(e.error_code, 100),
      requestId: text(r.headers.get('x-request-id') ?? e.request_id, 100),
      operation: id,
      attempts: r.attempts,
      retryAfterMs: retryAfterMs(r.headers.get('retry-after')),
    });
  }

  /**
   * One call of an operation, with the arguments its generated method takes: path parameters,
   * then `{ ...query, body }` where the operation has either, then CallOptions. Everything is
   * checked against the document's rules before anything is sent.
   */
  async function call(id: OperationId, args: readonly unknown[]): Promise<unknown> {
    const op = operations[id];
    const params = paramsOf(id);
    const label = `${id[0]!.toLowerCase()}${id.slice(1)}`;
    let r: Received;
    let redact: string[] = [];
    try {
      if (!projectId) await resolveProjectId();
      let target: string = op.path;
      let k = 0;
      for (const name of op.pathParams) {
        const { option, schema } = params[name]!;
        const value = option === undefined ? args[k++] : optionValues[option];
        if (option === undefined) checkArgument(name, schema, value);
        target = target.replace(`{${name}}`, encodeURIComponent(value as string));
      }
      const takesInput = op.queryParams.length > 0 || op.body !== null;
      const input = takesInput ? args[k++] : undefined;
      if (input !== undefined && !isObject(input))
        throw invalid(
          `Invalid argument ${k} of ${label}: expected an object with ${[...op.queryParams, ...(op.body ? ['body'] : [])].join(', ')}.`,
        );
      const { signal, headers } = (args[k] ?? {}) as CallOptions;
      const all: Record<string, string> = headers ? { ...baseHeaders, ...lowerCased(headers) } : { ...baseHeaders };
      let body: Uint8Array<ArrayBuffer> | undefined;
      if (input) {
        const query = new URLSearchParams();
        for (const key in input) {
          if (key === 'body' && op.body) continue;
          if (!(op.queryParams as readonly string[]).includes(key)) {
            throw invalid(
              `Unknown ${label} parameter "${key.slice(0, 64)}": expected ${[...op.queryParams, ...(op.body ? ['body'] : [])].join(', ')}.`,
            );
          }
          const value = input[key];
          if (value === undefined) continue;
          checkArgument(key, params[key]!.schema, value);
          query.append(key, String(value));
        }
        const search = query.toString();
        if (search) target += `?${search}`;
        if (op.body && input.body !== undefined) {
          const problem = mismatch(op.body.schema as CheckSchema, input.body, 'body');
          if (problem) throw invalid(`Invalid ${label} ${problem}.`);
          redact = op.sensitive.flatMap((path) => valuesAt(input.body, path));
          body = encoder.encode(JSON.stringify(input.body)) as Uint8Array<ArrayBuffer>;
          all['content-type'] = op.body.mediaType;
        }
      }
      if (op.body?.required && !body) throw invalid(`Missing ${label} body: pass { body: { … } }.`);
      const unset = unsetQuery(id, input);
      if (unset) throw invalid(`Missing ${label} parameter ${unset}: pass { ${unset}: … }.`);
      r = await send({ method: op.method, url: url + target, headers: all, body, signal, idempotent: op.idempotent, redact });
    } catch (e) {
      if (e instanceof CsmsError) e.operation = id;
      throw e;
    }
    return interpret(id, r, redact);
  }

  /**
   * Every item of a paged operation, following `next_marker` until a page has none (or is empty).
   * An iterator of its own rather than an async generator: items of a page already read are handed
   * out without the generator's queueing, which doubles the cost of a long list.
   */
  function paginate(id: OperationId, args: readonly unknown[]): AsyncIterableIterator<unknown> {
    const { paging } = operations[id] as { paging: { items: string; marker: string; nextMarker: string } };
    const k = callerParams(id).length;
    const input = args[k];
    let items: unknown[] = [];
    let at = 0;
    let finished = false;
    // A page's items are handed out before the error that ends the list (a repeated marker…).
    let failure: CsmsError | undefined;
    let loading: Promise<void> | undefined;
    let marker = isObject(input) ? input[paging.marker] : undefined;
    const seen = new Set<unknown>([marker]);
    let pages = 0;
    async function nextPage() {
      if (input !== undefined && !isObject(input))
        throw invalid(`Invalid argument ${k + 1}: expected an object with the query parameters.`);
      const page = (await call(id, [...args.slice(0, k), { ...input, [paging.marker]: marker }, args[k + 1]])) as Record<string, unknown>;
      pages++;
      const list = page[paging.items];
      items = Array.isArray(list) ? list : [];
      at = 0;
      const next = paging.nextMarker.split('.').reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), page);
      if (items.length === 0 || typeof next !== 'string' || next === '') {
        finished = true;
        return;
      }
      const rule = (operations[id].params as Record<string, { schema: CheckSchema }>)[paging.marker]?.schema;
      const problem = seen.has(next)
        ? 'repeated a page marker'
        : pages >= MAX_PAGES
          ? `did not end within ${MAX_PAGES} pages`
          : rule && mismatch(rule, next)
            ? 'handed out a next_marker its marker parameter refuses'
            : undefined;
      if (problem) {
        failure = new CsmsError(`The service ${problem}; stopped paging ${id} to avoid an endless loop`, {
          kind: 'invalid-response',
          operation: id,
        });
        finished = true;
        return;
      }
      seen.add(next);
      marker = next;
    }
    const iterator: AsyncIterableIterator<unknown> = {
      [Symbol.asyncIterator]: () => iterator,
      next(): Promise<IteratorResult<unknown>> {
        if (at < items.length) return Promise.resolve({ value: items[at++], done: false });
        if (failure) {
          const error = failure;
          failure = undefined;
          return Promise.reject(error);
        }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        loading ??= nextPage().finally(() => {
          loading = undefined;
        });
        return loading.then(
          () => iterator.next(),
          (error) => {
            finished = true;
            items = [];
            throw error;
          },
        );
      },
      return(): Promise<IteratorResult<unknown>> {
        finished = true;
        failure = undefined;
        items = [];
        return Promise.resolve({ value: undefined, done: true });
      },
    };
    return iterator;
  }

  // What openapi-fetch's middleware learnt about each raw request, for the fetch below.
  const rawCalls = new WeakMap<Request, { id: OperationId | undefined; json: boolean }>();
  // openapi-fetch builds a Request; the transport sends it and hands back a complete Response.
  const raw = createClient<paths>({
    baseUrl: url,
    headers: baseHeaders,
    fetch: async (request: Request) => {
      const meta = rawCalls.get(request);
      const op = meta?.id ? operations[meta.id] : undefined;
      const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
      // X-Project-Id is signed: the provider's project ID is needed before the first raw request too.
      if (!projectId && dynamic) await resolveProjectId();
      let redact: string[] = [];
      if (op?.sensitive.length && body) {
        const text = utf8.decode(body);
        if (isJson(text)) redact = op.sensitive.flatMap((path) => valuesAt(JSON.parse(text), path));
      }
      const r = await send({
        method: request.method,
        url: request.url,
        headers: Object.fromEntries(request.headers),
        body,
        signal: request.signal,
        idempotent: op?.idempotent ?? false,
        redact,
      });
      const empty = r.body.byteLength === 0 || r.status === 204 || r.status === 205;
      // openapi-fetch would JSON.parse a 2xx body itself and throw a SyntaxError that quotes it.
      if (meta?.json && r.status >= 200 && r.status < 300 && !empty && !isJson(utf8.decode(r.body))) {
        throw fail(`The ${r.status} response body is not valid JSON`, r, meta.id ?? 'raw');
      }
      return new Response(empty ? null : r.body, { status: r.status, statusText: r.statusText, headers: r.headers });
    },
  });
  raw.use({
    onRequest({ request, schemaPath, params, options: { parseAs } }) {
      const id = byRoute.get(`${request.method} ${schemaPath}`);
      const rules = id ? (operations[id].params as Record<string, { schema: CheckSchema }>) : {};
      // The path rules apply to raw calls too: `..` as a secret name would take the token elsewhere.
      for (const [name, value] of Object.entries({ ...params.path, ...params.query })) {
        const rule = rules[name];
        if (rule && value !== undefined) checkArgument(name, rule.schema, value);
        else if (params.path && name in params.path)
          checkArgument(name, { type: 'string', pattern: '^[^/?#]+$', notIn: ['.', '..'] }, String(value));
      }
      rawCalls.set(request, { id, json: parseAs === 'json' });
      return undefined;
    },
  });

  const client = { raw, paginate: {} } as Record<string, unknown> & { paginate: Record<string, unknown> };
  for (const id of Object.keys(operations) as OperationId[]) {
    const name = `${id[0]!.toLowerCase()}${id.slice(1)}`;
    client[name] = (...args: unknown[]) => call(id, args);
    if (operations[id].paging) client.paginate[name] = (...args: unknown[]) => paginate(id, args);
  }
  return client as unknown as CsmsClient;
}

const lowerCased = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
