import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const client = JSON.parse(readFileSync(new URL('./packages/client/package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // The client's build (scripts/build-client.mjs) defines the same constant.
  define: { __CSMS_CLIENT_VERSION__: JSON.stringify(client.version) },
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
