// @ts-check
// Schemathesis, a peer's property-based test suite, against csms-mock with the bundled document:
// every default check, every phase (examples, coverage, fuzzing, stateful), a fixed seed and a
// bounded number of examples, run twice against the mock loaded with mock-config.json: once with
// the token (X-Auth-Token) and once with every request signed (hooks.py, SDK-HMAC-SHA256).
// The stateful phase follows the links of links.json (hooks.py adds them as the document loads;
// schemathesis.toml says why Schemathesis's own link inference is off). The mock keeps state:
// hooks.py resets it before each single-request case and once before the stateful phase.
//
// Known differences (answers the mock is right to give that a generic check cannot know about)
// are in known-differences.json, a Schemathesis baseline file: each entry is one check on one
// operation for one kind of failure, with the answers it covers and the reason. Schemathesis goes
// on testing past a known failure; this script then checks that every failure it met was one of
// the answers its entry lists (status, error_code, error_msg, Allow), so an entry never hides
// another answer of the same status.
//
// One ✓/✗ line per run and check, over the document's operations; the RESULT line counts
// (run, operation, check) triples, plus each run's own verdict.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eachOperation } from '../../../packages/mock/src/openapi.js';
import { finish, suiteEnv } from '../support.mjs';
import { ensureVenv, findPython, pinned } from './python-venv.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REQUIREMENTS = path.join(HERE, 'requirements.txt');
const KNOWN = path.join(HERE, 'known-differences.json');
const LINKS = path.join(HERE, 'links.json');
/** Fixed: the same cases every run. Examples per operation and phase: each run takes 85 to 215 s on a 2-core machine, by its load (18 operations). */
const SEED = 20261130;
const MAX_EXAMPLES = 25;

const env = suiteEnv(
  /** @type {const} */ (['CSMS_MOCK_URL', 'CSMS_TOKEN', 'CSMS_AK', 'CSMS_SK', 'CSMS_OPENAPI', 'CSMS_SDK_CACHE', 'CSMS_MOCK_CONFIG']),
);
const base = { suite: 'schemathesis', tool: 'schemathesis', version: pinned(REQUIREMENTS, 'schemathesis') };

const python = findPython();
const venv = await ensureVenv({ python, requirements: REQUIREMENTS, venv: path.join(env.CSMS_SDK_CACHE, 'schemathesis-venv') });
if (!venv.ok) finish({ ...base, passed: 0, failed: 1, failures: [venv.reason] });

/** `METHOD /path` of every operation of the document, as Schemathesis labels them. */
const document = JSON.parse(fs.readFileSync(env.CSMS_OPENAPI, 'utf8'));
const operations = eachOperation(document).map(({ method, path: route }) => `${method.toUpperCase()} ${route}`);
/** The links of links.json (hooks.py adds them to the document), as `SOURCE -> TARGET` in Schemathesis's labels. */
const labelOf = new Map(
  eachOperation(document).map(({ method, path: route, operation }) => [operation.operationId, `${method.toUpperCase()} ${route}`]),
);
/** @type {{ from: string, to: string }[]} */
const linkList = JSON.parse(fs.readFileSync(LINKS, 'utf8')).links;
const links = linkList.map((l) => `${labelOf.get(l.from)} -> ${labelOf.get(l.to)}`);

/**
 * @typedef {{ status?: number, error_code?: string, error_msg?: string, allow?: string }} Answer
 * @typedef {Answer & { error_msg_match?: string }} ListedAnswer `error_msg_match`: a regular expression for a message that names something
 * @typedef {{ operation: string, check: string, failure: string, signature: string, answers: ListedAnswer[], reason: string }} Entry
 */
/** @type {Entry[]} */
const known = JSON.parse(fs.readFileSync(KNOWN, 'utf8')).entries;
for (const e of known) {
  if (!operations.includes(e.operation)) throw new Error(`known-differences.json: no operation ${e.operation} in the document`);
  if (!e.reason || !Array.isArray(e.answers) || e.answers.length === 0)
    throw new Error(`known-differences.json: ${e.operation} ${e.check} needs answers and a reason`);
}

// What must never reach the output: the credentials, signatures and the secrets' values (the
// configured ones, the mock's generated ones, and any value or backup field of a body).
/** @type {{ secrets: { versions?: { value?: string, binary?: string }[] }[] }} */
const config = JSON.parse(fs.readFileSync(env.CSMS_MOCK_CONFIG, 'utf8'));
const values = [env.CSMS_TOKEN, env.CSMS_SK, ...config.secrets.flatMap((s) => (s.versions ?? []).map((v) => v.value ?? v.binary))];
const escapeRegExp = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SECRET = new RegExp(
  [
    ...values.filter((v) => typeof v === 'string' && v !== '').map((v) => escapeRegExp(/** @type {string} */ (v))),
    '(?<=Signature=)[0-9a-f]{64}',
    'mock-value-[0-9a-f]{16}',
    'csms-mock-backup\\.v1\\.[A-Za-z0-9_-]+',
    '(?<="secret_(?:string|binary|blob)"\\s*:\\s*")[^"]*',
  ].join('|'),
  'g',
);
const redact = (/** @type {string} */ text) => text.replace(SECRET, '[Filtered]');

