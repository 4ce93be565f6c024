// @ts-check
// A SHA-256 over everything the build reads (the spec, lint rules, the pipeline, the pinned tool
// versions). The build writes it into generated/README.md; `npm start` compares it to decide
// whether generated/ is stale, which file times cannot tell after a fresh clone.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GENERATED_FILES, ROOT } from './paths.mjs';

// The build's own steps only (not the other helpers in scripts/lib, such as the breaking-change
// gate); packages/mock/src/openapi.js derives the operation table that the build writes.
export const BUILD_INPUTS = [
  'openapi',
  '.spectral.yaml',
  'redocly.yaml',
  'scripts/lib/pipeline.mjs',
  'scripts/lib/code-samples.mjs',
  'scripts/lib/client-table.mjs',
  'scripts/lib/spectral.mjs',
  'scripts/lib/fingerprint.mjs',
  'scripts/lib/paths.mjs',
  'scripts/spectral-functions',
  'packages/mock/src/openapi.js',
  'package-lock.json',
];

/** @param {string} root @param {string} entry @returns {string[]} files under entry, relative to root, '/'-separated */
function files(root, entry) {
  const full = path.join(root, entry);
  if (!fs.statSync(full, { throwIfNoEntry: false })?.isDirectory()) return fs.existsSync(full) ? [entry] : [];
  return fs.readdirSync(full).flatMap((child) => files(root, `${entry}/${child}`));
}

export function inputsFingerprint(root = ROOT) {
  const hash = createHash('sha256');
  for (const file of BUILD_INPUTS.flatMap((entry) => files(root, entry)).sort()) {
    // Line endings normalised: a Windows checkout is the same input.
    hash.update(`${file}\0${fs.readFileSync(path.join(root, file), 'utf8').replaceAll('\r\n', '\n')}\0`);
  }
  return hash.digest('hex');
}

/** The fingerprint recorded in a generated README, if any. */
export const recordedFingerprint = (/** @type {string} */ readme) => /Build inputs: sha256 ([0-9a-f]{64})/.exec(readme)?.[1];

/** The outputs that a build fingerprints into generated/README.md (every generated file but it). */
export const FINGERPRINTED_OUTPUTS = GENERATED_FILES.filter((file) => file !== 'README.md');

/** SHA-256 over the generated files in `dir`; a missing file counts as empty. */
export function outputsFingerprint(/** @type {string} */ dir) {
  const hash = createHash('sha256');
  for (const file of FINGERPRINTED_OUTPUTS) {
    const full = path.join(dir, file);
    hash
      .update(`${file}\0`)
      .update(fs.existsSync(full) ? fs.readFileSync(full) : '')
      .update('\0');
  }
  return hash.digest('hex');
}

/** The outputs fingerprint recorded in a generated README, if any. */
export const recordedOutputs = (/** @type {string} */ readme) => /Outputs: sha256 ([0-9a-f]{64})/.exec(readme)?.[1];
