// @ts-check
// Wall time of the quick gate and of the full build, as a developer runs them.
import { execFileSync } from 'node:child_process';
import { ROOT } from '../scripts/lib/paths.mjs';

/** @param {string} script */
function wall(script) {
  const t0 = performance.now();
  execFileSync('npm', ['run', '-s', script], { cwd: ROOT, stdio: 'ignore' });
  return performance.now() - t0;
}

export async function pipelineRows() {
  return [
    { row: '`npm run check` wall time', ours: wall('check'), unit: 'ms' },
    { row: '`npm run build` wall time', ours: wall('build'), unit: 'ms' },
  ];
}
