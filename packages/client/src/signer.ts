// AK/SK request signing, scheme SDK-HMAC-SHA256, as the Huawei Cloud SDKs and API gateway do it:
//   canonical request = METHOD \n canonical URI \n canonical query \n canonical headers \n
//                       signed header names \n hex(sha256(body))
//   string to sign    = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(canonical request))
//   Authorization     = SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex(hmac(SK, string to sign))
// WebCrypto only, so it runs wherever fetch does; the HMAC key is imported once per signer.

export interface AkSkCredentials {
  /** Access key ID. */
  ak: string;
  /** Secret access key. Never sent, never logged. */
  sk: string;
  /** For temporary credentials: sent (and signed) as `X-Security-Token`. */
  securityToken?: string | undefined;
}

export interface SignableRequest {
  method: string;
  url: URL;
  /** The headers to sign (host is always signed, from the URL); values as they will be sent. */
  headers: Record<string, string>;
  body?: ArrayBuffer | Uint8Array<ArrayBuffer> | undefined;
}

export const ALGORITHM = 'SDK-HMAC-SHA256';
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const utf8 = new TextEncoder();

const hex = (buffer: ArrayBuffer) => {
  let out = '';
  for (const byte of new Uint8Array(buffer)) out += HEX[byte];
  return out;
};
const sha256 = async (data: BufferSource) => hex(await crypto.subtle.digest('SHA-256', data));

/** RFC 3986 unreserved characters stay; every other byte is %XX (upper case), `%` included. */
export const escape = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * Each path segment as the gateway sees it (decoded), then escaped; always ends in `/`.
 * Decoding first matches the Go SDK and the gateway: the Node SDK escapes the wire form again,
 * so it signs a segment sent as `a%20b` as `a%2520b` and the gateway rejects it.
 */
export const canonicalUri = (pathname: string) => {
  const uri = pathname.split('/').map((s) => escape(decode(s))).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
};

/** Sorted by name, then by value (both as decoded), each escaped: the SDKs' order. */
export const canonicalQuery = (params: URLSearchParams) =>
  [...params]
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${escape(k)}=${escape(v)}`)
    .join('&');

/** `X-Sdk-Date` format: UTC `YYYYMMDDTHHMMSSZ`. */
export const sdkDate = (date: Date) => date.toISOString().replace(/[-:]|\.\d{3}/g, '');

export type Signer = (request: SignableRequest) => Promise<{ authorization: string; signedHeaders: string }>;

export function createSigner({ ak, sk }: Pick<AkSkCredentials, 'ak' | 'sk'>): Signer {
  let key: Promise<CryptoKey> | undefined;
  return async ({ method, url, headers, body }) => {
    key ??= crypto.subtle.importKey('raw', utf8.encode(sk), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const all: Record<string, string> = { host: url.host };
    for (const [name, value] of Object.entries(headers)) all[name.toLowerCase()] = value.trim();
    const names = Object.keys(all).sort();
    const date = all['x-sdk-date'];
    if (!date) throw new TypeError('X-Sdk-Date must be among the headers to sign');
    const signedHeaders = names.join(';');
    const canonical = [
      method.toUpperCase(),
      canonicalUri(url.pathname),
      canonicalQuery(url.searchParams),
      names.map((n) => `${n}:${all[n]}\n`).join(''),
      signedHeaders,
      body && body.byteLength > 0 ? await sha256(body) : EMPTY_BODY_SHA256,
    ].join('\n');
    const toSign = `${ALGORITHM}\n${date}\n${await sha256(utf8.encode(canonical))}`;
    const signature = hex(await crypto.subtle.sign('HMAC', await key, utf8.encode(toSign)));
    return { authorization: `${ALGORITHM} Access=${ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`, signedHeaders };
  };
}
