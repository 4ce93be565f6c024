// The docs' code samples (x-codeSamples, generated into the bundle at build time from the
// operation table), for every operation: the curl command, run as a shell runs it against the
// shared mock, gets the documented 200; the client sample type-checks against the built client
// package and, pointed at the mock, returns the documented body; a paged operation's sample also
// loops over every item with `csms.paginate`, which type-checks and, against a mock holding
// several pages of each paged list (secrets, events, rotation tasks), prints every item.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { startMock } from '@csms-openapi/mock';
import { transform } from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { dereferencer } from '../../packages/mock/src/openapi.js';
import { echoedFor } from '../support/echo.js';
import { operations, responseExamples, spec } from '../support/openapi.js';
import { useScratchDir } from '../support/scratch.js';

type Sample = { lang: string; label: string; source: string };
type MockEvent = NonNullable<NonNullable<Parameters<typeof startMock>[0]>['events']>[number];
type Op = (typeof operations)[number];
const deref = dereferencer(spec);
const samplesOf = (op: Op) =>
  (deref((spec.paths as Record<string, unknown>)[op.path]) as Record<string, { 'x-codeSamples'?: Sample[] }>)[op.method.toLowerCase()]![
    'x-codeSamples'
  ] ?? [];
const sample = (op: Op, label: string) => samplesOf(op).find((s) => s.label === label)!.source;
const server = (spec.servers as { url: string; variables: { region: { default: string } } }[])[0]!;
const realBase = server.url.replace('{region}', server.variables.region.default);
/** The first example of the operation's success, or undefined when the document gives that success no body (a 204, an empty 200). */
const documentedSuccess = (op: Op) =>
  responseExamples().find((c) => c.operationId === op.operationId && c.status === String(op.status))?.value;
const TOKEN = 'sample-token';
const PROJECT_EXAMPLE = operations.flatMap((o) => Object.values(o.params)).find((p) => p.option === 'projectId')!.example;

const scratch = useScratchDir('samples');
let typeErrors: Map<string, string[]>;
// A mock in test-double mode, for the paging loops: 120 secrets (three pages of 50), the sample's
// own secret with three versions, 120 events and 120 rotation tasks.
let pagedMock: Awaited<ReturnType<typeof startMock>>;

/** Imports a sample (TypeScript) as a module, the region swapped for `endpoint`; returns its exports and what it printed. */
async function runSample(name: string, source: string, endpoint: string, exported: string) {
  const runnable = source
    .replace(/region: '[^']+',/, `endpoint: ${JSON.stringify(endpoint)},`)
    .concat(`\nexport const result = JSON.parse(JSON.stringify({ ${exported} }));\n`);
  const file = path.join(scratch.dir, `${name}.mjs`);
  await fs.writeFile(file, (await transform(runnable, { loader: 'ts', format: 'esm' })).code);
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
  const previous = process.env.IAM_TOKEN;
  process.env.IAM_TOKEN = TOKEN;
  try {
    const { result } = (await import(file)) as { result: unknown };
    return { result, printed };
  } finally {
    spy.mockRestore();
    process.env.IAM_TOKEN = previous;
  }
}

