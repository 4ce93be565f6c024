// Temporary keys from the ECS metadata service, the way the official SDK cores get them
// (huaweicloud-sdk-go-v3 core/auth/internal/metadata_accessor.go, huaweicloud-sdk-python-v3
// huaweicloudsdkcore/auth/internal.py MetadataAccessor, Java MetadataAccessor.java):
//   PUT  /meta-data/latest/api/token   X-Metadata-Token-Ttl-Seconds: 21600  → a session token
//   GET  /openstack/latest/securitykey X-Metadata-Token: <token>           → { credential: { access, secret, securitytoken, expires_at } }
// A token API that answers 404 or 405 means an older service: the keys are asked for without a
// token, and the token API is tried again a day later. A 401 for the keys (unless the service says
// the instance has no agency) gets a new session token and one more try. Unlike the SDKs, every
// request has a timeout that covers the whole answer, a size limit, and no redirect is followed.
import { CsmsError, invalid } from './errors.js';
import type { ProvidedCredentials } from './provider.js';
import { createTransport, type FetchLike, type Received } from './transport.js';

export const METADATA_ENDPOINT = 'http://169.254.169.254';
export const TOKEN_PATH = '/meta-data/latest/api/token';
export const SECURITY_KEY_PATH = '/openstack/latest/securitykey';
/** The session token's lifetime the SDKs ask for (DefaultTokenTTLSeconds, 6 h). */
export const TOKEN_TTL_SECONDS = 6 * 60 * 60;
/** After a 404/405 from the token API, when to try it again (DefaultCheckTokenDurationSecond, 24 h). */
const RECHECK_TOKEN_API_MS = 24 * 60 * 60 * 1000;
/** What the service says when the instance has no agency (ConfigAgencyError in the SDKs). */
const NO_AGENCY = 'Please configure Cloud Service Agency first';
// What an HTTP header value may hold: visible ASCII.
const HEADER_SAFE = /^[\x21-\x7e]+$/;
/** The defaults: the SDKs' 3 s timeout; a credential is a few KiB. */
export const METADATA_DEFAULTS = Object.freeze({ timeoutMs: 3_000, maxResponseBytes: 65_536 });
const EXPIRES_AT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

