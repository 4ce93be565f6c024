// Authentication with credentials that change: a provider of AK/SK (temporary keys from the
// metadata service…) or a function that returns an IAM token. Each attempt takes the current
// credentials (without an await while they are fresh); a 401 asks once for new ones, and the
// request is sent again only if they differ from those it was refused with.
import { CsmsError } from './errors.js';
import { type CredentialProvider, type CredentialSource, isProvider, memoizeCredentials, type ProvidedCredentials } from './provider.js';
import { createSignerCore, sdkDateNow } from './signer.js';
import type { Outgoing } from './transport.js';

export interface DynamicAuthentication {
  /** Adds the auth headers of the current credentials to one attempt. */
  authenticate: (request: Outgoing, headers: Record<string, string>) => Promise<void> | void;
  /** After a 401: true when fresh credentials differ from those the attempt (its headers) used. */
  reauthenticate: (headers: Record<string, string>) => Promise<boolean>;
  /** The project ID the credentials name, if any (fetches them when none are held yet). */
  projectId: () => Promise<string | undefined>;
  /** The secrets used lately, to keep out of error messages. */
  secrets: () => readonly string[];
}

// What an HTTP header value may hold: visible ASCII (as the static credentials are checked).
const HEADER_SAFE = /^[\x21-\x7e]+$/;
/** How many recent secrets are kept for redaction: the current set and the one before. */
const KEPT_SECRETS = 4;

const credentialsError = (message: string, cause?: unknown) => new CsmsError(message, { kind: 'credentials', cause });

function rememberer() {
  const recent: string[] = [];
  return {
    add(...values: (string | undefined)[]) {
      for (const v of values) {
        if (!v || recent.includes(v)) continue;
        recent.push(v);
        if (recent.length > KEPT_SECRETS) recent.shift();
      }
    },
    recent: () => recent,
  };
}

/** AK/SK from a provider (a plain function is memoized first). `projectId`: the client's, once known. */
export function providerAuthentication(
  credentials: CredentialProvider | CredentialSource,
  projectId: () => string | undefined,
): DynamicAuthentication {
  const provider = isProvider(credentials) ? credentials : memoizeCredentials(credentials);
  const used = new WeakMap<Record<string, string>, ProvidedCredentials>();
  const secrets = rememberer();
  let signerOf: ProvidedCredentials | undefined;
  let sign: ReturnType<typeof createSignerCore> | undefined;
  let lastUrl: URL | undefined;

  const apply = (c: ProvidedCredentials, request: Outgoing, headers: Record<string, string>) => {
    if (c !== signerOf) {
      // Checked once per set, as createCsmsClient checks static keys, without repeating them.
      if (!HEADER_SAFE.test(c.ak) || (c.securityToken !== undefined && !HEADER_SAFE.test(c.securityToken)))
        throw credentialsError('The credentials provider gave an ak or securityToken that cannot be sent in an HTTP header');
      sign = createSignerCore(c);
      signerOf = c;
      secrets.add(c.sk, c.securityToken);
    }
    used.set(headers, c);
    const signed: Record<string, string> = { 'X-Sdk-Date': sdkDateNow() };
    const project = projectId();
    if (project) signed['X-Project-Id'] = project;
    if (c.securityToken) signed['X-Security-Token'] = c.securityToken;
    const type = headers['content-type'];
    if (type) signed['Content-Type'] = type;
    if (lastUrl?.href !== request.url) lastUrl = new URL(request.url);
    const done = ({ authorization }: { authorization: string }) => {
      for (const name in signed) headers[name.toLowerCase()] = signed[name]!;
      headers.authorization = authorization;
    };
    const result = sign!({ method: request.method, url: lastUrl, headers: signed, body: request.body });
    return result instanceof Promise ? result.then(done) : done(result);
  };

  return {
    authenticate(request, headers) {
      const c = provider.peek();
      return c ? apply(c, request, headers) : provider().then((fresh) => apply(fresh, request, headers));
    },
    async reauthenticate(headers) {
      const stale = used.get(headers);
      if (!stale) return false;
      const fresh = await provider.refresh(stale);
      return fresh.ak !== stale.ak || fresh.sk !== stale.sk || fresh.securityToken !== stale.securityToken;
    },
    projectId: async () => (provider.peek() ?? (await provider())).projectId,
    secrets: secrets.recent,
  };
}

/** An IAM token from a function: called when there is none yet, and again after a 401. */
export function tokenFunctionAuthentication(fn: () => string | Promise<string>): DynamicAuthentication {
  let token: string | undefined;
  let fetching: Promise<string> | undefined;
  const secrets = rememberer();
  const fetchToken = () => {
    fetching ??= Promise.resolve()
      .then(fn)
      .then(
        (t) => {
          // Not repeated: a token with a bad character is still a token.
          if (typeof t !== 'string' || !HEADER_SAFE.test(t))
            throw credentialsError(
              'The token function returned no token that can be sent in an HTTP header (a non-empty string of visible ASCII)',
            );
          token = t;
          secrets.add(t);
          return t;
        },
        (e: unknown) => {
          if (e instanceof CsmsError) throw e;
          throw credentialsError(`The token function failed (${e instanceof Error ? e.name : typeof e})`, e);
        },
      )
      .finally(() => {
        fetching = undefined;
      });
    return fetching;
  };
  return {
    authenticate(_request, headers) {
      if (token !== undefined) {
        headers['x-auth-token'] = token;
        return;
      }
      return fetchToken().then((t) => {
        headers['x-auth-token'] = t;
      });
    },
    async reauthenticate(headers) {
      const stale = headers['x-auth-token'];
      // Another call may have fetched a new token already; else fetch one (or join the fetch under way).
      if (token === stale || fetching) await fetchToken();
      return token !== stale;
    },
    projectId: async () => undefined,
    secrets: secrets.recent,
  };
}
