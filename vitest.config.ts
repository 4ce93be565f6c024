import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const client = JSON.parse(readFileSync(new URL('./packages/client/package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // The client's build (scripts/build-client.mjs) defines the same constant.
  define: { __CSMS_CLIENT_VERSION__: JSON.stringify(client.version) },
  // Tests import the client's source, never a stale dist/ (the global setup rebuilds dist/ too, for
  // the processes and type checks that use the built package).
  resolve: {
    alias: [
      { find: /^@csms-openapi\/client\/cache$/, replacement: fileURLToPath(new URL('./packages/client/src/cache.ts', import.meta.url)) },
      {
        find: /^@csms-openapi\/client\/credentials$/,
        replacement: fileURLToPath(new URL('./packages/client/src/credentials.ts', import.meta.url)),
      },
      { find: /^@csms-openapi\/client$/, replacement: fileURLToPath(new URL('./packages/client/src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    globalSetup: ['test/setup/prism.ts'],
    reporters: ['default', './test/setup/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts', 'packages/*/test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
