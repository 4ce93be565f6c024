// The docs' code samples (x-codeSamples, generated into the bundle at build time): the curl
// command, run as a shell runs it against the mock, gets the documented 200; the client sample
// type-checks against the published client package and returns the documented body.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { transform } from 'esbuild';
import ts from 'typescript';
import { describe, expect, inject, it } from 'vitest';
import { responseExamples, spec } from '../support/openapi.js';
import { useScratchDir } from '../support/scratch.js';

type Sample = { lang: string; label: string; source: string };
const operations = Object.values(spec.paths as Record<string, Record<string, { operationId?: string; 'x-codeSamples'?: Sample[] }>>)
  .flatMap((item) => Object.values(item))
  .filter((op) => op.operationId);
const server = (spec.servers as { url: string; variables: { region: { default: string } } }[])[0]!;
const realBase = server.url.replace('{region}', server.variables.region.default);
const documented200 = (operationId: string) => responseExamples().find((c) => c.operationId === operationId && c.status === '200')!.value;

const scratch = useScratchDir('samples');

describe.each(operations.map((op) => [op.operationId!, op] as const))('%s', (operationId, op) => {
  const sample = (label: string) => op['x-codeSamples']!.find((s) => s.label === label)!.source;

  it('has a curl and a client sample', () => {
    expect(op['x-codeSamples']!.map((s) => s.label)).toEqual(['curl', '@csms-openapi/client']);
    expect(sample('curl')).toContain(realBase);
  });

  it('the curl sample, pointed at the mock, gets the documented 200', async () => {
    const command = sample('curl').replace(realBase, inject('mockUrl'));
    const { stdout } = await promisify(execFile)('sh', ['-c', command], { env: { ...process.env, IAM_TOKEN: 'sample-token' } });
    expect(JSON.parse(stdout)).toStrictEqual(documented200(operationId));
  });

  it('the client sample type-checks against @csms-openapi/client and, pointed at the mock, returns the documented body', async () => {
    const file = path.join(scratch.dir, `${operationId}.mts`);
    const source = sample('@csms-openapi/client');
    await fs.writeFile(file, `${source}\nexport {};\n`);
    const program = ts.createProgram([file], {
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: ['node'],
      noEmit: true,
    });
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);

    // Run it: the region swapped for the mock's endpoint, the result returned.
    const fields = /const \{ (.+) \} = await/.exec(source)![1]!;
    const runnable = source
      .replace(/region: '[^']+',/, `endpoint: ${JSON.stringify(inject('mockUrl'))},`)
      .concat(`\nexport const result = { ${fields} };\n`);
    const js = path.join(scratch.dir, `${operationId}.mjs`);
    await fs.writeFile(js, (await transform(runnable, { loader: 'ts', format: 'esm' })).code);
    process.env.IAM_TOKEN = 'sample-token';
    const { result } = (await import(js)) as { result: unknown };
    expect(result).toStrictEqual(documented200(operationId));
  });
});
