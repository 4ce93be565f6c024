// The generated types accept every example of the document, and reject broken ones: each example
// (response bodies and request bodies, every operation) is compiled as a typed constant against
// generated/schema.d.ts with the TypeScript compiler.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachOperation } from '../../packages/mock/src/openapi.js';
import { GENERATED_DIR } from '../../scripts/lib/paths.mjs';
import { deref, operations, responseExamples, spec } from '../support/openapi.js';

// biome-ignore lint/suspicious/noExplicitAny: the bundle is free-form JSON read by tests
type Json = Record<string, any>;

const header = `import type { operations } from ${JSON.stringify(path.join(GENERATED_DIR, 'schema.js'))};
type Body<O extends keyof operations, S extends keyof operations[O]['responses']> =
  operations[O]['responses'][S] extends { content: { 'application/json': infer B } } ? B : never;
type RequestBody<O extends keyof operations> =
  operations[O] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
`;
const constant = (name: string, operationId: string, status: string, value: unknown) =>
  `export const ${name}: Body<${JSON.stringify(operationId)}, ${status}> = ${JSON.stringify(value, null, 2)};\n`;
const requestConstant = (name: string, operationId: string, value: unknown) =>
  `export const ${name}: RequestBody<${JSON.stringify(operationId)}> = ${JSON.stringify(value, null, 2)};\n`;

const examples = responseExamples();
const requests = (eachOperation(spec) as { operation: Json }[]).flatMap(({ operation }) => {
  const media = operation.requestBody ? (deref(operation.requestBody, '').value as Json).content['application/json'] : undefined;
  if (!media) return [];
  const values =
    media.example !== undefined ? [media.example] : Object.values(media.examples as Json).map((e) => (deref(e, '').value as Json).value);
  return values.map((value) => ({ operationId: String(operation.operationId), value }));
});
const first = <T>(operationId: string, status = '200') =>
  examples.find((c) => c.operationId === operationId && c.status === status)!.value as T;
const seed = first<{ secret: Record<string, unknown> }>('ShowSecret');
const list = first<{ secrets: unknown[]; page_info: Record<string, unknown> }>('ListSecrets');
const version = first<{ version: Record<string, unknown> }>('ShowSecretVersion');
const versions = first<{ version_metadatas: Record<string, unknown>[] }>('ListSecretVersions');
const stage = first<{ stage: Record<string, unknown> }>('ShowSecretStage');
const { version_metadata: _metadata, ...versionWithoutMetadata } = version.version;
const { version_id: _versionId, ...stageWithoutVersionId } = stage.stage;

