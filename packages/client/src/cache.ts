// A read-through cache of secret values for applications (issue 18).
//
// Design, in short:
// - Lazy, no timers: an entry is re-checked when a read finds it due, so nothing can keep a process
//   alive and close() has nothing to clear but memory. The read that finds it due still gets the
//   cached value at once (stale-while-revalidate) while one refresh runs for everybody.
// - Version-aware: a stage is always resolved to its version ID first (ShowSecretStage), and the
//   value (ShowSecretVersion) is downloaded only when that ID differs from the cached one: a
//   version's value never changes, so an unchanged ID costs one small call per TTL. A fixed
//   `versionId` is therefore never re-checked at all (except `latest`, which moves).
// - Values live only in the closure's Map; the returned object holds functions only, and no
//   message, event or stats ever carries a value.
import { CsmsError, invalid, isObject } from './errors.js';

/** The two client methods the cache uses; the client from `createCsmsClient()` has both. */
export interface SecretCacheClient {
  showSecretStage(secretName: string, stageName: string, options?: { signal?: AbortSignal }): Promise<{ stage: { version_id: string } }>;
  showSecretVersion(
    secretName: string,
    versionId: string,
    options?: { signal?: AbortSignal },
  ): Promise<{ version: { version_metadata?: { id: string }; secret_string?: string; secret_binary?: string } }>;
}

export interface SecretReadOptions {
  /** A stage, re-checked once per TTL. Default `SYSCURRENT`. Not with `versionId`. */
  stage?: string;
  /**
   * A fixed version: cached until evicted and never re-checked, since its value cannot change. Not
   * with `stage`. `latest` (the version created last) moves, so it is re-read once per TTL instead.
   */
  versionId?: string;
}

/** What `onEvent` receives. Never a value; `error` is the client's error (a `CsmsError`, whose message holds no value). */
export type SecretCacheEvent =
  | { type: 'refresh'; name: string; stage?: string; versionId: string; changed: boolean }
  | { type: 'refresh-failed'; name: string; stage?: string; versionId?: string; error: unknown }
  | { type: 'evicted'; name: string; stage?: string; versionId?: string }
  | { type: 'removed'; name: string; stage?: string; versionId?: string; error: unknown };

export interface SecretCacheOptions {
  /** How long a stage's version is trusted before it is re-checked, ±10% so entries do not all expire together. Default 300 000. */
  ttlMs?: number;
  /** Most entries (one per name and stage or version) kept; the least recently read goes first. Default 1 024. */
  maxEntries?: number;
  /**
   * How long after its last successful refresh a value may still be served while refreshes fail (or
   * while one runs); past it, reads wait for a refresh or reject with the last error. Default 3 × ttlMs.
   */
  staleIfErrorMs?: number;
  /** Told about refreshes, failures, evictions and removals (404). Errors it throws are ignored. */
  onEvent?: (event: SecretCacheEvent) => void;
}

export interface SecretCacheStats {
  /** Reads answered from the cache at once (a value being refreshed included). */
  hits: number;
  /** Reads that had to wait for a request (or were refused during a retry backoff). */
  misses: number;
  /** Re-reads of cached entries started (due, or `refresh()`), whatever their outcome. */
  refreshes: number;
  /** Failed loads: first reads and refreshes. */
  errors: number;
  /** Entries held now. */
  entries: number;
}

export interface SecretCache {
  /** The value as text. Rejects with `CsmsError` (`invalid-argument`) when the version holds a binary value. */
  getSecretString(name: string, options?: SecretReadOptions): Promise<string>;
  /** The value's bytes (a new array each time). Rejects with `CsmsError` (`invalid-argument`) when the version holds text. */
  getSecretBinary(name: string, options?: SecretReadOptions): Promise<Uint8Array>;
  /**
   * Re-reads every cached entry of `name` now (backoff ignored; one already in flight is joined).
   * Resolves when done, failures included: they show in events, stats and later reads.
   */
  refresh(name: string): Promise<void>;
  /** Forgets `name`'s entries, or all entries. */
  invalidate(name?: string): void;
  stats(): SecretCacheStats;
  /** Drops every value and aborts requests in flight; later reads reject. */
  close(): void;
}

export const SECRET_CACHE_DEFAULTS = Object.freeze({ ttlMs: 300_000, maxEntries: 1_024, staleIfErrorTtls: 3, retryBaseDelayMs: 1_000 });

interface Stored {
  versionId: string;
  string: string | undefined;
  binary: string | undefined;
}

