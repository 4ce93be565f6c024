// The built docs in a real browser (Chromium from the @sparticuz/chromium npm package, or
// CHROMIUM_PATH, driven by playwright-core), opened from `npm start`'s docs URL with every other
// network request blocked: what a reader sees in the sidebar as the page opens, and, operation by
// operation as a reader clicks through them, the heading, the path, the curl and client samples
// and the response codes. Operations, tags and samples are read from the bundle and the table.
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dereferencer } from '../../packages/mock/src/openapi.js';
import { chromiumExecutable } from '../support/browser.js';
import { operations, responseExamples, spec, table } from '../support/openapi.js';
import { type Started, startNpmStart } from '../support/start.js';

type Sample = { lang: string; label: string; source: string };
type Op = (typeof operations)[number];
const deref = dereferencer(spec);
const tags = (spec.tags as { name: string }[]).map((t) => t.name);
/** How the docs name an operation: Redoc keeps tag groups collapsed, so the build leads each summary with its tag. */
const label = (op: Op) => `${op.tags[0]}: ${op.summary}`;
const samplesOf = (op: Op) =>
  (deref((spec.paths as Record<string, unknown>)[op.path]) as Record<string, { 'x-codeSamples': Sample[] }>)[op.method.toLowerCase()]![
    'x-codeSamples'
  ];
const SAMPLE_LABELS = [...new Set(operations.flatMap((op) => samplesOf(op).map((s) => s.label)))];

/** What the page showed for one operation after a reader clicked it in the sidebar. */
interface Shown {
  text: string;
  /** Sample label → the code the page showed for it (absent: the page offered no such sample). */
  samples: Record<string, string>;
  responseCodes: string[];
}

let started: Started;
let browser: Browser;
let page: Page;
const blocked: string[] = [];
const failedOwn: string[] = [];
const cspViolations: string[] = [];
let sidebarOnOpen: string[] = [];
const shown = new Map<string, Shown>();

/** The sidebar's visible entries (Redoc's menu items), one line each: "Read a secret's value GET" → "Read a secret's value". */
const sidebar = async () =>
  (await page.locator('[data-component-name="Menu/MenuItem"]:visible').allInnerTexts()).map((t) => t.split('\n')[0]!.trim());

/** Opens an operation from the sidebar and reads what its page shows, every code sample included. */
async function open(op: Op): Promise<Shown> {
  const link = page.locator('[data-component-name="Menu/MenuItem"]:visible a', { hasText: label(op) }).first();
  const href = (await link.getAttribute('href'))!;
  await link.click();
  const section = page.locator(`[id="${href.replace(/^#?\//, '')}"]`);
  await section.getByText(label(op), { exact: true }).first().waitFor({ timeout: 20_000 });
  const samples: Record<string, string> = {};
  const code = section.locator('[data-testid="source-code"]').first();
  // The sample switcher is a dropdown whose button shows the current sample's label.
  const switcher = section.locator('button[aria-haspopup="menu"]', {
    hasText: new RegExp(`^\\s*(${SAMPLE_LABELS.map(escapeRegExp).join('|')})\\s*$`),
  });
  if ((await switcher.count()) === 0) {
    // One sample only: its label is shown as plain text above the code.
    for (const label of SAMPLE_LABELS)
      if ((await section.getByText(label, { exact: true }).count()) > 0) {
        samples[label] = await code.innerText();
        break;
      }
  } else {
    for (const label of SAMPLE_LABELS) {
      await switcher.first().click();
      const item = page.getByRole('menuitem', { name: label, exact: true });
      if ((await item.count()) === 0) {
        await page.keyboard.press('Escape');
        continue;
      }
      await item.first().click();
      await section.locator('button[aria-haspopup="menu"]', { hasText: label }).first().waitFor();
      samples[label] = await code.innerText();
    }
  }
  // The response tabs (other tabs, such as the members of an anyOf, are not status codes).
  const responseCodes = (await section.getByRole('tab').allInnerTexts()).map((t) => t.trim()).filter((t) => /^[1-5]\d\d$/.test(t));
  return { text: await section.innerText(), samples, responseCodes };
}
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/@-]/g, '\\$&');

