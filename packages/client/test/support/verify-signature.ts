// An independent SDK-HMAC-SHA256 verifier, written from the published algorithm with node:crypto,
// as a server would run it on what it received. A second check only: the first is the official SDK.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const unreserved = /[A-Za-z0-9\-_.~]/;
function encode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && unreserved.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export interface ReceivedRequest {
  method: string;
  /** Path and query as received on the wire, e.g. `/v1/x/secrets/y?b=2&a=1`. */
  target: string;
  /** Header names lower-cased, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function verifySignature(req: ReceivedRequest, credentials: { ak: string; sk: string }): { ok: boolean; reason?: string } {
  const auth = String(req.headers.authorization ?? '');
  const m = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { ok: false, reason: 'malformed Authorization header' };
  const [, access, signedHeaderList, signature] = m as unknown as [string, string, string, string];
  if (access !== credentials.ak) return { ok: false, reason: 'unknown access key' };
  const names = signedHeaderList.split(';');
  if (!names.includes('host') || !names.includes('x-sdk-date')) return { ok: false, reason: 'host and x-sdk-date must be signed' };
  const url = new URL(req.target, 'http://placeholder');
  const segments = url.pathname.split('/').map((s) => encode(decodeURIComponent(s)));
  let canonicalUri = segments.join('/');
  if (!canonicalUri.endsWith('/')) canonicalUri += '/';
  const query = [...url.searchParams].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
  const canonical = [
    req.method,
    canonicalUri,
    query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'),
    names.map((n) => `${n}:${String(req.headers[n] ?? '').trim()}\n`).join(''),
    signedHeaderList,
    createHash('sha256').update(req.body).digest('hex'),
  ].join('\n');
  const date = String(req.headers['x-sdk-date']);
  const toSign = `SDK-HMAC-SHA256\n${date}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const expected = createHmac('sha256', credentials.sk).update(toSign).digest();
  const ok = timingSafeEqual(expected, Buffer.from(signature, 'hex'));
  return ok ? { ok } : { ok, reason: 'signature mismatch' };
}
