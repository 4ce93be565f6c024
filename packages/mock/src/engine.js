// @ts-check
// Decides every answer of the mock, for both backends: Prism over HTTP (prism.js) and Prism's
// answers worked out in-process for MSW (answer.js). The engine answers what Prism cannot (a
// malformed path or header, an unknown route, an undocumented Prefer, faults, real credential
// checks, per-secret data) and leaves the rest to the backend, which validates security and path
// parameters against the document and picks its examples. Every answer gets its own X-Request-Id,
// repeated as `request_id` in a gateway error body.
import { randomBytes } from 'node:crypto';
import { verifySignature } from './signature.js';
import { dereferencer } from './spec.js';

/** @typedef {import('./answer.js').MockAnswer} MockAnswer */
/**
 * @typedef {object} MockRequest
 * @property {string} method
 * @property {string} target path and query, as sent (percent-escapes kept)
 * @property {(name: string) => string | undefined} header a header's value (name in lower case)
 * @property {Uint8Array<ArrayBuffer>} body the raw body (empty when none)
 */
/**
 * @typedef {{ operationId: string, method: string, template: string, params: Record<string, string>, path: string, query: string }} Route
 * @typedef {(request: MockRequest, route: Route, prefer: { code?: string, example?: string }, headers: Record<string, string>) => Promise<MockAnswer> | MockAnswer} Backend
 * @typedef {MockAnswer | { reset: true }} Outcome
 */

// A media type as RFC 9110 writes it (type/subtype, optional parameters): what Prism's parser
// (the content-type package) accepts; anything else makes it throw outside any handler.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))*\\s*$`);
const JSON_ACCEPTED = /^(?:\*\/\*|application\/\*|application\/json)\s*(?:;|$)/i;

/** True when every percent-escape in the path decodes. */
export function pathDecodes(/** @type {string} */ target) {
  try {
    decodeURIComponent(target.split('?', 1)[0] ?? '');
    return true;
  } catch {
    return false;
  }
}

/** @param {number} status @param {string} title @param {string} [detail] @returns {MockAnswer} */
export const problem = (status, title, detail) => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  body: { type: 'about:blank', title, status, ...(detail === undefined ? {} : { detail }) },
});

/** `Prefer: code=404, example=name` as a map (the RFC 7240 form Prism reads). */
function parsePrefer(/** @type {string | undefined} */ value) {
  /** @type {Record<string, string>} */
  const prefer = {};
  for (const part of (value ?? '').split(/[,;]/)) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k && v !== undefined) prefer[k.toLowerCase()] = v.replace(/^"(.*)"$/, '$1');
  }
  return prefer;
}

const requestId = () => randomBytes(16).toString('hex');

/**
 * @param {any} spec the bundled document
 * @param {import('./config.js').MockConfig} config checked options (config.js)
 * @param {Backend} backend
 */
