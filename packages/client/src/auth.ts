// The `credentials` option turned into the auth of each attempt: a fixed IAM token, fixed AK/SK
// (signed), or credentials that change (dynamic-auth.ts: a provider, or a token from a function).
import type { Auth } from './engine.js';
import { invalid, isObject } from './engine.js';
import { providerAuthentication } from './dynamic-auth.js';
import type { CredentialSource } from './provider.js';
import { type AkSkCredentials, createSignerCore, headerSigner, sdkDateNow } from './signer.js';
import { checkHeaderCredential, fromDynamic, tokenAuthentication, tokenFunctionAuthentication } from './token-auth.js';

/** Fixed AK/SK: each attempt signed (SDK-HMAC-SHA256) with its own X-Sdk-Date. */
export function akSkAuthentication(c: Partial<AkSkCredentials>, projectId: string): Auth {
  checkHeaderCredential('credentials.ak', c.ak);
  if (typeof c.sk !== 'string' || c.sk.length === 0) throw invalid('Invalid credentials.sk: expected a non-empty string.');
  if (c.securityToken !== undefined) checkHeaderCredential('credentials.securityToken', c.securityToken);
  const sign = createSignerCore({ ak: c.ak!, sk: c.sk });
  const { securityToken } = c;
  const signInto = headerSigner();
  return {
    secrets: [c.sk, securityToken],
    authenticate: (request, headers) => {
      const signed: Record<string, string> = { 'X-Sdk-Date': sdkDateNow(), 'X-Project-Id': projectId };
      if (securityToken) signed['X-Security-Token'] = securityToken;
      return signInto(sign, request, headers, signed);
    },
  };
}

/** The auth of `credentials`, any form `createCsmsClient` takes. `projectId`: the client's, once known. */
export function authentication(credentials: unknown, projectId: () => string): Auth {
  const c = credentials as Partial<{ token: unknown } & AkSkCredentials> | undefined;
  if (typeof c === 'function') return fromDynamic(providerAuthentication(c as CredentialSource, () => projectId() || undefined));
  if (isObject(c) && typeof c.token === 'function' && !('ak' in c || 'sk' in c))
    return fromDynamic(tokenFunctionAuthentication(c.token as () => string | Promise<string>));
  if (isObject(c) && 'token' in c && ('ak' in c || 'sk' in c))
    throw invalid('Invalid credentials: pass { token } or { ak, sk }, not both.');
  if (isObject(c) && 'token' in c) return tokenAuthentication(c.token);
  if (isObject(c) && ('ak' in c || 'sk' in c)) return akSkAuthentication(c, projectId());
  throw invalid('Missing credentials: pass { token } (IAM token), { ak, sk } (access keys) or a credentials provider.');
}
