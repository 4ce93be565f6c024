// @ts-check
// Where things live, so every script and test names them once.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SPEC_ROOT = path.join(ROOT, 'openapi/openapi.yaml');
export const GENERATED_DIR = path.join(ROOT, 'generated');
export const RULESET = path.join(ROOT, '.spectral.yaml');
/** Scratch space for builds that must not touch generated/ (check, tests); ignored by git. */
export const CACHE_DIR = path.join(ROOT, 'node_modules/.cache/csms-openapi');
/**
 * The user's cache (`$XDG_CACHE_HOME`, or ~/.cache), for what is slow to make and outlives a
 * checkout: `npm ci` empties node_modules/ (and CACHE_DIR with it), not this. Each entry is keyed
 * by what it is built from.
 */
export const USER_CACHE_DIR = path.join(
  process.env.XDG_CACHE_HOME && path.isAbsolute(process.env.XDG_CACHE_HOME)
    ? process.env.XDG_CACHE_HOME
    : path.join(os.homedir(), '.cache'),
  'csms-openapi',
);

/** Files `npm run build` writes, relative to its output folder. */
export const GENERATED_FILES = Object.freeze([
  'README.md',
  'openapi.json',
  'openapi.yaml',
  'schema.d.ts',
  'constants.ts',
  'operations.ts',
  'client-operations.ts',
  'docs/index.html',
]);
