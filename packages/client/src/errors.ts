/**
 * What went wrong, in one field, so callers can branch without parsing messages:
 * - `http`: the service (or its gateway) answered with a non-2xx status, a redirect included
 *   (CSMS never redirects, so a 3xx is never followed); `status`, `code`, `requestId` set.
 * - `network`: no response: connection refused or reset, DNS failure…
 * - `timeout`: no complete response within `timeoutMs` (per attempt).
 * - `invalid-argument`: a bad option or parameter, rejected before any request was sent.
 * - `invalid-response`: a 2xx response whose body is not the JSON the document promises, or a
 *   body larger than `maxResponseBytes`.
 * - `credentials`: no credentials could be had from a credentials provider (a variable not set,
 *   a profile file without the section, the metadata service refusing…): nothing was sent to CSMS.
 */
export type CsmsErrorKind = 'http' | 'network' | 'timeout' | 'invalid-argument' | 'invalid-response' | 'credentials';

export interface CsmsErrorInit {
  kind: CsmsErrorKind;
  status?: number | undefined;
  code?: string | undefined;
  requestId?: string | undefined;
  operation?: string | undefined;
  attempts?: number | undefined;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/** The one error type the client throws (besides the caller's own abort reason). */
export class CsmsError extends Error {
  // The fields are `declare`d (set in the constructor, in this order): a class field would be
  // written out a second time in the JavaScript, for nothing.
  override readonly name = 'CsmsError';
  declare readonly kind: CsmsErrorKind;
  /** HTTP status, for `kind: 'http'` (and `invalid-response`; for `credentials`, the metadata service's). */
  declare readonly status: number | undefined;
  /** The body's `error_code`, e.g. `CSMS.0005` or the gateway's `APIGW.0301`. */
  declare readonly code: string | undefined;
  /** From the `X-Request-Id` header or the body's `request_id`: quote it to support. */
  declare readonly requestId: string | undefined;
  /** The operationId of the call that failed, e.g. `ShowSecretVersion` (unset for `csms.raw` calls). */
  declare operation: string | undefined;
  /** Requests sent, retries included (0 when rejected before sending). */
  declare readonly attempts: number;
  /** The server's `Retry-After`, in ms, when it asked for a wait longer than the retry budget. */
  declare readonly retryAfterMs: number | undefined;

  constructor(message: string, init: CsmsErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.operation = init.operation;
    this.attempts = init.attempts ?? 0;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** What `JSON.stringify(error)` shows: the fields above, never the cause or any request data. */
  toJSON() {
    const { name, kind, status, code, message, requestId, operation, attempts } = this;
    return { name, kind, status, code, message, requestId, operation, attempts };
  }
}

// Here rather than in engine.ts: every entry imports this file (dist/errors.js) instead of
// bundling a copy, so the cache and the core client share these too.
export const invalid = (message: string) => new CsmsError(message, { kind: 'invalid-argument' });
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Longest server text kept in an error: enough for any real `error_msg`, not a 50 MB echo. */
export const MAX_TEXT = 1_000;
// A signature is single-use, but still not something to print.
const SIGNATURE = /Signature=[0-9a-fA-F]{16,}/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

/**
 * Makes text that came from the server (or anything else outside our control) fit for an error:
 * every given secret, any `Signature=…`, and the `extra` values of the request at hand (its
 * signature however it is surrounded, its sensitive body fields) replaced by `[REDACTED]`,
 * control characters (CR/LF: log injection) turned into spaces, and at most `max` characters.
 * Redacts before cutting, so a secret on the cut cannot leave half of itself behind.
 */
export function sanitizer(secrets: (string | undefined)[]): (text: string, max?: number, extra?: readonly string[]) => string {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const longest = list.reduce((n, s) => Math.max(n, s.length), 64);
  return (text, max = MAX_TEXT, extra = []) => {
    const values = extra.length > 0 ? [...list, ...extra.filter((s) => s.length >= 4)] : list;
    const keep = extra.length > 0 ? values.reduce((n, s) => Math.max(n, s.length), longest) : longest;
    let t = text.length > max + keep ? text.slice(0, max + keep) : text;
    for (const s of values) if (t.includes(s)) t = t.split(s).join('[REDACTED]');
    t = t.replace(SIGNATURE, 'Signature=[REDACTED]').replace(CONTROL, ' ');
    return t.length > max ? `${t.slice(0, max)}…` : t;
  };
}
