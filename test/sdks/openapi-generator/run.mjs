// @ts-check
// openapi-generator (Maven Central) on the bundled document: `validate` reports no issue (the
// document's writes included: PUT, DELETE, a 204), the Python client `generate -g python` makes has
// a method for every operation, and it calls csms-mock's ShowSecret and ShowSecretVersion, then
// CreateSecret, read back, and DeleteSecret, then shapes of round two (tags by id and their 204s, a
// wrapped 404, a grant's anyOf times, a password, the users), with the token in X-Auth-Token only
// (client.py, through a recording proxy).
//
// The generator is one self-contained jar, fetched with pom.xml (`mvn -C dependency:copy`: pinned
// version, strict checksums) into the SDK cache and then checked against the SHA-256 pinned below.
// The generated client and a venv with what it needs (requirements.txt, hash-checked) live in the
// cache too; nothing is written into the repository.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { ensureVenv, findPython } from '../schemathesis/python-venv.mjs';
import { finish, requireTool, run, suiteEnv } from '../support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REQUIREMENTS = path.join(HERE, 'requirements.txt');
const VERSION = /<openapi-generator\.version>([^<]+)</.exec(fs.readFileSync(path.join(HERE, 'pom.xml'), 'utf8'))?.[1] ?? 'unknown';
/** openapi-generator-cli-7.25.0.jar as Maven Central serves it (its .sha1 is 56a9bb79e3bb565f477eddca2c6daa288a9c6f35). */
const JAR_SHA256 = '41ce4f6b07f196676439d710759fa1ced7a08066d06ff1bf314681470289efae';
const PACKAGE = 'csms_client';

const env = suiteEnv(
  /** @type {const} */ (['CSMS_MOCK_URL', 'CSMS_TOKEN', 'CSMS_PROJECT_ID', 'CSMS_OPENAPI', 'CSMS_SDK_CACHE', 'CSMS_MOCK_CONFIG']),
);
const base = { suite: 'openapi-generator', tool: 'openapi-generator-cli', version: VERSION };
const home = path.join(env.CSMS_SDK_CACHE, 'openapi-generator');
const jar = path.join(home, `openapi-generator-cli-${VERSION}.jar`);

console.log(requireTool('java', ['-version'], 'a Java runtime, 11 or later (Debian: apt-get install openjdk-17-jre-headless)'));
const python = findPython();

let passed = 0;
let failed = 0;
/** @type {string[]} */
const failures = [];
/** @param {boolean} ok @param {string} line */
function report(ok, line) {
  console.log(`${ok ? '✓' : '✗'} ${line}`);
  if (ok) passed++;
  else {
    failed++;
    failures.push(line);
  }
}

