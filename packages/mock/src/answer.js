// @ts-check
// What Prism answers, worked out from the document alone, for the in-process mock (MSW), which
// runs without Prism. It covers what the engine (engine.js) leaves to Prism: security presence
// (401) → path parameters (400) → the response `Prefer: code=…, example=…` names, or the first
// 2xx response's first example. Prefer values the document lacks are refused by the engine first.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { dereferencer } from './spec.js';

/** @typedef {{ status: number, headers: Record<string, string>, body: unknown }} MockAnswer */

/** @param {any} spec the bundled document */
export function createAnswerer(spec) {
  const deref = dereferencer(spec);
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  /** @type {Map<object, import('ajv').ValidateFunction>} */
  const validators = new Map();
  /** @param {object} schema @returns {import('ajv').ValidateFunction} */
  const validatorFor = (schema) => {
    let validate = validators.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      validators.set(schema, validate);
    }
    return validate;
  };

  /**
   * The document's response `status` of `operation`, with the named (or first) example.
   * @param {string} status @param {any} operation @param {string} [exampleName]
   * @returns {MockAnswer | undefined}
   */
  const respond = (status, operation, exampleName) => {
    const response = Object.hasOwn(operation.responses ?? {}, status) ? deref(operation.responses[status]) : undefined;
    if (!response) return undefined;
    const [mediaType, media] = Object.entries(response.content ?? {})[0] ?? [];
    const examples = media?.examples ?? {};
    const name = exampleName ?? Object.keys(examples)[0];
    const example = name !== undefined && Object.hasOwn(examples, name) ? deref(examples[name]) : undefined;
    if (exampleName !== undefined && !example) return undefined;
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
   * @param {{ method: string, path: string, headers: (name: string) => string | undefined, params: Record<string, string>, prefer: { code?: string, example?: string } }} request
   *   `path` is the document's path template the request matched
   * @returns {MockAnswer}
   */
  function answer({ method, path, headers, params, prefer }) {
    const item = spec.paths[path];
    const operation = item[method.toLowerCase()];
    const requirements = operation.security ?? spec.security ?? [];
    const satisfied =
      requirements.length === 0 ||
      requirements.some((/** @type {Record<string, unknown>} */ req) =>
        Object.keys(req).every((name) => {
          const scheme = spec.components.securitySchemes[name];
          if (scheme.type === 'apiKey' && scheme.in === 'header') return Boolean(headers(scheme.name));
          if (scheme.type === 'http') return new RegExp(`^${scheme.scheme}\\s`, 'i').test(headers('authorization') ?? '');
          return false;
        }),
      );
    if (!satisfied) return /** @type {MockAnswer} */ (respond('401', operation));

    for (const parameter of [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(deref)) {
      if (parameter.in !== 'path') continue;
      if (!validatorFor(parameter.schema)(params[parameter.name])) return /** @type {MockAnswer} */ (respond('400', operation));
    }
    const status = prefer.code ?? Object.keys(operation.responses).find((s) => /^2\d\d$/.test(s)) ?? '200';
    return /** @type {MockAnswer} */ (respond(status, operation, prefer.example));
  }

  return { answer, respond };
}
