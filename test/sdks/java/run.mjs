// @ts-check
// The official Huawei Cloud Java SDK (com.huaweicloud.sdk:huaweicloud-sdk-csms, pinned in pom.xml) against csms-mock
// (test/sdks/README.md): builds the program with Maven, strict checksums on, then runs it and passes its RESULT line on.
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
const sources = [path.join(HERE, 'pom.xml'), ...listFiles(path.join(HERE, 'src'))].sort();
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

/** Every file under a folder. @param {string} dir @returns {string[]} */
function listFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}
