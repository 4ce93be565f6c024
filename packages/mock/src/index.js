// @ts-check
export { startMock, SPEC_FILE } from './prism.js';
export { MockSetupError, loadSpec } from './spec.js';
export { checkConfig, loadConfigFile } from './config.js';
