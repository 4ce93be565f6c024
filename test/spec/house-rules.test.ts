// Each house rule in .spectral.yaml, and the "invalid examples are errors" promise, proven both
// ways: our document gives no finding, an untouched copy gives none, and a copy broken in exactly
// one way gives exactly that rule's finding. Copies live in a temp folder; openapi/ is never touched.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SPEC_ROOT } from '../../scripts/lib/paths.mjs';
import { BuildError, bundle, lint } from '../../scripts/lib/pipeline.mjs';
import { lintFiles } from '../../scripts/lib/spectral.mjs';
import { BUNDLE_FILE } from '../support/openapi.js';

const SHOW = 'paths/v1_{project_id}_secrets_{secret_name}.yaml';
const LIST = 'paths/v1_{project_id}_secrets.yaml';
const VERSIONS = 'paths/v1_{project_id}_secrets_{secret_name}_versions.yaml';
const STAGE = 'paths/v1_{project_id}_secrets_{secret_name}_stages_{stage_name}.yaml';
let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'csms-rules-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** A fresh copy of the repository's spec and ruleset, with `edit` applied; returns its root file. */
async function brokenCopy(name: string, edit: (dir: string) => Promise<void>) {
  const dir = await fs.mkdtemp(path.join(tmp, `${name}-`));
  await fs.cp(path.join(ROOT, 'openapi'), path.join(dir, 'openapi'), { recursive: true });
  await fs.cp(path.join(ROOT, 'scripts/spectral-functions'), path.join(dir, 'scripts/spectral-functions'), { recursive: true });
  await fs.copyFile(path.join(ROOT, '.spectral.yaml'), path.join(dir, '.spectral.yaml'));
  await edit(path.join(dir, 'openapi'));
  return { root: path.join(dir, 'openapi/openapi.yaml'), ruleset: path.join(dir, '.spectral.yaml') };
}

async function replaceIn(file: string, from: string | RegExp, to: string) {
  const text = await fs.readFile(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`fixture edit did not apply to ${file}`);
  await fs.writeFile(file, next);
}

// A 404 whose body is a copy of Error written inline instead of a reference to it.
const INLINE_ERROR_404 = `    '404':
      description: Not found (the Error schema copied inline instead of referenced).
      content:
        application/json:
          schema:
            type: object
            required: [error_code, error_msg]
            properties:
              error_code: { type: string }
              error_msg: { type: string }
          example: { error_code: CSMS.0005, error_msg: not found }
`;

