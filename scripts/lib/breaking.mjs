// @ts-check
// The document as a release. releases/openapi-<version>.json keeps each released bundle; oasdiff
// compares the newest with generated/openapi.json. A breaking change (oasdiff level ERR) needs a
// new version that may break (0.x: a higher minor; from 1.0: a higher major) and a CHANGELOG.md
// section for it whose generated list (between the api-changes markers) is oasdiff's list.
import fs from 'node:fs/promises';
import path from 'node:path';
import { runOasdiff } from './oasdiff.mjs';
import { GENERATED_DIR, ROOT } from './paths.mjs';

export const RELEASES_DIR = path.join(ROOT, 'releases');
export const CHANGELOG = path.join(ROOT, 'CHANGELOG.md');
export const DOCUMENT = path.join(GENERATED_DIR, 'openapi.json');
export const START_MARKER = '<!-- api-changes:start -->';
export const END_MARKER = '<!-- api-changes:end -->';
/** The releases, the document or the changelog are not what the gate needs; the message says what to do. */
export class GateError extends Error {}

/** oasdiff's levels: 3 is ERR (breaking), 2 is WARN (may break some clients), 1 is INFO. */
export const BREAKING = 3;
const WARNING = 2;
/** Said by the section's heading already. */
const LEFT_OUT = new Set(['api-version-changed']);

/**
 * One entry of `oasdiff changelog -f json`.
 * @typedef {{ id: string, text: string, level: number, operation?: string, operationId?: string, path?: string, section?: string }} ApiChange
 */

/** @typedef {{ major: number, minor: number, patch: number, pre: string }} Version */

/** @param {string} v @returns {Version | null} */
export function parseVersion(v) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '' } : null;
}

/** @param {Version} a @param {Version} b @returns {number} */
function compareVersions(a, b) {
  const d = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (d !== 0) return d;
  if (a.pre === b.pre) return 0;
  if (!a.pre || !b.pre) return a.pre ? -1 : 1;
  return a.pre < b.pre ? -1 : 1;
}

/** May `next` break what `released` promised? 0.x: a higher minor (or 1.0); from 1.0: a higher major. */
export function mayBreak(/** @type {Version} */ released, /** @type {Version} */ next) {
  return released.major === 0 ? next.major > 0 || next.minor > released.minor : next.major > released.major;
}

/** The smallest version after `v` that may break, e.g. 0.2.0 → 0.3.0, 1.4.2 → 2.0.0. */
export function nextBreakingVersion(/** @type {Version} */ v) {
  return v.major === 0 ? `0.${v.minor + 1}.0` : `${v.major + 1}.0.0`;
}

/** @param {string} file */
const shown = (file) => (file.startsWith(ROOT + path.sep) ? path.relative(ROOT, file).split(path.sep).join('/') : file);

/**
 * The newest release in `dir` (files named openapi-<version>.json).
 * @param {string} [dir]
 * @returns {Promise<{ file: string, version: string }>}
 */
export async function newestRelease(dir = RELEASES_DIR) {
  const names = await fs.readdir(dir).catch(() => /** @type {string[]} */ ([]));
  const releases = names
    .map((name) => ({ name, version: /^openapi-(.+)\.json$/.exec(name)?.[1] ?? '' }))
    .map((r) => ({ ...r, parsed: parseVersion(r.version) }))
    .filter((r) => r.parsed !== null)
    .sort((a, b) => compareVersions(/** @type {Version} */ (b.parsed), /** @type {Version} */ (a.parsed)));
  const newest = releases[0];
  if (!newest) throw new GateError(`No released document in ${shown(dir)} (files named openapi-<version>.json).`);
  return { file: path.join(dir, newest.name), version: newest.version };
}

