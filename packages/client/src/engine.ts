// The engine every typed method runs on: options checked once, a call's arguments checked
// against the document's rules and turned into one request, the transport (auth, retries,
// timeouts, bounded reads), and the answer turned into the typed result or a CsmsError. It knows
// operations only by the table entries it is handed (table.ts), so a client of a few operations
// (`@csms-openapi/client/core`) bundles only theirs.
import { defaultRegion, serverUrl } from '../../../generated/constants.js';
import { CsmsError, invalid, isObject, sanitizer } from './errors.js';
import type { InputChecks, readInput } from './input.js';
import { createTransport, type FetchLike, type Outgoing, type Received, type RetryOptions, retryAfterMs } from './transport.js';
import { argumentCheckOf, type CheckSchema, checkArgument, mismatch, mismatchOf } from './validate.js';

/** One operation of generated/operations.ts, as the client reads it. */
export interface TableOperation {
  readonly method: string;
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  /** The query parameters a call must give: one left out is refused before sending, as CSMS would refuse it (400). */
  readonly requiredQuery: readonly string[];
  readonly params: { readonly [name: string]: TableParam };
  readonly body: { readonly required: boolean; readonly mediaType: string; readonly schema: CheckSchema } | null;
  readonly response: CheckSchema;
  readonly sensitive: readonly string[];
  readonly idempotent: boolean;
  readonly paging: { readonly items: string; readonly marker: string; readonly nextMarker: string } | null;
  /** How the input object (`{ ...query, body }`) is read: set for the operations that take one. */
  readonly input: typeof readInput | null;
}
export type TableParam = { readonly schema: CheckSchema; readonly option?: string };

/** What the core takes from the options (the typed client's options are a superset). */
export interface CoreOptions extends Partial<RetryOptions> {
  projectId?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
  timeoutMs?: number | undefined;
  maxResponseBytes?: number | undefined;
  fetch?: FetchLike | undefined;
}

export const DEFAULTS = Object.freeze({
  timeoutMs: 10_000,
  retries: 3,
  retryBaseDelayMs: 200,
  retryMaxDelayMs: 5_000,
  retryBudgetMs: 30_000,
  maxResponseBytes: 16 * 1024 * 1024,
});

declare const __CSMS_CLIENT_VERSION__: string;
export const USER_AGENT = `@csms-openapi/client/${__CSMS_CLIENT_VERSION__}`;

export type Authenticate = (request: Outgoing, headers: Record<string, string>) => Promise<void> | void;

/** How requests are authenticated, and what of it must never show in an error. */
export interface Auth {
  authenticate: Authenticate;
  /** After a 401, once per call: whether fresh credentials differ from those refused. */
  reauthenticate?: ((headers: Record<string, string>) => Promise<boolean>) | undefined;
  /** Secrets fixed for the client's life. */
  secrets: (string | undefined)[];
  /** Secrets that change (those in use now, and the set before). */
  recentSecrets?: (() => readonly string[]) | undefined;
  /** The project ID the credentials name, when the options give none; rejects when they name none. */
  projectId?: (() => Promise<string | undefined>) | undefined;
}

export type Clean = (text: string, max?: number, extra?: readonly string[]) => string;

/** A client's shared state: what each call needs besides its operation and arguments. */
export interface Core {
  readonly url: string;
  readonly send: (request: Outgoing) => Promise<Received>;
  readonly clean: Clean;
  /** The project ID, or '' until a provider's has been resolved. */
  projectId(): string;
  /** The provider's project ID, checked, when the options gave none; nothing is sent without one. */
  resolveProjectId(): Promise<string>;
  readonly optionValues: Record<string, unknown>;
}

export { invalid, isObject };

