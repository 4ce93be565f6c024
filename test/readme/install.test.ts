// The README's install section, run as written: the commands of its `sh` block, in the clone
// (this repository) and, after its `# in your project` comment, in an empty project in the OS temp
// folder, with `<path>` the repository and `<v>` the packages' version. What that gives a user is
// then checked there, in that light install (client and mock, no optional peer dependency):
// - what is installed: the packed client under the mock, no Prism, pino or MSW, at most 25 MB;
// - a strict TypeScript app importing both packages compiles without skipLibCheck and without
//   @types/node, and a wrong option does not;
// - the app runs: a stateful mock and an empty one, the client reading a value through it, and a
//   request for an example answered 501 MOCK.PRISM_MISSING naming the package to install;
// - `csms-mock --port 0 --print-url` prints the URL alone, says on stderr that Prism is missing,
//   serves its secrets and stops on SIGTERM.
// test/outside/packages.test.ts installs the optional peers too and runs everything else.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { transform } from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { strictProjectOptions } from '../../scripts/lib/strict-ts.mjs';

const run = promisify(execFile);
const readJson = async (file: string) => JSON.parse(await fs.readFile(file, 'utf8'));
const PROJECT_ID = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';

/** The commands of the README's install block, each with the folder it runs in. */
async function installCommands(project: string, version: string): Promise<{ argv: string[]; cwd: string }[]> {
  const readme = await fs.readFile(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Install\n'));
  const block = /^```sh\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (!block) throw new Error('README.md has no sh block under "## Install"');
  let cwd = ROOT;
  const commands = [];
  for (const line of block.split('\n').map((l) => l.trim())) {
    if (line.startsWith('#') && line.includes('in your project')) cwd = project;
    if (line === '' || line.startsWith('#')) continue;
    const argv = line.replaceAll('<path>', ROOT).replaceAll('<v>', version).split(/\s+/);
    commands.push({ argv, cwd });
  }
  return commands;
}

let project: string;
let version: string;
const commandsRun: string[] = [];

beforeAll(async () => {
  project = await fs.mkdtemp(path.join(os.tmpdir(), 'csms-install-'));
  await fs.writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'my-app', private: true, type: 'module' }));
  ({ version } = await readJson(path.join(ROOT, 'packages/client/package.json')));
  for (const { argv, cwd } of await installCommands(project, version)) {
    const [command, ...args] = argv as [string, ...string[]];
    await run(command, args, {
      cwd,
      env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_loglevel: 'error' },
      maxBuffer: 64 * 1024 * 1024,
    });
    commandsRun.push(`${path.relative(ROOT, cwd) === '' ? 'clone' : 'project'}: ${argv.join(' ').replaceAll(ROOT, '<path>')}`);
  }
}, 300_000);
afterAll(async () => {
  if (project) await fs.rm(project, { recursive: true, force: true });
});

const inProject = (...parts: string[]) => path.join(project, ...parts);
const exists = (file: string) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

describe("the README's install section", () => {
  it('packs in the clone and installs both files in the project', () => {
    expect(commandsRun).toEqual([
      'clone: npm run pack',
      `project: npm install <path>/packs/csms-openapi-client-${version}.tgz <path>/packs/csms-openapi-mock-${version}.tgz`,
    ]);
  });

  it('installs the light mock: the packed client under it, no Prism, pino or MSW, at most 25 MB', async () => {
    const manifest = await readJson(inProject('package.json'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@csms-openapi/client', '@csms-openapi/mock']);
    expect((await readJson(inProject('node_modules/@csms-openapi/client/package.json'))).version).toBe(version);
    expect(await exists(inProject('node_modules/@csms-openapi/mock/node_modules'))).toBe(false);
    for (const heavy of ['@stoplight', 'pino', 'msw', 'openapi-msw', '@faker-js'])
      expect(await exists(inProject('node_modules', heavy)), heavy).toBe(false);
    const { stdout } = await run('du', ['-sk', inProject('node_modules')]);
    expect(Number(stdout.split('\t')[0]) / 1024).toBeLessThanOrEqual(25);
  });

  it('a strict app compiles against both packages without skipLibCheck or @types/node; a wrong option does not', async () => {
    const app = inProject('app.mts');
    await fs.writeFile(app, APP);
    const program = ts.createProgram([app], strictProjectOptions([]));
    expect(
      ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`),
    ).toEqual([]);
    // The packages' own declarations were read, not `any`: the @ts-expect-error above needed an error.
    expect(program.getSourceFiles().some((f) => f.fileName.endsWith('@csms-openapi/mock/types/index.d.ts'))).toBe(true);
  });

  it('the app runs: a stateful mock and an empty one; an example without Prism is 501 MOCK.PRISM_MISSING', async () => {
    await fs.writeFile(inProject('app.mjs'), (await transform(APP, { loader: 'ts', format: 'esm' })).code);
    const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: project });
    const peers = (await readJson(path.join(ROOT, 'packages/mock/package.json'))).peerDependencies;
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ value: 's3cr3t', secrets: 0, example: { status: 501, body: { error_code: 'MOCK.PRISM_MISSING' } } });
    expect(out.example.body.error_msg).toContain(`npm install @stoplight/prism-http@${peers['@stoplight/prism-http']}`);
  });

  it('csms-mock --port 0 --print-url: the URL alone on stdout, Prism named on stderr, its secrets served, SIGTERM stops it', async () => {
    await fs.writeFile(inProject('mock.json'), JSON.stringify({ secrets: [{ name: 'from-cli' }], tokens: ['cli-token'] }));
    const child = spawn(
      process.execPath,
      [inProject('node_modules/.bin/csms-mock'), '--port', '0', '--print-url', '--config', 'mock.json'],
      {
        cwd: project,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 20_000;
      while (!out.includes('\n') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(out, err).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
      expect(err).toContain('@stoplight/prism-http is not installed');
      expect(err).toContain('MOCK.PRISM_MISSING');
      const r = await fetch(`${out.trim()}/v1/${PROJECT_ID}/secrets/from-cli`, { headers: { 'X-Auth-Token': 'cli-token' } });
      expect(((await r.json()) as { secret: { name: string } }).secret.name).toBe('from-cli');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
  });
});

/** A user's app: the stateful mock, the client through it, an empty mock, and an example without Prism. */
const APP = `import { createCsmsClient } from '@csms-openapi/client';
import { startMock, type MockOptions } from '@csms-openapi/mock';

const options: MockOptions = { secrets: [{ name: 'db-password', versions: [{ value: 's3cr3t' }] }], tokens: ['app-token'] };
// @ts-expect-error state must be one of the documented values
const wrong: MockOptions = { secrets: [{ name: 'a', state: 'ARCHIVED' }] };
void wrong;
const mock = await startMock(options);
const empty = await startMock({ secrets: [] });
try {
  const projectId = '${PROJECT_ID}';
  const csms = createCsmsClient({ projectId, endpoint: mock.url, credentials: { token: 'app-token' } });
  const { stage } = await csms.showSecretStage('db-password', 'SYSCURRENT');
  const value: string | undefined = (await csms.showSecretVersion('db-password', stage.version_id)).version.secret_string;
  const secrets = (await createCsmsClient({ projectId, endpoint: empty.url, credentials: { token: 't' } }).listSecrets()).secrets.length;
  const example = await fetch(\`\${mock.url}/v1/\${projectId}/secrets/db-password\`, {
    headers: { 'X-Auth-Token': 'app-token', Prefer: 'example=pending_delete' },
  });
  console.log(JSON.stringify({ value, secrets, example: { status: example.status, body: await example.json() } }));
} finally {
  await mock.close();
  await empty.close();
}
`;