beforeAll(async () => {
  const executablePath = await chromiumExecutable();
  started = await startNpmStart();
  const origin = new URL(started.docsUrl).origin;
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on('requestfailed', (r) => {
    if (new URL(r.url()).origin === origin) failedOwn.push(`${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (new URL(r.url()).origin === origin && r.status() >= 400) failedOwn.push(`${r.url()} ${r.status()}`);
  });
  await page.goto(started.docsUrl, { waitUntil: 'load' });
  // What a reader sees before clicking anything.
  await page
    .getByRole('link', { name: label(operations[0]!) })
    .first()
    .waitFor({ timeout: 20_000 });
  await page.waitForLoadState('networkidle');
  sidebarOnOpen = await sidebar();
  // Then every operation, as a reader clicks through them.
  for (const op of operations) shown.set(op.operationId, await open(op));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (started) await started.stop();
});

describe('docs page, offline', () => {
  it("renders under the server's Content-Security-Policy without a violation", () => {
    expect(cspViolations).toEqual([]);
  });

  it('needs nothing but its own origin', () => {
    expect(failedOwn).toEqual([]);
    expect(blocked).toEqual([]);
  });
});

describe('the sidebar', () => {
  it("as the page opens, lists every operation, led by its tag, in the document's reading order", () => {
    const listed = sidebarOnOpen.filter((entry) => operations.some((op) => label(op) === entry));
    expect(listed).toEqual(operations.map(label));
  });

  it('starts with the "Secret values" group, "Read a secret\'s value" in it, without a click', () => {
    expect(tags).toEqual(['Secret values', 'Secrets', 'Backups']);
    const labels = new Set(operations.map(label));
    const first = sidebarOnOpen.findIndex((entry) => labels.has(entry));
    expect(sidebarOnOpen[first]?.startsWith(`${tags[0]}: `)).toBe(true);
    expect(sidebarOnOpen).toContain(`${tags[0]}: ${table.operations.ShowSecretVersion!.summary}`);
  });

  it("keeps each group together, the groups in the bundle's tag order", () => {
    const groups = operations.map((op) => op.tags[0]!);
    expect(groups.filter((tag, i) => tag !== groups[i - 1])).toEqual(tags);
  });
});

describe.each(operations.map((op) => [op.operationId, op] as const))('%s', (operationId, op) => {
  it('has a page with its summary, method and path', () => {
    const { text } = shown.get(operationId)!;
    expect(text).toContain(label(op));
    expect(text).toMatch(new RegExp(`${op.method}\\s*${op.path.replace(/[{}]/g, '\\$&')}`));
  });

  it('shows the curl sample of the bundle', () => {
    const curl = samplesOf(op).find((s) => s.label === 'curl')!.source;
    expect(shown.get(operationId)!.samples.curl?.trim()).toBe(curl);
  });

  it('shows the @csms-openapi/client sample of the bundle', () => {
    const client = samplesOf(op).find((s) => s.label === '@csms-openapi/client')!.source;
    expect(shown.get(operationId)!.samples['@csms-openapi/client']?.trim()).toBe(client);
  });

  it('shows every response code it documents', () => {
    const codes = [...new Set(shown.get(operationId)!.responseCodes)];
    expect(codes.sort()).toEqual([op.status, ...op.errors].map(String).sort());
  });

  it('shows the X-Auth-Token scheme and its first 200 example value', () => {
    const { text } = shown.get(operationId)!;
    expect(text).toContain('IamToken');
    const example = responseExamples().find((c) => c.operationId === operationId && c.status === '200')!.value;
    // The example's first top-level key, as the JSON viewer prints it.
    expect(text).toContain(`"${Object.keys(example as object)[0]}"`);
  });
});

describe('examples on the pages', () => {
  it("shows the vendor examples' values", () => {
    const seed = responseExamples().find((c) => c.operationId === 'ShowSecret' && c.exampleName === 'seed')!.value as {
      secret: Record<string, unknown>;
    };
    const text = shown.get('ShowSecret')!.text;
    expect(text).toContain(`"${seed.secret.id}"`);
    expect(text).toContain(String(seed.secret.create_time));
    const blob = responseExamples().find((c) => c.operationId === 'DownloadSecretBlob' && c.exampleName === 'seed')!.value as {
      secret_blob: string;
    };
    expect(shown.get('DownloadSecretBlob')!.text).toContain(blob.secret_blob.slice(0, 60));
  });
});