function baseUrl({ endpoint, region = defaultRegion }: CoreOptions): string {
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

/** Each numeric option's bounds: [min, max]. */
const LIMITS: { readonly [K in keyof typeof DEFAULTS]: readonly [number, number] } = {
  timeoutMs: [1, 2 ** 31 - 1],
  retries: [0, 10],
  retryBaseDelayMs: [0, 600_000],
  retryMaxDelayMs: [0, 600_000],
  retryBudgetMs: [0, 3_600_000],
  maxResponseBytes: [1, 2 ** 31 - 1],
};

/** The numeric options with their defaults, checked. */
function settingsOf(options: CoreOptions): typeof DEFAULTS {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS;
  for (const [name, [min, max]] of Object.entries(LIMITS)) {
    const value = o[name as keyof typeof DEFAULTS];
    if (!Number.isFinite(value) || value < min || value > max) throw invalid(`Invalid ${name}: expected a number from ${min} to ${max}.`);
  }
  return o;
}

/** The project ID's rule: that of the path parameter filled from `projectId` (`x-client-option`). */
export const projectIdRuleOf = (operations: Record<string, TableOperation>) =>
  Object.values(operations)
    .flatMap((op) => Object.values(op.params))
    .find((p) => p.option === 'projectId')!.schema;

/**
 * The state a client's calls share. `auth` is made once the project ID's getter exists: static
 * AK/SK sign it, and a provider's is taken at the first call when the options name none.
 */
export function createCore(options: CoreOptions, projectIdRule: CheckSchema, makeAuth: (projectId: () => string) => Auth): Core {
  let projectId = options.projectId ?? '';
  // What fills the path parameters the document marks `x-client-option`.
  const optionValues: Record<string, unknown> = { projectId };
  const url = baseUrl(options);
  const o = settingsOf(options);
  const auth = makeAuth(() => projectId);
  const cleanStatic = sanitizer(auth.secrets);
  const { recentSecrets } = auth;
  // Changing credentials are redacted too: those in use now, and the set before.
  const clean: Clean = recentSecrets ? (text, max, extra = []) => cleanStatic(text, max, [...extra, ...recentSecrets()]) : cleanStatic;
  const send = createTransport({
    ...o,
    authenticate: auth.authenticate,
    reauthenticate: auth.reauthenticate,
    clean,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
  });
  const resolveProjectId = async () => {
    // Only a provider's credentials may name the project (dynamic-auth.ts says what to do when they name none).
    const given = await auth.projectId?.();
    checkArgument('projectId', projectIdRule, given);
    projectId = given as string;
    optionValues.projectId = given;
    return projectId;
  };
  return { url, send, clean, projectId: () => projectId, resolveProjectId, optionValues };
}

const utf8 = new TextDecoder();

export const fail = (message: string, r: Received, operation: string) =>
  new CsmsError(message, { kind: 'invalid-response', status: r.status, operation, attempts: r.attempts });

/** The typed result of a 2xx, or the CsmsError of anything else. `redact`: this call's own sensitive values. */
export function interpret(core: Core, id: string, op: TableOperation, r: Received, redact: readonly string[]): unknown {
  const { clean } = core;
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
    const problem = prepare(id, op).response(body);
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

export const methodName = (id: string) => `${id[0]!.toLowerCase()}${id.slice(1)}`;
const lowerCased = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
export const BASE_HEADERS: Record<string, string> = Object.freeze({ 'user-agent': USER_AGENT, accept: 'application/json' });

/** CallOptions, as the core reads them. */
interface CallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/**
 * What a call of an operation needs besides its arguments, worked out at its first call: its
 * method name, the path cut around its parameters, and the document's rules compiled.
 */
interface Prepared {
  readonly label: string;
  /** The path's text around its parameters: `parts[i]` comes before the i-th parameter (in path order). */
  readonly parts: readonly string[];
  /** Per path parameter, in path order: the option that fills it, or the check of the argument that does. */
  readonly fills: readonly ({ readonly option: string } | { readonly check: (value: unknown) => void })[];
  readonly response: (value: unknown) => string | undefined;
}

const prepared = new WeakMap<TableOperation, Prepared>();

function prepare(id: string, op: TableOperation): Prepared {
  let p = prepared.get(op);
  if (p) return p;
  // The text around the parameters (table.ts lists them in path order, read off the path itself).
  p = {
    label: methodName(id),
    parts: op.path.split(/\{[^}]+\}/),
    fills: op.pathParams.map((name) => {
      const { option, schema } = op.params[name]!;
      return option === undefined ? { check: argumentCheckOf(name, schema) } : { option };
    }),
    response: mismatchOf(op.response),
  };
  prepared.set(op, p);
  return p;
}

/** The path with its parameters filled and checked; `k`: how many arguments they took. */
function fillPath(core: Core, p: Prepared, args: readonly unknown[]): { target: string; k: number } {
  const { parts, fills } = p;
  let target = parts[0]!;
  let k = 0;
  for (let i = 0; i < fills.length; i++) {
    const fill = fills[i]!;
    let value: unknown;
    if ('check' in fill) {
      value = args[k++];
      fill.check(value);
    } else value = core.optionValues[fill.option];
    target += encodeURIComponent(value as string) + parts[i + 1]!;
  }
  return { target, k };
}

const NO_REDACTION: string[] = [];
/** The checks input.ts uses, handed to it (see there why). */
const CHECKS: InputChecks = { argument: checkArgument, mismatch };

/**
 * The request of one call, with the arguments its generated method takes: path parameters, then
 * `{ ...query, body }` where the operation has either, then CallOptions. Everything is checked
 * against the document's rules here, before anything is sent.
 */
function requestOf(core: Core, op: TableOperation, p: Prepared, args: readonly unknown[]): Outgoing & { redact: string[] } {
  let { target, k } = fillPath(core, p, args);
  const read = op.input;
  const input = read ? args[k++] : undefined;
  const options = args[k] as CallOptions | undefined;
  const signal = options?.signal;
  // The transport copies the headers for each attempt: a call without headers of its own shares these.
  let headers: Record<string, string> = BASE_HEADERS;
  if (options?.headers || input) headers = options?.headers ? { ...BASE_HEADERS, ...lowerCased(options.headers) } : { ...BASE_HEADERS };
  let body: Uint8Array<ArrayBuffer> | undefined;
  let redact = NO_REDACTION;
  if (read) {
    const given = read(op, p.label, k, input, headers, CHECKS);
    target += given.search;
    ({ body, redact } = given);
  }
  return { method: op.method, url: core.url + target, headers, body, signal, idempotent: op.idempotent, redact };
}

/** One call of an operation: checked, sent, its answer interpreted. */
export async function call(core: Core, id: string, op: TableOperation, args: readonly unknown[]): Promise<unknown> {
  let r: Received;
  let request: ReturnType<typeof requestOf>;
  try {
    if (!core.projectId()) await core.resolveProjectId();
    request = requestOf(core, op, prepare(id, op), args);
    r = await core.send(request);
  } catch (e) {
    if (e instanceof CsmsError) e.operation = id;
    throw e;
  }
  return interpret(core, id, op, r, request.redact);
}
