// The breaking-change gate of `npm run check` (scripts/lib/breaking.mjs): a copy of the document,
// broken on purpose, fails against itself as the release until its version may break and
// CHANGELOG.md lists the change; a change that breaks nothing passes without a new version.
// oasdiff is built on first use (about a minute with an empty Go module cache). Without Go (or
// with one too old), the tests here are skipped with a note the summary reporter repeats loudly
// at the end of the run (test/setup/summary-reporter.ts), so that `npm test` works for a
// TypeScript contributor without Go; under CI they fail instead, with what to install.
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkRelease, nextBreakingVersion, parseVersion, START_MARKER, writeApiChanges } from '../../scripts/lib/breaking.mjs';
import { OasdiffUnavailableError, oasdiffBinary } from '../../scripts/lib/oasdiff.mjs';
import { NOT_RUN } from '../setup/summary-reporter.js';
import { onCi } from '../support/fuzz.js';
import { GENERATED_DIR } from '../../scripts/lib/paths.mjs';
import { useScratchDir } from '../support/scratch.js';

interface Schema {
  $ref?: string;
  enum?: string[];
  properties?: Record<string, unknown>;
  required?: string[];
  maxLength?: number;
}
interface Operation {
  operationId?: string;
  parameters?: unknown[];
}
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type PathItem = { parameters?: { $ref?: string }[] } & Partial<Record<(typeof METHODS)[number], Operation>>;
interface Doc {
  info: { version: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, { schema: Schema }> };
}

const scratch = useScratchDir('breaking');
let original: Doc;
/** The smallest version that may break the document's own, e.g. 0.3.0 → 0.4.0. */
let next: string;

/** Why the gate cannot run here (no Go fit to build oasdiff), outside CI; undefined when it can. */
let withoutGo: string | undefined;

beforeAll(async () => {
  try {
    await oasdiffBinary();
  } catch (e) {
    if (!(e instanceof OasdiffUnavailableError && e.noGo) || onCi()) throw e;
    withoutGo = e.message;
    return;
  }
  original = JSON.parse(await fs.readFile(path.join(GENERATED_DIR, 'openapi.json'), 'utf8')) as Doc;
  next = nextBreakingVersion(parseVersion(original.info.version)!);
}, 10 * 60_000);
beforeEach((context) => {
  if (withoutGo) context.skip(`${NOT_RUN}The breaking-change gate did NOT run: ${withoutGo}`);
});

/** The ShowSecret operation and its path item. */
function showSecretAt(doc: Doc): { item: PathItem; op: Operation } {
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) if (item[method]?.operationId === 'ShowSecret') return { item, op: item[method] };
  }
  throw new Error('generated/openapi.json has no ShowSecret operation');
}
const showSecret = (doc: Doc) => showSecretAt(doc).op;
function schema(doc: Doc, name: string): Schema {
  const s = doc.components.schemas[name];
  if (!s) throw new Error(`generated/openapi.json has no ${name} schema`);
  return s;
}

let cases = 0;
/** A repository in miniature: releases/openapi-<version>.json, the document, and CHANGELOG.md. */
async function project(release: Doc, document: Doc) {
  const dir = path.join(scratch.dir, `case-${++cases}`);
  const options = {
    document: path.join(dir, 'openapi.json'),
    releasesDir: path.join(dir, 'releases'),
    changelog: path.join(dir, 'CHANGELOG.md'),
  };
  await fs.mkdir(options.releasesDir, { recursive: true });
  await fs.writeFile(path.join(options.releasesDir, `openapi-${release.info.version}.json`), JSON.stringify(release, null, 2));
  await fs.writeFile(options.document, JSON.stringify(document, null, 2));
  await fs.writeFile(options.changelog, `# Changelog\n\nIntro.\n\n## ${release.info.version}\n\n- What was released.\n`);
  return {
    gate: () => checkRelease(options),
    writeChangelog: () => writeApiChanges(options),
    changelog: () => fs.readFile(options.changelog, 'utf8'),
    changelogFile: options.changelog,
    bump: async () => {
      document.info.version = next;
      await fs.writeFile(options.document, JSON.stringify(document, null, 2));
    },
  };
}

/** A copy of the document; `prepare` applies to both the release and the new document, `breakIt` to the new one only. */
function variants(prepare: (doc: Doc) => void, breakIt: (doc: Doc) => void) {
  const release = structuredClone(original);
  prepare(release);
  const document = structuredClone(release);
  breakIt(document);
  return { release, document };
}

