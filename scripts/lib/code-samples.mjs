// @ts-check
// Redoc's `x-codeSamples` for each operation, written into the bundle at build time from the
// document itself (server, path, method, parameter examples, 200 body fields): one curl command
// and one call with @csms-openapi/client. Nothing here is written per operation by hand.

/** `ShowSecret` → `showSecret`: the client's method name for an operation. */
export const methodName = (/** @type {string} */ operationId) => operationId[0]?.toLowerCase() + operationId.slice(1);

/**
 * @param {any} spec the bundle (modified in place)
 * @returns {any} the same bundle
 */
export function addCodeSamples(spec) {
  const deref = (/** @type {any} */ node) => {
    while (node?.$ref)
      node = node.$ref
        .slice(2)
        .split('/')
        .reduce((/** @type {any} */ n, /** @type {string} */ k) => n[k.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
    return node;
  };
  const server = spec.servers[0];
  const base = server.url.replace(/\{(\w+)\}/g, (/** @type {string} */ _, /** @type {string} */ name) => server.variables[name].default);
  const region = server.variables.region?.default;
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(/** @type {Record<string, any>} */ (item))) {
      if (method === 'parameters') continue;
      /** @type {Record<string, string>} */
      const values = {};
      for (const p of [.../** @type {any} */ (item.parameters ?? []), ...(operation.parameters ?? [])].map(deref)) {
        if (p.in === 'path') values[p.name] = String(p.example ?? p.schema?.examples?.[0]);
      }
      const path = template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(values[name] ?? name));
      const ok = Object.entries(operation.responses).find(([code]) => /^2\d\d$/.test(code))?.[1];
      const fields = deref(deref(ok)?.content?.['application/json']?.schema)?.required ?? [];
      const curl = [
        `curl -s${method === 'get' ? '' : ` -X ${method.toUpperCase()}`} \\`,
        `  -H "X-Auth-Token: $IAM_TOKEN" \\`,
        `  ${base}${path}`,
      ].join('\n');
      const client = [
        "import { createCsmsClient } from '@csms-openapi/client';",
        '',
        'const csms = createCsmsClient({',
        `  projectId: '${values.project_id}',`,
        `  region: '${region}',`,
        '  credentials: { token: process.env.IAM_TOKEN! },',
        '});',
        `const { ${fields.join(', ')} } = await csms.${methodName(operation.operationId)}('${values.secret_name}');`,
      ].join('\n');
      operation['x-codeSamples'] = [
        { lang: 'Shell', label: 'curl', source: curl },
        { lang: 'TypeScript', label: '@csms-openapi/client', source: client },
      ];
    }
  }
  return spec;
}
