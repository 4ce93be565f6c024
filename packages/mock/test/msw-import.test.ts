// Importing the MSW entry for a stateful createMock does not load Prism: the default `handlers`
// make their engine, which loads it, at the first request they see (Prism takes about a second
// and 90 MiB). Run in a new process, whose CommonJS module cache (Prism is CommonJS) shows what
// was loaded.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

// Prints one line per step: whether Prism's HTTP package is in the CommonJS module cache, and
// what a request answered.
const CHILD = `
  import { createRequire } from 'node:module';
  const cache = createRequire(import.meta.url).cache;
  const prismLoaded = () => Object.keys(cache).some((file) => file.includes('@stoplight/prism-http'));
  const { setupServer } = await import('msw/node');
  const { createMock, handlers } = await import('@csms-openapi/mock/msw');
  console.log('imported, prism ' + prismLoaded());
  const base = 'https://kms.cn-north-4.myhuaweicloud.com/v1/0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b/secrets/app-db';
  const stateful = createMock({ secrets: [{ name: 'app-db', versions: [{ value: 'v' }] }], tokens: ['t'] });
  let server = setupServer(...stateful.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  const own = await fetch(base, { headers: { 'X-Auth-Token': 't' } });
  console.log('state ' + own.status + ' ' + (await own.json()).secret.name + ', prism ' + prismLoaded());
  server.close();
  server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  const example = await fetch(base, { headers: { 'X-Auth-Token': 't' } });
  console.log('example ' + example.status + ' ' + typeof (await example.json()).secret + ', prism ' + prismLoaded());
  server.close();
`;

describe('the MSW entry', () => {
  it('loads Prism only when the default handlers answer their first request', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', CHILD], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    expect(out.trim().split('\n')).toEqual(['imported, prism false', 'state 200 app-db, prism false', 'example 200 object, prism true']);
  }, 40_000);
});
