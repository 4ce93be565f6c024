// @ts-check
// `npm pack` of @csms-openapi/mock (its prepack and postpack): puts into the package what it
// needs outside this repository, the bundled document it serves (openapi.json) and type
// declarations made from its JSDoc (types/, with generated/schema.d.ts for the MSW `http`),
// and removes them again afterwards so the repository holds no copies.
import fs from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { GENERATED_DIR, ROOT } from './lib/paths.mjs';

const MOCK = path.join(ROOT, 'packages/mock');
const ADDED = ['openapi.json', 'types'];

async function prepack() {
  await fs.copyFile(path.join(GENERATED_DIR, 'openapi.json'), path.join(MOCK, 'openapi.json'));
  const types = path.join(MOCK, 'types');
  await fs.rm(types, { recursive: true, force: true });
  const program = ts.createProgram(['index.js', 'msw.js'].map((f) => path.join(MOCK, 'src', f)), {
    allowJs: true,
    checkJs: false,
    declaration: true,
    emitDeclarationOnly: true,
    outDir: types,
    rootDir: path.join(MOCK, 'src'),
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    resolveJsonModule: true,
    skipLibCheck: true,
    types: ['node'],
  });
  const { diagnostics } = program.emit();
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, ts.createCompilerHost({})));
  // The MSW types point at the repository's generated/schema.d.ts; the package carries its own.
  await fs.copyFile(path.join(GENERATED_DIR, 'schema.d.ts'), path.join(types, 'schema.d.ts'));
  for (const file of await fs.readdir(types)) {
    const full = path.join(types, file);
    const text = await fs.readFile(full, 'utf8');
    await fs.writeFile(full, text.replaceAll('../../../generated/schema.js', './schema.js'));
  }
}

async function postpack() {
  await Promise.all(ADDED.map((f) => fs.rm(path.join(MOCK, f), { recursive: true, force: true })));
}

if (process.argv[2] === 'prepack') await prepack();
else if (process.argv[2] === 'postpack') await postpack();
else throw new Error('usage: node scripts/pack-mock.mjs prepack|postpack');
