// @ts-check
// The document as data, for everything in the toolkit that deals with operations: the build
// (scripts/lib/pipeline.mjs writes the operation table into generated/ for the client, the docs'
// code samples and the tests), the mock (routing, answers, config checks) and the tests. One `$ref`
// walker, one "operations of a path item" loop and one operation table, so that an operation added
// to openapi/ reaches every part without a hand edit. It lives in the mock package because the
// mock derives the table at run time from whatever document it serves (`csms-mock --spec`).

/** The HTTP methods a path item may hold; its other keys (parameters, summary, servers, x-…) are not operations. */
export const HTTP_METHODS = Object.freeze(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const unescapePointer = (/** @type {string} */ s) => s.replaceAll('~1', '/').replaceAll('~0', '~');
const isObject = (/** @type {unknown} */ v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Follows local `$ref`s (`#/…`) until a node that is not a reference, and says where it ended up.
 * @param {any} spec the bundled document (internal refs only, as the bundle has)
 * @param {any} node
 * @param {string} [pointer] the JSON pointer of `node`, if known
 * @returns {{ value: any, pointer: string }}
 */
export function resolve(spec, node, pointer = '') {
  let value = node;
  let at = pointer;
  for (let hops = 0; isObject(value) && typeof value.$ref === 'string' && value.$ref.startsWith('#'); hops++) {
    if (hops > 64) throw new Error(`$ref cycle at ${at}`);
    at = value.$ref.slice(1);
    value = at
      .split('/')
      .slice(1)
      .reduce(
        (/** @type {any} */ n, /** @type {string} */ key) =>
          n !== null && typeof n === 'object' && Object.hasOwn(n, unescapePointer(key)) ? n[unescapePointer(key)] : undefined,
        spec,
      );
  }
  return { value, pointer: at };
}

/** `resolve` without the pointer: `(node) => the node it refers to`. */
export const dereferencer = (/** @type {any} */ spec) => (/** @type {any} */ node) => resolve(spec, node).value;

/**
 * The operations of a path item, HTTP methods only, in the order HTTP_METHODS lists them.
 * @param {any} item @returns {[string, any][]}
 */
export const operationsOf = (item) =>
  isObject(item) ? HTTP_METHODS.filter((m) => Object.hasOwn(item, m) && isObject(item[m])).map((m) => [m, item[m]]) : [];

/**
 * Every operation of the document, resolved: its path template, method, path item and operation.
 * @param {any} spec @returns {{ path: string, method: string, item: any, operation: any }[]}
 */
export function eachOperation(spec) {
  const deref = dereferencer(spec);
  return Object.entries(spec.paths ?? {}).flatMap(([path, ref]) => {
    const item = deref(ref);
    return operationsOf(item).map(([method, operation]) => ({ path, method, item, operation }));
  });
}

/** The first 2xx response of an operation: [status, response] (resolved), or undefined. */
export function successOf(/** @type {any} */ spec, /** @type {any} */ operation) {
  const entry = Object.entries(operation.responses ?? {}).find(([status]) => /^2\d\d$/.test(status));
  return entry ? /** @type {[string, any]} */ ([entry[0], dereferencer(spec)(entry[1])]) : undefined;
}

/**
 * The parameters of an operation (path item's and its own, the operation's winning), resolved,
 * path parameters in the order the path template names them, then the others in document order.
 * @param {any} spec @param {string} path @param {any} item @param {any} operation @returns {any[]}
 */
export function parametersOf(spec, path, item, operation) {
  const deref = dereferencer(spec);
  /** @type {Map<string, any>} */
  const byKey = new Map();
  for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(deref)) byKey.set(`${p.in}:${p.name}`, p);
  const order = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const all = [...byKey.values()];
  const inPath = order.map((name) => all.find((p) => p.in === 'path' && p.name === name)).filter(Boolean);
  return [...inPath, ...all.filter((p) => p.in !== 'path')];
}

// ——— Check schemas: the part of JSON Schema the client's checks honour ———

/** Keywords a check schema keeps (and the client's checker honours). */
const ASSERTIONS = new Set([
  'type',
  'required',
  'properties',
  'items',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  '$ref',
]);
/**
 * Keywords that assert nothing the client checks, on purpose: annotations, and `enum`, because
 * the service may add a value (a new secret state) and an older client must not refuse it.
 */
const IGNORED = new Set([
  'title',
  'description',
  'examples',
  'example',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'format',
  'contentEncoding',
  'contentMediaType',
  'enum',
  '$comment',
]);

export class UnsupportedSchemaError extends Error {}

/**
 * A JSON Schema cut down to what the client checks, with `$ref`s to components kept as names
 * (`{ $ref: 'Secret' }`) and the components they name compiled once into `schemas`.
 * `not` is honoured only as `not: { enum: [...] }` (written `notIn`), the one form the document uses.
 * Any other keyword throws UnsupportedSchemaError naming it: a check must never be dropped silently.
 * @param {any} spec @param {any} schema @param {Record<string, any>} schemas the components compiled so far (filled in)
 * @param {string} at where the schema is, for messages
 * @returns {any}
 */
export function checkSchema(spec, schema, schemas, at) {
  if (schema === true || schema === undefined) return {};
  if (!isObject(schema)) throw new UnsupportedSchemaError(`${at}: a schema must be an object (got ${JSON.stringify(schema)})`);
  /** @type {Record<string, any>} */
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || IGNORED.has(key)) continue;
    if (!ASSERTIONS.has(key)) throw new UnsupportedSchemaError(`${at}: the client's response checks cannot honour "${key}"`);
    const sub = (/** @type {any} */ s, /** @type {string} */ where) => checkSchema(spec, s, schemas, `${at}/${where}`);
    if (key === '$ref') {
      const component = /^#\/components\/schemas\/([^/]+)$/.exec(value)?.[1];
      if (!component) throw new UnsupportedSchemaError(`${at}: $ref ${value} is not a schema component`);
      const name = unescapePointer(component);
      if (!Object.hasOwn(schemas, name)) {
        schemas[name] = {};
        schemas[name] = checkSchema(spec, resolve(spec, { $ref: value }).value, schemas, `#/components/schemas/${name}`);
      }
      out.$ref = name;
    } else if (key === 'properties')
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sub(v, `properties/${k}`)]));
    else if (key === 'items') out.items = sub(value, 'items');
    else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf')
      out[key] = value.map((/** @type {any} */ s, /** @type {number} */ i) => sub(s, `${key}/${i}`));
    else if (key === 'not') {
      if (!isObject(value) || Object.keys(value).some((k) => k !== 'enum') || !Array.isArray(value.enum)) {
        throw new UnsupportedSchemaError(`${at}: the client's checks honour \`not\` only as \`not: { enum: [...] }\``);
      }
      out.notIn = value.enum;
    } else out[key] = value;
  }
  // A `$ref` with assertions beside it (allowed in 3.1) becomes allOf, so a checker can resolve
  // a bare `{ $ref }` without merging objects.
  if (out.$ref !== undefined && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { allOf: [{ $ref }, rest] };
  }
  return out;
}

