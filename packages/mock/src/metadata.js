// @ts-check
// The ECS metadata service as a test double, on the mock's own URL beside the API (config key
// `metadata`): the two requests the official SDK cores send (see
// packages/client/test/credential-facts.yaml for the facts and their sources)
//   PUT /meta-data/latest/api/token   X-Metadata-Token-Ttl-Seconds: n   → a session token (text)
//   GET /openstack/latest/securitykey X-Metadata-Token: <session token> → { credential: { access, secret, securitytoken, expires_at } }
// Each securitykey answer issues new temporary keys that live `credentialTtlMs`; the engine then
// accepts requests signed with them (signature verified, X-Security-Token matching) until they
// expire, and refuses them with the gateway's 401 afterwards. A test can so run an application's
// credential refresh through a real expiry.
import { randomBytes } from 'node:crypto';

export const TOKEN_PATH = '/meta-data/latest/api/token';
export const SECURITY_KEY_PATH = '/openstack/latest/securitykey';
/** The largest session token lifetime accepted: 6 h, what the SDKs ask for (DefaultTokenTTLSeconds). */
export const MAX_SESSION_TTL_SECONDS = 21_600;
/** Issued keys and session tokens kept at most (the oldest go first), so a loop cannot grow them without bound. */
const MAX_KEPT = 10_000;

/**
 * @typedef {object} MetadataConfig
 * @property {number} credentialTtlMs how long each set of issued keys works
 * @property {number} [sessionTtlMs] how long a session token works; default what the request asks for
 */
/** @typedef {{ ak: string, sk: string, securityToken: string, expiresAt: number }} IssuedKeys */
/** @typedef {{ status: number, headers: Record<string, string>, body: unknown }} Answer */

/** `expires_at` as the service writes it: UTC with microseconds (what the Python SDK parses). */
const expiresAtText = (/** @type {number} */ ms) => new Date(ms).toISOString().replace(/Z$/, '000Z');
const json = (/** @type {number} */ status, /** @type {unknown} */ body) => ({
  status,
  headers: { 'content-type': 'application/json' },
  body,
});
const hex = (/** @type {number} */ bytes) => randomBytes(bytes).toString('hex');
const notAllowed = (/** @type {string} */ allow) => ({
  status: 405,
  headers: { 'content-type': 'application/json', allow },
  body: { error: `use ${allow}` },
});

/** The AK a signed request names. @param {(name: string) => string | undefined} header */
const accessKeyOf = (header) => /Access=([^,\s]+)/.exec(header('authorization') ?? '')?.[1] ?? '';

/** Drops expired entries, then the oldest while over the bound. @param {Map<string, { expiresAt: number }>} map */
function prune(map, now = Date.now()) {
  for (const [key, value] of map) if (value.expiresAt <= now) map.delete(key);
  for (const key of map.keys()) {
    if (map.size <= MAX_KEPT) break;
    map.delete(key);
  }
}

/** @param {MetadataConfig} config */
export function createMetadataService(config) {
  /** @type {Map<string, { expiresAt: number }>} session tokens */
  const sessions = new Map();
  /** @type {Map<string, IssuedKeys>} issued keys by AK */
  const issued = new Map();
  const counts = { token: 0, securityKey: 0 };

  /** @param {(name: string) => string | undefined} header @returns {import('./answers.js').MockAnswer} */
  function token(header) {
    counts.token++;
    const asked = header('x-metadata-token-ttl-seconds') ?? '';
    const seconds = /^\d{1,5}$/.test(asked) ? Number(asked) : 0;
    if (seconds < 1 || seconds > MAX_SESSION_TTL_SECONDS)
      return json(400, { error: `X-Metadata-Token-Ttl-Seconds must be a whole number of seconds from 1 to ${MAX_SESSION_TTL_SECONDS}` });
    const value = hex(24);
    prune(sessions);
    sessions.set(value, { expiresAt: Date.now() + (config.sessionTtlMs ?? seconds * 1000) });
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: value };
  }

  /** @param {(name: string) => string | undefined} header @returns {import('./answers.js').MockAnswer} */
  function securityKey(header) {
    counts.securityKey++;
    const session = sessions.get(header('x-metadata-token') ?? '');
    if (!session || session.expiresAt <= Date.now()) return json(401, { error: 'a valid X-Metadata-Token is required' });
    prune(issued);
    const keys = {
      ak: `MOCKTEMP${hex(6).toUpperCase()}`,
      sk: hex(20),
      securityToken: `mock-security-token-${hex(32)}`,
      expiresAt: Date.now() + config.credentialTtlMs,
    };
    issued.set(keys.ak, keys);
    return json(200, {
      credential: { access: keys.ak, secret: keys.sk, securitytoken: keys.securityToken, expires_at: expiresAtText(keys.expiresAt) },
    });
  }

  return {
    /**
     * The answer to a request for one of the service's two paths, else undefined (the API's).
     * @param {string} method @param {string} path @param {(name: string) => string | undefined} header
     * @returns {import('./answers.js').MockAnswer | undefined}
     */
    handle(method, path, header) {
      if (path === TOKEN_PATH) return method === 'PUT' ? token(header) : notAllowed('PUT');
      if (path === SECURITY_KEY_PATH) return method === 'GET' ? securityKey(header) : notAllowed('GET');
      return undefined;
    },
    /**
     * The access keys a request's signature may use: the configured ones, and the issued keys of
     * the AK it names while they are alive (looked up, not scanned: thousands may be alive).
     * @param {{ ak: string, sk: string }[] | undefined} configured
     * @param {(name: string) => string | undefined} header
     */
    accessKeys(configured, header) {
      const keys = issued.get(accessKeyOf(header));
      if (!keys || keys.expiresAt <= Date.now()) return configured ?? [];
      return configured ? [...configured, keys] : [keys];
    },
    /**
     * Why a verified signature with issued keys is still refused (their security token is not the
     * one sent), or undefined.
     * @param {(name: string) => string | undefined} header
     */
    refusedSecurityToken(header) {
      const keys = issued.get(accessKeyOf(header));
      if (!keys) return undefined;
      return header('x-security-token') === keys.securityToken ? undefined : 'X-Security-Token does not belong to the access key';
    },
    /** Requests answered so far, by path. */
    get requests() {
      return { ...counts };
    },
    /** Forgets session tokens and issued keys, and counts from zero. */
    reset() {
      sessions.clear();
      issued.clear();
      counts.token = 0;
      counts.securityKey = 0;
    },
  };
}

/** @typedef {ReturnType<typeof createMetadataService>} MetadataService */
