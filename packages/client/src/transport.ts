// Sends one request with retries: per attempt it adds auth, arms a timeout, refuses redirects and
// reads the whole body under a size limit; transient failures are retried with exponential
// backoff and full jitter. Both the typed methods and `csms.raw` (through openapi-fetch) use it.
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

export interface Outgoing {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array<ArrayBuffer> | undefined;
  signal?: AbortSignal | null | undefined;
}

/** A complete response: the body has been read (and counted) already. */
export interface Received {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer>;
  attempts: number;
}

export interface TransportOptions extends RetryOptions {
  fetch: FetchLike;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Adds auth headers to each attempt (a signature covers the attempt's own date). */
  authenticate: (request: Outgoing, headers: Record<string, string>) => Promise<void> | void;
  clean: (text: string) => string;
}

/** Statuses worth another try: throttling, and the transient server and gateway errors. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

// All three HTTP-date forms (RFC 9110 §5.6.7) start with the day's name; anything else that
// Date.parse happens to accept (`-1` is a date in 2001) is not a Retry-After.
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/** Retry-After in ms (delta-seconds or HTTP date), or undefined when it is neither. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  if (!HTTP_DATE.test(v)) return undefined;
  const ms = Date.parse(v) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

const sleep = (ms: number, signal: AbortSignal | null | undefined) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

const EMPTY = new Uint8Array(0);
/** The reason a timed-out attempt is aborted with, told apart from the caller's own reason. */
const TIMED_OUT = Symbol('timed out');

/** Reads the body to the end, failing as soon as more than `max` decoded bytes have arrived. */
async function readAll(response: Response, max: number, tooLarge: () => CsmsError): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > max && !response.headers.has('content-encoding')) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return EMPTY;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    // Counted after decoding (fetch inflates gzip and br), so a compression bomb stops early.
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array<ArrayBuffer>;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export function createTransport(o: TransportOptions): (request: Outgoing) => Promise<Received> {
  /**
   * One attempt. The timer is a plain setTimeout that the event loop holds until it fires or is
   * cleared, so it cannot be garbage-collected the way an unreferenced `AbortSignal.timeout()`
   * combined by `AbortSignal.any()` can (nodejs/node#57736: the timeout then never fires). It
   * runs until the whole body is read, so a body that stalls halfway times out too.
   */
  async function attempt(request: Outgoing, headers: Record<string, string>, n: number): Promise<Received> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMED_OUT), o.timeoutMs);
    const caller = request.signal;
    const onAbort = () => controller.abort(caller!.reason);
    caller?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await o.fetch(request.url, {
        method: request.method,
        headers,
        body: request.body ?? null,
        // Never followed: fetch would carry X-Auth-Token and the signature headers to the new origin.
        redirect: 'manual',
        signal: controller.signal,
      });
      const { status } = response;
      if ((status >= 300 && status < 400) || response.type === 'opaqueredirect') {
        await response.body?.cancel().catch(() => {});
        throw new CsmsError(
          `Unexpected redirect (HTTP ${status || 'opaque'}); CSMS does not redirect, so it was not followed and nothing was sent to its Location`,
          {
            kind: 'http',
            status: status || undefined,
            attempts: n,
          },
        );
      }
      const body = await readAll(
        response,
        o.maxResponseBytes,
        () =>
          new CsmsError(
            `The response body is larger than maxResponseBytes (${o.maxResponseBytes} bytes); pass a larger maxResponseBytes to createCsmsClient to accept it`,
            {
              kind: 'invalid-response',
              status,
              attempts: n,
            },
          ),
      );
      return { status, statusText: response.statusText, headers: response.headers, body, attempts: n };
    } catch (cause) {
      if (cause instanceof CsmsError) throw cause;
      if (controller.signal.aborted && controller.signal.reason === TIMED_OUT) {
        throw new CsmsError(`No complete response within ${o.timeoutMs} ms (attempt ${n})`, { kind: 'timeout', attempts: n });
      }
      if (caller?.aborted) throw caller.reason;
      const reason = (cause as Error | undefined)?.cause ?? cause;
      throw new CsmsError(`Network error: ${o.clean(String(reason))}`, { kind: 'network', attempts: n });
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    }
  }

  return async (request) => {
    if (request.signal?.aborted) throw request.signal.reason;
    const started = Date.now();
    for (let n = 1; ; n++) {
      const headers = { ...request.headers };
      const authenticated = o.authenticate(request, headers);
      if (authenticated) await authenticated;
      let received: Received | undefined;
      let failure: CsmsError | undefined;
      try {
        received = await attempt(request, headers, n);
        if (!RETRY_STATUSES.has(received.status)) return received;
      } catch (e) {
        if (!(e instanceof CsmsError) || (e.kind !== 'network' && e.kind !== 'timeout')) throw e;
        failure = e;
      }
      const asked = received && retryAfterMs(received.headers.get('retry-after'));
      const delay = asked ?? Math.random() * Math.min(o.retryMaxDelayMs, o.retryBaseDelayMs * 2 ** (n - 1));
      if (n > o.retries || Date.now() - started + delay > o.retryBudgetMs) {
        if (failure) throw failure;
        return received!;
      }
      await sleep(delay, request.signal);
    }
  };
}
