// One Prism for the whole run, on 127.0.0.1 and a free port; tests read its URL with inject('mockUrl').
import type { TestProject } from 'vitest/node';
import { startMock } from '@csms-openapi/mock';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mock = await startMock();
  project.provide('mockUrl', mock.url);
  return () => mock.close();
}