/**
 * Dotted paths (`version.secret_string`, `items[].secret_blob`) of the properties marked
 * `x-sensitive: true` in a schema, following `$ref`s, `items` and `allOf`/`anyOf`/`oneOf`.
 * @param {any} spec @param {any} schema @returns {string[]}
 */
export function sensitivePaths(spec, schema) {
  /** @type {Set<string>} */
  const found = new Set();
  /** @type {Set<any>} */
  const seen = new Set();
  const walk = (/** @type {any} */ node, /** @type {string} */ prefix) => {
    const s = resolve(spec, node).value;
    if (!isObject(s) || seen.has(s)) return;
    seen.add(s);
    for (const [name, property] of Object.entries(s.properties ?? {})) {
      const at = prefix ? `${prefix}.${name}` : name;
      if (resolve(spec, property).value?.['x-sensitive'] === true || property?.['x-sensitive'] === true) found.add(at);
      walk(property, at);
    }
    if (s.items) walk(s.items, `${prefix}[]`);
    for (const key of ['allOf', 'anyOf', 'oneOf']) for (const member of s[key] ?? []) walk(member, prefix);
    seen.delete(s);
  };
  walk(schema, '');
  return [...found].sort();
}

/**
 * @typedef {object} TableParameter
 * @property {string} name
 * @property {'path' | 'query' | 'header' | 'cookie'} in
 * @property {boolean} required
 * @property {any} schema a check schema
 * @property {unknown} [example] the parameter's example (for code samples and tests)
 * @property {unknown} [default]
 * @property {string} [option] from `x-client-option`: the client option that fills it (`projectId`), so callers never pass it
 */
/**
 * @typedef {object} TableOperation One operation, everything code needs to call, answer or test it.
 * @property {string} operationId
 * @property {string} method upper case
 * @property {string} path the path template
 * @property {string} summary
 * @property {string[]} tags
 * @property {string[]} pathParams path parameter names, in path order
 * @property {string[]} queryParams query parameter names, in document order
 * @property {Record<string, TableParameter>} params every path and query parameter by name
 * @property {{ required: boolean, mediaType: string, schema: any, maxBytes: number, example?: unknown } | null} body
 *   `maxBytes`: the largest body the schema allows, as JSON (see jsonBound)
 * @property {number} status the success status
 * @property {any} response check schema of the success body
 * @property {number[]} errors the error statuses the operation documents
 * @property {{ request: string[], response: string[] }} sensitive dotted paths of `x-sensitive` fields
 * @property {boolean} idempotent from `x-idempotent`: safe to repeat after the request may have been processed
 * @property {{ items: string, marker: string, limit: string, nextMarker: string, defaultLimit?: number } | null} paging from `x-pagination`
 * @property {boolean} mockExamples from `x-mock-examples`: a stateful mock answers it from its examples (it stores nothing)
 */

