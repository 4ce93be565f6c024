// @ts-check
// What the document says about a request, for the engine (engine.js): which operation it is
// (routing by the operation table), whether its parameters and body keep the document's rules
// (Ajv, on the document's own schemas).
import { Ajv2020 } from 'ajv/dist/2020.js';
import { dereferencer, operationTable, parametersOf } from './openapi.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** @typedef {import('./openapi.js').TableOperation} TableOperation */
/** @typedef {{ op: TableOperation, params: Record<string, string>, path: string, query: string, undecodable?: string }} Route */

/**
 * A parameter's value as its schema's type has it: query and path values arrive as text, and an
 * integer, number or boolean parameter must be written as one (`5`, `2.5`, `true`).
 * @param {unknown} type @param {string} raw
 */
function fromText(type, raw) {
  if (type === 'integer') return /^-?\d{1,15}$/.test(raw) ? Number(raw) : raw;
  if (type === 'number') return /^-?\d{1,15}(?:\.\d{1,15})?$/.test(raw) ? Number(raw) : raw;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** A path segment decoded, or undefined when a percent-escape in it does not decode. @param {string} segment */
function decodeSegment(segment) {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** @type {never[]} */
const NO_ROUTES = [];

/** Whether every literal segment of a template is the request's. @param {[number, string][]} literals @param {string[]} segments */
function literalsMatch(literals, segments) {
  for (let k = 0; k < literals.length; k++) {
    const [i, s] = /** @type {[number, string]} */ (literals[k]);
    if (segments[i] !== s) return false;
  }
  return true;
}

/**
 * The router of the document's operations: a request's operation and path parameters.
 * @param {Record<string, TableOperation>} operations
 */
function createRouter(operations) {
  // Routes: the more literal segments, the earlier (`/secrets/restore` before `/secrets/{secret_name}`);
  // by segment count, each with its literal segments and its parameters' places, so a request
  // decodes only the parameters of the template that matches it.
  /** @type {Map<number, { op: TableOperation, literals: [number, string][], params: [number, string][] }[]>} */
  const routes = new Map();
  const ordered = Object.values(operations)
    .map((op) => ({ op, segments: op.path.split('/') }))
    .sort((a, b) => b.segments.filter((s) => !s.startsWith('{')).length - a.segments.filter((s) => !s.startsWith('{')).length);
  for (const { op, segments } of ordered) {
    const route = { op, literals: /** @type {[number, string][]} */ ([]), params: /** @type {[number, string][]} */ ([]) };
    for (const [i, s] of segments.entries()) {
      if (s.startsWith('{')) route.params.push([i, s.slice(1, -1)]);
      else route.literals.push([i, s]);
    }
    routes.set(segments.length, [...(routes.get(segments.length) ?? []), route]);
  }

  /**
   * The operation a request reaches. `undecodable` names a path parameter whose percent-escapes do
   * not decode (kept raw in `params`): the operation refuses it as an invalid parameter.
   * @param {string} target @param {string} method
   * @returns {{ op: import('./openapi.js').TableOperation, params: Record<string, string>, path: string, query: string, undecodable?: string } | 'no-path' | { allow: string[] }}
   */
  function route(target, method) {
    const mark = target.indexOf('?');
    const path = mark < 0 ? target : target.slice(0, mark);
    const query = mark < 0 ? '' : target.slice(mark + 1);
    const segments = path.split('/');
    const upper = method.toUpperCase();
    /** @type {string[]} */
    const allow = [];
    for (const { op, literals, params: places } of routes.get(segments.length) ?? NO_ROUTES) {
      if (!literalsMatch(literals, segments)) continue;
      if (op.method !== upper) {
        allow.push(op.method);
        continue;
      }
      /** @type {Record<string, string>} */
      const params = {};
      /** @type {string | undefined} */
      let undecodable;
      for (const [i, name] of places) {
        const raw = /** @type {string} */ (segments[i]);
        const decoded = decodeSegment(raw);
        if (decoded === undefined) undecodable ??= name;
        params[name] = decoded ?? raw;
      }
      return { op, params, path, query, ...(undecodable ? { undecodable } : {}) };
    }
    return allow.length > 0 ? { allow } : 'no-path';
  }
  return route;
}

/** @param {any} spec the bundled document */
export function createRequestReader(spec) {
  const deref = dereferencer(spec);
  const { operations, schemas } = operationTable(spec);

  const route = createRouter(operations);

  // Validators for parameters and bodies, compiled from the document's schemas on first use.
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false, validateSchema: false });
  ajv.addSchema(spec, 'openapi.json');
  /** @type {Map<string, { parameters: { name: string, in: string, required: boolean, type: unknown, validate: import('ajv').ValidateFunction }[], body?: import('ajv').ValidateFunction }>} */
  const validators = new Map();
  // A schema from inside the document, its local refs pointing into the registered document.
  const compile = (/** @type {unknown} */ schema) =>
    ajv.compile(JSON.parse(JSON.stringify(schema ?? {}).replaceAll('"$ref":"#/', '"$ref":"openapi.json#/')));
  const validatorsFor = (/** @type {import('./openapi.js').TableOperation} */ op) => {
    let v = validators.get(op.operationId);
    if (v) return v;
    const item = deref(spec.paths[op.path]);
    const operation = item[op.method.toLowerCase()];
    const requestBody = deref(operation.requestBody);
    const bodySchema = requestBody ? Object.values(requestBody.content ?? {})[0]?.schema : undefined;
    v = {
      parameters: parametersOf(spec, op.path, item, operation)
        .filter((p) => p.in === 'path' || p.in === 'query')
        .map((p) => ({
          name: p.name,
          in: p.in,
          required: p.in === 'path' || p.required === true,
          type: deref(p.schema)?.type,
          validate: compile(p.schema),
        })),
      ...(bodySchema ? { body: compile(bodySchema) } : {}),
    };
    validators.set(op.operationId, v);
    return v;
  };

  /**
   * The request's parameters and body against the document: the name of the first one that
   * breaks its rules, or the checked values.
   * @param {import('./openapi.js').TableOperation} op @param {Record<string, string>} pathParams @param {string} query @param {{ header: (name: string) => string | undefined, body: Uint8Array }} request
   */
  function check(op, pathParams, query, request) {
    const v = validatorsFor(op);
    const search = new URLSearchParams(query);
    /** @type {Record<string, unknown>} */
    const values = {};
    for (const p of v.parameters) {
      const raw = p.in === 'path' ? pathParams[p.name] : (search.get(p.name) ?? undefined);
      if (raw === undefined) {
        if (p.required) return { invalid: p.name };
        continue;
      }
      const value = fromText(p.type, raw);
      if (!p.validate(value)) return { invalid: p.name };
      values[p.name] = value;
    }
    let body;
    if (op.body) {
      const type = request.header('content-type') ?? '';
      if (request.body.byteLength === 0) {
        if (op.body.required) return { invalid: 'body', malformed: true };
      } else {
        if (!JSON_TYPE.test(type)) return { invalid: 'body', malformed: true };
        try {
          // Read in place: the body's own bytes, not a copy.
          body = JSON.parse(Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength).toString('utf8'));
        } catch {
          return { invalid: 'body', malformed: true };
        }
        // Valid JSON that breaks the schema; `oneOf` names a choice between fields (exactly one of two values).
        if (v.body && !v.body(body))
          return { invalid: 'body', malformed: false, choice: v.body.errors?.some((e) => e.keyword === 'oneOf') };
      }
    }
    return { values, body };
  }

  return { operations, schemas, route, check };
}
