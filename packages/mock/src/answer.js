// @ts-check
// What Prism answers, worked out from the document alone, for mocks that run without Prism (MSW).
// Same precedence as Prism 5: security (401) → path parameters (400) → `Prefer: code=…, example=…`
// → the first 2xx response's first example; an undocumented code or example name is a 404 problem.
import { Ajv2020 } from 'ajv/dist/2020.js';

/** @typedef {{ status: number, headers: Record<string, string>, body: unknown }} MockAnswer */

/** @param {any} spec the bundled document */
export function createAnswerer(spec) {
  /** @param {any} node */
  const deref = (node) => {
    while (node && typeof node.$ref === 'string') {
      node = node.$ref.slice(2).split('/').reduce((/** @type {any} */ n, /** @type {string} */ k) => n[k.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
    }
    return node;
  };
  const ajv = new Ajv2020({ strict: false });
  /** @type {Map<object, import('ajv').ValidateFunction>} */
  const validators = new Map();
  /** @param {object} schema @returns {import('ajv').ValidateFunction} */
  const validatorFor = (schema) => {
    let validate = validators.get(schema);
    if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
    return validate;
  };

  /** @param {number} status @param {string} title @param {string} detail @returns {MockAnswer} */
  const problem = (status, title, detail) => ({
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: { type: 'https://stoplight.io/prism/errors#NOT_FOUND', title, status, detail },
  });

  /** @param {string} status @param {any} operation @param {string} [exampleName] @returns {MockAnswer | undefined} */
  const respond = (status, operation, exampleName) => {
    const response = deref(operation.responses?.[status]);
    if (!response) return undefined;
    const [mediaType, media] = Object.entries(response.content ?? {})[0] ?? [];
    const examples = media?.examples ?? {};
    const name = exampleName ?? Object.keys(examples)[0];
    const example = name === undefined ? undefined : deref(examples[name]);
    if (exampleName && !example) return undefined;
    /** @type {Record<string, string>} */
    const headers = mediaType ? { 'content-type': mediaType } : {};
    for (const [header, spec] of Object.entries(response.headers ?? {})) {
      const schema = deref(spec).schema ?? {};
      const value = deref(spec).example ?? schema.examples?.[0] ?? schema.example;
      if (value !== undefined) headers[header.toLowerCase()] = String(value);
    }
    return { status: Number(status), headers, body: example?.value ?? media?.example };
  };

  /**
   * The document's 400 answer (the first operation's), for a path whose percent-escapes do not
   * decode: the real gateway rejects those, and Prism and MSW would otherwise fail on them.
   * @returns {MockAnswer}
   */
  function malformedPath() {
    for (const item of Object.values(spec.paths)) {
      for (const operation of Object.values(/** @type {Record<string, any>} */ (item))) {
        const answer = operation?.responses?.['400'] && respond('400', operation);
        if (answer) return answer;
      }
    }
    return problem(400, 'Malformed path', 'a percent-escape in the path does not decode');
  }

  /**
   * @param {{ method: string, path: string, headers: Headers, params: Record<string, string | readonly string[] | undefined> }} request
   *   `path` is the document's path template the request matched
   * @returns {MockAnswer}
   */
  function answer({ method, path, headers, params }) {
    const item = spec.paths[path];
    const operation = item?.[method.toLowerCase()];
    if (!operation) return problem(405, 'Route resolved, but no operation matched', `${method} ${path}`);

    const requirements = operation.security ?? spec.security ?? [];
    const satisfied = requirements.length === 0 || requirements.some((/** @type {Record<string, unknown>} */ req) =>
      Object.keys(req).every((name) => {
        const scheme = spec.components.securitySchemes[name];
        return scheme.type === 'apiKey' && scheme.in === 'header' && Boolean(headers.get(scheme.name));
      }),
    );
    if (!satisfied) return respond('401', operation) ?? problem(401, 'Invalid security scheme used', 'no credentials');

    for (const parameter of [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(deref)) {
      if (parameter.in !== 'path') continue;
      if (!validatorFor(parameter.schema)(params[parameter.name])) {
        return respond('400', operation) ?? problem(422, 'Invalid request', `path parameter ${parameter.name}`);
      }
    }

    const prefer = Object.fromEntries(
      (headers.get('prefer') ?? '')
        .split(/[,;]/)
        .map((p) => p.trim().split('='))
        .filter((kv) => kv.length === 2)
        .map(([k, v]) => [k?.trim(), v?.trim()]),
    );
    const status = prefer.code ?? Object.keys(operation.responses).find((s) => /^2\d\d$/.test(s)) ?? '200';
    return (
      respond(status, operation, prefer.example) ??
      problem(404, 'The server cannot find the requested content', `no response for code ${status}${prefer.example ? ` and example ${prefer.example}` : ''}`)
    );
  }

  return { answer, malformedPath };
}

/** True when every percent-escape in the URL's path decodes. */
export function pathDecodes(/** @type {string} */ url) {
  try {
    for (const segment of (url.split('?', 1)[0] ?? '').split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
