// @ts-check
// `npm pack` of our packages (their prepack and postpack): puts into a package what it needs
// outside this repository and removes it again afterwards, so the repository holds no copies.
// Both get the project's LICENSE and CHANGELOG.md; the client its fresh dist/; the mock the
// bundled document it serves (openapi.json) and type declarations made from its JSDoc (types/,
// with generated/schema.d.ts for the MSW `http`).
import fs from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { strictProjectOptions } from './lib/strict-ts.mjs';
import { GENERATED_DIR, ROOT } from './lib/paths.mjs';

import { buildClient } from './build-client.mjs';

const MOCK = path.join(ROOT, 'packages/mock');
const SHARED = ['LICENSE', 'CHANGELOG.md'];
const ADDED = { client: SHARED, mock: [...SHARED, 'openapi.json', 'types'] };

/** @param {'client' | 'mock'} name */
async function prepack(name) {
  for (const file of SHARED) await fs.copyFile(path.join(ROOT, file), path.join(ROOT, 'packages', name, file));
  if (name === 'client') {
    await buildClient();
    return;
  }
  await fs.copyFile(path.join(GENERATED_DIR, 'openapi.json'), path.join(MOCK, 'openapi.json'));
  const types = path.join(MOCK, 'types');
  await fs.rm(types, { recursive: true, force: true });
  const program = ts.createProgram(
    ['index.js', 'msw.js'].map((f) => path.join(MOCK, 'src', f)),
    {
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
    },
  );
  const { diagnostics } = program.emit();
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, ts.createCompilerHost({})));
  // The MSW types point at the repository's generated/schema.d.ts; the package carries its own.
  await fs.copyFile(path.join(GENERATED_DIR, 'schema.d.ts'), path.join(types, 'schema.d.ts'));
  // Declarations sit in subfolders too (handlers/, model/): the way up to generated/ is one step longer there.
  for (const file of await fs.readdir(types, { recursive: true })) {
    const full = path.join(types, file);
    if (!(await fs.stat(full)).isFile()) continue;
    const depth = file.split(path.sep).length - 1;
    const text = await fs.readFile(full, 'utf8');
    await fs.writeFile(full, text.replaceAll(`${'../'.repeat(depth + 3)}generated/schema.js`, `./${'../'.repeat(depth)}schema.js`));
  }
  // Only what the two entries reach is shipped: the others are internal modules' declarations.
  const reached = new Set(checkTypes(types));
  for (const file of await fs.readdir(types, { recursive: true })) {
    const full = path.join(types, file);
    if (file.endsWith('.d.ts') && !reached.has(full)) await fs.rm(full);
  }
}

/**
 * The declarations stand on their own, as a user's strict project without skipLibCheck reads
 * them: both entries compile, and none of what they reach is Prism's or pino's (Prism is an
 * optional peer; pino has no types of its own). JSDoc that TypeScript cannot carry into a
 * declaration (a typedef named in another file's inferred type) fails the pack here.
 * @param {string} types
 * @returns {string[]} every file the program read
 */
function checkTypes(types) {
  const program = ts.createProgram(
    ['index.d.ts', 'msw.d.ts'].map((f) => path.join(types, f)),
    strictProjectOptions(['node']),
  );
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  const foreign = program
    .getSourceFiles()
    .map((f) => f.fileName)
    .filter((f) => /node_modules\/(?:@stoplight|pino)\//.test(f));
  if (problems.length > 0 || foreign.length > 0)
    throw new Error(`The mock's type declarations do not stand alone:\n${[...problems, ...foreign.map((f) => `reaches ${f}`)].join('\n')}`);
  return program.getSourceFiles().map((f) => path.resolve(f.fileName));
}

/** @param {'client' | 'mock'} name */
async function postpack(name) {
  await Promise.all(ADDED[name].map((f) => fs.rm(path.join(ROOT, 'packages', name, f), { recursive: true, force: true })));
}

const [name, step] = process.argv.slice(2);
if ((name !== 'client' && name !== 'mock') || (step !== 'prepack' && step !== 'postpack')) {
  throw new Error('usage: node scripts/pack-package.mjs client|mock prepack|postpack');
}
await (step === 'prepack' ? prepack(name) : postpack(name));
