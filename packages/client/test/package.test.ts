// The package as a user installs it: dist/index.js imports only openapi-fetch, and dist/index.d.ts
// stands alone (generated types inlined) and gives a consumer the typed API.
import fs from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../../../scripts/build-client.mjs';
import { CACHE_DIR } from '../../../scripts/lib/paths.mjs';

let dir: string;
beforeAll(async () => {
  await fs.mkdir(CACHE_DIR, { recursive: true });
  // Inside the repository, so `openapi-fetch` resolves from node_modules as it would for a user.
  dir = await buildClient(await fs.mkdtemp(path.join(CACHE_DIR, 'client-dist-')));
}, 60_000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('dist/', () => {
  it('index.js imports nothing but openapi-fetch, and exports the public API', async () => {
    const js = await fs.readFile(path.join(dir, 'index.js'), 'utf8');
    expect([...js.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1])).toEqual(['openapi-fetch']);
    const mod = (await import(path.join(dir, 'index.js'))) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toEqual([
      'CRYPTO_BACKEND',
      'CsmsError',
      'DEFAULTS',
      'MAX_PAGES',
      'RETRY_STATUSES',
      'USER_AGENT',
      'createCsmsClient',
      'createSigner',
      'memoizeCredentials',
      'sdkDate',
    ]);
    expect(mod.USER_AGENT).toMatch(/^@csms-openapi\/client\/\d+\.\d+\.\d+$/);
  });

  it('cache.js imports only index.js (one CsmsError class for both entry points)', async () => {
    const js = await fs.readFile(path.join(dir, 'cache.js'), 'utf8');
    expect([...js.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1])).toEqual(['./index.js']);
    const mod = (await import(path.join(dir, 'cache.js'))) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toEqual(['SECRET_CACHE_DEFAULTS', 'createSecretCache']);
  });

  it('credentials.js imports only index.js and Node built-ins, in ESM and CommonJS', async () => {
    const js = await fs.readFile(path.join(dir, 'credentials.js'), 'utf8');
    expect([...new Set([...js.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1]))].sort()).toEqual([
      './index.js',
      'node:fs/promises',
      'node:os',
      'node:path',
    ]);
    const cjs = await fs.readFile(path.join(dir, 'credentials.cjs'), 'utf8');
    expect([...new Set([...cjs.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort()).toEqual([
      './index.cjs',
      'node:fs/promises',
      'node:os',
      'node:path',
    ]);
    const mod = (await import(path.join(dir, 'credentials.js'))) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toEqual([
      'ENV',
      'MAX_PROFILE_BYTES',
      'METADATA_DEFAULTS',
      'METADATA_ENDPOINT',
      'SECURITY_KEY_PATH',
      'TOKEN_PATH',
      'defaultCredentials',
      'fromEnv',
      'fromMetadata',
      'fromProfile',
      'memoizeCredentials',
    ]);
    // One CsmsError class across the entry points.
    const { CsmsError } = (await import(path.join(dir, 'index.js'))) as { CsmsError: new () => Error };
    const fromEnv = mod.fromEnv as (o: object) => () => Promise<unknown>;
    const error = await fromEnv({ env: {} })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsmsError);
  });

  it('index.d.ts does not reach outside the package', async () => {
    const dts = await fs.readFile(path.join(dir, 'index.d.ts'), 'utf8');
    expect([...dts.matchAll(/from ["']([^"']+)["']/g)].map((m) => m[1])).toEqual(['openapi-fetch']);
    expect(dts).toContain('export interface paths');
  });

  it('a consumer compiles against it, and a wrong call does not', async () => {
    const consumer = path.join(dir, 'consumer.ts');
    await fs.writeFile(
      consumer,
      `import { createCsmsClient, CsmsError, type SecretState } from './index.js';
import { createSecretCache } from './cache.js';
import { defaultCredentials, fromMetadata } from './credentials.js';
const csms = createCsmsClient({ projectId: '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b', region: 'cn-north-4', credentials: { token: 't' } });
export async function main(): Promise<SecretState> {
  try {
    const { secret } = await csms.showSecret('test');
    const when: number | null | undefined = secret.scheduled_delete_time;
    void when;
    return secret.state;
  } catch (e) {
    if (e instanceof CsmsError && e.status === 404) return 'DISABLED';
    throw e;
  }
}
export async function value(): Promise<string | undefined> {
  const { stage } = await csms.showSecretStage('db', 'SYSCURRENT');
  const { version } = await csms.showSecretVersion('db', stage.version_id);
  return version.secret_string;
}
export async function names(): Promise<string[]> {
  const out: string[] = [];
  for await (const secret of csms.paginate.listSecrets({ limit: 50 })) out.push(secret.name);
  const { secret } = await csms.uploadSecretBlob({ body: { secret_blob: 'b' } });
  return [...out, secret.name];
}
export const cache = createSecretCache(csms, { ttlMs: 60_000 });
// @ts-expect-error a secret name is a string
void csms.showSecret(42);
// @ts-expect-error limit is a number
void csms.listSecrets({ limit: 'x' });
// @ts-expect-error the restore needs its body
void csms.uploadSecretBlob({});
// @ts-expect-error ShowSecret is not paged
void csms.paginate.showSecret;
// @ts-expect-error AK/SK needs sk
createCsmsClient({ projectId: 'p', credentials: { ak: 'a' } });
// The project ID may come from the provider; a token may come from a function.
export const fromChain = createCsmsClient({ region: 'cn-north-4', credentials: defaultCredentials() });
export const onEcs = createCsmsClient({ credentials: fromMetadata({ endpoint: 'http://127.0.0.1:1', projectId: 'p' }) });
export const fromFunction = createCsmsClient({ projectId: 'p', credentials: { token: async () => 't' } });
// @ts-expect-error a provider resolves to credentials
createCsmsClient({ credentials: async () => 'a token' });
`,
    );
    const program = ts.createProgram([consumer], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});