export function createEngine(spec, config, backend) {
  const deref = dereferencer(spec);
  const routes = Object.entries(spec.paths).map(([template, item]) => ({
    template,
    item: /** @type {Record<string, any>} */ (item),
    segments: template.split('/'),
  }));

  /** The document's answer `status` of an operation (its first example), for the engine's own answers. */
  const documented = (/** @type {any} */ operation, /** @type {string} */ status) => {
    const response = deref(operation.responses?.[status]);
    const [mediaType, media] = Object.entries(response?.content ?? {})[0] ?? [];
    const example = deref(Object.values(media?.examples ?? {})[0]);
    /** @type {Record<string, string>} */
    const headers = mediaType ? { 'content-type': mediaType } : {};
    return { status: Number(status), headers, body: structuredClone(example?.value ?? media?.example) };
  };

  /** @param {string} target @returns {Route | 'no-path' | { noMethod: string }} */
  function route(target, /** @type {string} */ method) {
    const [path = '', query = ''] = target.split(/\?(.*)/s);
    const segments = path.split('/');
    for (const r of routes) {
      if (r.segments.length !== segments.length) continue;
      /** @type {Record<string, string>} */
      const params = {};
      const matches = r.segments.every((s, i) => {
        const name = /^\{(.+)\}$/.exec(s)?.[1];
        if (!name) return s === segments[i];
        params[name] = decodeURIComponent(/** @type {string} */ (segments[i]));
        return true;
      });
      if (!matches) continue;
      // Only the document's own operation keys: a method named PARAMETERS or __PROTO__ is not one.
      const key = method.toLowerCase();
      const operation = key !== 'parameters' && Object.hasOwn(r.item, key) ? r.item[key] : undefined;
      if (!operation) return { noMethod: r.template };
      return { operationId: operation.operationId, method: method.toLowerCase(), template: r.template, params, path, query };
    }
    return 'no-path';
  }

  const malformedPath = Object.values(spec.paths)
    .flatMap((item) => Object.values(/** @type {Record<string, any>} */ (item)))
    .filter((op) => op?.responses?.['400'])
    .map((op) => documented(op, '400'))[0];

  // Faults: each rule counts the requests it matched, and draws from its own seeded generator.
  const faults = (config.faults ?? []).map((rule, i) => ({ rule, matched: 0, random: mulberry32((config.seed ?? 1) + i * 7919) }));
  const secrets = config.secrets ? new Map(config.secrets.map((s) => [s.name, s])) : undefined;

  /** @param {Route} r @returns {import('./config.js').FaultRule | undefined} */
  function faultFor(r) {
    for (const f of faults) {
      const { operation, secretName, times, rate } = f.rule;
      if ((operation && operation !== r.operationId) || (secretName !== undefined && secretName !== r.params.secret_name)) continue;
      f.matched++;
      if (times !== undefined && f.matched > times) continue;
      if (rate !== undefined && f.random() >= rate) continue;
      return f.rule;
    }
    return undefined;
  }

  /**
   * The credentials check that Prism cannot do: a token from `tokens`, or a signature verified
   * with a key from `accessKeys`. Undefined when the request passes (or carries none: Prism
   * answers that); otherwise why not (kept out of the answer, which is the gateway's own 401).
   * @param {MockRequest} request @param {Route} r
   */
  async function refusedCredentials(request, r) {
    const token = request.header('x-auth-token');
    if (token) return config.tokens && !config.tokens.includes(token) ? 'unknown token' : undefined;
    const authorization = request.header('authorization');
    if (!authorization || !config.accessKeys) return undefined;
    const result = await verifySignature(
      {
        method: request.method,
        host: request.header('host') ?? '',
        path: r.path,
        query: r.query,
        header: request.header,
        body: request.body,
      },
      config.accessKeys,
    );
    return result.ok ? undefined : result.reason;
  }

  /** The 200 for a configured secret, or the document's 404 naming it. */
  function secretAnswer(/** @type {any} */ operation, /** @type {Route} */ r) {
    const secret = secrets?.get(r.params.secret_name ?? '');
    if (!secret) {
      const notFound = documented(operation, '404');
      const name = r.params.secret_name ?? '';
      notFound.body = { ...notFound.body, error_msg: `The secret does not exist: ${name}` };
      return notFound;
    }
    const ok = documented(operation, '200');
    const { blob, ...metadata } = secret;
    ok.body = r.operationId === 'DownloadSecretBlob' ? { secret_blob: blob } : { secret: metadata };
    return ok;
  }

  /** @param {MockRequest} request @returns {Promise<Outcome | undefined>} undefined: not a route of the document */
  async function decide(request) {
    // The real gateway refuses such a path; the document's own 400 (of the first operation that has one) says so.
    if (!pathDecodes(request.target))
      return malformedPath ?? problem(400, 'Malformed path', 'a percent-escape in the path does not decode');
    const accept = request.header('accept');
    if (accept && !accept.split(',').every((part) => MEDIA_TYPE.test(part.trim())))
      return problem(406, 'The Accept header is not a list of media types');
    const type = request.header('content-type');
    if (type && !MEDIA_TYPE.test(type.trim())) return problem(400, 'The Content-Type header is not a media type');

    const r = route(request.target, request.method);
    if (r === 'no-path') return undefined;
    if ('noMethod' in r)
      return {
        ...problem(405, 'No operation for this method', `${request.method} ${r.noMethod}`),
        headers: {
          'content-type': 'application/problem+json',
          allow: Object.keys(spec.paths[r.noMethod])
            .filter((m) => m !== 'parameters')
            .map((m) => m.toUpperCase())
            .join(', '),
        },
      };
    const operation = spec.paths[r.template][r.method];

    const fault = faultFor(r);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.reset) return { reset: true };
    if (fault?.status) {
      if (fault.html) {
        return {
          status: fault.status,
          headers: { 'content-type': 'text/html' },
          body: `<html><head><title>${fault.status}</title></head><body><h1>${fault.status}</h1><hr>gateway</body></html>\n`,
        };
      }
      const answer = documented(operation, String(fault.status));
      if (fault.status === 429) answer.headers['retry-after'] = String(fault.retryAfter ?? 1);
      return answer;
    }

    const refused = await refusedCredentials(request, r);
    if (refused) return documented(operation, '401');

    if (accept && !accept.split(',').some((part) => JSON_ACCEPTED.test(part.trim())))
      return problem(406, 'Not acceptable', 'this operation answers application/json');

    const prefer = parsePrefer(request.header('prefer'));
    if (prefer.code !== undefined) {
      if (!/^\d{3}$/.test(prefer.code)) return problem(422, 'Invalid Prefer header', 'code must be a three-digit status');
      if (!Object.hasOwn(operation.responses, prefer.code))
        return problem(404, 'No such response', `the operation documents no ${prefer.code} response`);
    }
    if (prefer.example !== undefined) {
      const status = prefer.code ?? Object.keys(operation.responses).find((s) => /^2\d\d$/.test(s)) ?? '200';
      const examples = Object.values(deref(operation.responses[status])?.content ?? {})[0]?.examples ?? {};
      if (!Object.hasOwn(examples, prefer.example))
        return problem(404, 'No such example', `the ${status} response has no example named ${prefer.example}`);
    }

    // Prism validates security and parameters and picks the example. A signature the engine has
    // accepted is shown to it as a token: Prism has no handler for a custom http scheme.
    /** @type {Record<string, string>} */
    const headers = {};
    for (const name of ['x-auth-token', 'authorization', 'accept', 'prefer', 'host']) {
      const v = request.header(name);
      if (v !== undefined) headers[name] = v;
    }
    if (!headers['x-auth-token'] && headers.authorization) headers['x-auth-token'] = 'signed-request';
    const answer = await backend(request, r, { code: prefer.code, example: prefer.example }, headers);
    if (secrets && prefer.code === undefined && prefer.example === undefined && answer.status >= 200 && answer.status < 300)
      return secretAnswer(operation, r);
    return answer;
  }

  /** @param {MockRequest} request @returns {Promise<Outcome | undefined>} */
  return async function handle(request) {
    const outcome = await decide(request);
    if (!outcome || 'reset' in outcome) return outcome;
    const id = requestId();
    const body =
      outcome.body !== null && typeof outcome.body === 'object' && Object.hasOwn(outcome.body, 'request_id')
        ? { ...outcome.body, request_id: id }
        : outcome.body;
    /** @type {Record<string, string>} */
    const headers = {};
    for (const [name, value] of Object.entries(outcome.headers)) headers[name.toLowerCase()] = value;
    headers['x-request-id'] = id;
    return { status: outcome.status, headers, body };
  };
}

/** A small seeded generator (mulberry32), so a fault `rate` repeats exactly from run to run. */
function mulberry32(/** @type {number} */ seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
