// @ts-check
// Redoc's `x-codeSamples` for each operation, written into the bundle at build time from the
// operation table (server, path, method, parameter and body examples, the 200 body's fields): one
// curl command and one call with @csms-openapi/client. Nothing here is written per operation.
import { argumentName, dereferencer, methodName, operationTable } from '../../packages/mock/src/openapi.js';

/**
 * The client call of an operation with the document's example values, as the generated method
 * takes them: path parameters (but those the client's options fill, `x-client-option`), then an object with
 * the query parameters and the body where the operation has them.
 * @param {import('../../packages/mock/src/openapi.js').TableOperation} op
 * @param {Record<string, unknown>} query the query parameters to show
 */
export function clientCall(op, query) {
  const args = callerParams(op).map((p) => inline(String(op.params[p]?.example ?? p)));
  /** @type {Record<string, unknown>} */
  const input = { ...query };
  if (op.body) input.body = op.body.example ?? {};
  if (op.queryParams.length > 0 || op.body) args.push(inline(input));
  return `csms.${methodName(op.operationId)}(${args.join(', ')})`;
}

/** The path parameters a caller passes: all but those the client fills from its options (the project). */
export const callerParams = (/** @type {import('../../packages/mock/src/openapi.js').TableOperation} */ op) =>
  op.pathParams.filter((p) => op.params[p]?.option === undefined);

/** The example of the parameter the client fills from an option (`projectId`), from any operation that has one. */
const optionExample = (/** @type {ReturnType<typeof operationTable>['operations']} */ operations, /** @type {string} */ option) =>
  Object.values(operations)
    .flatMap((op) => Object.values(op.params))
    .find((p) => p.option === option && p.example !== undefined)?.example;

/** A value as TypeScript source on one line, single-quoted strings, unquoted keys where possible. */
const inline = (/** @type {unknown} */ value) => {
  const json = JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
  return json.replace(/"([A-Za-z_$][\w$]*)":/g, '$1:').replace(/"((?:[^"\\']|\\.)*)"/g, (_, s) => `'${s.replace(/\\"/g, '"')}'`);
};

/** The query parameters a sample shows: the required ones, and the page size of a paged list. */
function sampleQuery(/** @type {import('../../packages/mock/src/openapi.js').TableOperation} */ op) {
  return Object.fromEntries(
    op.queryParams
      .map((name) => op.params[name])
      .filter((p) => p && (p.required || p.name === op.paging?.limit) && p.example !== undefined)
      .map((p) => [p?.name, p?.example]),
  );
}

/**
 * A curl command for an operation with the document's example values, as its parts (one option
 * per part): the docs join them over lines, `npm start` prints them on one.
 * @param {import('../../packages/mock/src/openapi.js').TableOperation} op
 * @param {string} base the server URL
 * @param {string} authHeader the -H argument that authenticates, quoted for a shell
 */
export function curlCommand(op, base, authHeader) {
  const query = sampleQuery(op);
  const path = op.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(String(op.params[name]?.example ?? name)));
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return [
    `curl -s${op.method === 'GET' ? '' : ` -X ${op.method}`}`,
    `-H ${authHeader}`,
    ...(op.body
      ? [`-H 'Content-Type: ${op.body.mediaType}'`, `-d '${JSON.stringify(op.body.example ?? {}).replaceAll("'", `'\\''`)}'`]
      : []),
    `'${base}${path}${search ? `?${search}` : ''}'`,
  ];
}

/**
 * @param {any} spec the bundle (modified in place)
 * @param {ReturnType<typeof operationTable>} [table] its operation table
 * @returns {any} the same bundle
 */
export function addCodeSamples(spec, table = operationTable(spec)) {
  const server = spec.servers[0];
  const base = server.url.replace(/\{(\w+)\}/g, (/** @type {string} */ _, /** @type {string} */ name) => server.variables[name].default);
  const region = server.variables.region?.default;
  const { operations, schemas } = table;
  for (const op of Object.values(operations)) {
    const query = sampleQuery(op);
    const curl = curlCommand(op, base, '"X-Auth-Token: $IAM_TOKEN"').join(' \\\n  ');
    const response = op.response.$ref ? schemas[op.response.$ref] : op.response;
    const fields = Object.keys(response?.properties ?? {});
    const lines = [
      "import { createCsmsClient } from '@csms-openapi/client';",
      '',
      'const csms = createCsmsClient({',
      `  projectId: '${optionExample(operations, 'projectId')}',`,
      `  region: '${region}',`,
      '  credentials: { token: process.env.IAM_TOKEN! },',
      '});',
      // An answer without a body (204) has nothing to take apart.
      fields.length > 0 ? `const { ${fields.join(', ')} } = await ${clientCall(op, query)};` : `await ${clientCall(op, query)};`,
    ];
    if (op.paging) {
      // The item's name field (or id) shows what the loop gets, never a value.
      const itemSchema = response?.properties?.[op.paging.items]?.items ?? {};
      const required = (itemSchema.$ref ? schemas[itemSchema.$ref] : itemSchema)?.required ?? [];
      const label = required.includes('name') ? 'name' : (required[0] ?? 'id');
      const each = argumentName(op.paging.items.replace(/s$/, ''));
      lines.push(
        '',
        '// Every page, one item at a time:',
        `for await (const ${each} of ${clientCall(op, query).replace(/^csms\./, 'csms.paginate.')}) console.log(${each}.${label});`,
      );
    }
    operation(spec, op)['x-codeSamples'] = [
      { lang: 'Shell', label: 'curl', source: curl },
      { lang: 'TypeScript', label: '@csms-openapi/client', source: lines.join('\n') },
    ];
  }
  return spec;
}

/** The operation object of the bundle that a table entry describes. */
const operation = (/** @type {any} */ spec, /** @type {import('../../packages/mock/src/openapi.js').TableOperation} */ op) =>
  dereferencer(spec)(spec.paths[op.path])[op.method.toLowerCase()];
