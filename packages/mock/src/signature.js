// @ts-check
// Verifies an SDK-HMAC-SHA256 signature as the API gateway does: a known access key, the
// signature recomputed over the canonical request with the headers it says it signed, and
// an X-Sdk-Date within 15 minutes of this machine's clock. The canonical request comes from the
// client package's signer, which matches the official SDKs' (their signer is the test's witness).
import { timingSafeEqual } from 'node:crypto';
import { createSigner } from '@csms-openapi/client';

const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;
const SKEW_MS = 15 * 60 * 1000;

/** @type {WeakMap<object, ReturnType<typeof createSigner>>} */
const signers = new WeakMap();

/**
 * @param {{ method: string, host: string, path: string, query: string, header: (name: string) => string | undefined, body: Uint8Array<ArrayBuffer> }} request
 * @param {{ ak: string, sk: string }[]} accessKeys
 * @param {number} [now]
 * @returns {Promise<{ ok: true } | { ok: false, reason: string }>}
 */
export async function verifySignature(request, accessKeys, now = Date.now()) {
  const m = AUTHORIZATION.exec(request.header('authorization') ?? '');
  if (!m) return { ok: false, reason: 'not an SDK-HMAC-SHA256 Authorization header' };
  const [, ak, signedHeaders = '', signature = ''] = m;
  const key = accessKeys.find((k) => k.ak === ak);
  if (!key) return { ok: false, reason: 'unknown access key' };
  const names = signedHeaders.split(';');
  // Host is not always signed: the official Go SDK leaves it out (SignedHeaders=user-agent;x-project-id;x-sdk-date).
  if (!names.includes('x-sdk-date')) return { ok: false, reason: 'x-sdk-date must be signed' };
  const date = request.header('x-sdk-date') ?? '';
  const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  const [y, mo, da, h, mi, se] = (d ?? []).slice(1).map(Number);
  const at = d ? Date.UTC(Number(y), Number(mo) - 1, da, h, mi, se) : NaN;
  if (!(Math.abs(now - at) <= SKEW_MS)) return { ok: false, reason: 'X-Sdk-Date missing or more than 15 minutes from the clock' };
  /** @type {Record<string, string>} */
  const headers = {};
  for (const name of names) {
    if (name === 'host') continue;
    const value = request.header(name);
    if (value === undefined) return { ok: false, reason: `signed header ${name} is missing` };
    headers[name] = value;
  }
  let sign = signers.get(key);
  if (!sign) {
    sign = createSigner(key);
    signers.set(key, sign);
  }
  // The official SDKs do not agree on the canonical URI of an escaped path (their sources:
  // huaweicloud-sdk-python-v3 signer.py unquotes the whole path, then splits and quotes each
  // segment, so `secrets/a%2Fb` is signed as `secrets/a/b/`; the Go signer decodes too; our client
  // decodes each segment; the Node core escapes the wire form again, `a%20b` as `a%2520b`). Each
  // form is tried; the path the request is answered for is the one sent, whatever form verified.
  const paths = new Set([request.path, wholePathDecoded(request.path), request.path.replaceAll('%', '%25')]);
  for (const path of paths) {
    // Not a URL object: `new URL` would remove the dot segments of `/secrets/..`, and the signature
    // covers the path as sent. The signer reads only these four members.
    const url = /** @type {URL} */ (
      /** @type {unknown} */ ({
        host: request.host,
        pathname: path,
        search: request.query ? `?${request.query}` : '',
        searchParams: new URLSearchParams(request.query),
      })
    );
    const expected = await sign({
      method: request.method,
      url,
      headers,
      body: request.body.byteLength > 0 ? request.body : undefined,
      signHost: names.includes('host'),
    });
    const want = /Signature=([0-9a-f]{64})$/.exec(expected.authorization)?.[1] ?? '';
    if (expected.signedHeaders === signedHeaders && timingSafeEqual(Buffer.from(want), Buffer.from(signature))) return { ok: true };
  }
  return { ok: false, reason: 'signature does not match' };
}

/**
 * The path as Python's signer sees it: decoded whole (so `%2F` becomes a separator), with the
 * characters a URL would read as structure escaped again.
 * @param {string} path
 */
function wholePathDecoded(path) {
  try {
    return decodeURIComponent(path).replace(/[%?#]/g, (c) => encodeURIComponent(c));
  } catch {
    return path;
  }
}
