// @ts-check
// Whether a request's credentials pass, as the API gateway in front of CSMS decides it. With no
// credentials configured any token or SDK-HMAC-SHA256 signature passes (Prism's own rule); once
// tokens or access keys are configured, only a configured token or a verified signature does.
import { verifySignature } from './signature.js';

/** @typedef {{ method: string, header: (name: string) => string | undefined, body: Uint8Array<ArrayBuffer> }} SignedRequest */

/**
 * @param {import('./config.js').CheckedConfig} config
 * @param {import('./metadata.js').MetadataService} [metadata] the keys it issued pass too, while they
 *   live and with their security token; with it on, no signature passes unverified
 */
export function createCredentialCheck(config, metadata) {
  /**
   * Why the request's credentials are refused, or undefined when they pass.
   * @param {SignedRequest} request @param {string} path as sent (escapes kept) @param {string} query
   * @returns {Promise<string | undefined>}
   */
  return async function refused(request, path, query) {
    const token = request.header('x-auth-token');
    if (token) {
      if (config.tokens) return config.tokens.includes(token) ? undefined : 'unknown token';
      return config.accessKeys ? 'only access keys are configured' : undefined;
    }
    const authorization = request.header('authorization');
    if (!authorization) return 'no credentials';
    const accessKeys = metadata ? metadata.accessKeys(config.accessKeys, request.header) : config.accessKeys;
    if (!accessKeys) {
      if (config.tokens) return 'only tokens are configured';
      return /^SDK-HMAC-SHA256\s/i.test(authorization) ? undefined : 'not an SDK-HMAC-SHA256 signature';
    }
    const result = await verifySignature(
      { method: request.method, host: request.header('host') ?? '', path, query, header: request.header, body: request.body },
      accessKeys,
    );
    return result.ok ? metadata?.refusedSecurityToken(request.header) : result.reason;
  };
}

/** Whether the refused credentials were a signature (the gateway words the two refusals differently). @param {SignedRequest} request */
export const signedRequest = (request) => !request.header('x-auth-token') && request.header('authorization') !== undefined;
