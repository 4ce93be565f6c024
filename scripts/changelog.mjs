// @ts-check
// `npm run changelog`: lists oasdiff's changes since the newest release (releases/) under the
// document's version in CHANGELOG.md, between <!-- api-changes:start --> and <!-- api-changes:end -->
// (the section `## <version> (unreleased)` is added above the newest one if it is missing).
// Only that part is rewritten; `npm run check` fails while it is stale.
import { BREAKING, GateError, writeApiChanges } from './lib/breaking.mjs';
import { OasdiffUnavailableError } from './lib/oasdiff.mjs';

try {
  const { version, release, changes, written } = await writeApiChanges();
  const breaking = changes.filter((c) => c.level >= BREAKING).length;
  console.log(
    `CHANGELOG.md ${written ? 'updated' : 'already up to date'}: ${version} lists ${changes.length} change(s) to the document since ${release}, ` +
      `${breaking} breaking.`,
  );
} catch (err) {
  if (!(err instanceof GateError || err instanceof OasdiffUnavailableError)) throw err;
  console.error(err.message);
  process.exit(1);
}
