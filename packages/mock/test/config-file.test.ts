// A config file's anchors and aliases: shared values load, a few hundred bytes that expand to a
// billion values or contain themselves are refused when the file is read, before anything serves.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, loadSpec, MockSetupError, startMock } from '@csms-openapi/mock';
import { readConfigFile } from '../src/config.js';
import { useScratchDir } from '../../../test/support/scratch.js';

const scratch = useScratchDir('mock-config-file');
const write = async (name: string, text: string) => {
  const file = path.join(scratch.dir, name);
  await fs.writeFile(file, text);
  return file;
};

/** Nine x's, then eight levels of nine aliases to the level below: 9^9 (387 million) values in about 490 bytes. */
const BOMB = [
  'secrets:',
  '  - name: bomb',
  '    x-extra:',
  '      b0: &b0 [x,x,x,x,x,x,x,x,x]',
  ...Array.from({ length: 8 }, (_, i) => `      b${i + 1}: &b${i + 1} [${Array(9).fill(`*b${i}`).join(',')}]`),
  '',
].join('\n');

describe('anchors and aliases in a config file', () => {
  it('a billion-laughs file is refused within 1 s, naming the file', async () => {
    expect(BOMB.length).toBeLessThan(500);
    const file = await write('bomb.yaml', BOMB);
    const t0 = performance.now();
    const error = await startMock({ config: file }).then(
      async (mock) => {
        await mock.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(error).toBeInstanceOf(MockSetupError);
    expect((error as Error).message).toBe(`${file}: the YAML expands to more than 100000 values through anchors and aliases`);
  });

  it.each([
    ['a list that contains itself', 'secrets:\n  - name: loop\n    x-extra: &a [*a]\n'],
    ['a mapping that contains itself', 'secrets:\n  - name: loop\n    x-extra: &m\n      self: *m\n'],
    ['a cycle through two nodes', 'a: &a\n  b: &b\n    a: *a\n'],
  ])('%s is refused', async (_name, text) => {
    const file = await write('cycle.yaml', text);
    expect(() => readConfigFile(file)).toThrow(new MockSetupError(`${file}: the YAML refers to itself through an alias`));
  });

  it('shared values (an anchor reused, a merge key) still load, as plain data', async () => {
    const file = await write(
      'shared.yaml',
      'x-defaults: &d {description: shared}\nsecrets:\n  - {name: one, <<: *d}\n  - {name: two, x-extra: *d}\n',
    );
    expect(JSON.parse(JSON.stringify(readConfigFile(file)))).toEqual({
      'x-defaults': { description: 'shared' },
      secrets: [
        { name: 'one', description: 'shared' },
        { name: 'two', 'x-extra': { description: 'shared' } },
      ],
    });
    const served = await write(
      'served.yaml',
      'tokens: [&t t1]\nsecrets:\n  - &first {name: one, description: &d shared, state: DISABLED}\n  - {<<: *first, name: two}\n  - {name: three, description: *d}\n',
    );
    const mock = await startMock({ config: served });
    try {
      const get = async (name: string) =>
        (await (
          await fetch(`${mock.url}/v1/0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b/secrets/${name}`, { headers: { 'X-Auth-Token': 't1' } })
        ).json()) as { secret: Record<string, unknown> };
      expect((await get('two')).secret).toMatchObject({ name: 'two', description: 'shared', state: 'DISABLED' });
      expect((await get('three')).secret).toMatchObject({ name: 'three', description: 'shared' });
    } finally {
      await mock.close();
    }
  });

  // A thousand uses of one anchor is an ordinary file, not an alias bomb: it loads, each secret
  // with the shared fields. (How fast it loads is the bench's business, not a test's.)
  it('1,000 secrets sharing an anchor load, each with the shared fields', async () => {
    const lines = ['secrets:', '  - &s {name: s0, description: a shared description, state: ENABLED}'];
    for (let i = 1; i < 1000; i++) lines.push(`  - {<<: *s, name: s${i}}`);
    const file = await write('many.yaml', `${lines.join('\n')}\n`);
    const config = loadConfigFile(loadSpec(), file);
    expect(config.secrets).toHaveLength(1000);
    const last = config.secrets?.get('s999');
    expect(last?.metadata).toMatchObject({ name: 's999', description: 'a shared description', state: 'ENABLED' });
  });

  it('the parser’s message does not quote the file (a tag or an alias name)', async () => {
    for (const [text, reason] of [
      ['a: !private-word x\n', 'unknown tag'],
      ['a: *private-word\n', 'unidentified alias'],
    ] as const) {
      const file = await write('quoted.yaml', text);
      const message = (() => {
        try {
          readConfigFile(file);
          return 'loaded';
        } catch (e) {
          return (e as Error).message;
        }
      })();
      expect(message).toMatch(
        new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML or JSON \\(${reason} at line 1, column \\d+\\)$`),
      );
      expect(message).not.toContain('private');
    }
  });
});
