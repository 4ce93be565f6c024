import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const client = JSON.parse(readFileSync(new URL('./packages/client/package.json', import.meta.url), 'utf8')) as { version: string };
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * The tests that take every operation from the table rather than by name: the `write-shapes`
 * project runs them again against the fixture document (test/fixtures/write-shapes/README.md).
 */
const TABLE_DRIVEN = [
  'packages/client/test/operations.test.ts',
  'packages/client/test/retry-safety.test.ts',
  'packages/client/test/raw.test.ts',
  'packages/mock/test/msw.test.ts',
  'packages/mock/test/parity.test.ts',
  'packages/mock/test/signatures.test.ts',
  'test/conformance/mock.test.ts',
  'test/fuzz/client-input.test.ts',
  'test/fuzz/mock-input.test.ts',
  'test/spec/examples.test.ts',
];

export default defineConfig({
  // The client's build (scripts/build-client.mjs) defines the same constant.
  define: { __CSMS_CLIENT_VERSION__: JSON.stringify(client.version) },
  // Tests import the client's source, never a stale dist/ (the global setup rebuilds dist/ too, for
  // the processes and type checks that use the built package).
  resolve: {
    alias: [
      { find: /^@csms-openapi\/client\/cache$/, replacement: here('./packages/client/src/cache.ts') },
      { find: /^@csms-openapi\/client\/credentials$/, replacement: here('./packages/client/src/credentials.ts') },
      { find: /^@csms-openapi\/client\/core$/, replacement: here('./packages/client/src/core.ts') },
      { find: /^@csms-openapi\/client\/operations$/, replacement: here('./packages/client/src/operations.ts') },
      { find: /^@csms-openapi\/client$/, replacement: here('./packages/client/src/index.ts') },
    ],
  },
  test: {
    reporters: ['default', './test/setup/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'csms',
          include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          globalSetup: ['test/setup/prism.ts'],
          typecheck: {
            enabled: true,
            include: ['test/**/*.test-d.ts', 'packages/*/test/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      {
        extends: true,
        // The client's table is the fixture's: its source imports generated/operations.js and
        // generated/client-operations.js.
        resolve: {
          alias: [
            { find: /^.*\/generated\/operations\.js$/, replacement: here('./test/fixtures/write-shapes/generated/operations.ts') },
            {
              find: /^.*\/generated\/client-operations\.js$/,
              replacement: here('./test/fixtures/write-shapes/generated/client-operations.ts'),
            },
          ],
        },
        test: {
          name: 'write-shapes',
          include: TABLE_DRIVEN,
          globalSetup: ['test/setup/prism.ts'],
          env: { CSMS_MOCK_SPEC: here('./test/fixtures/write-shapes/generated/openapi.json') },
        },
      },
    ],
  },
});
