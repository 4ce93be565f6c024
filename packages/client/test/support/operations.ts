// Calling any operation of the document through the client, from the operation table alone: the
// method name, the example arguments and the documented answers, so tests that iterate over
// operations never list them or branch on their names.
import type { CsmsClient } from '../../src/index.js';
import { echoedFor } from '../../../../test/support/echo.js';
import { deref, operations, requiredQuery, responseExamples, spec } from '../../../../test/support/openapi.js';

type Json = Parameters<typeof deref>[0];

export type TableOperation = (typeof operations)[number];
export type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/** `ShowSecretVersion` → `showSecretVersion`, written here again so the client's own rule is not its own witness. */
export const lowerCamelCase = (operationId: string) => operationId.charAt(0).toLowerCase() + operationId.slice(1);

/** The client method of an operation, untyped (the type tests cover the types). */
export const methodOf = (csms: CsmsClient, op: TableOperation): AnyMethod =>
  (csms as unknown as Record<string, AnyMethod>)[lowerCamelCase(op.operationId)]!;

/** The paginate method of a paged operation. */
export const paginatorOf = (csms: CsmsClient, op: TableOperation) =>
  (csms.paginate as unknown as Record<string, (...args: unknown[]) => AsyncIterableIterator<unknown>>)[lowerCamelCase(op.operationId)]!;

/** Path parameters a method takes as arguments: all but project_id (the client's own), in path order. */
export const pathArgs = (op: TableOperation) => op.pathParams.filter((name) => name !== 'project_id');

/** Whether the method takes the `{ ...query, body }` object after the path arguments. */
export const takesInput = (op: TableOperation) => op.queryParams.length > 0 || op.body !== null;

/**
 * The arguments of an operation's method: the document's example for each path parameter (unless
 * overridden), then, where the method takes one, `input` (default: the body's example, if any),
 * then the call options.
 */
export function argsFor(
  op: TableOperation,
  { path = {}, input, options }: { path?: Record<string, unknown>; input?: Record<string, unknown>; options?: object } = {},
): unknown[] {
  const args: unknown[] = pathArgs(op).map((name) => (Object.hasOwn(path, name) ? path[name] : op.params[name]!.example));
  // By default the required query parameters at their examples, and the body's example.
  if (takesInput(op)) args.push(input ?? { ...requiredQuery(op), ...(op.body?.example !== undefined ? { body: op.body.example } : {}) });
  else if (input) throw new Error(`${op.operationId} takes no query or body`);
  if (options) args.push(options);
  return args;
}

/** Whether the operation's success answer has no body in the document (a 204, DeleteSecret's empty 200). */
export const answersWithoutBody = (op: TableOperation) => {
  const operation = (deref((spec.paths as Record<string, Json>)[op.path]!, '').value as Record<string, Record<string, Json>>)[
    op.method.toLowerCase()
  ]!;
  const response = deref((operation.responses as Record<string, Json>)[String(op.status)]!, '').value as { content?: unknown };
  return response.content === undefined;
};

/**
 * The example the example-mode mock answers with: the first of the operation's success response;
 * undefined when that response has no body (what the client then resolves to).
 */
export function firstSuccessExample(op: TableOperation): unknown {
  const found = responseExamples().find((c) => c.operationId === op.operationId && c.status === String(op.status));
  if (found) return found.value;
  if (answersWithoutBody(op)) return undefined;
  throw new Error(`${op.operationId} documents no ${op.status} example`);
}

/** The first success example as the example-mode mock answers a call with the path parameters' examples (test/support/echo.ts). */
export const echoedSuccessExample = (op: TableOperation, answer: unknown): unknown => echoedFor(op, firstSuccessExample(op), answer);

/** The example value of a named example of an operation's response (the first when no name is given). */
export function documentedExample(op: TableOperation | string, status: number | string, name?: string): unknown {
  const id = typeof op === 'string' ? op : op.operationId;
  const found = responseExamples().find(
    (c) => c.operationId === id && c.status === String(status) && (name === undefined || c.exampleName === name),
  );
  if (!found) throw new Error(`${id} documents no ${status} example${name ? ` named ${name}` : ''}`);
  return found.value;
}

/** Operations that take a JSON request body (from the table), e.g. the restore. */
export const withBody = () => operations.filter((op) => op.body !== null);
/** Paged operations (`x-pagination`). */
export const paged = () => operations.filter((op) => op.paging !== null);

/**
 * The JSON pointer, in the bundle, of the schema of an operation's path or query parameter (the
 * operation's own parameter winning over its path item's), for an Ajv check of a value.
 */
export function parameterSchemaPointer(op: TableOperation, name: string, where: 'path' | 'query'): string {
  const paths = spec.paths as Record<string, Json>;
  const item = deref(paths[op.path]!, `/paths/${op.path.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  const method = op.method.toLowerCase();
  const parametersAt = (node: unknown) => (node as { parameters?: Json[] } | undefined)?.parameters ?? [];
  const lists: [string, Json[]][] = [
    [`${item.pointer}/${method}/parameters`, parametersAt((item.value as Record<string, unknown>)[method])],
    [`${item.pointer}/parameters`, parametersAt(item.value)],
  ];
  for (const [at, list] of lists) {
    for (const [i, p] of list.entries()) {
      const found = deref(p, `${at}/${i}`);
      const param = found.value as { name?: string; in?: string };
      if (param.name === name && param.in === where) return `${found.pointer}/schema`;
    }
  }
  throw new Error(`${op.operationId} documents no ${where} parameter ${name}`);
}