/**
 * The operation table: one entry per operationId, and the check schemas of the components they use.
 * @param {any} spec the bundled document
 * @returns {{ operations: Record<string, TableOperation>, schemas: Record<string, any> }}
 */
export function operationTable(spec) {
  /** @type {Record<string, any>} */
  const schemas = {};
  /** @type {Record<string, TableOperation>} */
  const operations = {};
  for (const { path, method, item, operation } of eachOperation(spec)) {
    const id = operation.operationId;
    const at = `${method.toUpperCase()} ${path}`;
    /** @type {Record<string, TableParameter>} */
    const params = {};
    for (const p of parametersOf(spec, path, item, operation)) {
      if (p.in !== 'path' && p.in !== 'query') continue;
      const schema = resolve(spec, p.schema).value ?? {};
      params[p.name] = {
        name: p.name,
        in: p.in,
        required: p.in === 'path' || p.required === true,
        schema: checkSchema(spec, p.schema, schemas, `${at} parameter ${p.name}`),
        ...(p.example !== undefined ? { example: p.example } : schema.examples?.length ? { example: schema.examples[0] } : {}),
        ...(schema.default !== undefined ? { default: schema.default } : {}),
        ...(typeof p['x-client-option'] === 'string' ? { option: p['x-client-option'] } : {}),
      };
    }
    const requestBody = operation.requestBody ? resolve(spec, operation.requestBody).value : undefined;
    const [mediaType, media] = Object.entries(requestBody?.content ?? {})[0] ?? [];
    const firstExample = media?.examples ? resolve(spec, Object.values(media.examples)[0]).value?.value : media?.example;
    const [status, response] = successOf(spec, operation) ?? ['200', undefined];
    const responseSchema = response?.content?.['application/json']?.schema;
    const paging = operation['x-pagination'];
    const bodySchema = requestBody ? checkSchema(spec, media?.schema, schemas, `${at} request body`) : undefined;
    operations[id] = {
      operationId: id,
      method: method.toUpperCase(),
      path,
      summary: operation.summary ?? '',
      tags: operation.tags ?? [],
      pathParams: Object.values(params)
        .filter((p) => p.in === 'path')
        .map((p) => p.name),
      queryParams: Object.values(params)
        .filter((p) => p.in === 'query')
        .map((p) => p.name),
      params,
      body: requestBody
        ? {
            required: requestBody.required === true,
            mediaType: String(mediaType),
            schema: bodySchema,
            maxBytes: jsonBound(bodySchema, schemas),
            ...(firstExample !== undefined ? { example: firstExample } : {}),
          }
        : null,
      status: Number(status),
      response: checkSchema(spec, responseSchema, schemas, `${at} ${status} body`),
      errors: Object.keys(operation.responses ?? {})
        .filter((s) => /^[45]\d\d$/.test(s))
        .map(Number),
      sensitive: {
        request: media?.schema ? sensitivePaths(spec, media.schema) : [],
        response: responseSchema ? sensitivePaths(spec, responseSchema) : [],
      },
      idempotent: operation['x-idempotent'] === true,
      mockExamples: operation['x-mock-examples'] === true,
      paging: paging
        ? {
            items: paging.items,
            marker: paging.marker,
            limit: paging.limit,
            nextMarker: paging.next_marker,
            ...(params[paging.limit]?.default !== undefined ? { defaultLimit: Number(params[paging.limit]?.default) } : {}),
          }
        : null,
    };
  }
  return { operations, schemas };
}

/** What a string may cost as JSON per character: `\\uXXXX`, as encoders that escape non-ASCII write it. */
const ESCAPED_CHAR = 6;
/** What the bound allows for a part the schema leaves open (a string without maxLength, properties it does not list…). */
export const UNBOUNDED_PART = 64 * 1024;
/** How many items an array without maxItems counts for (a batch of secrets: the vendor gives no bound). */
export const UNBOUNDED_ITEMS = 100;
/** The most any body may be, whatever its schema allows: a little over the largest the document gives (a 5 MiB backup, escaped). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * The largest JSON text a check schema allows, in bytes: strings by their maxLength (each
 * character escaped), arrays by maxItems (UNBOUNDED_ITEMS without), objects by their properties,
 * UNBOUNDED_PART for each part the schema leaves open, and never over MAX_BODY_BYTES. A server reads no more than this of a body, so the
 * document's own limits (a 5 MiB backup, 32 KiB values) decide how much a request may send.
 * @param {any} schema @param {Record<string, any>} schemas @returns {number}
 */