/** @param {string} file @returns {Promise<string>} its info.version */
async function documentVersion(file) {
  let doc;
  try {
    doc = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    throw new GateError(`${shown(file)} cannot be read as JSON: ${/** @type {Error} */ (e).message}`);
  }
  const version = doc?.info?.version;
  if (typeof version !== 'string') throw new GateError(`${shown(file)} has no info.version`);
  return version;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Every change oasdiff finds from `baseFile` to `revisionFile`, breaking first, in a stable order.
 * @param {string} baseFile @param {string} revisionFile
 * @returns {Promise<ApiChange[]>}
 */
export async function apiChanges(baseFile, revisionFile) {
  const { code, stdout, stderr } = await runOasdiff([
    'changelog',
    baseFile,
    revisionFile,
    '--format',
    'json',
    // Path parameters sit on the path item here; without this flag oasdiff never compares them.
    '--flatten-params',
    '--allow-external-refs=false',
    '--lang',
    'en',
  ]);
  if (code !== 0)
    throw new GateError(`oasdiff changelog ${shown(baseFile)} ${shown(revisionFile)} failed (exit ${code}):\n${stderr || stdout}`);
  /** @type {ApiChange[]} */
  const changes = JSON.parse(stdout || '[]') ?? [];
  const method = (/** @type {ApiChange} */ c) => METHODS.indexOf((c.operation ?? '').toLowerCase());
  // Code-point order, not localeCompare: the list must come out the same on every machine.
  const cmp = (/** @type {string} */ a, /** @type {string} */ b) => (a < b ? -1 : a > b ? 1 : 0);
  return changes
    .filter((c) => !LEFT_OUT.has(c.id))
    .map((c) => ({ ...c, text: c.text.replace(/\s+/g, ' ').trim() }))
    .sort(
      (a, b) => b.level - a.level || cmp(a.path ?? '', b.path ?? '') || method(a) - method(b) || cmp(a.id, b.id) || cmp(a.text, b.text),
    );
}

/** Where a change is: `GET /path` (OperationId), or the document's section for changes outside paths. */
function where(/** @type {ApiChange} */ c) {
  if (c.path) return `\`${c.operation ? `${c.operation} ` : ''}${c.path}\`${c.operationId ? ` (${c.operationId})` : ''}`;
  return c.section ?? '';
}

/** One line of a list (Markdown or plain): where, what, and how bad. */
export function describeChange(/** @type {ApiChange} */ c) {
  const at = where(c);
  return `${at ? `${at}: ` : ''}${c.text}`;
}

/**
 * The Markdown between the markers (without them) for the changes since release `baseVersion`.
 * @param {ApiChange[]} changes @param {{ baseVersion: string, baseFile: string }} base
 */
export function renderApiChanges(changes, { baseVersion, baseFile }) {
  const breaking = changes.filter((c) => c.level >= BREAKING).length;
  const lines = [
    `<!-- Generated by \`npm run changelog\` (oasdiff, releases/${path.basename(baseFile)} → generated/openapi.json): edit outside the markers. -->`,
    '',
  ];
  if (changes.length === 0) lines.push(`No changes to the document since ${baseVersion}.`);
  else {
    lines.push(
      `Changes to the document since ${baseVersion} (${breaking === 0 ? 'no breaking changes' : count(breaking, 'breaking change')}):`,
      '',
    );
    for (const c of changes) {
      const mark = c.level >= BREAKING ? '**Breaking:** ' : c.level >= WARNING ? '**Possibly breaking:** ' : '';
      lines.push(`- ${mark}${describeChange(c)}`);
    }
  }
  return `${lines.join('\n')}\n\n`;
}

const HEADING = /^## v?(\S+)/;

/**
 * The line range of the `## <version>` section (its heading included), or null.
 * @param {string[]} lines @param {string} version
 */
function findSection(lines, version) {
  const start = lines.findIndex((l) => HEADING.exec(l)?.[1] === version);
  if (start < 0) return null;
  const next = lines.findIndex((l, i) => i > start && /^## /.test(l));
  return { start, end: next < 0 ? lines.length : next };
}

/**
 * What the changelog's section for `version` holds between the markers, or null (no such section or no markers).
 * @param {string} text @param {string} version
 */
export function listedApiChanges(text, version) {
  const lines = text.replaceAll('\r\n', '\n').split('\n');
  const section = findSection(lines, version);
  if (!section) return null;
  const body = lines.slice(section.start, section.end);
  const from = body.indexOf(START_MARKER);
  const to = body.indexOf(END_MARKER);
  if (from < 0 || to < from) return null;
  return `${body.slice(from + 1, to).join('\n')}\n`;
}

/**
 * `text` with the generated list of `version`'s section replaced by `list`. Adds the markers after
 * the section's heading when it has none, and a `## <version> (unreleased)` section above the
 * newest one when there is none; everything else stays as it is.
 * @param {string} text @param {string} version @param {string} list from renderApiChanges
 */
export function withApiChanges(text, version, list) {
  const lines = text.replaceAll('\r\n', '\n').split('\n');
  const block = [START_MARKER, ...list.replace(/\n$/, '').split('\n'), END_MARKER];
  const section = findSection(lines, version);
  if (!section) {
    const newest = lines.findIndex((l) => /^## /.test(l));
    const added = [`## ${version} (unreleased)`, '', ...block, ''];
    if (newest >= 0) lines.splice(newest, 0, ...added);
    else {
      while (lines.at(-1) === '') lines.pop();
      lines.push('', ...added);
    }
    return lines.join('\n');
  }
  const from = lines.indexOf(START_MARKER, section.start);
  const to = lines.indexOf(END_MARKER, section.start);
  if (from >= 0 && from < section.end && to > from && to < section.end) lines.splice(from, to - from + 1, ...block);
  else lines.splice(section.start + 1, 0, '', ...block);
  return lines.join('\n');
}

/**
 * @typedef {object} GateOptions
 * @property {string} [document] the document to gate (default generated/openapi.json)
 * @property {string} [releasesDir] where released documents are kept (default releases/)
 * @property {string} [changelog] default CHANGELOG.md
 */

/**
 * The release gate: breaking changes since the newest release need a version that may break them
 * and a fresh generated list in that version's CHANGELOG section.
 * @param {GateOptions} [options]
 * @returns {Promise<{ release: { file: string, version: string }, version: string, changes: ApiChange[], breaking: ApiChange[],
 *   problems: string[], message: string | null }>} `message` is null when the gate passes
 */
export async function checkRelease({ document = DOCUMENT, releasesDir = RELEASES_DIR, changelog = CHANGELOG } = {}) {
  const release = await newestRelease(releasesDir);
  const [version, releasedAs, changes] = await Promise.all([
    documentVersion(document),
    documentVersion(release.file),
    apiChanges(release.file, document),
  ]);
  const breaking = changes.filter((c) => c.level >= BREAKING);
  /** @type {string[]} */
  const problems = [];
  const [ours, released] = [parseVersion(version), parseVersion(release.version)];
  if (releasedAs !== release.version) problems.push(`${shown(release.file)} says info.version ${releasedAs}, not ${release.version}.`);
  if (!ours || !released) {
    problems.push(`info.version ${version} of ${shown(document)} is not a semantic version (like 0.3.0).`);
    return result();
  }
  const order = compareVersions(ours, released);
  if (order < 0) problems.push(`info.version ${version} is lower than the newest release, ${release.version}.`);
  if (breaking.length > 0 && !mayBreak(released, ours)) {
    const next = nextBreakingVersion(released);
    problems.push(
      [
        `${count(breaking.length, 'breaking change')} since release ${release.version}, which version ${version} may not make (${next} may):`,
        ...breaking.map((c) => `- ${describeChange(c)} [${c.id}]`),
        `What to do: undo ${breaking.length === 1 ? 'it' : 'them'}, or release ${breaking.length === 1 ? 'it' : 'them'} as ${next}: ` +
          `set info.version in openapi/openapi.yaml and the version of every package.json to ${next}, run \`npm run build\` and ` +
          '`npm run changelog`, and say in CHANGELOG.md what users must change.',
      ].join('\n'),
    );
  }
  // A released version's section is history; an unreleased one must list what oasdiff finds.
  if (order > 0) {
    const text = await fs.readFile(changelog, 'utf8').catch(() => '');
    const listed = listedApiChanges(text, version);
    const expected = renderApiChanges(changes, { baseVersion: release.version, baseFile: release.file });
    if (listed !== expected) {
      const missing = breaking.filter((c) => !(listed ?? '').includes(describeChange(c)));
      problems.push(
        [
          listed === null
            ? `${shown(changelog)} has no generated list of API changes for ${version} (no \`## ${version}\` section, or no ${START_MARKER} and ${END_MARKER} in it).`
            : `${shown(changelog)}: the API changes listed for ${version} are not what oasdiff finds since ${release.version} (stale).`,
          ...(missing.length > 0
            ? [`It does not list ${count(missing.length, 'breaking change')}:`, ...missing.map((c) => `- ${describeChange(c)} [${c.id}]`)]
            : []),
          'What to do: run `npm run changelog` (it rewrites only the part between the markers) and commit CHANGELOG.md.',
        ].join('\n'),
      );
    }
  }
  return result();

  function result() {
    const message =
      problems.length === 0
        ? null
        : [
            `Breaking-change gate (oasdiff, ${shown(release.file)} → ${shown(document)}) failed:`,
            ...problems.map((p) => `- ${p.replaceAll('\n', '\n  ')}`),
          ].join('\n');
    return { release, version, changes, breaking, problems, message };
  }
}

/** @param {number} n @param {string} noun */
const count = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * Rewrites the generated list of API changes in CHANGELOG.md for the document's version (what
 * `npm run changelog` does).
 * @param {GateOptions} [options]
 * @returns {Promise<{ version: string, release: string, changes: ApiChange[], written: boolean }>} `written`: the file changed
 */
export async function writeApiChanges({ document = DOCUMENT, releasesDir = RELEASES_DIR, changelog = CHANGELOG } = {}) {
  const release = await newestRelease(releasesDir);
  const [version, changes] = await Promise.all([documentVersion(document), apiChanges(release.file, document)]);
  const [ours, released] = [parseVersion(version), parseVersion(release.version)];
  if (!ours || !released || compareVersions(ours, released) <= 0) {
    throw new GateError(
      `info.version of ${shown(document)} is ${version}, not above the newest release (${release.version}): ` +
        'raise it (openapi/openapi.yaml, then `npm run build`) before listing its changes.',
    );
  }
  const before = await fs.readFile(changelog, 'utf8');
  const after = withApiChanges(before, version, renderApiChanges(changes, { baseVersion: release.version, baseFile: release.file }));
  if (after !== before) await fs.writeFile(changelog, after);
  return { version, release: release.version, changes, written: after !== before };
}
