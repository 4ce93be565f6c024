// @ts-check
export { startMock, SPEC_FILE } from './prism.js';
