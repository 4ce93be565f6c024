// The bundled document (generated/openapi.json) as tests see it: every example with the schema it
// must satisfy, and an Ajv 2020 validator that is independent of Spectral, Redocly and Prism.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { eachOperation, operationTable, resolve } from '../../packages/mock/src/openapi.js';
import { GENERATED_DIR } from '../../scripts/lib/paths.mjs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The document under test: generated/openapi.json, or the one `CSMS_MOCK_SPEC` names (the write-shapes fixture's project sets it). */
export const BUNDLE_FILE = process.env.CSMS_MOCK_SPEC || path.join(GENERATED_DIR, 'openapi.json');
export const spec = JSON.parse(fs.readFileSync(BUNDLE_FILE, 'utf8')) as JsonObject;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** Follows local `$ref`s (`#/…`) until a non-reference; returns the value and its JSON pointer (the toolkit's one walker). */
export function deref(value: Json, pointer: string): { value: Json; pointer: string } {
  return resolve(spec, value, pointer) as { value: Json; pointer: string };
}

/** The operation table (packages/mock/src/openapi.js), as the build writes it for the client and the mock derives it. */
export const table = operationTable(spec);
/** Every operation of the document, from the table. */
export const operations = Object.values(table.operations);

export interface ExampleCase {
  /** Where the example sits, e.g. `ShowSecret 404 application/json secret_not_found`. */
  name: string;
  /** JSON pointer of the schema the example must satisfy. */
  schemaPointer: string;
  value: Json;
}

export interface ResponseExample extends ExampleCase {
  /** JSON pointer of the (dereferenced) response object: its headers are under `/headers`. */
  responsePointer: string;
  operationId: string;
  method: string;
  path: string;
  status: string;
  mediaType: string;
  exampleName: string;
}

/** Every example of every response of every operation (inline `example` and named `examples`). */
export function responseExamples(): ResponseExample[] {
  const cases: ResponseExample[] = [];
  for (const { path: p, method, operation: op } of eachOperation(spec) as { path: string; method: string; operation: JsonObject }[]) {
    if (!isObject(op.responses)) continue;
    const operationId = String(op.operationId);
    for (const [status, ref] of Object.entries(op.responses)) {
      const base = `/paths/${escapePointer(p)}/${method}/responses/${status}`;
      const response = deref(ref, base);
      // A response without a body (204, or DeleteSecret's empty 200) has no content and no example.
      for (const [mediaType, media] of Object.entries(((response.value as JsonObject).content ?? {}) as JsonObject)) {
        const m = media as JsonObject;
        const schemaPointer = `${response.pointer}/content/${escapePointer(mediaType)}/schema`;
        const named: [string, Json][] =
          m.example !== undefined
            ? [['(inline example)', m.example]]
            : Object.entries((m.examples ?? {}) as JsonObject).map(([n, ex]) => [n, (deref(ex, '').value as JsonObject).value!]);
        for (const [exampleName, value] of named) {
          cases.push({
            name: `${operationId} ${status} ${mediaType} ${exampleName}`,
            responsePointer: response.pointer,
            operationId,
            method,
            path: p,
            status,
            mediaType,
            exampleName,
            schemaPointer,
            value,
          });
        }
      }
    }
  }
  return cases;
}

/** JSON Schema `examples` arrays anywhere in the document (schemas, parameter and header schemas). */
export function schemaExamples(): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const walk = (node: Json, pointer: string) => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => {
        walk(n, `${pointer}/${i}`);
      });
      return;
    }
    if (!isObject(node)) return;
    if (Array.isArray(node.examples)) {
      node.examples.forEach((value, i) => {
        cases.push({ name: `${pointer} examples[${i}]`, schemaPointer: pointer, value });
      });
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'examples') walk(v, `${pointer}/${escapePointer(k)}`);
  };
  walk(spec, '');
  return cases;
}

