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
  /**
   * Whether the request may be repeated after it may have reached the server (`x-idempotent` of
   * its operation). When false, it is retried only on 429 and when the connection was never made.
   */
  idempotent?: boolean | undefined;
  /** Sensitive values of this request (its body's `x-sensitive` fields), kept out of error messages. */
  redact?: readonly string[] | undefined;
}

/** A complete response: the body has been read (and counted) already. */
export interface Received {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer>;
  attempts: number;
  /** What an error built from this response must not repeat: the request's sensitive values and its signature. */
  readonly redact: readonly string[];
}

export interface TransportOptions extends RetryOptions {
  fetch: FetchLike;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Adds auth headers to each attempt (a signature covers the attempt's own date). */
  authenticate: (request: Outgoing, headers: Record<string, string>) => Promise<void> | void;
  /**
   * After a 401, once per call: whether fresh credentials differ from those the attempt was sent
   * with (its headers), so that sending it again may pass. For credentials that change (providers).
   */
  reauthenticate?: ((headers: Record<string, string>) => Promise<boolean>) | undefined;
  clean: (text: string, max?: number, extra?: readonly string[]) => string;
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
    // Not awaited: a body stream may never settle its cancel().
    response.body?.cancel().catch(() => {});
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
      reader.cancel().catch(() => {});
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

// Connection errors that mean the request never left this machine (no connection was made), so
// even a request that is not safe to repeat may be sent again.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const neverSent = new WeakSet<CsmsError>();

/** The signature an Authorization header carries (to keep it out of errors built from the answer). */
const signatureOf = (headers: Record<string, string>) => /Signature=([0-9a-fA-F]+)/.exec(headers.authorization ?? '')?.[1];

/** What errors built from an answer must not repeat; worked out only when one is built. */
function redactionsOf(request: Outgoing, headers: Record<string, string>): readonly string[] {
  const signature = signatureOf(headers);
  return signature ? [...(request.redact ?? []), signature] : (request.redact ?? []);
}

const timedOut = (o: TransportOptions, n: number) =>
  new CsmsError(`No complete response within ${o.timeoutMs} ms (attempt ${n})`, { kind: 'timeout', attempts: n });
const tooLarge = (o: TransportOptions, status: number, n: number) =>
  new CsmsError(
    `The response body is larger than maxResponseBytes (${o.maxResponseBytes} bytes); pass a larger maxResponseBytes to createCsmsClient to accept it`,
    { kind: 'invalid-response', status, attempts: n },
  );

/** Sends and reads the whole answer; no timer here (see `attempt`). */
async function exchange(
  o: TransportOptions,
  request: Outgoing,
  headers: Record<string, string>,
  n: number,
  signal: AbortSignal,
): Promise<Received> {
  const response = await o.fetch(request.url, {
    method: request.method,
    headers,
    body: request.body ?? null,
    // Never followed: fetch would carry X-Auth-Token and the signature headers to the new origin.
    redirect: 'manual',
    signal,
  });
  const { status } = response;
  if ((status >= 300 && status < 400) || response.type === 'opaqueredirect') {
    response.body?.cancel().catch(() => {});
    throw new CsmsError(
      `Unexpected redirect (HTTP ${status || 'opaque'}); CSMS does not redirect, so it was not followed and nothing was sent to its Location`,
      { kind: 'http', status: status || undefined, attempts: n },
    );
  }
  const body = await readAll(response, o.maxResponseBytes, () => tooLarge(o, status, n));
  let redact: readonly string[] | undefined;
  return {
    status,
    statusText: response.statusText,
    headers: response.headers,
    body,
    attempts: n,
    get redact() {
      redact ??= redactionsOf(request, headers);
      return redact;
    },
  };
}

/** The error a failed exchange becomes (a CsmsError of its own stays as it is). */
function failure(
  o: TransportOptions,
  cause: unknown,
  controller: AbortController,
  caller: AbortSignal | null | undefined,
  headers: Record<string, string>,
  n: number,
) {
  if (cause instanceof CsmsError) return cause;
  if (controller.signal.aborted && controller.signal.reason === TIMED_OUT) return timedOut(o, n);
  if (caller?.aborted) return caller.reason;
  const reason = (cause as Error | undefined)?.cause ?? cause;
  const error = new CsmsError(`Network error: ${o.clean(String(reason), undefined, [signatureOf(headers) ?? ''])}`, {
    kind: 'network',
    attempts: n,
  });
  if (NOT_CONNECTED.has((reason as { code?: string } | undefined)?.code ?? '')) neverSent.add(error);
  return error;
}

/**
 * One attempt. The timer is a plain setTimeout that the event loop holds until it fires or is
 * cleared, so it cannot be garbage-collected the way an unreferenced `AbortSignal.timeout()`
 * combined by `AbortSignal.any()` can (nodejs/node#57736: the timeout then never fires). It
 * runs until the whole body is read, so a body that stalls halfway times out too. The timer and
 * the caller's signal settle the attempt themselves, whatever the exchange does: a `fetch` that
 * ignores its signal, or a body stream that ignores cancel(), cannot hold the call past
 * `timeoutMs`. One promise, settled by whichever comes first (a promise settles once).
 */
function attempt(o: TransportOptions, request: Outgoing, headers: Record<string, string>, n: number): Promise<Received> {
  const controller = new AbortController();
  const caller = request.signal;
  return new Promise<Received>((resolve, reject) => {
    const onAbort = () => {
      stop();
      reject(caller!.reason);
      controller.abort(caller!.reason);
    };
    const timer = setTimeout(() => {
      stop();
      reject(timedOut(o, n));
      controller.abort(TIMED_OUT);
    }, o.timeoutMs);
    const stop = () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    };
    caller?.addEventListener('abort', onAbort, { once: true });
    exchange(o, request, headers, n, controller.signal).then(
      (received) => {
        stop();
        resolve(received);
      },
      (cause: unknown) => {
        stop();
        reject(failure(o, cause, controller, caller, headers, n));
      },
    );
  });
}

export function createTransport(o: TransportOptions): (request: Outgoing) => Promise<Received> {
  return async (request) => {
    if (request.signal?.aborted) throw request.signal.reason;
    const started = Date.now();
    const repeatable = request.idempotent !== false;
    let reauthenticated = false;
    for (let n = 1; ; n++) {
      const headers = { ...request.headers };
      const authenticated = o.authenticate(request, headers);
      if (authenticated) await authenticated;
      let received: Received | undefined;
      let failure: CsmsError | undefined;
      try {
        received = await attempt(o, request, headers, n);
        // Refused credentials may be expired ones: once, with fresh ones. Safe for any request: the
        // gateway refused it before the service saw it.
        if (received.status === 401 && o.reauthenticate && !reauthenticated) {
          reauthenticated = true;
          if (await o.reauthenticate(headers)) continue;
        }
        // A 429 is the gateway's refusal before the service saw the request: safe for any request.
        if (!RETRY_STATUSES.has(received.status) || (!repeatable && received.status !== 429)) return received;
      } catch (e) {
        if (!(e instanceof CsmsError) || (e.kind !== 'network' && e.kind !== 'timeout')) throw e;
        if (!repeatable && !neverSent.has(e)) throw e;
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
