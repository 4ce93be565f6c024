// Credentials that change while the application runs (temporary keys from the ECS metadata
// service, keys re-read from a file): a provider is a function the client asks before each
// request. `memoizeCredentials` turns any async function into one: it keeps the answer, asks
// again ahead of its expiry (one request at a time, however many calls wait) and keeps no timer,
// so it never holds the process open: everything happens when a call asks.
import { CsmsError } from './errors.js';

/** What a provider hands out. `sk` and `securityToken` never show in `util.inspect` or JSON. */
export interface ProvidedCredentials {
  readonly ak: string;
  readonly sk: string;
  /** For temporary keys: sent (and signed) as `X-Security-Token`. */
  readonly securityToken?: string | undefined;
  /** The project the keys are for, when the source names one (used when the client is given none). */
  readonly projectId?: string | undefined;
  /** When the keys stop working, in ms since the epoch; undefined: they do not expire. */
  readonly expiresAt?: number | undefined;
  /** Where they came from (`environment`, `profile <file> [basic]`, `metadata <endpoint>`), for logs. */
  readonly source?: string | undefined;
}

/** Any function that fetches credentials; `memoizeCredentials` makes a provider of it. */
export type CredentialSource = () => ProvidedCredentials | Promise<ProvidedCredentials>;

/**
 * A memoized source of credentials, what `createCsmsClient({ credentials })` takes (a plain
 * `CredentialSource` is memoized by the client itself).
 */
export interface CredentialProvider {
  /** The current credentials: the cached ones while fresh, else fetched (one fetch for all waiting calls). */
  (): Promise<ProvidedCredentials>;
  /**
   * Fetches again, for credentials the service refused: unless `stale` is no longer the current
   * set (another call refreshed meanwhile), in which case the current set is returned.
   */
  refresh(stale?: ProvidedCredentials): Promise<ProvidedCredentials>;
  /** The cached credentials while they need no refresh, else undefined; sends nothing. */
  peek(): ProvidedCredentials | undefined;
}

export interface MemoizeOptions {
  /**
   * How long before `expiresAt` to fetch new credentials; at most half of the lifetime they had when
   * fetched, so short-lived test credentials are not fetched on every call. Default 40 minutes
   * (the official Python SDK's threshold; the Go and Java SDKs use 60 s).
   */
  refreshAheadMs?: number;
  /** The clock, in ms since the epoch (tests pass their own). Default `Date.now`. */
  now?: () => number;
}