export function jsonBound(schema, schemas) {
  const bound = constraint(schema, schemas, new Set());
  return Math.min(Number.isFinite(bound) ? bound : UNBOUNDED_PART, MAX_BODY_BYTES);
}

/** An open part (Infinity: the schema says nothing) costs UNBOUNDED_PART inside an object or array. */
const part = (/** @type {number} */ bound) => (Number.isFinite(bound) ? bound : UNBOUNDED_PART);

/**
 * The bound a schema sets by itself, Infinity where it sets none; `allOf` members narrow it,
 * `anyOf`/`oneOf` choices widen it to their largest.
 * @param {any} schema @param {Record<string, any>} schemas @param {Set<string>} seen components on the way (a cycle is open)
 * @returns {number}
 */
function constraint(schema, schemas, seen) {
  if (!isObject(schema)) return Number.POSITIVE_INFINITY;
  if (schema.$ref !== undefined)
    return seen.has(schema.$ref) ? Number.POSITIVE_INFINITY : constraint(schemas[schema.$ref], schemas, new Set([...seen, schema.$ref]));
  let bound = own(schema, schemas, seen);
  for (const member of schema.allOf ?? []) bound = Math.min(bound, constraint(member, schemas, seen));
  const choices = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  if (choices.length) bound = Math.min(bound, Math.max(...choices.map((/** @type {any} */ c) => constraint(c, schemas, seen))));
  return bound;
}

/** The bound of a schema's own type keywords. @param {any} schema @param {Record<string, any>} schemas @param {Set<string>} seen */
function own(schema, schemas, seen) {
  /** @type {string[]} */
  const types = [].concat(schema.type ?? []);
  if (types.includes('object') || schema.properties) {
    const properties = Object.entries(schema.properties ?? {});
    const fields = properties.reduce(
      (sum, [key, value]) => sum + key.length * ESCAPED_CHAR + 4 + part(constraint(value, schemas, seen)),
      2,
    );
    // Properties the schema does not list may come too (it does not close the object).
    return fields + UNBOUNDED_PART;
  }
  if (types.includes('array') || schema.items)
    return (
      2 + (typeof schema.maxItems === 'number' ? schema.maxItems : UNBOUNDED_ITEMS) * (part(constraint(schema.items, schemas, seen)) + 1)
    );
  if (types.length === 1 && types[0] === 'string')
    return typeof schema.maxLength === 'number' ? 2 + schema.maxLength * ESCAPED_CHAR : Number.POSITIVE_INFINITY;
  if (types.length > 0 && types.every((t) => t === 'integer' || t === 'number' || t === 'boolean' || t === 'null')) return 32;
  return Number.POSITIVE_INFINITY;
}

/**
 * The properties a check schema lists, following `$ref`s and `allOf` (and the items of an array
 * property, for `at` `name[]`).
 * @param {any} schema @param {Record<string, any>} schemas @param {string} [at] @returns {Set<string>}
 */
function propertiesOf(schema, schemas, at) {
  const s = isObject(schema) && schema.$ref !== undefined ? schemas[schema.$ref] : schema;
  if (!isObject(s)) return new Set();
  if (at) {
    const [head = '', ...rest] = at.split('.');
    const property = s.properties?.[head.replace(/\[\]$/, '')];
    const inner = head.endsWith('[]') ? property?.items : property;
    return propertiesOf(inner, schemas, rest.join('.') || undefined);
  }
  const names = new Set(Object.keys(s.properties ?? {}));
  for (const member of s.allOf ?? []) for (const name of propertiesOf(member, schemas)) names.add(name);
  return names;
}

/**
 * A picker of the fields of an operation's request body that its schema lists: what a handler
 * stores, so that a field the document does not name (allowed on the wire) is never kept.
 * @param {TableOperation} op @param {Record<string, any>} schemas
 * @returns {(body: any, at?: string) => Record<string, any>} `at`: where in the body (`secrets[]`: an item of that list)
 */
export function bodyFields(op, schemas) {
  /** @type {Map<string, Set<string>>} */
  const known = new Map();
  return (body, at = '') => {
    const names = known.get(at) ?? known.set(at, propertiesOf(op.body?.schema, schemas, at || undefined)).get(at) ?? new Set();
    return Object.fromEntries(Object.entries(isObject(body) ? body : {}).filter(([k]) => names.has(k)));
  };
}

/** `ShowSecret` → `showSecret`: the client's method name for an operation. */
export const methodName = (/** @type {string} */ operationId) => operationId.charAt(0).toLowerCase() + operationId.slice(1);

/** `secret_name` → `secretName`: the client's argument name for a parameter. */
export const argumentName = (/** @type {string} */ name) => name.replace(/[_-]+([a-zA-Z0-9])/g, (_, c) => c.toUpperCase());
