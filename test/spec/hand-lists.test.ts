// The client's sources never list the document's operations by hand (STANDARDS): its comments
// become the documentation users read in their editor, and a list such as "`ShowSecret` or
// `DownloadSecretBlob`" there goes stale the day an operation is added (issue 25 found one in
// errors.ts, from when the document had two). Naming one operation as an example, or one per line,
// is not a list. (The mock's internal comments may name the operations a function serves.)
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { operations } from '../support/openapi.js';

const SOURCES = ['packages/client/src'];
const ids = operations.map((op) => op.operationId).join('|');
/** Two operationIds joined as a list: "A or B", "A, B", "A and B", "A/B" (backquotes allowed). */
const LIST = new RegExp(`\\b(?:${ids})\\b\`?\\s*(?:,|\\bor\\b|\\band\\b|/)\\s*\`?(?:${ids})\\b`);

const files = (dir: string): string[] =>
  fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.(?:ts|js|mjs)$/.test(e.name) ? [path.join(dir, e.name)] : []));

describe('the packages’ sources', () => {
  it('the pattern finds a hand-written list and leaves one operation alone', () => {
    expect(LIST.test('/** `ShowSecret` or `DownloadSecretBlob` (unset for raw calls). */')).toBe(true);
    expect(LIST.test('(ShowSecret, DownloadSecretBlob)')).toBe(true);
    expect(LIST.test('/** The operationId, e.g. `ShowSecretVersion`. */')).toBe(false);
    expect(LIST.test('what DownloadSecretBlob returns instead of the sealed backup (which UploadSecretBlob restores)')).toBe(false);
  });

  it.each(SOURCES)('%s names no list of operations', (dir) => {
    const found = files(dir).flatMap((file) =>
      fs
        .readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (LIST.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
