// @ts-check
// The Go suite: builds main.go against the pinned huaweicloud-sdk-go-v3 (go.mod, go.sum; the
// build may not change them) into the SDK cache, runs it against the mocks, and passes its RESULT
// line through. Exit 0 when every check passed, 1 otherwise, 3 when Go is missing or too old.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { finish, MISSING_TOOLCHAIN, requireTool, run } from '../support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const INSTALL = 'Go 1.22 or later (https://go.dev/dl/)';
const TOOL = 'github.com/huaweicloud/huaweicloud-sdk-go-v3';
const pinned =
  /github\.com\/huaweicloud\/huaweicloud-sdk-go-v3 (v\S+)/.exec(fs.readFileSync(path.join(HERE, 'go.mod'), 'utf8'))?.[1] ?? 'unknown';
/** @param {string} failure @returns {never} */
const failed = (failure) => finish({ suite: 'go', tool: TOOL, version: pinned, passed: 0, failed: 1, failures: [failure] });

const goVersion = requireTool('go', ['version'], INSTALL);
const [, major = '0', minor = '0'] = /go(\d+)\.(\d+)/.exec(goVersion) ?? [];
if (Number(major) < 1 || (Number(major) === 1 && Number(minor) < 22)) {
  console.error(`${goVersion}: this suite needs ${INSTALL}. Install it, then run npm run test:sdks again.`);
  process.exit(MISSING_TOOLCHAIN);
}
const cache = process.env.CSMS_SDK_CACHE ?? path.join(os.tmpdir(), 'csms-openapi-sdks');
fs.mkdirSync(cache, { recursive: true });
const binary = path.join(cache, process.platform === 'win32' ? 'go-suite.exe' : 'go-suite');

// -mod=readonly: go.sum must already hold every checksum, so a changed or unpinned module fails
// the build instead of being fetched. -buildvcs=false: the binary needs no Git stamp, and stamping
// fails where the checkout belongs to another user. The environment's GOFLAGS come first.
const GOFLAGS = [process.env.GOFLAGS, '-mod=readonly', '-buildvcs=false'].filter(Boolean).join(' ');
console.log(`${goVersion}; building against huaweicloud-sdk-go-v3 ${pinned}`);
const built = await run('go', ['build', '-o', binary, '.'], { cwd: HERE, env: { ...process.env, GOFLAGS } });
if (built.code !== 0) failed(`go build failed (exit ${built.code})`);

const ran = await run(binary, [], { cwd: HERE, env: process.env });
if (!/^RESULT \{.*\}$/m.test(ran.out)) failed(`the suite program ended (exit ${ran.code}) without a RESULT line`);
process.exit(ran.code === 0 ? 0 : 1);