const BROKEN: Record<string, { operationId: string; status?: string; request?: true; value: unknown; mentions: string }> = {
  'state outside the enum': {
    operationId: 'ShowSecret',
    status: '200',
    value: { secret: { ...seed.secret, state: 'ACTIVE' } },
    mentions: '"ACTIVE"',
  },
  'timestamp as a string': {
    operationId: 'ShowSecret',
    status: '200',
    value: { secret: { ...seed.secret, create_time: '1581507580000' } },
    mentions: 'number',
  },
  'secret without id': {
    operationId: 'ShowSecret',
    status: '200',
    value: { secret: { ...seed.secret, id: undefined } },
    mentions: 'undefined',
  },
  'blob as a number': { operationId: 'DownloadSecretBlob', status: '200', value: { secret_blob: 42 }, mentions: 'string' },
  'error without error_code': { operationId: 'DownloadSecretBlob', status: '404', value: { error_msg: 'x' }, mentions: 'error_code' },
  'version without version_metadata': {
    operationId: 'ShowSecretVersion',
    status: '200',
    value: { version: versionWithoutMetadata },
    mentions: 'version_metadata',
  },
  'secret_binary as a byte array': {
    operationId: 'ShowSecretVersion',
    status: '200',
    value: { version: { ...version.version, secret_binary: [0, 1, 2, 3] } },
    mentions: 'string',
  },
  'page_info.current_count as a string': {
    operationId: 'ListSecrets',
    status: '200',
    value: { ...list, page_info: { ...list.page_info, current_count: '1' } },
    mentions: 'number',
  },
  'a list without its secrets array': {
    operationId: 'ListSecrets',
    status: '200',
    value: { page_info: list.page_info },
    mentions: 'secrets',
  },
  'version_stages as one string': {
    operationId: 'ListSecretVersions',
    status: '200',
    value: { version_metadatas: [{ ...versions.version_metadatas[0], version_stages: 'SYSCURRENT' }] },
    mentions: 'string[]',
  },
  'stage without version_id': {
    operationId: 'ShowSecretStage',
    status: '200',
    value: { stage: stageWithoutVersionId },
    mentions: 'version_id',
  },
  'restore request without secret_blob': { operationId: 'UploadSecretBlob', request: true, value: {}, mentions: 'secret_blob' },
  'create request with the retired RDS type': {
    operationId: 'CreateSecret',
    request: true,
    value: { name: 'db', secret_string: 'x', secret_type: 'RDS' },
    mentions: '"RDS"',
  },
  'version request with stages as one string': {
    operationId: 'CreateSecretVersion',
    request: true,
    value: { secret_string: 'x', version_stages: 'SYSCURRENT' },
    mentions: 'string[]',
  },
  'schedule request with the days as a string': {
    operationId: 'DeleteSecretForSchedule',
    request: true,
    value: { recovery_window_in_days: '15' },
    mentions: 'number',
  },
  'a body on the 204 of DeleteSecretStage': {
    operationId: 'DeleteSecretStage',
    status: '204',
    value: { stage: { name: 'blue', version_id: 'v1' } },
    mentions: 'never',
  },
  'import answer without its counts': {
    operationId: 'BatchImportSecrets',
    status: '200',
    value: { error_list: [] },
    mentions: 'total',
  },
  'stage error without error_msg': {
    operationId: 'ShowSecretStage',
    status: '404',
    value: { error_code: 'CSMS.0005' },
    mentions: 'error_msg',
  },
};

let dir: string;
let diagnostics: Map<string, string[]>;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'csms-types-'));
  const files: Record<string, string> = {
    'examples.ts':
      header +
      examples.map((c, i) => constant(`example${i}`, c.operationId, c.status, c.value)).join('') +
      requests.map((c, i) => requestConstant(`request${i}`, c.operationId, c.value)).join(''),
  };
  for (const [name, b] of Object.entries(BROKEN))
    files[`${name.replaceAll(' ', '-')}.ts`] =
      header + (b.request ? requestConstant('broken', b.operationId, b.value) : constant('broken', b.operationId, b.status!, b.value));
  await Promise.all(Object.entries(files).map(([f, text]) => fs.writeFile(path.join(dir, f), text)));
  const program = ts.createProgram(
    Object.keys(files).map((f) => path.join(dir, f)),
    {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
    },
  );
  diagnostics = new Map(Object.keys(files).map((f) => [f, [] as string[]]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? path.basename(d.file.fileName) : '(global)';
    (diagnostics.get(file) ?? diagnostics.set(file, []).get(file)!).push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
}, 60_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('generated/schema.d.ts', () => {
  it('is given every operation: response examples of each, and a request example of each that takes a body', () => {
    expect([...new Set(examples.map((c) => c.operationId))].sort()).toEqual(operations.map((o) => o.operationId).sort());
    expect([...new Set(requests.map((c) => c.operationId))].sort()).toEqual(
      operations
        .filter((o) => o.body)
        .map((o) => o.operationId)
        .sort(),
    );
  });

  it(`accepts all ${examples.length} response examples and ${requests.length} request examples of the document`, () => {
    expect(examples.length).toBeGreaterThanOrEqual(operations.length * 9);
    expect(requests.length).toBeGreaterThan(0);
    expect(diagnostics.get('examples.ts')).toEqual([]);
    expect(diagnostics.get('(global)') ?? []).toEqual([]);
  });

  it.each(Object.entries(BROKEN))('rejects an example with %s', (name, b) => {
    const messages = diagnostics.get(`${name.replaceAll(' ', '-')}.ts`)!;
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toContain(b.mentions);
  });
});
