// @ts-check
export { startMock, SPEC_FILE } from './prism.js';
export { MockSetupError, loadSpec } from './spec.js';
export { checkConfig, loadConfigFile } from './config.js';
export { MockUsageError } from './control.js';
export { JOURNAL_LIMIT } from './journal.js';
export { ADMIN_PREFIX } from './admin.js';
export { operationTable } from './openapi.js';

/** @typedef {import('./prism.js').MockOptions} MockOptions */
/** @typedef {import('./prism.js').RunningMock} RunningMock */
/** @typedef {import('./config.js').MockConfig} MockConfig */
/** @typedef {import('./config.js').MockSecret} MockSecret */
/** @typedef {import('./config.js').FaultRule} FaultRule */
/** @typedef {import('./config.js').MockVersion} MockVersion */
/** @typedef {import('./journal.js').JournalEntry} JournalEntry */