/** Runs a command with its output shown line by line, redacted. @returns {Promise<number | null>} */
function runRedacted(
  /** @type {string} */ command,
  /** @type {string[]} */ args,
  /** @type {import('node:child_process').SpawnOptions} */ options,
) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const [stream, out] of /** @type {const} */ ([
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ])) {
      let pending = '';
      stream?.on('data', (chunk) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) out.write(`${redact(line)}\n`);
      });
      stream?.on('end', () => pending && out.write(`${redact(pending)}\n`));
    }
    child.on('error', (e) => {
      console.error(`${command}: ${e.message}`);
      resolve(-1);
    });
    child.on('close', resolve);
  });
}

/** @param {any} response the recorded response @returns {Answer} */
function answerOf(response) {
  /** @type {Answer} */
  const answer = { status: response?.status_code, allow: response?.headers?.allow?.[0] };
  try {
    const body = JSON.parse(Buffer.from(response?.content?.$base64 ?? '', 'base64').toString('utf8'));
    // The tag, event, notification-record and user-list operations wrap their errors: {"error": {…}} (WrappedError).
    const error = body?.error && typeof body.error === 'object' ? body.error : body;
    answer.error_code = error.error_code;
    answer.error_msg = error.error_msg;
  } catch {}
  return answer;
}

/** Whether the answer is one the entry lists: every field the listed answer gives is equal (or matches). */
const covers = (/** @type {Entry} */ e, /** @type {Answer} */ a) =>
  e.answers.some((want) =>
    Object.entries(want).every(([k, v]) =>
      k === 'error_msg_match' ? new RegExp(`^(?:${v})$`).test(a.error_msg ?? '') : a[/** @type {keyof Answer} */ (k)] === v,
    ),
  );
const describe = (/** @type {ListedAnswer} */ a) =>
  [a.status, a.error_code, a.error_msg && `"${a.error_msg}"`, a.error_msg_match && `/${a.error_msg_match}/`, a.allow && `Allow: ${a.allow}`]
    .filter(Boolean)
    .join(' ');

let passed = 0;
let failed = 0;
/** @type {string[]} */
const failures = [];
/** @type {Set<Entry>} */
const seen = new Set();
/** @param {boolean} ok @param {string} line @param {string} [failure] */
function report(ok, line, failure) {
  console.log(`${ok ? '✓' : '✗'} ${line}`);
  if (ok) passed++;
  else {
    failed++;
    failures.push(failure ?? line);
  }
}

