// The generated types accept every example of the document, and reject broken ones: each example
// is compiled as a typed constant against generated/schema.d.ts with the TypeScript compiler.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_DIR } from '../../scripts/lib/paths.mjs';
import { responseExamples } from '../support/openapi.js';

const header = `import type { operations } from ${JSON.stringify(path.join(GENERATED_DIR, 'schema.js'))};
type Body<O extends keyof operations, S extends keyof operations[O]['responses']> =
  operations[O]['responses'][S] extends { content: { 'application/json': infer B } } ? B : never;
`;
const constant = (name: string, operationId: string, status: string, value: unknown) =>
  `export const ${name}: Body<${JSON.stringify(operationId)}, ${status}> = ${JSON.stringify(value, null, 2)};\n`;

const examples = responseExamples();
const seed = examples.find((c) => c.operationId === 'ShowSecret' && c.status === '200')!.value as { secret: Record<string, unknown> };
const BROKEN: Record<string, { operationId: string; status: string; value: unknown; mentions: string }> = {
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
};

let dir: string;
let diagnostics: Map<string, string[]>;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'csms-types-'));
  const files: Record<string, string> = {
    'examples.ts': header + examples.map((c, i) => constant(`example${i}`, c.operationId, c.status, c.value)).join(''),
  };
  for (const [name, b] of Object.entries(BROKEN))
    files[`${name.replaceAll(' ', '-')}.ts`] = header + constant('broken', b.operationId, b.status, b.value);
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
  it(`accepts all ${examples.length} response examples of the document`, () => {
    expect(examples.length).toBeGreaterThanOrEqual(18);
    expect(diagnostics.get('examples.ts')).toEqual([]);
    expect(diagnostics.get('(global)') ?? []).toEqual([]);
  });

  it.each(Object.entries(BROKEN))('rejects an example with %s', (name, b) => {
    const messages = diagnostics.get(`${name.replaceAll(' ', '-')}.ts`)!;
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toContain(b.mentions);
  });
});