export interface MetadataOptions {
  /** Base URL of the metadata service. Default `http://169.254.169.254`; the mock's `url` in tests. */
  endpoint?: string;
  /** The project the keys are used in: the metadata service names none. */
  projectId?: string;
  /** Per request, until the whole answer has arrived. Default 3,000 ms (the SDKs' timeout). */
  timeoutMs?: number;
  /** Largest answer accepted. Default 65,536 bytes (a credential is a few KiB). */
  maxResponseBytes?: number;
  /** The fetch to send requests with. Default: the global `fetch`. */
  fetch?: FetchLike;
  /** The clock, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

const fail = (message: string, status?: number) => new CsmsError(message, { kind: 'credentials', status });

/** The endpoint as a base URL without a trailing slash; refused (without repeating it) when it could leak or mislead. */
export function metadataBase(endpoint: string = METADATA_ENDPOINT): string {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol))
    throw invalid('Invalid metadata endpoint: expected an http(s) URL such as http://169.254.169.254.');
  if (url.username || url.password || url.search || url.hash || /[?#]/.test(endpoint))
    throw invalid('Invalid metadata endpoint: it must not contain a user name, password, query or fragment.');
  return url.href.replace(/\/+$/, '');
}

function checkNumber(name: string, value: number, min: number, max: number) {
  if (!Number.isFinite(value) || value < min || value > max) throw invalid(`Invalid ${name}: expected a number from ${min} to ${max}.`);
}

/** `expires_at` as the service writes it (UTC, optional fraction: `2024-05-01T12:00:00.000000Z`), in ms. */
export function parseExpiresAt(value: unknown): number | undefined {
  const m = typeof value === 'string' ? EXPIRES_AT.exec(value) : null;
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) + Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A source of keys from the metadata service at `endpoint`; keeps its session token between calls. */
export function metadataSource(options: MetadataOptions = {}): () => Promise<ProvidedCredentials> {
  const base = metadataBase(options.endpoint);
  const timeoutMs = options.timeoutMs ?? METADATA_DEFAULTS.timeoutMs;
  const maxResponseBytes = options.maxResponseBytes ?? METADATA_DEFAULTS.maxResponseBytes;
  checkNumber('timeoutMs', timeoutMs, 1, 600_000);
  checkNumber('maxResponseBytes', maxResponseBytes, 1, 16 * 1024 * 1024);
  const now = options.now ?? Date.now;
  const label = `metadata ${base}`;
  const send = createTransport({
    retries: 0,
    retryBaseDelayMs: 0,
    retryMaxDelayMs: 0,
    retryBudgetMs: 0,
    timeoutMs,
    maxResponseBytes,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    authenticate: () => {},
    // Network errors are all the transport quotes, and no credential is in them: only cut to size.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    clean: (text, max = 300) => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, max),
  });
  const utf8 = new TextDecoder();
  let token: string | undefined;
  let tokenTriedAt: number | undefined;

  /** One request; every failure to get an answer becomes a `credentials` error naming the step. */
  async function request(method: string, path: string, headers: Record<string, string>): Promise<Received> {
    try {
      return await send({ method, url: base + path, headers, idempotent: true });
    } catch (e) {
      if (!(e instanceof CsmsError)) throw e;
      const what = `The metadata service ${base} (${method} ${path})`;
      if (e.kind === 'timeout') throw fail(`${what} did not answer within ${timeoutMs} ms`);
      if (e.kind === 'invalid-response') throw fail(`${what} answered with more than ${maxResponseBytes} bytes`, e.status);
      if (e.kind === 'http') throw fail(`${what} answered with a redirect (HTTP ${e.status ?? 'opaque'}), which is not followed`, e.status);
      throw fail(`${what} could not be reached: ${e.message}`);
    }
  }

  async function updateToken(required: boolean) {
    tokenTriedAt = now();
    const r = await request('PUT', TOKEN_PATH, { 'x-metadata-token-ttl-seconds': String(TOKEN_TTL_SECONDS) });
    if (r.status === 200) {
      const text = utf8.decode(r.body).trim();
      if (!HEADER_SAFE.test(text) || text.length > 4096)
        throw fail(`The metadata service ${base} answered PUT ${TOKEN_PATH} with a session token that cannot be sent in a header`, 200);
      token = text;
      return;
    }
    // An older service without the token API: ask for the keys without one (as the SDKs do).
    if ((r.status === 404 || r.status === 405) && !required) {
      token = undefined;
      return;
    }
    throw fail(`The metadata service ${base} answered ${r.status} to PUT ${TOKEN_PATH}`, r.status);
  }

  const securityKey = () => request('GET', SECURITY_KEY_PATH, token ? { 'x-metadata-token': token } : {});

  return async () => {
    if (token === undefined && (tokenTriedAt === undefined || now() - tokenTriedAt > RECHECK_TOKEN_API_MS)) await updateToken(false);
    let r = await securityKey();
    const noAgency = (answer: Received) => utf8.decode(answer.body).includes(NO_AGENCY);
    if (r.status === 401 && !noAgency(r)) {
      // The session token expired (or there was none): a new one, and one more try.
      await updateToken(true);
      r = await securityKey();
    }
    if (r.status === 401 && noAgency(r))
      throw fail(`The metadata service ${base} has no keys for this instance: it has no agency (give the ECS an agency in IAM)`, 401);
    if (r.status !== 200) throw fail(`The metadata service ${base} answered ${r.status} to GET ${SECURITY_KEY_PATH}`, r.status);
    return parseSecurityKey(utf8.decode(r.body), base, label, options.projectId);
  };
}

/** The keys of a securitykey answer, checked field by field (the values are never repeated). */
function parseSecurityKey(text: string, base: string, label: string, projectId: string | undefined): ProvidedCredentials {
  const problem = (what: string) => fail(`The metadata service ${base} answered GET ${SECURITY_KEY_PATH} with ${what}`, 200);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw problem('a body that is not JSON');
  }
  const c = (body as { credential?: Record<string, unknown> } | null)?.credential;
  if (typeof c !== 'object' || c === null) throw problem('no credential object');
  for (const field of ['access', 'secret', 'securitytoken'] as const) {
    const v = c[field];
    if (typeof v !== 'string' || v === '') throw problem(`no credential.${field} (a non-empty string)`);
    if (field !== 'secret' && !HEADER_SAFE.test(v)) throw problem(`a credential.${field} that cannot be sent in a header`);
  }
  const expiresAt = parseExpiresAt(c.expires_at);
  if (expiresAt === undefined) throw problem('no credential.expires_at of the form 2024-05-01T12:00:00.000000Z');
  return {
    ak: c.access as string,
    sk: c.secret as string,
    securityToken: c.securitytoken as string,
    expiresAt,
    projectId,
    source: label,
  };
}
