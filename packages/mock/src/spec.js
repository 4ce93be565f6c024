// @ts-check
// The document the mock serves: inside the repository generated/openapi.json (so it is never a
// stale copy), and in an installed package its own copy (openapi.json, written in when packed).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { operationsOf } from './openapi.js';

const packaged = fileURLToPath(new URL('../openapi.json', import.meta.url));
const inRepository = fileURLToPath(new URL('../../../generated/openapi.json', import.meta.url));

/**
 * The bundled CSMS OpenAPI document that the mock serves by default: `CSMS_MOCK_SPEC` when set
 * (the same as `--spec` or `spec:`, for every mock a process starts, MSW's included), else the
 * document of this repository or package.
 */
export const SPEC_FILE = process.env.CSMS_MOCK_SPEC || (fs.existsSync(inRepository) ? inRepository : packaged);

/** A mock that cannot start: a damaged document or a bad configuration. Nothing was started. */
export class MockSetupError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'MockSetupError';
  }
}

/**
 * Reads and sanity-checks the document: a truncated file, `{}` or `paths: {}` would otherwise
 * make the mock die on a parse error or answer 404 to everything.
 * @param {string} [file]
 * @returns {any}
 */
export function loadSpec(file = SPEC_FILE) {
  const hint = file === inRepository ? ' Run `npm run build` to regenerate it.' : '';
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new MockSetupError(`Cannot read the OpenAPI document ${file}: ${/** @type {NodeJS.ErrnoException} */ (e).code ?? e}.${hint}`);
  }
  let spec;
  try {
    spec = JSON.parse(text);
  } catch (e) {
    // Never the parser's message: it quotes the file, which may be anything a path or symlink points at.
    const position = /at position (\d+)/.exec(/** @type {Error} */ (e).message)?.[1];
    throw new MockSetupError(`The OpenAPI document ${file} is not valid JSON${position ? ` (at position ${position})` : ''}.${hint}`);
  }
  const operations = Object.values(spec?.paths ?? {}).flatMap((item) => operationsOf(item));
  if (
    typeof spec?.openapi !== 'string' ||
    !spec.openapi.startsWith('3.1.') ||
    operations.length === 0 ||
    !spec.components?.securitySchemes
  ) {
    throw new MockSetupError(`The file ${file} is not a bundled OpenAPI 3.1 document with operations and security schemes.${hint}`);
  }
  return spec;
}
