// The fetch that openapi-fetch calls: per attempt it adds auth, a fresh timeout signal combined
// with the caller's, and retries transient failures with exponential backoff and full jitter.
import { CsmsError } from './errors.js';

export interface RetryOptions {
  /** Retries after the first attempt (0 turns retrying off). */
  retries: number;
  /** Backoff base: the n-th retry waits a random time in [0, min(max, base × 2^(n-1))). */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt. */
  retryBudgetMs: number;
}

/** The standard fetch signature: the global `fetch`, undici's, or a test double. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions extends RetryOptions {
  fetch: FetchLike;
  timeoutMs: number;
  /** Sets auth headers on each attempt (a signature covers the attempt's own date). */
  authenticate: (headers: Headers, request: Request, body: ArrayBuffer | undefined) => Promise<void> | void;
  redact: (text: string) => string;
}

/** Statuses worth another try: throttling, and the transient server and gateway errors. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** How many attempts produced a response, for the error the client builds from it. */
export const attemptsOf = new WeakMap<Response, number>();

/** Retry-After in ms (delta-seconds or HTTP date), or undefined. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * One attempt, with a fresh timeout signal combined with the caller's: a signal made once per
 * call would already have expired for every later attempt (openapi-fetch issue #2567). The signal
 * also governs the body stream, so a body that stalls halfway times out too.
 */
function attemptOnce(o: TransportOptions, request: Request, init: RequestInit): Promise<Response> {
  return o.fetch(request.url, { ...init, signal: AbortSignal.any([request.signal, AbortSignal.timeout(o.timeoutMs)]) });
}

export function createTransport(o: TransportOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.signal.aborted) throw request.signal.reason;
    // Read once: each attempt sends (and signs) the same bytes.
    const body = request.body ? await request.arrayBuffer() : undefined;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const headers = new Headers(request.headers);
      await o.authenticate(headers, request, body);
      let response: Response | undefined;
      let failure: CsmsError | undefined;
      try {
        response = await attemptOnce(o, request, { method: request.method, headers, body, redirect: request.redirect });
        attemptsOf.set(response, attempt);
      } catch (cause) {
        if (request.signal.aborted) throw request.signal.reason;
        failure =
          (cause as Error)?.name === 'TimeoutError'
            ? new CsmsError(`No response within ${o.timeoutMs} ms (attempt ${attempt})`, { kind: 'timeout', attempts: attempt, cause })
            : new CsmsError(`Network error: ${o.redact(String((cause as Error)?.cause ?? cause))}`, { kind: 'network', attempts: attempt, cause });
      }
      if (response && !RETRY_STATUSES.has(response.status)) return response;
      const asked = retryAfterMs(response?.headers.get('retry-after') ?? null);
      const delay = asked ?? Math.random() * Math.min(o.retryMaxDelayMs, o.retryBaseDelayMs * 2 ** (attempt - 1));
      if (attempt > o.retries || Date.now() - started + delay > o.retryBudgetMs) {
        if (failure) throw failure;
        return response!;
      }
      await sleep(delay, request.signal);
    }
  };
}
