// `csms.raw`: the openapi-fetch client (`{ data, error, response }`), sending through the same
// transport as the typed methods (auth, retries, timeouts, redirects refused, bounded reads).
import * as openapiFetch from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import type { paths } from '../../../generated/schema.js';
import { BASE_HEADERS, type Core, fail, type TableOperation } from './engine.js';
import { valuesAt } from './input.js';
import { type CheckSchema, checkArgument } from './validate.js';

// openapi-fetch's CommonJS build sets `exports.default`; from our CommonJS build (dist/index.cjs,
// made with Node's interop) the default import is that whole exports object, so take `.default`
// from it when it is there.
const createClient = ((openapiFetch.default as unknown as { default?: typeof openapiFetch.default }).default ??
  openapiFetch.default) as typeof openapiFetch.default;

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const utf8 = new TextDecoder();

/**
 * @param operations the table, to find a raw request's operation (by openapi-fetch's `schemaPath`
 *   and method) for its rules, retry safety and sensitive fields
 */
export function createRaw(core: Core, operations: Record<string, TableOperation>): Client<paths> {
  const byRoute = new Map(Object.entries(operations).map(([id, op]) => [`${op.method} ${op.path}`, id]));
  // What openapi-fetch's middleware learnt about each raw request, for the fetch below.
  const rawCalls = new WeakMap<Request, { id: string | undefined; json: boolean }>();
  // openapi-fetch builds a Request; the transport sends it and hands back a complete Response.
  const raw = createClient<paths>({
    baseUrl: core.url,
    headers: { ...BASE_HEADERS },
    fetch: async (request: Request) => {
      const meta = rawCalls.get(request);
      const op = meta?.id ? operations[meta.id] : undefined;
      const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
      // X-Project-Id is signed: the provider's project ID is needed before the first raw request too
      // (only a provider leaves it unset at creation).
      if (!core.projectId()) await core.resolveProjectId();
      let redact: string[] = [];
      if (op?.sensitive.length && body) {
        const text = utf8.decode(body);
        if (isJson(text)) redact = op.sensitive.flatMap((path) => valuesAt(JSON.parse(text), path));
      }
      const r = await core.send({
        method: request.method,
        url: request.url,
        headers: Object.fromEntries(request.headers),
        body,
        signal: request.signal,
        idempotent: op?.idempotent ?? false,
        redact,
      });
      const empty = r.body.byteLength === 0 || r.status === 204 || r.status === 205;
      // openapi-fetch would JSON.parse a 2xx body itself and throw a SyntaxError that quotes it.
      if (meta?.json && r.status >= 200 && r.status < 300 && !empty && !isJson(utf8.decode(r.body))) {
        throw fail(`The ${r.status} response body is not valid JSON`, r, meta.id ?? 'raw');
      }
      return new Response(empty ? null : r.body, { status: r.status, statusText: r.statusText, headers: r.headers });
    },
  });
  raw.use({
    onRequest({ request, schemaPath, params, options: { parseAs } }) {
      const id = byRoute.get(`${request.method} ${schemaPath}`);
      const rules = id ? (operations[id]!.params as Record<string, { schema: CheckSchema }>) : {};
      // The path rules apply to raw calls too: `..` as a secret name would take the token elsewhere.
      for (const [name, value] of Object.entries({ ...params.path, ...params.query })) {
        const rule = rules[name];
        if (rule && value !== undefined) checkArgument(name, rule.schema, value);
        else if (params.path && name in params.path)
          checkArgument(name, { type: 'string', pattern: '^[^/?#]+$', notIn: ['.', '..'] }, String(value));
      }
      rawCalls.set(request, { id, json: parseAs === 'json' });
      return undefined;
    },
  });
  return raw;
}
