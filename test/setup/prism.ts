// Before any test: the client package built from its current source (child processes, packed
// packages and README type checks use dist/), then one mock for the whole run, on 127.0.0.1 and a
// free port; tests read its URL with inject('mockUrl').
import type { TestProject } from 'vitest/node';
import { startMock } from '@csms-openapi/mock';
import { buildClient } from '../../scripts/build-client.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  await buildClient();
  const mock = await startMock();
  project.provide('mockUrl', mock.url);
  return () => mock.close();
}
