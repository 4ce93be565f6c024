// Authentication with an IAM token: a fixed one, or one from a function, which is asked when the
// client has none yet and again after a 401 (the request is sent again only if the token differs
// from the one refused).
import type { Auth } from './engine.js';
import { invalid } from './engine.js';
import { CsmsError } from './errors.js';
import type { Outgoing } from './transport.js';

/** Credentials that change: each attempt takes the current ones; a 401 asks once for new ones. */
export interface DynamicAuthentication {
  /** Adds the auth headers of the current credentials to one attempt. */
  authenticate: (request: Outgoing, headers: Record<string, string>) => Promise<void> | void;
  /** After a 401: true when fresh credentials differ from those the attempt (its headers) used. */
  reauthenticate: (headers: Record<string, string>) => Promise<boolean>;
  /** The project ID the credentials name (fetches them when none are held yet); rejects when they name none. */
  projectId?: () => Promise<string>;
  /** The secrets used lately, to keep out of error messages. */
  secrets: () => readonly string[];
}

// What an HTTP header value may hold: visible ASCII (as the static credentials are checked).
export const HEADER_SAFE = /^[\x21-\x7e]+$/;
/** How many recent secrets are kept for redaction: the current set and the one before. */
const KEPT_SECRETS = 4;

export const credentialsError = (message: string, cause?: unknown) => new CsmsError(message, { kind: 'credentials', cause });

export function rememberer() {
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

/** A credential that will be sent in a header, checked without repeating it. */
export function checkHeaderCredential(name: string, value: unknown) {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`Invalid ${name}: expected a non-empty string.`);
  if (!HEADER_SAFE.test(value))
    throw invalid(
      `Invalid ${name}: it holds a space, control character (CR, LF, NUL…) or non-ASCII character, which cannot be sent in an HTTP header.`,
    );
}

/** The engine's auth for credentials that change. */
export const fromDynamic = (dynamic: DynamicAuthentication): Auth => ({
  authenticate: dynamic.authenticate,
  reauthenticate: dynamic.reauthenticate,
  secrets: [],
  recentSecrets: dynamic.secrets,
  projectId: dynamic.projectId,
});

/** A fixed IAM token, checked once. */
export function tokenAuthentication(token: unknown): Auth {
  checkHeaderCredential('credentials.token', token);
  const t = token as string;
  return {
    authenticate: (_request: Outgoing, headers) => {
      headers['x-auth-token'] = t;
    },
    secrets: [t],
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
    secrets: secrets.recent,
  };
}
