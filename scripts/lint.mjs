// @ts-check
// `npm run lint [file…]`: Spectral with .spectral.yaml. Default: the source tree and the committed
// bundle. Exit 1 on any finding, warnings included.
import path from 'node:path';
import { GENERATED_DIR, SPEC_ROOT } from './lib/paths.mjs';
import { formatFindings, lintFiles } from './lib/spectral.mjs';

const args = process.argv.slice(2);
const files = args.length > 0 ? args.map((f) => path.resolve(f)) : [SPEC_ROOT, path.join(GENERATED_DIR, 'openapi.json')];
const findings = await lintFiles(files);
if (findings.length > 0) {
  console.error(formatFindings(findings));
  console.error(`\n${findings.length} finding(s).`);
  process.exit(1);
}
console.log(`Spectral: 0 errors, 0 warnings in ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
