// One version for the document and both packages (README "Releases").
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { spec } from '../support/openapi.js';

const pkg = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };

describe('versions', () => {
  const document = (spec.info as { version: string }).version;
  it('the packages and the repository carry the document version', () => {
    expect([pkg('.').version, pkg('packages/client').version, pkg('packages/mock').version]).toEqual([document, document, document]);
    expect(pkg('packages/mock').dependencies!['@csms-openapi/client']).toBe(document);
  });

  it('the changelog has an entry for it', () => {
    expect(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`\n## ${document}\n`);
  });
});