const runs = /** @type {const} */ (['token', 'signature']);
for (const mode of runs) {
  // The same starting state for both runs: the first one's stateful phase may have restored secrets.
  // The control endpoints take JSON only (a web page cannot send that without a preflight).
  const reset = await fetch(new URL('/_mock/reset', env.CSMS_MOCK_URL), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
  }).catch((e) => e);
  if (reset.status !== 204) {
    report(false, `POST /_mock/reset answered ${reset.status ?? reset.message}: the mock must run with admin: true`);
    finish({ ...base, passed, failed, failures });
  }

  // A fresh folder: Schemathesis replays the failures it cached in the working folder first, which
  // would make a run depend on the one before it.
  const work = path.join(env.CSMS_SDK_CACHE, 'schemathesis-runs', mode);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  console.log(`\n── st run, ${mode === 'token' ? 'with the token (X-Auth-Token)' : 'every request signed (SDK-HMAC-SHA256, hooks.py)'}`);
  const args = [
    '--config-file',
    path.join(HERE, 'schemathesis.toml'),
    'run',
    env.CSMS_OPENAPI,
    '--url',
    env.CSMS_MOCK_URL,
    '--seed',
    String(SEED),
    '--max-examples',
    String(MAX_EXAMPLES),
    '--workers',
    '1',
    '--generation-database',
    'none',
    '--request-timeout',
    '10',
    '--baseline',
    KNOWN,
    '--report',
    'ndjson,json',
    '--report-dir',
    work,
    '--no-color',
    ...(mode === 'token' ? ['--header', `X-Auth-Token: ${env.CSMS_TOKEN}`] : []),
  ];
  const started = performance.now();
  const code = await runRedacted(venv.bin('st'), args, {
    cwd: work,
    env: { ...process.env, SCHEMATHESIS_HOOKS: 'hooks', PYTHONPATH: HERE, CSMS_ST_AUTH: mode, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const seconds = Math.round((performance.now() - started) / 1000);
  // Its crash cache holds the requests as sent, signatures included.
  fs.rmSync(path.join(work, '.schemathesis'), { recursive: true, force: true });

  const file = (/** @type {string} */ prefix) => fs.readdirSync(work).find((f) => f.startsWith(prefix));
  const ndjson = file('ndjson-');
  const json = file('json-');
  if (!ndjson || !json) {
    report(false, `[${mode}] st run exited ${code} without its reports`, `${mode}: st run exited ${code} without its reports`);
    continue;
  }
  const summary = JSON.parse(fs.readFileSync(path.join(work, json), 'utf8'));

  /** (operation, check) → cases, and the failures no entry covers. @type {Map<string, { cases: number, unknown: string[] }>} */
  const units = new Map();
  /** @type {Map<Entry, Map<string, number>>} */
  const knownHits = new Map();
  /** @type {Set<string>} */
  const checks = new Set();
  /** The links the stateful phase followed. @type {Set<string>} */
  const followed = new Set();
  for (const line of fs.readFileSync(path.join(work, ndjson), 'utf8').split('\n')) {
    const event = line && JSON.parse(line).ScenarioFinished;
    if (!event?.recorder?.checks) continue;
    const { phase, recorder } = event;
    for (const { transition } of Object.values(recorder.cases ?? {})) {
      // A transition's id: `SOURCE -> [status] link name -> TARGET`.
      const ends = /^(.+) -> \[\d+\] \S+ -> (.+)$/.exec(transition?.id ?? '');
      if (ends) followed.add(`${ends[1]} -> ${ends[2]}`);
    }
    for (const [id, results] of Object.entries(recorder.checks)) {
      const value = recorder.cases[id]?.value;
      for (const result of results) {
        const failure = result.failure_info?.failure;
        // Stateful scenarios chain operations: each case is its own operation's.
        const operation = failure?.operation ?? (phase === 'stateful' && value ? `${value.method} ${value.path}` : recorder.label);
        checks.add(result.name);
        const key = `${operation}\n${result.name}`;
        const unit = units.get(key) ?? { cases: 0, unknown: [] };
        units.set(key, unit);
        unit.cases++;
        if (result.status !== 'failure') continue;
        const answer = answerOf(recorder.interactions?.[id]?.response);
        const entry = known.find(
          (e) => e.operation === operation && e.check === result.name && e.failure === failure?.type && covers(e, answer),
        );
        if (entry) {
          seen.add(entry);
          const hits = knownHits.get(entry) ?? new Map();
          knownHits.set(entry, hits);
          hits.set(describe(answer), (hits.get(describe(answer)) ?? 0) + 1);
        } else {
          const said = `${failure?.code ?? ''} ${failure?.title ?? result.name} (${phase}, case ${id}): answered ${describe(answer) || 'nothing'}`;
          unit.unknown.push(redact(said));
        }
      }
    }
  }

  const tested = summary.operations?.tested ?? 0;
  report(
    code === 0 && tested === operations.length && (summary.errors ?? []).length === 0,
    `[${mode}] st run: ${tested}/${operations.length} operations, ${summary.test_cases?.generated ?? 0} cases, ${(summary.errors ?? []).length} errors, exit ${code} (seed ${SEED}, ${MAX_EXAMPLES} examples, ${seconds} s)`,
    `${mode}: st run exit ${code}, ${tested}/${operations.length} operations tested, ${(summary.errors ?? []).length} errors`,
  );
  for (const check of [...checks].sort()) {
    const bad = operations.filter((op) => !units.get(`${op}\n${check}`)?.cases || units.get(`${op}\n${check}`)?.unknown.length);
    const cases = operations.reduce((n, op) => n + (units.get(`${op}\n${check}`)?.cases ?? 0), 0);
    const knownHere = [...knownHits.entries()].filter(([e]) => e.check === check);
    const note =
      knownHere.length > 0
        ? `; known differences: ${knownHere.reduce((n, [, hits]) => n + [...hits.values()].reduce((a, b) => a + b, 0), 0)}`
        : '';
    console.log(
      `${bad.length === 0 ? '✓' : '✗'} [${mode}] ${check}: ${operations.length - bad.length}/${operations.length} operations, ${cases} cases${note}`,
    );
    for (const op of operations) {
      const unit = units.get(`${op}\n${check}`);
      if (!unit?.cases) {
        failed++;
        failures.push(`${mode}: ${check} never ran on ${op}`);
        console.log(`    ✗ ${op}: never ran`);
      } else if (unit.unknown.length > 0) {
        failed++;
        failures.push(`${mode}: ${op} ${check}: ${unit.unknown[0]}${unit.unknown.length > 1 ? ` (+${unit.unknown.length - 1} more)` : ''}`);
        for (const u of unit.unknown.slice(0, 3)) console.log(`    ✗ ${op}: ${u}`);
        if (unit.unknown.length > 3) console.log(`    … and ${unit.unknown.length - 3} more`);
      } else passed++;
    }
    for (const [e, hits] of knownHere) {
      for (const [answer, n] of hits) console.log(`    · known: ${e.operation} answered ${answer} ×${n}`);
    }
  }
  // Not a check: which links a bounded stateful phase reaches depends on what it generates.
  const missed = links.filter((l) => !followed.has(l));
  console.log(`· [${mode}] the stateful phase followed ${links.length - missed.length} of the ${links.length} links of links.json`);
  for (const l of missed) console.log(`    · not followed: ${l}`);
}

for (const e of known.filter((k) => !seen.has(k))) {
  // Not a failure: a bounded run need not reach every case; a larger one does (see the README).
  console.log(`· known difference not met in these runs: ${e.operation} ${e.check} (${e.answers.map(describe).join('; ')})`);
}
finish({ ...base, passed, failed, failures });