/**
 * An Ajv 2020 instance that holds `document` as `openapi.json`, with the document's formats;
 * `loose`: formats not asserted, and NaN and the infinities no numbers (JSON has none).
 */
function ajvOver(document: JsonObject, loose = false) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, ...(loose ? { validateFormats: false, strictNumbers: true } : {}) });
  // ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, typed as the namespace.
  (ajvFormats as unknown as typeof ajvFormats.default)(ajv);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
  ajv.addSchema(document, 'openapi.json');
  return ajv;
}
const ajv = ajvOver(spec);

/** A validator for the schema at `pointer` in the bundle (refs inside it resolve against the bundle). */
export function validatorAt(pointer: string): ValidateFunction {
  const id = `openapi.json#${pointer}`;
  return ajv.getSchema(id) ?? ajv.compile({ $ref: id });
}

/** A copy of `node` without its `enum` keywords, except the refusals `not: { enum }`. */
const withoutEnums = (node: Json, underNot = false): Json => {
  if (Array.isArray(node)) return node.map((v) => withoutEnums(v));
  if (!isObject(node)) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => k !== 'enum' || underNot)
      .map(([k, v]) => [k, withoutEnums(v, k === 'not')]),
  );
};
let loose: ReturnType<typeof ajvOver> | undefined;

/**
 * `validatorAt` for a reader that takes enums as open and formats as annotations, as the client
 * reads the document on purpose: any value of an enum's type passes (`not: { enum }` still
 * refuses), so that a value CSMS adds later is never refused (packages/client/README.md, "Hostile
 * servers"); and `format` (`int32`…) asserts nothing, JSON Schema 2020-12's default. NaN and the
 * infinities are no numbers: JSON cannot carry them.
 */
export function looseValidatorAt(pointer: string): ValidateFunction {
  loose ??= ajvOver(withoutEnums(spec) as JsonObject, true);
  const id = `openapi.json#${pointer}`;
  return loose.getSchema(id) ?? loose.compile({ $ref: id });
}

/** Validates and returns Ajv's errors as readable lines ([] when valid). */
export function validate(pointer: string, value: unknown): string[] {
  const v = validatorAt(pointer);
  return v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
}

/** Documented headers of a response: name → JSON pointer of the header's schema. */
export function responseHeaders(responsePointer: string): Record<string, string> {
  const response = deref({ $ref: `#${responsePointer}` }, responsePointer).value as JsonObject;
  return Object.fromEntries(
    Object.entries((response.headers ?? {}) as JsonObject).map(([name, header]) => {
      const h = deref(header, `${responsePointer}/headers/${escapePointer(name)}`);
      return [name, `${h.pointer}/schema`];
    }),
  );
}

/**
 * A concrete request path for an operation: the document's example values for its path
 * parameters (from the operation table), unless overridden.
 */
export function examplePath(template: string, overrides: Record<string, string> = {}): string {
  const op = operations.find((o) => o.path === template);
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(overrides[name] ?? String(op?.params[name]?.example ?? name)),
  );
}

/** The required query parameters of an operation, at the document's examples (`resource_id` of ListGrants…). */
export function requiredQuery(op: (typeof operations)[number]): Record<string, unknown> {
  return Object.fromEntries(
    op.queryParams.filter((name) => op.params[name]?.required).map((name) => [name, op.params[name]?.example ?? name]),
  );
}

/** A concrete request target for an operation: examplePath, and its required query parameters at their examples. */
export function exampleTarget(op: (typeof operations)[number], overrides: Record<string, string> = {}): string {
  const search = new URLSearchParams(Object.entries(requiredQuery(op)).map(([k, v]) => [k, String(v)])).toString();
  return `${examplePath(op.path, overrides)}${search ? `?${search}` : ''}`;
}

export const COMPONENT = {
  schema: (name: string) => `/components/schemas/${escapePointer(name)}`,
  parameter: (name: string) => `/components/parameters/${escapePointer(name)}/schema`,
} as const;
