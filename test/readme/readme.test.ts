// Every TypeScript and JavaScript block of the READMEs is type-checked against the packages as a
// user imports them, so a snippet that drifts from the code fails here. Blocks whose info string
// says `ts run` also run (they start their own mock), and what they print (as console.log prints
// it, on one line) is checked against the `// …` comments at the ends of their console.log lines.
// A comment may shorten what is printed: `…` stands for any text, and a bare key in an object
// (`{ time, status: 200 }`) for that key with any value.
import fs from 'node:fs/promises';
import path from 'node:path';
import { formatWithOptions } from 'node:util';
import { transform } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { useScratchDir } from '../support/scratch.js';

const READMES = ['README.md', 'packages/client/README.md', 'packages/mock/README.md'];

interface Block {
  readme: string;
  line: number;
  lang: string;
  run: boolean;
  code: string;
}

async function blocks(): Promise<Block[]> {
  const out: Block[] = [];
  for (const readme of READMES) {
    const text = await fs.readFile(path.join(ROOT, readme), 'utf8');
    for (const m of text.matchAll(/^```(ts|typescript|js|javascript)( run)?\n([\s\S]*?)^```$/gm)) {
      out.push({ readme, line: text.slice(0, m.index).split('\n').length, lang: m[1]!, run: Boolean(m[2]), code: m[3]! });
    }
  }
  return out;
}

const all = await blocks();
const scratch = useScratchDir('readme');

/** A printed line against a comment: equal, or matching the comment's shorthand (`…`, bare keys). */
function printedMatches(printed: string, comment: string): boolean {
  if (printed === comment) return true;
  const pattern = comment
    .split('…')
    .map((part) =>
      part
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        // A bare key right after `{ ` or `, ` and before `,` or ` }`: the key with any value.
        .replace(/(?<=(?:\\\{|,) )([A-Za-z_$][\w$]*)(?=,| \\\})/g, '$1: [^,]*?'),
    )
    .join('.*?');
  return new RegExp(`^${pattern}$`).test(printed);
}

const fileFor = (b: Block, ext: string) => path.join(scratch.dir, `${b.readme.replace(/\W+/g, '_')}_${b.line}${ext}`);

describe('the comment shorthand', () => {
  it('matches what it stands for, and nothing else', () => {
    expect(printedMatches('ENABLED', 'ENABLED')).toBe(true);
    expect(printedMatches('DISABLED', 'ENABLED')).toBe(false);
    expect(
      printedMatches("{ id: 'v2', create_time: 1, version_stages: [ 'SYSCURRENT' ] }", "{ id: 'v2', …, version_stages: [ 'SYSCURRENT' ] }"),
    ).toBe(true);
    expect(
      printedMatches("{ id: 'v3', create_time: 1, version_stages: [ 'SYSCURRENT' ] }", "{ id: 'v2', …, version_stages: [ 'SYSCURRENT' ] }"),
    ).toBe(false);
    expect(printedMatches("{ time: '2026-01-01T00:00:00.000Z', status: 200, requestId: 'abc' }", '{ time, status: 200, requestId }')).toBe(
      true,
    );
    expect(printedMatches("{ time: '2026-01-01T00:00:00.000Z', status: 404, requestId: 'abc' }", '{ time, status: 200, requestId }')).toBe(
      false,
    );
    expect(printedMatches('[ 429, 429, 200 ]', '[ 429, 429, 200 ]')).toBe(true);
  });
});

describe('README code blocks', () => {
  it('there are blocks to check, some of them run', () => {
    expect(all.length).toBeGreaterThanOrEqual(7);
    expect(all.filter((b) => b.run).length).toBeGreaterThanOrEqual(4);
  });

  it('all type-check (strict) against @csms-openapi/client and @csms-openapi/mock', async () => {
    const files: string[] = [];
    for (const b of all) {
      // CommonJS blocks are scripts; the others are ES modules (top-level await).
      const cjs = /\brequire\(/.test(b.code);
      const file = fileFor(b, cjs ? '.cts' : '.mts');
      await fs.writeFile(file, cjs ? b.code : `${b.code}\nexport {};\n`);
      files.push(file);
    }
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      allowJs: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: ['node'],
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const block = all[files.indexOf(d.file?.fileName ?? '')];
      return `${block ? `${block.readme}:${block.line}` : d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  }, 60_000);

  it.each(all.filter((b) => b.run).map((b) => [`${b.readme}:${b.line}`, b] as const))(
    '%s runs and prints what its comments say',
    async (_where, b) => {
      const expected = [...b.code.matchAll(/console\.log\(.*\); \/\/ (.+)$/gm)].map((m) => m[1]!.trim());
      const printed: string[] = [];
      // As console.log formats its arguments (util.inspect for objects), on one line.
      const spy = vi
        .spyOn(console, 'log')
        .mockImplementation(
          (...args: unknown[]) => void printed.push(formatWithOptions({ breakLength: Number.POSITIVE_INFINITY }, ...args)),
        );
      try {
        const file = fileFor(b, '.mjs');
        await fs.writeFile(file, (await transform(b.code, { loader: 'ts', format: 'esm' })).code);
        await import(file);
      } finally {
        spy.mockRestore();
      }
      expect(printed).toHaveLength(expected.length);
      for (const [i, line] of printed.entries()) expect(printedMatches(line, expected[i]!), `line ${i + 1}: ${line}`).toBe(true);
    },
    30_000,
  );
});