interface Entry {
  readonly key: string;
  readonly name: string;
  readonly stage: string | undefined;
  readonly pinned: string | undefined;
  /** A pinned version other than `latest`: its value can never change. */
  readonly fixed: boolean;
  stored: Stored | undefined;
  lastSuccess: number;
  /** When to ask the service again: TTL after a success, backoff after a failure. */
  dueAt: number;
  failures: number;
  lastError: unknown;
  loading: Promise<Stored> | undefined;
  /** Read order for LRU eviction: larger is more recent. */
  lastUsed: number;
}

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const jittered = (ms: number) => ms * (0.9 + 0.2 * Math.random());
// Duck-typed: a bundler may give the cache its own copy of the CsmsError class.
const isNotFound = (e: unknown) => isObject(e) && e.kind === 'http' && e.status === 404;

// Names a bad argument without repeating it: a token pasted into the wrong place must not reach a log.
function checkText(label: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalid(`Invalid ${label}: expected a non-empty string, got ${typeName(value)}.`);
  return value;
}

function checkKeys(label: string, value: Record<string, unknown>, allowed: readonly string[]) {
  // A misspelt option would otherwise be ignored silently, e.g. { version: 'v1' } reading SYSCURRENT.
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined)
    throw invalid(`Invalid ${label}: unknown option ${JSON.stringify(extra.slice(0, 40))} (expected ${allowed.join(', ')}).`);
}

function checkNumber(label: string, value: unknown, min: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value)))
    throw invalid(`Invalid ${label}: expected ${integer ? 'an integer' : 'a number'} from ${min}.`);
  return value;
}

function parseRead(name: unknown, options: unknown) {
  // The common read, a name and no options, without building an options object.
  if (options === undefined && typeof name === 'string' && name.length > 0) {
    return { key: `${name}\u0000stage:SYSCURRENT`, name, stage: 'SYSCURRENT', pinned: undefined, fixed: false };
  }
  const n = checkText('secret name', name);
  if (options !== undefined && !isObject(options))
    throw invalid(`Invalid read options: expected { stage } or { versionId }, got ${typeName(options)}.`);
  const o = options ?? {};
  checkKeys('read options', o, ['stage', 'versionId']);
  if (o.stage !== undefined && o.versionId !== undefined) throw invalid('Invalid read options: give stage or versionId, not both.');
  const pinned = o.versionId === undefined ? undefined : checkText('versionId', o.versionId);
  const stage = pinned !== undefined ? undefined : o.stage === undefined ? 'SYSCURRENT' : checkText('stage', o.stage);
  // NUL cannot occur in a valid name, so keys of different names never collide.
  const key = `${n}\u0000${pinned === undefined ? `stage:${stage}` : `version:${pinned}`}`;
  return { key, name: n, stage, pinned, fixed: pinned !== undefined && pinned !== 'latest' };
}

