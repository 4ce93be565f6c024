// Before any test: the client package built from its current source (child processes, packed
// packages and README type checks use dist/) — or, for the write-shapes project, its fixture
// document — then one mock for the whole run, on 127.0.0.1 and a free port; tests read its URL
// with inject('mockUrl').
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildClient } from '../../scripts/build-client.mjs';
import { buildWriteShapes } from './write-shapes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // The write-shapes project (vitest.config.ts) serves and tests the fixture document instead.
  const spec = project.config.env?.CSMS_MOCK_SPEC;
  if (spec) await buildWriteShapes();
  else await buildClient();
  // The mock imports the client's source here too (vitest.config.ts aliases it), and vitest's
  // `define` does not reach the global setup: the version the build would define, set by hand.
  const { version } = JSON.parse(fs.readFileSync(new URL('../../packages/client/package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  Object.assign(globalThis, { __CSMS_CLIENT_VERSION__: version });
  const { startMock } = await import('@csms-openapi/mock');
  const mock = await startMock(spec ? { spec } : {});
  project.provide('mockUrl', mock.url);
  return () => mock.close();
}