const breakingCases: {
  name: string;
  prepare?: (doc: Doc) => void;
  breakIt: (doc: Doc) => void;
  id: string;
  text: string;
}[] = [
  {
    name: 'a removed response field',
    breakIt: (doc) => {
      const secret = schema(doc, 'Secret');
      expect(secret.required).toContain('name');
      delete secret.properties!.name;
      secret.required = secret.required!.filter((f) => f !== 'name');
    },
    id: 'response-required-property-removed',
    text: 'removed the required property `secret/name` from the response with the `200` status',
  },
  {
    name: 'a narrowed enum',
    // A request must carry the enum for a narrower one to break clients: a `state` filter.
    prepare: (doc) => {
      const op = showSecret(doc);
      op.parameters = [...(op.parameters ?? []), { name: 'state', in: 'query', schema: { $ref: '#/components/schemas/SecretState' } }];
    },
    breakIt: (doc) => {
      const state = schema(doc, 'SecretState');
      expect(state.enum).toContain('FROZEN');
      state.enum = state.enum!.filter((v) => v !== 'FROZEN');
    },
    id: 'request-parameter-enum-value-removed',
    text: 'removed the enum value `FROZEN` from the `query` request parameter `state`',
  },
  {
    // A path item's own parameters (ProjectId, SecretName here) are compared only with --flatten-params.
    name: 'a lower limit on a path parameter',
    breakIt: (doc) => {
      const ref = showSecretAt(doc).item.parameters?.find((p) => p.$ref?.endsWith('/SecretName'))?.$ref;
      expect(ref, "ShowSecret's path item declares the SecretName parameter").toBeDefined();
      const parameter = doc.components.parameters[ref!.split('/').at(-1)!]!;
      const target = parameter.schema.$ref ? schema(doc, parameter.schema.$ref.split('/').at(-1)!) : parameter.schema;
      expect(target.maxLength).toBe(64);
      target.maxLength = 32;
    },
    id: 'request-parameter-max-length-decreased',
    text: 'for the `path` request parameter `secret_name`, the maxLength was decreased from `64` to `32`',
  },
  {
    name: 'a new required query parameter',
    breakIt: (doc) => {
      const op = showSecret(doc);
      op.parameters = [...(op.parameters ?? []), { name: 'fields', in: 'query', required: true, schema: { type: 'string' } }];
    },
    id: 'new-required-request-parameter',
    text: 'added the new required `query` request parameter `fields`',
  },
];

describe.each(breakingCases)('$name', ({ prepare = () => {}, breakIt, id, text }) => {
  it('fails the gate while the version stays, naming the change and what to do', async () => {
    const { release, document } = variants(prepare, breakIt);
    const { gate } = await project(release, document);
    const result = await gate();
    expect(result.breaking).toContainEqual(expect.objectContaining({ id, operationId: 'ShowSecret', text }));
    expect(result.message).toContain(`(ShowSecret): ${text} [${id}]`);
    expect(result.message).toContain('which version');
    expect(result.message).toContain(`as ${next}: set info.version in openapi/openapi.yaml`);
  });

  it(`passes with the version raised and the change listed by \`npm run changelog\``, async () => {
    const { release, document } = variants(prepare, breakIt);
    const { gate, writeChangelog, changelog, changelogFile, bump } = await project(release, document);
    await bump();

    // A version that may break, but no list of changes yet.
    const unlisted = await gate();
    expect(unlisted.message).toContain(`has no generated list of API changes for ${next}`);
    expect(unlisted.message).toContain(`(ShowSecret): ${text} [${id}]`);
    expect(unlisted.message).toContain('run `npm run changelog`');

    await writeChangelog();
    const written = await changelog();
    expect(written).toContain(`## ${next} (unreleased)\n\n${START_MARKER}\n`);
    expect(written.split('\n')).toContainEqual(expect.stringMatching(/^- \*\*Breaking:\*\* `[A-Z]+ \/\S+` \(ShowSecret\): /));
    expect(written).toContain(`(ShowSecret): ${text}\n`);
    expect(written).toContain(`## ${release.info.version}\n\n- What was released.\n`);
    expect((await gate()).message).toBeNull();

    // A hand edit inside the markers is stale again.
    await fs.writeFile(changelogFile, written.replace('**Breaking:** ', ''));
    expect((await gate()).message).toContain(`the API changes listed for ${next} are not what oasdiff finds`);
  });
});

describe('a change that breaks nothing', () => {
  it('passes without a new version: a new optional response field', async () => {
    const { release, document } = variants(
      () => {},
      (doc) => {
        schema(doc, 'Secret').properties!.labels = { type: 'object', additionalProperties: { type: 'string' } };
      },
    );
    const { gate } = await project(release, document);
    const result = await gate();
    expect(result.message).toBeNull();
    expect(result.breaking).toEqual([]);
    expect(result.changes).toContainEqual(expect.objectContaining({ id: 'response-optional-property-added', operationId: 'ShowSecret' }));
  });
});

describe('this repository', () => {
  it('generated/openapi.json passes the gate against the newest release in releases/', async () => {
    expect((await checkRelease()).message).toBeNull();
  });
});