const sha256 = (/** @type {string} */ file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

// 1. The jar: fetched once, checked every run.
if (!fs.existsSync(jar) || sha256(jar) !== JAR_SHA256) {
  console.log(stripVTControlCharacters(requireTool('mvn', ['-v'], 'Apache Maven 3.8 or later (Debian: apt-get install maven)')));
  fs.mkdirSync(home, { recursive: true });
  console.log(`Fetching org.openapitools:openapi-generator-cli:${VERSION} (mvn -C dependency:copy)`);
  const fetched = spawnSync(
    'mvn',
    ['-B', '-q', '-C', '-Dstyle.color=never', '-f', path.join(HERE, 'pom.xml'), `-DoutputDirectory=${home}`, 'dependency:copy'],
    { cwd: home, encoding: 'utf8' },
  );
  const copied = path.join(home, 'openapi-generator-cli.jar');
  if (fetched.status === 0 && fs.existsSync(copied)) fs.renameSync(copied, jar);
  else {
    // Debian's Maven 3.8 colours its output even in batch mode.
    console.error(stripVTControlCharacters(`${fetched.stdout}${fetched.stderr}`).trim());
    console.error(
      `mvn -C dependency:copy org.openapitools:openapi-generator-cli:${VERSION} exited ${fetched.status ?? fetched.error?.message}`,
    );
  }
}
const jarOk = fs.existsSync(jar) && sha256(jar) === JAR_SHA256;
report(jarOk, `openapi-generator-cli-${VERSION}.jar from Maven Central (strict checksums), SHA-256 as pinned`);
if (!jarOk) finish({ ...base, passed, failed, failures });

const generator = (/** @type {string[]} */ args) => spawnSync('java', ['-jar', jar, ...args], { encoding: 'utf8', cwd: home });
const version = generator(['version']).stdout.trim();
report(version === VERSION, `java -jar … version prints ${version}`);

// 2. validate: no errors, no warnings, on a document whose operations include writes.
const document = JSON.parse(fs.readFileSync(env.CSMS_OPENAPI, 'utf8'));
const operations = Object.values(document.paths ?? {}).flatMap((item) =>
  Object.entries(item).flatMap(([method, op]) =>
    op && typeof op === 'object' && 'operationId' in op
      ? [{ method, id: String(op.operationId), statuses: Object.keys(op.responses ?? {}) }]
      : [],
  ),
);
const shapes = ['put', 'delete'].filter((m) => operations.some((o) => o.method === m));
const noContent = operations.filter((o) => o.statuses.includes('204')).map((o) => o.id);
console.log(
  `    ${operations.length} operations; methods ${[...new Set(operations.map((o) => o.method))].join(', ')}; 204: ${noContent.join(', ') || 'none'}`,
);
const validated = generator(['validate', '-i', env.CSMS_OPENAPI]);
const validateOut = `${validated.stdout}${validated.stderr}`.trim();
console.log(validateOut.replace(/^/gm, '    '));
report(
  validated.status === 0 && /No validation issues detected\./.test(validateOut),
  `validate -i generated/openapi.json: exit ${validated.status}, "No validation issues detected."`,
);
report(
  shapes.length === 2 && noContent.length > 0,
  `the validated document has write shapes: PUT and DELETE operations (${shapes.join(', ') || 'none'}) and a 204 (${noContent.length})`,
);

// 3. generate -g python, into the cache (tests and docs left out: nothing runs them).
const out = path.join(home, 'python-client');
fs.rmSync(out, { recursive: true, force: true });
const generated = generator([
  'generate',
  '-g',
  'python',
  '-i',
  env.CSMS_OPENAPI,
  '-o',
  out,
  '--package-name',
  PACKAGE,
  '--global-property',
  'apiTests=false,modelTests=false,apiDocs=false,modelDocs=false',
]);
const warnings = [...new Set(`${generated.stdout}${generated.stderr}`.split('\n').filter((l) => /\bWARN\b|\bERROR\b/.test(l)))];
for (const w of warnings) console.log(`    ${w.replace(/^\[main\] /, '')}`);
report(
  generated.status === 0 && fs.existsSync(path.join(out, PACKAGE, 'api_client.py')),
  `generate -g python: exit ${generated.status}, package ${PACKAGE} (${warnings.length} distinct generator warnings, shown above)`,
);
if (generated.status !== 0) finish({ ...base, passed, failed, failures });

// A method per operation: openapi-generator names it after the operationId in snake_case (CreateSecretVersion → create_secret_version).
const apiDir = path.join(out, PACKAGE, 'api');
const apiSource = fs
  .readdirSync(apiDir)
  .filter((f) => f.endsWith('.py'))
  .map((f) => fs.readFileSync(path.join(apiDir, f), 'utf8'))
  .join('\n');
const snake = (/** @type {string} */ id) => id.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const noMethod = operations.filter((o) => !new RegExp(`^    def ${snake(o.id)}\\(`, 'm').test(apiSource)).map((o) => o.id);
report(
  operations.length > 0 && noMethod.length === 0,
  `the generated client has a method for each of the document's ${operations.length} operations${noMethod.length ? `; missing: ${noMethod.join(', ')}` : ''}`,
);

// The generated client's own requirements are what requirements.in pins, one version each.
const wants = fs
  .readFileSync(path.join(out, 'requirements.txt'), 'utf8')
  .split('\n')
  .map((l) => /^([A-Za-z0-9_.-]+)/.exec(l.trim())?.[1]?.toLowerCase().replace(/_/g, '-'))
  .filter(Boolean);
const pins = fs.readFileSync(path.join(HERE, 'requirements.in'), 'utf8');
const unpinned = wants.filter((name) => !new RegExp(`^${name}==`, 'mi').test(pins));
report(
  unpinned.length === 0,
  `the generated requirements.txt (${wants.join(', ')}) are all pinned in requirements.in${unpinned.length ? `; missing: ${unpinned.join(', ')}` : ''}`,
);

// 4. The client against the mock.
const venv = await ensureVenv({ python, requirements: REQUIREMENTS, venv: path.join(env.CSMS_SDK_CACHE, 'openapi-generator-venv') });
if (!venv.ok) {
  report(false, venv.reason);
  finish({ ...base, passed, failed, failures });
}
const client = await run(venv.bin('python'), [path.join(HERE, 'client.py')], {
  cwd: home,
  env: { ...process.env, PYTHONPATH: out, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
});
const lines = client.out.split('\n').filter((l) => /^[✓✗] /.test(l));
for (const l of lines) {
  // Already shown as client.py printed it; counted here.
  if (l.startsWith('✓')) passed++;
  else {
    failed++;
    failures.push(l.slice(2));
  }
}
if (client.code !== 0 && !lines.some((l) => l.startsWith('✗'))) {
  failed++;
  failures.push(`client.py exited ${client.code} (see its output above)`);
}
finish({ ...base, passed, failed, failures });
