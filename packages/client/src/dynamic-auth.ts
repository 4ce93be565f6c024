// Authentication with AK/SK from a provider (temporary keys from the metadata service…), which
// change while the client runs. Each attempt takes the current credentials (without an await
// while they are fresh); a 401 asks once for new ones, and the request is sent again only if they
// differ from those it was refused with.
import { type CredentialProvider, type CredentialSource, isProvider, memoizeCredentials, type ProvidedCredentials } from './provider.js';
import { createSignerCore, headerSigner, type SignerCore, sdkDateNow } from './signer.js';
import { invalid } from './engine.js';
import type { Outgoing } from './transport.js';
import { credentialsError, type DynamicAuthentication, HEADER_SAFE, rememberer } from './token-auth.js';

export type { DynamicAuthentication };

/** AK/SK from a provider (a plain function is memoized first). `projectId`: the client's, once known. */
export function providerAuthentication(
  credentials: CredentialProvider | CredentialSource,
  projectId: () => string | undefined,
): DynamicAuthentication {
  const provider = isProvider(credentials) ? credentials : memoizeCredentials(credentials);
  const used = new WeakMap<Record<string, string>, ProvidedCredentials>();
  const secrets = rememberer();
  let signerOf: ProvidedCredentials | undefined;
  let sign: SignerCore | undefined;
  const signInto = headerSigner();

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
    return signInto(sign!, request, headers, signed);
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
    async projectId() {
      const id = (provider.peek() ?? (await provider())).projectId;
      if (id) return id;
      throw invalid(
        'Missing projectId: createCsmsClient got none, and the credentials provider gives none (set HUAWEICLOUD_SDK_PROJECT_ID, project_id in the profile file, or pass projectId).',
      );
    },
    secrets: secrets.recent,
  };
}