beforeAll(async () => {
  // One program for all samples, as a user's editor sees them: TypeScript, strict, against the
  // built package that `npm install @csms-openapi/client` gives.
  const files = new Map<string, string>();
  for (const op of operations) {
    const file = path.join(scratch.dir, `${op.operationId}.mts`);
    await fs.writeFile(file, `${sample(op, '@csms-openapi/client')}\nexport {};\n`);
    files.set(file, op.operationId);
  }
  const program = ts.createProgram([...files.keys()], {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    noEmit: true,
  });
  typeErrors = new Map(operations.map((op) => [op.operationId, [] as string[]]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const id = files.get(d.file?.fileName ?? '') ?? '(global)';
    (typeErrors.get(id) ?? typeErrors.set(id, []).get(id)!).push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  const own = operations.flatMap((op) =>
    Object.values(op.params)
      .filter((p) => p.name === 'secret_name')
      .map((p) => String(p.example)),
  );
  pagedMock = await startMock({
    secrets: [
      ...[...new Set(own)].map((name) => ({ name, versions: [{ value: 'first' }, { value: 'second' }, { value: 'third' }] })),
      // The first is a database secret, whose rotations leave tasks (seeded below).
      ...Array.from({ length: 120 }, (_, i) => ({ name: `paged-${String(i).padStart(3, '0')}`, ...(i === 0 ? DATABASE_SECRET : {}) })),
    ],
    // Events as CreateSecretEvent's documented example makes one, each under its own name.
    events: Array.from({ length: 120 }, (_, i) => ({ ...(byId('CreateSecretEvent').body!.example as MockEvent), name: `event-${i}` })),
  });
  await rotateTimes(pagedMock.url, 'paged-000', 120);
}, 120_000);

afterAll(async () => {
  await pagedMock?.close();
});

const byId = (id: string) => operations.find((o) => o.operationId === id)!;
/** A secret whose rotation a FunctionGraph function runs, so that each rotation leaves a task (vendor: RDS-FG is such a type). */
const DATABASE_SECRET = { secret_type: 'RDS-FG' as const };

/** Rotates a secret `times` times through the API (RotateSecret), as tasks only come from rotations. */
async function rotateTimes(base: string, secretName: string, times: number) {
  const rotate = byId('RotateSecret');
  const target = rotate.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(name === 'secret_name' ? secretName : String(rotate.params[name]!.example)),
  );
  for (let i = 0; i < times; i++) {
    const res = await fetch(base + target, { method: rotate.method, headers: { 'X-Auth-Token': TOKEN } });
    expect(res.status, await res.text()).toBe(rotate.status);
  }
}

/** Every item's `field` of a paged operation, walked page by page with plain fetch (the client is not involved). */
async function walk(op: Op, base: string, field: string) {
  const items: unknown[] = [];
  let marker: string | undefined;
  let pages = 0;
  const query = Object.fromEntries(
    op.queryParams.filter((n) => n === op.paging!.limit).map((n) => [n, String(op.params[n]!.example)]),
  ) as Record<string, string>;
  for (;;) {
    const url = new URL(base + op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(op.params[name]!.example))));
    for (const [k, v] of Object.entries({ ...query, ...(marker ? { [op.paging!.marker]: marker } : {}) })) url.searchParams.set(k, v);
    const page = (await (await fetch(url, { headers: { 'X-Auth-Token': TOKEN } })).json()) as Record<string, unknown>;
    pages++;
    for (const item of page[op.paging!.items] as Record<string, unknown>[]) items.push(item[field]);
    const next = op.paging!.nextMarker.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], page);
    if (typeof next !== 'string') return { items, pages };
    marker = next;
  }
}

describe('the samples', () => {
  it('exist for every operation of the table, and for nothing else', () => {
    const withSamples = Object.values(spec.paths as Record<string, unknown>)
      .flatMap((item) => Object.values(deref(item) as Record<string, { operationId?: string; 'x-codeSamples'?: unknown }>))
      .filter((o) => o?.['x-codeSamples'])
      .map((o) => o.operationId);
    expect(withSamples.sort()).toEqual(operations.map((o) => o.operationId).sort());
  });
});

