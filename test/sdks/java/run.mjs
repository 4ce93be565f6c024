// @ts-check
// The official Huawei Cloud Java SDK (com.huaweicloud.sdk:huaweicloud-sdk-csms, pinned in pom.xml) against csms-mock
// (test/sdks/README.md): fetches the SDK's own files and checks them against sdk.sha256 (Maven Central has no checksum
// for some of them), builds the program with Maven, strict checksums on, then runs it and passes its RESULT line on.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { finish, MISSING_TOOLCHAIN, requireTool, run } from '../support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SUITE = { suite: 'java', tool: 'huaweicloud-sdk-csms (Java)' };
const VERSION = /<huaweicloud\.sdk\.version>([^<]+)</.exec(fs.readFileSync(path.join(HERE, 'pom.xml'), 'utf8'))?.[1] ?? 'unknown';

const java = requireTool('java', ['-version'], 'Java 17 or later (e.g. Temurin 17)');
requireTool('mvn', ['-v'], 'Apache Maven 3.8 or later');
// `java -version` says `openjdk version "17.0.15"` (or "1.8.0_…" for Java 8); the pom compiles for release 17.
const major = Number(/version "(?:1\.)?(\d+)/.exec(java)?.[1] ?? 17);
if (major < 17) {
  console.error(`${java}: the Java suite needs Java 17 or later (e.g. Temurin 17), then run npm run test:sdks again.`);
  process.exit(MISSING_TOOLCHAIN);
}

// Build output goes to the runner's cache, not into the repository; the local Maven repository is the default (~/.m2).
const cache = process.env.CSMS_SDK_CACHE ?? path.resolve(HERE, '../../../node_modules/.cache/csms-openapi/sdks');
const buildDir = path.join(cache, 'java');
// What the build depends on: when it matches the last successful build's and every jar is still there, Maven (5 s or
// more even with nothing to do) is skipped.
const PINS_FILE = path.join(HERE, 'sdk.sha256');
const FETCH_POM = path.join(HERE, 'fetch-sdk.pom.xml');
const sources = [path.join(HERE, 'pom.xml'), FETCH_POM, PINS_FILE, ...listFiles(path.join(HERE, 'src'))].sort();
const inputs = crypto.createHash('sha256');
for (const file of sources)
  inputs
    .update(`${path.relative(HERE, file)}\0`)
    .update(fs.readFileSync(file))
    .update('\0');
const stamp = inputs.digest('hex');
const stampFile = path.join(buildDir, 'inputs.sha256');
const classpathFile = path.join(buildDir, 'classpath.txt');
const jars = () => fs.readFileSync(classpathFile, 'utf8').trim().split(path.delimiter);
const upToDate =
  fs.existsSync(stampFile) &&
  fs.readFileSync(stampFile, 'utf8') === stamp &&
  fs.existsSync(classpathFile) &&
  fs.existsSync(path.join(buildDir, 'classes/csms/sdksuite/Suite.class')) &&
  jars().every((jar) => fs.existsSync(jar));

if (!upToDate) {
  fs.rmSync(stampFile, { force: true });
  const unpinned = fetchPinned();
  if (unpinned.length > 0) finish({ ...SUITE, version: VERSION, passed: 0, failed: unpinned.length, failures: unpinned });
  // -C: a missing or wrong checksum fails the build (Maven has no lock file; the pom pins every version instead). Debian's
  // Maven 3.8 prints colour resets even with -B and style.color=never: its output is shown without them, blank lines dropped.
  const build = spawnSync('mvn', ['-B', '-q', '-C', '-Dstyle.color=never', `-Dcsms.build.directory=${buildDir}`, 'compile'], {
    cwd: HERE,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const buildOutput = stripVTControlCharacters(`${build.stdout ?? ''}${build.stderr ?? ''}`).replace(/^\s*\n/gm, '');
  if (buildOutput) process.stdout.write(buildOutput);
  if (build.status !== 0 || !fs.existsSync(classpathFile)) {
    finish({
      ...SUITE,
      version: VERSION,
      passed: 0,
      failed: 1,
      failures: [`mvn compile failed (exit ${build.status ?? build.error?.message}); see its output above`],
    });
  }
  fs.writeFileSync(stampFile, stamp);
}

// Every run: the SDK jars on the class path are the pinned ones (the local Maven repository is shared and may change).
const pins = readPins();
const sdkJars = new Map(jars().flatMap((jar) => (pins.has(path.basename(jar)) ? [[path.basename(jar), jar]] : [])));
const wrongJars = checkPins(new Map([...pins].filter(([name]) => name.endsWith('.jar'))), sdkJars);
if (wrongJars.length > 0) finish({ ...SUITE, version: VERSION, passed: 0, failed: wrongJars.length, failures: wrongJars });
console.log(`The SDK jars on the class path (${[...sdkJars.keys()].join(', ')}) have the SHA-256 pinned in sdk.sha256`);

const classpath = [path.join(buildDir, 'classes'), ...jars()].join(path.delimiter);
const program = await run('java', ['-cp', classpath, 'csms.sdksuite.Suite'], { cwd: HERE });

// The program prints its own RESULT line (already shown above); read it back for the exit code.
const line = [...program.out.matchAll(/^RESULT (\{.*\})$/gm)].pop()?.[1];
/** @type {{ passed?: number, failed?: number } | undefined} */
let result;
try {
  result = line ? JSON.parse(line) : undefined;
} catch {}
if (!result || typeof result.passed !== 'number' || typeof result.failed !== 'number') {
  finish({
    ...SUITE,
    version: VERSION,
    passed: 0,
    failed: 1,
    failures: [`the Java program printed no RESULT line (exit ${program.code})`],
  });
}
process.exit(result.failed === 0 && result.passed > 0 && program.code === 0 ? 0 : 1);

/**
 * Fetches the SDK's files that Maven Central serves without checksums (fetch-sdk.pom.xml says which and how) into the
 * local Maven repository, and checks copies of them against sdk.sha256. @returns {string[]} what is wrong, if anything
 */
function fetchPinned() {
  const out = path.join(buildDir, 'pinned');
  fs.rmSync(out, { recursive: true, force: true });
  const fetched = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-Dstyle.color=never',
      '-f',
      FETCH_POM,
      `-Dhuaweicloud.sdk.version=${VERSION}`,
      `-DoutputDirectory=${out}`,
      'dependency:copy',
    ],
    { cwd: HERE, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  // The relaxed download warns, with a stack trace, about each missing checksum: that is expected, the pins check instead.
  if (fetched.status !== 0) {
    process.stdout.write(stripVTControlCharacters(`${fetched.stdout ?? ''}${fetched.stderr ?? ''}`).replace(/^\s*\n/gm, ''));
    return [`mvn -f fetch-sdk.pom.xml dependency:copy failed (exit ${fetched.status ?? fetched.error?.message}); see its output above`];
  }
  const pins = readPins();
  const copies = new Map([...pins.keys()].map((name) => [name, path.join(out, name)]));
  return checkPins(pins, copies);
}

/** sdk.sha256 (`sha256sum` format): file name → SHA-256. @returns {Map<string, string>} */
function readPins() {
  const pins = new Map();
  for (const line of fs.readFileSync(PINS_FILE, 'utf8').split('\n')) {
    const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line.trim());
    if (m) pins.set(m[2], m[1]);
  }
  if (!pins.has(`huaweicloud-sdk-csms-${VERSION}.jar`))
    throw new Error(`sdk.sha256 pins no huaweicloud-sdk-csms-${VERSION}.jar (pom.xml's version)`);
  return pins;
}

/**
 * Each pinned file (name → SHA-256) against the file found for it (name → path).
 * @param {Map<string, string>} pins @param {Map<string, string>} files @returns {string[]} one line per missing or different file
 */
function checkPins(pins, files) {
  const wrong = [];
  for (const [name, want] of pins) {
    const file = files.get(name);
    if (!file || !fs.existsSync(file)) wrong.push(`${name}: not found (expected from Maven Central, SHA-256 pinned in sdk.sha256)`);
    else {
      const got = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
      if (got !== want)
        wrong.push(
          `${name} (${file}): SHA-256 ${got}, sdk.sha256 pins ${want}; delete it from the local Maven repository (~/.m2/repository by default) to fetch it again`,
        );
    }
  }
  return wrong;
}

/** Every file under a folder. @param {string} dir @returns {string[]} */
function listFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}
