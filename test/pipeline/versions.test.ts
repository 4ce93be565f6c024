// One version for the document and both packages (README "Releases").
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { spec } from '../support/openapi.js';

const pkg = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('versions', () => {
  const document = (spec.info as { version: string }).version;
  it('the packages and the repository carry the document version', () => {
    expect([pkg('.').version, pkg('packages/client').version, pkg('packages/mock').version]).toEqual([document, document, document]);
    expect(pkg('packages/mock').dependencies!['@csms-openapi/client']).toBe(document);
  });

  it('the changelog has an entry for it, the newest one (`## 0.3.0`, or `## 0.3.0 (unreleased)` until it ships)', () => {
    const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    const headings = [...changelog.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    expect(headings[0]).toMatch(new RegExp(`^${escapeRegExp(document)}( \\(unreleased\\))?$`));
    // The same version, not one that merely starts with it (0.3.0 is not 0.3.0-beta or 0.3.01).
    expect(headings.filter((h) => h.split(' ')[0] === document)).toHaveLength(1);
  });
});