// [rule, what the copy breaks, the edit, a text every finding's message holds (where the rule names it)]
const FIXTURES: [rule: string, breaks: string, edit: (dir: string) => Promise<void>, mentions?: string][] = [
  [
    'csms-response-example',
    'a response with content but no example',
    (d) =>
      replaceIn(
        path.join(d, SHOW),
        "    '400':",
        "    '206':\n      description: Partial.\n      content:\n        application/json:\n          schema:\n            $ref: ../components/schemas/ShowSecretResponse.yaml\n    '400':",
      ),
  ],
  [
    'csms-response-example',
    'an error response without a body (only a success may have none)',
    (d) =>
      replaceIn(
        path.join(d, SHOW),
        "    '404':\n      $ref: ../components/responses/NotFound.yaml\n",
        "    '404':\n      description: Not found, without a body.\n",
      ),
  ],
  [
    'csms-no-content',
    'a 204 that declares a body',
    (d) =>
      replaceIn(
        path.join(d, SHOW),
        "    '400':",
        "    '204':\n      description: Nothing.\n      content:\n        application/json:\n          schema:\n            $ref: ../components/schemas/ShowSecretResponse.yaml\n          examples:\n            seed:\n              $ref: ../components/examples/SecretSeed.yaml\n    '400':",
      ),
  ],
  [
    'csms-error-schema',
    'a 404 whose body schema is an inline copy of Error',
    (d) => replaceIn(path.join(d, SHOW), / {4}'404':\n.*\n/, INLINE_ERROR_404),
  ],
  [
    'csms-schema-examples',
    'a SecretName schema example with a slash',
    (d) => replaceIn(path.join(d, 'components/schemas/SecretName.yaml'), /\n {2}- test\n/, '\n  - team/test\n'),
  ],
  [
    'csms-schema-examples',
    'a schema example in seconds',
    (d) => replaceIn(path.join(d, 'components/schemas/EpochMillis.yaml'), '  - 1581507580000', '  - 1581507580'),
  ],
  [
    'csms-operation-id-pascal-case',
    'operationId showSecret',
    (d) => replaceIn(path.join(d, SHOW), 'operationId: ShowSecret', 'operationId: showSecret'),
  ],
  [
    'csms-path-parameter-constraints',
    'a stage_name path parameter whose schema has neither pattern nor maxLength',
    (d) => replaceIn(path.join(d, 'components/parameters/StageName.yaml'), '  $ref: ../schemas/StageName.yaml', '  type: string'),
  ],
  [
    'csms-paths-reference-files',
    'a path whose $ref points outside paths/',
    async (d) => {
      await fs.rename(path.join(d, SHOW), path.join(d, 'components/show-secret-path.yaml'));
      await replaceIn(path.join(d, 'openapi.yaml'), `./${SHOW}`, './components/show-secret-path.yaml');
    },
  ],
  [
    'csms-sensitive-values',
    'a secret_string property without x-sensitive',
    (d) => replaceIn(path.join(d, 'components/schemas/Version.yaml'), /(secret_string:\n(?: {4}.*\n)*?) {4}x-sensitive: true\n/, '$1'),
    'secret_string',
  ],
  [
    'csms-sensitive-values',
    'a secret_binary property marked x-sensitive: false',
    (d) =>
      replaceIn(
        path.join(d, 'components/schemas/Version.yaml'),
        /(secret_binary:\n(?: {4}.*\n)*?) {4}x-sensitive: true\n/,
        '$1    x-sensitive: false\n',
      ),
    'secret_binary',
  ],
  [
    'csms-sensitive-values',
    'a secret_blob request property without x-sensitive',
    (d) => replaceIn(path.join(d, 'components/schemas/UploadSecretBlobRequest.yaml'), '    x-sensitive: true\n', ''),
    'secret_blob',
  ],
  ['csms-retry-safety', 'an operation without x-idempotent', (d) => replaceIn(path.join(d, SHOW), '  x-idempotent: true\n', '')],
  [
    'csms-retry-safety',
    'an operation whose x-idempotent is a string, not a boolean',
    (d) => replaceIn(path.join(d, STAGE), '  x-idempotent: true\n', "  x-idempotent: 'yes'\n"),
  ],
  [
    'csms-pagination',
    'an operation with a marker query parameter and no x-pagination',
    (d) => replaceIn(path.join(d, LIST), / {2}x-pagination:\n(?: {4}.*\n)+/, ''),
    'must declare `x-pagination`',
  ],
  [
    'csms-pagination',
    'an x-pagination whose next_marker names a field the 200 body lacks',
    (d) => replaceIn(path.join(d, VERSIONS), 'next_marker: page_info.next_marker', 'next_marker: page_info.next_page'),
    'page_info.next_page',
  ],
  [
    'csms-pagination',
    'an x-pagination whose items names no array of the 200 body',
    (d) => replaceIn(path.join(d, LIST), 'items: secrets', 'items: page_info'),
    'x-pagination.items names no array',
  ],
  [
    'csms-tag-groups',
    'a declared tag that no area of x-tagGroups names',
    (d) => replaceIn(path.join(d, 'openapi.yaml'), /^tags:\n/m, 'tags:\n  - name: Unplaced\n    description: A tag in no area.\n'),
    'Tag "Unplaced" is in no area',
  ],
  [
    'csms-tag-groups',
    "operations' tag Backups left out of its area",
    (d) => replaceIn(path.join(d, 'openapi.yaml'), /^( {4}tags: \[.*?)(?:, Backups\b|\bBackups, )/m, '$1'),
    'Tag "Backups" is in no area',
  ],
  [
    'csms-tag-groups',
    'an area naming a tag the document does not declare',
    (d) => replaceIn(path.join(d, 'openapi.yaml'), /^( {4}tags: \[.*)\]$/m, '$1, No such tag]'),
    'names tag "No such tag", which the document does not declare',
  ],
  [
    'csms-tag-groups',
    'a tag in two areas',
    (d) => replaceIn(path.join(d, 'openapi.yaml'), /^x-tagGroups:\n/m, 'x-tagGroups:\n  - name: Backups again\n    tags: [Backups]\n'),
    'Tag "Backups" is in more than one area',
  ],
  [
    'csms-tag-groups',
    'a document without x-tagGroups',
    (d) => replaceIn(path.join(d, 'openapi.yaml'), /^x-tagGroups:\n(?: {2}.*\n)+/m, ''),
    'x-tagGroups',
  ],
  [
    'oas3-valid-media-example',
    'a named response example with a state outside the enum',
    (d) => replaceIn(path.join(d, 'components/examples/SecretPendingDelete.yaml'), 'state: PENDING_DELETE', 'state: GONE'),
  ],
  [
    'oas3-valid-media-example',
    'a request body example without its required secret_blob',
    (d) => replaceIn(path.join(d, 'components/examples/SecretRestoreRequestVendor.yaml'), /\n {2}secret_blob: .*/, '\n  secret_bob: x'),
  ],
];

describe('our document', () => {
  it('gives no finding at any severity, source tree and bundle', async () => {
    expect(await lintFiles([SPEC_ROOT, BUNDLE_FILE])).toEqual([]);
  });

  // Spectral's shared resolver cache once made csms-error-schema fire on every error response
  // the second time the same files were linted in one process (as build + tests do).
  it('gives the same answer when linted again in the same process', async () => {
    await lintFiles([SPEC_ROOT]);
    expect(await lintFiles([SPEC_ROOT])).toEqual([]);
  });

  it('a 204 without content needs no example (csms-response-example leaves it alone)', async () => {
    const copy = await brokenCopy('no-content', (d) =>
      replaceIn(path.join(d, SHOW), "    '400':", "    '204':\n      description: Nothing to say.\n    '400':"),
    );
    expect(await lintFiles([copy.root], { ruleset: copy.ruleset })).toEqual([]);
  });

  it('an untouched copy (the base of every fixture below) gives no finding either', async () => {
    const copy = await brokenCopy('clean', async () => {});
    expect(await lintFiles([copy.root], { ruleset: copy.ruleset })).toEqual([]);
  });
});

describe('every house rule has a fixture', () => {
  it('each csms-* rule of .spectral.yaml is broken by at least one fixture below', async () => {
    const ruleset = await fs.readFile(path.join(ROOT, '.spectral.yaml'), 'utf8');
    const rules = [...ruleset.matchAll(/^ {2}(csms-[a-z0-9-]+):$/gm)].map((m) => m[1]!);
    expect(rules.length).toBeGreaterThanOrEqual(9);
    expect(rules.filter((r) => !FIXTURES.some(([rule]) => rule === r))).toEqual([]);
  });
});

describe.each(FIXTURES)('%s', (rule, breaks, edit, mentions) => {
  it(`fires on ${breaks}, and nothing else does`, async () => {
    const copy = await brokenCopy(rule, edit);
    const findings = await lintFiles([copy.root], { ruleset: copy.ruleset });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => `${f.code} ${f.severity}`)).toEqual(findings.map(() => `${rule} error`));
    if (mentions) for (const f of findings) expect(f.message).toContain(mentions);
  });
});