function decodeBase64(text: string): Uint8Array | undefined {
  let raw: string;
  try {
    raw = atob(text);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function pick(name: string, stored: Stored, want: 'string' | 'binary'): string | Uint8Array {
  // The hot path (a string value) builds no message.
  if (want === 'string' && stored.string !== undefined) return stored.string;
  const where = `secret ${JSON.stringify(name)} version ${JSON.stringify(stored.versionId)}`;
  if (want === 'string') {
    if (stored.string !== undefined) return stored.string;
    throw invalid(`The ${where} holds no text${stored.binary === undefined ? '' : ' but a binary value: use getSecretBinary'}.`);
  }
  if (stored.binary === undefined)
    throw invalid(`The ${where} holds no binary value${stored.string === undefined ? '' : ' but text: use getSecretString'}.`);
  const bytes = decodeBase64(stored.binary);
  if (!bytes)
    throw new CsmsError(`ShowSecretVersion answered with a secret_binary that is not Base64 (${where}).`, {
      kind: 'invalid-response',
      operation: 'ShowSecretVersion',
    });
  return bytes;
}

interface Settings {
  ttlMs: number;
  maxEntries: number;
  staleIfErrorMs: number;
  onEvent: ((event: SecretCacheEvent) => void) | undefined;
}

/** The options, checked, with their defaults. */
function settingsOf(csms: SecretCacheClient, options: SecretCacheOptions): Settings {
  if (!isObject(csms) || typeof csms.showSecretStage !== 'function' || typeof csms.showSecretVersion !== 'function')
    throw invalid('Invalid client: expected the client from createCsmsClient() (with showSecretStage and showSecretVersion).');
  if (!isObject(options)) throw invalid(`Invalid cache options: expected an object, got ${typeName(options)}.`);
  checkKeys('cache options', options as Record<string, unknown>, ['ttlMs', 'maxEntries', 'staleIfErrorMs', 'onEvent']);
  const ttlMs = checkNumber('ttlMs', options.ttlMs ?? SECRET_CACHE_DEFAULTS.ttlMs, 0);
  const maxEntries = checkNumber('maxEntries', options.maxEntries ?? SECRET_CACHE_DEFAULTS.maxEntries, 1, true);
  const staleIfErrorMs = checkNumber('staleIfErrorMs', options.staleIfErrorMs ?? SECRET_CACHE_DEFAULTS.staleIfErrorTtls * ttlMs, 0);
  const { onEvent } = options;
  if (onEvent !== undefined && typeof onEvent !== 'function')
    throw invalid(`Invalid onEvent: expected a function, got ${typeName(onEvent)}.`);
  return { ttlMs, maxEntries, staleIfErrorMs, onEvent: onEvent as Settings['onEvent'] };
}

/** One cache's state; the functions below take it, and `createSecretCache` hands out only functions over it. */
interface State extends Settings {
  readonly csms: SecretCacheClient;
  /** In read order, least recent first. */
  readonly entries: Map<string, Entry>;
  readonly counts: { hits: number; misses: number; refreshes: number; errors: number };
  readonly abort: AbortController;
  closed: boolean;
  tick: number;
}

const closedError = () => invalid('The secret cache is closed: create a new one with createSecretCache().');

function emit(state: State, event: SecretCacheEvent) {
  try {
    state.onEvent?.(Object.freeze(event));
  } catch {
    // A broken hook must not break reads.
  }
}

const describe = (e: Entry) => {
  const versionId = e.stored?.versionId ?? e.pinned;
  return { name: e.name, ...(e.stage === undefined ? {} : { stage: e.stage }), ...(versionId === undefined ? {} : { versionId }) };
};

function drop(state: State, e: Entry) {
  state.entries.delete(e.key);
  e.stored = undefined;
}

async function fetchStored(csms: SecretCacheClient, e: Entry, signal: AbortSignal): Promise<Stored> {
  const call = { signal };
  let versionId = e.pinned;
  if (versionId === undefined) {
    versionId = (await csms.showSecretStage(e.name, e.stage ?? 'SYSCURRENT', call))?.stage?.version_id;
    if (typeof versionId !== 'string' || versionId === '')
      throw new CsmsError('ShowSecretStage answered without a version_id.', { kind: 'invalid-response', operation: 'ShowSecretStage' });
    if (e.stored?.versionId === versionId) return e.stored;
  }
  const version = (await csms.showSecretVersion(e.name, versionId, call))?.version;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  // For `latest`, the ID it resolved to, so events and `changed` name real versions.
  if (versionId === 'latest') versionId = text(version?.version_metadata?.id) || versionId;
  return { versionId, string: text(version?.secret_string), binary: text(version?.secret_binary) };
}

function succeeded(state: State, e: Entry, stored: Stored, refreshing: boolean) {
  // Invalidated, evicted or closed meanwhile: the waiting readers get the value, the cache keeps nothing.
  if (state.entries.get(e.key) !== e) return;
  const changed = e.stored !== undefined && e.stored.versionId !== stored.versionId;
  const now = Date.now();
  e.stored = stored;
  e.lastSuccess = now;
  e.failures = 0;
  e.lastError = undefined;
  e.dueAt = e.fixed ? Number.POSITIVE_INFINITY : now + jittered(state.ttlMs);
  if (refreshing) emit(state, { type: 'refresh', ...describe(e), versionId: stored.versionId, changed });
}

function failed(state: State, e: Entry, error: unknown, refreshing: boolean) {
  state.counts.errors++;
  if (state.entries.get(e.key) !== e) return;
  if (isNotFound(error) || e.stored === undefined) {
    // Gone (secret, stage or version), or nothing to fall back on: the next read starts afresh.
    const where = describe(e);
    drop(state, e);
    if (refreshing) emit(state, { type: 'removed', ...where, error });
    return;
  }
  e.failures++;
  e.lastError = error;
  // Backoff, so a failing service is asked again at most once per delay, not on every read.
  const delay = Math.min(state.ttlMs, jittered(SECRET_CACHE_DEFAULTS.retryBaseDelayMs * 2 ** Math.min(e.failures - 1, 30)));
  e.dueAt = e.fixed ? Number.POSITIVE_INFINITY : Date.now() + delay;
  emit(state, { type: 'refresh-failed', ...describe(e), error });
}

/** Starts a load of `e`, or joins the one in flight, so concurrent misses and refreshes make one set of calls. */
function load(state: State, e: Entry): Promise<Stored> {
  e.loading ??= (async () => {
    const refreshing = e.stored !== undefined;
    if (refreshing) state.counts.refreshes++;
    try {
      const stored = await fetchStored(state.csms, e, state.abort.signal);
      succeeded(state, e, stored, refreshing);
      return stored;
    } catch (error) {
      if (state.closed) throw closedError();
      failed(state, e, error, refreshing);
      throw error;
    } finally {
      e.loading = undefined;
    }
  })();
  return e.loading;
}

/** The entry for a read (created when new, the least recently read evicted past maxEntries). */
function entryFor(state: State, name: unknown, options: unknown): Entry {
  if (state.closed) throw closedError();
  const id = parseRead(name, options);
  const { entries } = state;
  let e = entries.get(id.key);
  if (e) {
    e.lastUsed = ++state.tick;
    return e;
  }
  e = { ...id, stored: undefined, lastSuccess: 0, dueAt: 0, failures: 0, lastError: undefined, loading: undefined, lastUsed: ++state.tick };
  entries.set(id.key, e);
  if (entries.size > state.maxEntries) {
    // A scan only when an entry is added past the limit: reads stay O(1).
    let oldest: Entry | undefined;
    for (const candidate of entries.values()) if (!oldest || candidate.lastUsed < oldest.lastUsed) oldest = candidate;
    if (oldest) {
      const where = describe(oldest);
      drop(state, oldest);
      emit(state, { type: 'evicted', ...where });
    }
  }
  return e;
}

/** The value a read may be served at once (a hit, starting a background refresh when due), or undefined. */
function servable(state: State, e: Entry): Stored | undefined {
  const { stored } = e;
  if (!stored) return undefined;
  const now = Date.now();
  const due = now >= e.dueAt;
  if (e.fixed || (e.lastError === undefined && !due) || now - e.lastSuccess < state.staleIfErrorMs) {
    state.counts.hits++;
    if (due && !e.fixed && !e.loading) load(state, e).catch(() => {}); // failures are recorded in failed()
    return stored;
  }
  return undefined;
}

/** A read that cannot be served from the cache: waits for the load (or rejects at once during a backoff). */
async function miss(state: State, e: Entry): Promise<Stored> {
  state.counts.misses++;
  // Too old to serve, and the backoff after the last failure is still running.
  if (e.stored && Date.now() < e.dueAt && !e.loading) throw e.lastError;
  const loaded = await load(state, e);
  if (state.closed) throw closedError();
  return loaded;
}

/** A read, as a promise; a hit settles it without another async step. */
function read<T>(state: State, name: unknown, options: unknown, want: 'string' | 'binary'): Promise<T> {
  try {
    const e = entryFor(state, name, options);
    const stored = servable(state, e);
    if (stored) return Promise.resolve(pick(e.name, stored, want) as T);
    return miss(state, e).then((s) => pick(e.name, s, want) as T);
  } catch (error) {
    return Promise.reject(error);
  }
}

export function createSecretCache(csms: SecretCacheClient, options: SecretCacheOptions = {}): SecretCache {
  const state: State = {
    ...settingsOf(csms, options),
    csms,
    entries: new Map(),
    counts: { hits: 0, misses: 0, refreshes: 0, errors: 0 },
    abort: new AbortController(),
    closed: false,
    tick: 0,
  };
  const { entries } = state;
  return Object.freeze({
    getSecretString: (name: string, options?: SecretReadOptions) => read<string>(state, name, options, 'string'),
    getSecretBinary: (name: string, options?: SecretReadOptions) => read<Uint8Array>(state, name, options, 'binary'),
    async refresh(name: string) {
      if (state.closed) throw closedError();
      const n = checkText('secret name', name);
      await Promise.allSettled([...entries.values()].filter((e) => e.name === n).map((e) => load(state, e)));
    },
    invalidate(name?: string) {
      const n = name === undefined ? undefined : checkText('secret name', name);
      for (const e of [...entries.values()]) if (n === undefined || e.name === n) drop(state, e);
    },
    stats: () => ({ ...state.counts, entries: entries.size }),
    close() {
      if (state.closed) return;
      state.closed = true;
      for (const e of entries.values()) e.stored = undefined;
      entries.clear();
      state.abort.abort(closedError());
    },
  });
}
