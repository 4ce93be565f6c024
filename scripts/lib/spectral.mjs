// @ts-check
// Spectral run in-process: one ruleset load for several documents, and results we can test on.
import fs from 'node:fs';
import path from 'node:path';
import spectralCore from '@stoplight/spectral-core';
import Parsers from '@stoplight/spectral-parsers';
import { createHttpAndFileResolver } from '@stoplight/spectral-ref-resolver';
import { bundleAndLoadRuleset } from '@stoplight/spectral-ruleset-bundler/with-loader';
import { RULESET } from './paths.mjs';

const { Spectral, Document } = spectralCore;
const SEVERITY = ['error', 'warning', 'info', 'hint'];

/**
 * @typedef {{ code: string, severity: string, message: string, file: string, line: number, path: string }} Finding
 */

/**
 * Lints each file with the repository ruleset (or `ruleset`). Every finding is returned, at any
 * severity: our bar is zero findings.
 * @param {string[]} files absolute paths (YAML or JSON)
 * @param {{ ruleset?: string }} [options]
 * @returns {Promise<Finding[]>}
 */
export async function lintFiles(files, { ruleset = RULESET } = {}) {
  // A fresh resolver per run: the shared one caches files, and on a cache hit the origin of a
  // resolved node is lost, which makes csms-error-schema misfire on the second lint of a file.
  const spectral = new Spectral({ resolver: createHttpAndFileResolver() });
  spectral.setRuleset(await bundleAndLoadRuleset(ruleset, { fs, fetch: globalThis.fetch }));
  /** @type {Finding[]} */
  const findings = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const document = file.endsWith('.json') ? new Document(text, Parsers.Json, file) : new Document(text, Parsers.Yaml, file);
    for (const r of await spectral.run(document)) {
      findings.push({
        code: String(r.code),
        severity: SEVERITY[r.severity] ?? String(r.severity),
        message: r.message,
        file: String(r.source ?? file),
        line: r.range.start.line + 1,
        path: r.path.join('.'),
      });
    }
  }
  return findings;
}

/** @param {Finding[]} findings */
export function formatFindings(findings) {
  return findings
    .map((f) => `${path.relative(process.cwd(), f.file)}:${f.line}  ${f.severity}  ${f.code}  ${f.message}  (${f.path})`)
    .join('\n');
}