describe('the bundle lint', () => {
  it('flags an inline Error copy in a bundle too (where refs are internal)', async () => {
    const doc = JSON.parse(await fs.readFile(BUNDLE_FILE, 'utf8'));
    const errorSchema = structuredClone(doc.components.schemas.Error);
    doc.paths['/v1/{project_id}/secrets/{secret_name}'].get.responses['404'] = {
      description: 'Not found.',
      headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
      content: { 'application/json': { schema: errorSchema, example: { error_code: 'CSMS.0005', error_msg: 'x' } } },
    };
    const file = path.join(tmp, 'inline-error.json');
    await fs.writeFile(file, JSON.stringify(doc));
    expect((await lintFiles([file])).map((f) => f.code)).toEqual(['csms-error-schema']);
  });

  it('flags a value field without x-sensitive in a bundle too, naming the field', async () => {
    const doc = JSON.parse(await fs.readFile(BUNDLE_FILE, 'utf8'));
    delete doc.components.schemas.Version.properties.secret_string['x-sensitive'];
    const file = path.join(tmp, 'unmarked-value.json');
    await fs.writeFile(file, JSON.stringify(doc));
    const findings = await lintFiles([file]);
    expect(findings.map((f) => f.code)).toEqual(['csms-sensitive-values']);
    expect(findings[0]!.message).toContain('secret_string');
  });

  // Why the build lints the bundle as well: Spectral's oas3-schema check is off for the source's
  // `paths` (stoplightio/spectral#2655), which would otherwise hide this structural error.
  // Three Spectral runs over the whole document (the source, then the build's lint of source and
  // bundle) and a bundle: about 13 s at a load of 6 on two cores, past 30 s under heavier load; slow, not stuck.
  it('catches a structural error inside a path file that the source lint cannot see', { timeout: 120_000 }, async () => {
    const copy = await brokenCopy('structural', (d) => replaceIn(path.join(d, SHOW), "      description: The secret's metadata.\n", ''));
    expect(await lintFiles([copy.root], { ruleset: copy.ruleset })).toEqual([]);
    const out = path.join(tmp, 'structural-bundle');
    await fs.mkdir(out);
    const bundleFile = await bundle(out, copy.root);
    const failure = await lint(bundleFile, { sourceRoot: copy.root, ruleset: copy.ruleset }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BuildError);
    expect((failure as Error).message).toMatch(/oas3-schema .*"200" property must have required property "description"/);
  });
});
