// Builds the write-shapes fixture (test/fixtures/write-shapes/README.md): the real document's
// root with the fixture's paths added, bundled, linted with the house rules and turned into an
// operation table and types, into the fixture's generated/ folder, for the `write-shapes` test
// project (vitest.config.ts), which runs the table-driven tests against it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { bundle, writeConstants, writeOperations, writeTypes } from '../../scripts/lib/pipeline.mjs';
import { ROOT, SPEC_ROOT } from '../../scripts/lib/paths.mjs';
import { formatFindings, lintFiles } from '../../scripts/lib/spectral.mjs';

export const FIXTURE_DIR = path.join(ROOT, 'test/fixtures/write-shapes');
export const FIXTURE_OUT = path.join(FIXTURE_DIR, 'generated');

/** The fixture's root: the real root, its path refs made absolute, the widget paths and tag added. */
async function writeRoot(): Promise<string> {
  const root = parse(await fs.readFile(SPEC_ROOT, 'utf8'));
  const specDir = path.dirname(SPEC_ROOT);
  for (const item of Object.values(root.paths) as { $ref: string }[]) item.$ref = path.join(specDir, item.$ref);
  root.paths['/v1/{project_id}/widgets'] = { $ref: path.join(FIXTURE_DIR, 'paths/widgets.yaml') };
  root.paths['/v1/{project_id}/widgets/{widget_id}'] = { $ref: path.join(FIXTURE_DIR, 'paths/widgets_{widget_id}.yaml') };
  root.tags.push({ name: 'Widgets', description: 'A fixture: write shapes the real document may not have yet.' });
  root['x-tagGroups']?.push({ name: 'Fixtures', tags: ['Widgets'] });
  const file = path.join(FIXTURE_OUT, 'openapi.src.yaml');
  await fs.writeFile(file, stringify(root));
  return file;
}

/** Builds the fixture into FIXTURE_OUT; returns the bundle's path. */
export async function buildWriteShapes(): Promise<string> {
  await fs.rm(FIXTURE_OUT, { recursive: true, force: true });
  await fs.mkdir(FIXTURE_OUT, { recursive: true });
  const bundleFile = await bundle(FIXTURE_OUT, await writeRoot());
  const findings = await lintFiles([bundleFile]);
  if (findings.length > 0) throw new Error(`The write-shapes fixture breaks the house rules:\n${formatFindings(findings)}`);
  await Promise.all([
    writeOperations(bundleFile, FIXTURE_OUT),
    writeTypes(bundleFile, FIXTURE_OUT),
    writeConstants(bundleFile, FIXTURE_OUT),
  ]);
  return bundleFile;
}