describe.each(operations.map((op) => [op.operationId, op] as const))('%s', (operationId, op) => {
  it('has a curl and a client sample, with the example values of its parameters and body', () => {
    expect(samplesOf(op).map((s) => [s.lang, s.label])).toEqual([
      ['Shell', 'curl'],
      ['TypeScript', '@csms-openapi/client'],
    ]);
    const curl = sample(op, 'curl');
    expect(curl).toContain(realBase);
    expect(curl).toContain('-H "X-Auth-Token: $IAM_TOKEN"');
    if (op.method !== 'GET') expect(curl).toContain(`-X ${op.method}`);
    if (op.body) {
      expect(curl).toContain(`-H 'Content-Type: ${op.body.mediaType}'`);
      expect(curl).toContain(`-d '${JSON.stringify(op.body.example)}'`);
    }
    const client = sample(op, '@csms-openapi/client');
    const method = op.operationId.charAt(0).toLowerCase() + op.operationId.slice(1);
    expect(client).toContain(`await csms.${method}(`);
    const args = op.pathParams
      .filter((p) => op.params[p]!.option === undefined)
      .map((name) => `['"]${String(op.params[name]!.example)}['"]`);
    // Path arguments in path order, then the one object of query parameters and body where the operation has them.
    const parts = [...args, ...(op.queryParams.length > 0 || op.body ? ['\\{'] : [])];
    expect(client).toMatch(new RegExp(`await csms\\.${method}\\(${parts.join(', ')}${op.queryParams.length > 0 || op.body ? '' : '\\)'}`));
    // The project comes from the client's options (the parameter marked x-client-option), whatever the path.
    expect(client).toContain(`projectId: '${PROJECT_EXAMPLE}'`);
    // Never a credential in a sample: the token comes from the environment.
    expect(client).toContain('credentials: { token: process.env.IAM_TOKEN! }');
  });

  it('the curl sample, run by sh against the mock, gets the documented success', async () => {
    const command = sample(op, 'curl').replace(realBase, inject('mockUrl'));
    const { stdout } = await promisify(execFile)('sh', ['-c', command], { env: { ...process.env, IAM_TOKEN: TOKEN } });
    const expected = documentedSuccess(op);
    if (expected === undefined) expect(stdout).toBe('');
    else expect(JSON.parse(stdout)).toStrictEqual(echoedFor(op, expected, JSON.parse(stdout)));
  });

  it('the client sample type-checks (strict) against the built @csms-openapi/client', () => {
    expect(typeErrors.get(operationId)).toEqual([]);
    expect(typeErrors.get('(global)') ?? []).toEqual([]);
  });

  it('the client call, pointed at the mock, returns the documented success body (a bodiless one is awaited, not taken apart)', async () => {
    const source = sample(op, '@csms-openapi/client');
    const fields = /const \{ (.+) \} = await/.exec(source)?.[1];
    const expected = documentedSuccess(op);
    if (expected === undefined) {
      expect(fields, 'a success without a body is not destructured').toBeUndefined();
      expect(source).toMatch(new RegExp(`^await csms\\.${op.operationId.charAt(0).toLowerCase()}${op.operationId.slice(1)}\\(`, 'm'));
      const { result } = await runSample(`${operationId}-call`, source, inject('mockUrl'), 'done: true');
      expect(result).toStrictEqual({ done: true });
      return;
    }
    expect(fields, 'the sample destructures the fields of the success body').toBeDefined();
    // The call alone: the paging loop runs against a mock with several pages, below.
    const call = source
      .split('\n')
      .filter((line) => !line.includes('csms.paginate.'))
      .join('\n');
    const { result } = await runSample(`${operationId}-call`, call, inject('mockUrl'), fields!);
    expect(result).toStrictEqual(echoedFor(op, expected, result));
  });

  if (op.paging)
    it('the paging loop (csms.paginate) type-checks and, against a mock of several pages, prints every item', async () => {
      const source = sample(op, '@csms-openapi/client');
      const method = op.operationId.charAt(0).toLowerCase() + op.operationId.slice(1);
      const loop = new RegExp(
        `^for await \\(const (\\w+) of csms\\.paginate\\.${method}\\(.*\\)\\) console\\.log\\(\\1\\.(\\w+)\\);$`,
        'm',
      ).exec(source);
      expect(loop, 'a for await loop over csms.paginate').not.toBeNull();
      const field = loop![2]!;
      const expected = await walk(op, pagedMock.url, field);
      expect(expected.items.length).toBeGreaterThan(1);
      const fields = /const \{ (.+) \} = await/.exec(source)![1]!;
      const { printed } = await runSample(`${operationId}-loop`, source, pagedMock.url, fields);
      expect(printed).toEqual(expected.items.map(String));
    });
});

describe('style', () => {
  // The samples are TypeScript in this repository's style: single-quoted strings throughout.
  it('every client sample quotes its strings with single quotes', () => {
    const doubleQuoted = operations.flatMap((op) =>
      sample(op, '@csms-openapi/client')
        .split('\n')
        .filter((line) => /"[^"]*"/.test(line.replace(/'[^']*'/g, "''")))
        .map((line) => `${op.operationId}: ${line}`),
    );
    expect(doubleQuoted).toEqual([]);
  });
});

describe('the paging samples cross pages', () => {
  it('ListSecrets against 120 secrets: the loop reads three pages of 50', async () => {
    const op = operations.find((o) => o.paging && o.queryParams.length === 3)!;
    const { items, pages } = await walk(op, pagedMock.url, 'name');
    expect(pages).toBe(3);
    expect(items).toHaveLength(120 + new Set(operations.map((o) => o.params.secret_name?.example).filter(Boolean)).size);
  });

  it.each([
    ['ListSecretEvents', 'name'],
    ['ListSecretTask', 'task_id'],
  ])('%s against 120 seeded items: the loop reads three pages of 50, each item once', async (id, field) => {
    const { items, pages } = await walk(byId(id), pagedMock.url, field);
    expect(pages).toBe(3);
    expect(new Set(items).size).toBe(120);
  });
});
