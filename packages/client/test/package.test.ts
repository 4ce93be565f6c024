// The package as a user installs it: dist/index.js imports only openapi-fetch (and the shared
// dist/errors.js), and dist/index.d.ts stands alone (generated types inlined) and gives a consumer
// the typed API; the core client and the operations stand apart from the main entry.
import fs from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../../../scripts/build-client.mjs';
import { CACHE_DIR } from '../../../scripts/lib/paths.mjs';
import { table } from '../../../test/support/openapi.js';

let dir: string;
beforeAll(async () => {
  await fs.mkdir(CACHE_DIR, { recursive: true });
  // Inside the repository, so `openapi-fetch` resolves from node_modules as it would for a user.
  dir = await buildClient(await fs.mkdtemp(path.join(CACHE_DIR, 'client-dist-')));
}, 60_000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The modules a built file imports (ESM) or requires (CommonJS), each once, sorted. */
const importsOf = async (file: string) => {
  const js = await fs.readFile(path.join(dir, file), 'utf8');
  const found = file.endsWith('.cjs') ? js.matchAll(/require\("([^"]+)"\)/g) : js.matchAll(/^import .* from ["']([^"']+)["'];?$/gm);
  return [...new Set([...found].map((m) => m[1]))].sort();
};

/** A call the input reader (bundled by operations.js) refuses: its error, from the built files. */
async function refusedInput() {
  const { createCsmsCore } = (await import(path.join(dir, 'core.js'))) as { createCsmsCore: (o: object) => unknown };
  const { ListSecrets } = (await import(path.join(dir, 'operations.js'))) as Record<string, unknown>;
  const options = { projectId: '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b', credentials: { token: 't' }, operations: [ListSecrets] };
  const lister = createCsmsCore(options) as { listSecrets(input: object): Promise<unknown> };
  return lister.listSecrets({ bogus: 1 }).catch((e: unknown) => e);
}

describe('dist/', () => {
  it('index.js imports nothing but openapi-fetch and the shared errors.js, and exports the public API', async () => {
    expect(await importsOf('index.js')).toEqual(['./errors.js', 'openapi-fetch']);
    expect(await importsOf('errors.js')).toEqual([]);
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

  it('cache.js imports only errors.js (one CsmsError class for every entry point)', async () => {
    expect(await importsOf('cache.js')).toEqual(['./errors.js']);
    expect(await importsOf('cache.cjs')).toEqual(['./errors.cjs']);
    const mod = (await import(path.join(dir, 'cache.js'))) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toEqual(['SECRET_CACHE_DEFAULTS', 'createSecretCache']);
  });

  it('credentials.js imports only errors.js and Node built-ins, in ESM and CommonJS', async () => {
    expect(await importsOf('credentials.js')).toEqual(['./errors.js', 'node:fs/promises', 'node:os', 'node:path']);
    expect(await importsOf('credentials.cjs')).toEqual(['./errors.cjs', 'node:fs/promises', 'node:os', 'node:path']);
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

  it("core.js and operations.js (its reader of input objects) import only errors.js; an error of either is the main entry's CsmsError", async () => {
    expect(await importsOf('core.js')).toEqual(['./errors.js']);
    expect(await importsOf('core.cjs')).toEqual(['./errors.cjs']);
    expect(await importsOf('operations.js')).toEqual(['./errors.js']);
    expect(await importsOf('operations.cjs')).toEqual(['./errors.cjs']);
    const core = (await import(path.join(dir, 'core.js'))) as Record<string, unknown>;
    expect(Object.keys(core).sort()).toEqual(['akSk', 'createCsmsCore', 'fromProvider']);
    // One export per operation of the table, and the list of them all.
    const operations = (await import(path.join(dir, 'operations.js'))) as Record<string, unknown>;
    expect(Object.keys(operations).sort()).toEqual([...Object.keys(table.operations), 'allOperations'].sort());
    const { CsmsError } = (await import(path.join(dir, 'index.js'))) as { CsmsError: new () => Error };
    const createCsmsCore = core.createCsmsCore as (o: object) => unknown;
    const error = (() => {
      try {
        return createCsmsCore({ projectId: 'short', credentials: { token: 't' }, operations: [operations.ShowSecret] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CsmsError);
    expect(error).toMatchObject({ kind: 'invalid-argument' });
    const refused = await refusedInput();
    expect(refused).toBeInstanceOf(CsmsError);
    expect(refused).toMatchObject({
      kind: 'invalid-argument',
      operation: 'ListSecrets',
      message: expect.stringMatching(/^Unknown listSecrets parameter "bogus"/),
    });
  });

  it('index.d.ts does not reach outside the package', async () => {
    const dts = await fs.readFile(path.join(dir, 'index.d.ts'), 'utf8');
    expect([...dts.matchAll(/from ["']([^"']+)["']/g)].map((m) => m[1])).toEqual(['openapi-fetch']);
    expect(dts).toContain('export interface paths');
    for (const file of ['core.d.ts', 'operations.d.ts', 'cache.d.ts']) {
      const d = await fs.readFile(path.join(dir, file), 'utf8');
      expect(
        [...d.matchAll(/from ["']([^"']+)["']/g)].map((m) => m[1]).filter((m) => m !== './index.js'),
        file,
      ).toEqual([]);
    }
  });

  it('a consumer compiles against it, and a wrong call does not', async () => {
    const consumer = path.join(dir, 'consumer.ts');
    await fs.writeFile(
      consumer,
      `import { createCsmsClient, CsmsError, type SecretState } from './index.js';
import { createSecretCache } from './cache.js';
import { defaultCredentials, fromMetadata } from './credentials.js';
import { akSk, createCsmsCore } from './core.js';
import { allOperations, ShowSecretStage, ShowSecretVersion } from './operations.js';
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
// The core client has the methods of the operations given, and only those.
export const reader = createCsmsCore({ projectId: 'p', credentials: { token: 't' }, operations: [ShowSecretStage, ShowSecretVersion] });
export async function read(): Promise<string | undefined> {
  const { stage } = await reader.showSecretStage('db', 'SYSCURRENT');
  return (await reader.showSecretVersion('db', stage.version_id)).version.secret_string;
}
// @ts-expect-error ShowSecret was not given
void reader.showSecret;
export const readerCache = createSecretCache(reader);
export const signed = createCsmsCore({ projectId: 'p', credentials: akSk({ ak: 'a', sk: 's' }), operations: allOperations });
void signed.listSecrets({ limit: 5 });
// @ts-expect-error the core client takes { ak, sk } through akSk()
createCsmsCore({ projectId: 'p', credentials: { ak: 'a', sk: 's' }, operations: allOperations });
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
