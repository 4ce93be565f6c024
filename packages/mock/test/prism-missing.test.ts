// Prism is an optional peer dependency: without it, a request the mock would answer from the
// document's examples gets a 501 that names the package and the range to install
// (packages/mock/package.json's peerDependencies), and a stateful mock answers as before. The
// light install itself (no Prism in node_modules at all) is tested from the packed packages, in
// test/readme/install.test.ts.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkConfig, loadSpec } from '@csms-openapi/mock';
import { createEngine } from '../src/engine.js';
import { createPrismAnswers } from '../src/prism-answers.js';

const spec = loadSpec();
const peers = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).peerDependencies as Record<string, string>;
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const header = (name: string) => ({ 'x-auth-token': 't', host: 'mock' })[name];
const request = (target: string, extra: Record<string, string> = {}) => ({
  method: 'GET',
  target,
  header: (name: string) => extra[name] ?? header(name),
  body: new Uint8Array(0),
});

describe('without Prism', () => {
  it('an example-mode request: 501 MOCK.PRISM_MISSING naming @stoplight/prism-http and its range', async () => {
    const answer = createPrismAnswers(spec, undefined, { load: () => undefined, now: true });
    const outcome = await answer({ method: 'GET', path: `/v1/${PROJECT}/secrets/a`, query: '', headers: {}, body: null, prefer: {} });
    expect(outcome.status).toBe(501);
    expect(outcome.body).toMatchObject({ error_code: 'MOCK.PRISM_MISSING' });
    expect((outcome.body as { error_msg: string }).error_msg).toContain(
      `npm install @stoplight/prism-http@${peers['@stoplight/prism-http']}`,
    );
  });

  it('a stateful mock answers its secrets; only a Prefer for an example needs Prism', async () => {
    const engine = createEngine(spec, checkConfig(spec, { secrets: [{ name: 'a' }] }, 'test'), { loadPrism: () => undefined });
    const shown = await engine.handle(request(`/v1/${PROJECT}/secrets/a`));
    expect(shown).toMatchObject({ status: 200, body: { secret: { name: 'a', state: 'ENABLED' } } });
    const example = await engine.handle(request(`/v1/${PROJECT}/secrets/a`, { prefer: 'example=pending_delete' }));
    expect(example).toMatchObject({ status: 501, body: { error_code: 'MOCK.PRISM_MISSING' } });
  });
});