export const DEFAULT_REFRESH_AHEAD_MS = 40 * 60_000;
/** After a failed refresh, while the keys still work, the longest wait before trying again. */
const RETRY_AFTER_FAILURE_MS = 10_000;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Credentials as the providers hold them: the secret parts are private fields, out of inspect and JSON. */
// In a function marked pure: its computed [INSPECT] key would otherwise keep it in bundles that never use it.
const HeldCredentials = /* @__PURE__ */ (() =>
  class HeldCredentials implements ProvidedCredentials {
    readonly ak: string;
    readonly projectId: string | undefined;
    readonly expiresAt: number | undefined;
    readonly source: string | undefined;
    readonly #sk: string;
    readonly #securityToken: string | undefined;

    constructor(c: ProvidedCredentials) {
      this.ak = c.ak;
      this.#sk = c.sk;
      this.#securityToken = c.securityToken;
      this.projectId = c.projectId;
      this.expiresAt = c.expiresAt;
      this.source = c.source;
    }
    get sk() {
      return this.#sk;
    }
    get securityToken() {
      return this.#securityToken;
    }
    toJSON() {
      const { ak, projectId, expiresAt, source } = this;
      return { ak, projectId, expiresAt, source, sk: '[REDACTED]', securityToken: this.#securityToken ? '[REDACTED]' : undefined };
    }
    [INSPECT]() {
      return `ProvidedCredentials ${JSON.stringify(this)}`;
    }
  })();
type HeldCredentials = InstanceType<typeof HeldCredentials>;

const credentialsError = (message: string, cause?: unknown) => new CsmsError(message, { kind: 'credentials', cause });

/** Checks what a source returned and keeps it in a form that does not print its secrets. */
function hold(c: unknown, label: string): HeldCredentials {
  const o = (typeof c === 'object' && c !== null ? c : {}) as Partial<Record<keyof ProvidedCredentials, unknown>>;
  // The values are never repeated: they may be secrets handed over in the wrong field.
  if (typeof o.ak !== 'string' || o.ak === '') throw credentialsError(`${label} gave no ak (a non-empty string)`);
  if (typeof o.sk !== 'string' || o.sk === '') throw credentialsError(`${label} gave no sk (a non-empty string)`);
  if (o.securityToken !== undefined && (typeof o.securityToken !== 'string' || o.securityToken === ''))
    throw credentialsError(`${label} gave a securityToken that is not a non-empty string`);
  if (o.expiresAt !== undefined && !Number.isFinite(o.expiresAt))
    throw credentialsError(`${label} gave an expiresAt that is not a time in ms since the epoch`);
  if (o.projectId !== undefined && typeof o.projectId !== 'string')
    throw credentialsError(`${label} gave a projectId that is not a string`);
  return c instanceof HeldCredentials ? c : new HeldCredentials(o as ProvidedCredentials);
}

/** True for a memoized provider (ours or any with the same shape), which the client uses as it is. */
export const isProvider = (f: unknown): f is CredentialProvider =>
  typeof f === 'function' &&
  typeof (f as Partial<CredentialProvider>).peek === 'function' &&
  typeof (f as Partial<CredentialProvider>).refresh === 'function';

/**
 * A provider over `source`: the answer is kept until `refreshAheadMs` before its `expiresAt`; then
 * the next call fetches again, and every call that arrives meanwhile waits for that one fetch. If
 * the fetch fails while the kept keys still work, calls go on with them and the fetch is tried
 * again a little later (at most 10 s, at most half the time left); once they have expired, calls
 * fail with the fetch's error.
 */
export function memoizeCredentials(source: CredentialSource, options: MemoizeOptions = {}): CredentialProvider {
  const now = options.now ?? Date.now;
  const ahead = options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS;
  if (!(ahead >= 0)) throw new CsmsError('Invalid refreshAheadMs: expected a number of ms, 0 or more.', { kind: 'invalid-argument' });
  let current: HeldCredentials | undefined;
  /** When the current set is due for a refresh (ms since the epoch). */
  let dueAt = Number.POSITIVE_INFINITY;
  let fetching: Promise<HeldCredentials> | undefined;

  const fetchNow = (): Promise<HeldCredentials> => {
    fetching ??= Promise.resolve()
      .then(source)
      .then(
        (c) => {
          const held = hold(c, 'The credentials source');
          const at = now();
          if (held.expiresAt !== undefined && held.expiresAt <= at) {
            throw credentialsError(
              `The credentials from ${held.source ?? 'the credentials source'} expired at ${new Date(held.expiresAt).toISOString()}, before they were used (is this machine's clock right?)`,
            );
          }
          current = held;
          dueAt = held.expiresAt === undefined ? Number.POSITIVE_INFINITY : held.expiresAt - Math.min(ahead, (held.expiresAt - at) / 2);
          return held;
        },
        (e: unknown) => {
          if (e instanceof CsmsError) throw e;
          // A source's own error is kept as the cause, not quoted: its text is not ours to vouch for.
          throw credentialsError(`The credentials source failed (${e instanceof Error ? e.name : typeof e})`, e);
        },
      )
      .finally(() => {
        fetching = undefined;
      });
    return fetching;
  };

  /** The current set while usable as it is, else undefined. */
  const ready = () => (current && now() < dueAt ? current : undefined);

  /** Refreshes; on failure, goes on with keys that still work and tries again a little later. */
  const refreshKeeping = (kept: HeldCredentials | undefined) =>
    fetchNow().catch((e: unknown) => {
      const left = kept?.expiresAt === undefined ? 0 : kept.expiresAt - now();
      if (!kept || left <= 0) throw e;
      // Only if nobody replaced them meanwhile.
      if (current === kept) dueAt = now() + Math.min(RETRY_AFTER_FAILURE_MS, left / 2);
      return kept;
    });

  const provider = (): Promise<ProvidedCredentials> => {
    const c = ready();
    return c ? Promise.resolve(c) : refreshKeeping(current);
  };
  return Object.assign(provider, {
    peek: ready,
    refresh(stale?: ProvidedCredentials): Promise<ProvidedCredentials> {
      const c = current;
      if (stale && c && c !== stale && (c.expiresAt === undefined || now() < c.expiresAt)) return Promise.resolve(c);
      return fetchNow();
    },
  });
}
