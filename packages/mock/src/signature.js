// @ts-check
// Verifies an SDK-HMAC-SHA256 signature as the API gateway does: a known access key, the
// signature recomputed over the canonical request with the signed headers (host among them), and
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
  if (!names.includes('host') || !names.includes('x-sdk-date')) return { ok: false, reason: 'host and x-sdk-date must be signed' };
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
  let url;
  try {
    url = new URL(`http://${request.host}${request.path}${request.query ? `?${request.query}` : ''}`);
  } catch {
    return { ok: false, reason: 'bad Host header' };
  }
  const expected = await sign({ method: request.method, url, headers, body: request.body.byteLength > 0 ? request.body : undefined });
  const want = /Signature=([0-9a-f]{64})$/.exec(expected.authorization)?.[1] ?? '';
  if (expected.signedHeaders !== signedHeaders || !timingSafeEqual(Buffer.from(want), Buffer.from(signature))) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true };
}
