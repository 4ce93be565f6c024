// The built docs in a real browser (Chromium from the @sparticuz/chromium npm package, or
// CHROMIUM_PATH, driven by playwright-core), opened from `npm start`'s docs URL with every other
// network request blocked.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumExecutable } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { responseExamples, spec } from '../support/openapi.js';
import { startNpmStart, type Started } from '../support/start.js';

const SCREENSHOT = path.join(ROOT, 'test-results/docs.png');

let started: Started;
let browser: Browser;
let page: Page;
let text: string;
const blocked: string[] = [];
const failedOwn: string[] = [];
const cspViolations: string[] = [];
let sidebarOnOpen: string[] = [];

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
  // What a reader sees before clicking anything: both operations listed in the sidebar.
  await page
    .getByRole('link', { name: /Query a secret/ })
    .first()
    .waitFor({ timeout: 20_000 });
  sidebarOnOpen = await page.getByRole('link', { name: /Query a secret|Download a secret backup/ }).allInnerTexts();
  await page
    .getByRole('link', { name: /Query a secret/ })
    .first()
    .click();
  // Redoc 3 shows one operation per route: this one has rendered when its response codes show.
  await page.waitForFunction(() => document.body.innerText.includes('X-Request-Id'), undefined, { timeout: 20_000 });
  await page.waitForLoadState('networkidle');
  text = await page.locator('body').innerText();
  // Then the second operation, whose samples render when it is shown.
  await page
    .getByRole('link', { name: /Download a secret backup/ })
    .first()
    .click();
  await page.waitForFunction(() => document.body.innerText.includes(')CloudSecretManagementBackupV1'), undefined, { timeout: 20_000 });
  text += await page.locator('body').innerText();
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
}, 90_000);

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

  it('lists both operations in the sidebar as the page opens', () => {
    const summaries = Object.values(spec.paths as Record<string, Record<string, { summary?: string }>>).flatMap((item) =>
      Object.values(item)
        .map((op) => op.summary)
        .filter(Boolean),
    );
    for (const summary of summaries) expect(sidebarOnOpen.join('\n')).toContain(summary);
  });

  it('shows both operations with their paths', () => {
    for (const [p, item] of Object.entries(spec.paths as Record<string, Record<string, { summary: string }>>)) {
      for (const [method, op] of Object.entries(item).filter(([m]) => m !== 'parameters')) {
        expect(text).toContain(op.summary);
        expect(text).toMatch(new RegExp(`${method.toUpperCase()}\\s*${p.replace(/[{}]/g, '\\$&')}`));
      }
    }
  });

  it('shows the X-Auth-Token scheme', () => {
    expect(text).toContain('X-Auth-Token');
    expect(text).toContain('IamToken');
  });

  it('shows every response code of both operations', async () => {
    const codes = [...new Set(responseExamples().map((c) => c.status))];
    // Each operation lists its responses and has a tab per response sample: two buttons per code each.
    for (const code of codes) expect(await page.locator(`button:has-text("${code}")`).count(), code).toBeGreaterThanOrEqual(4);
  });

  it("shows the vendor examples' values", () => {
    const seed = responseExamples().find((c) => c.operationId === 'ShowSecret' && c.exampleName === 'seed')!.value as {
      secret: Record<string, unknown>;
    };
    expect(text).toContain(`"${seed.secret.id}"`);
    expect(text).toContain(String(seed.secret.create_time));
    const blob = responseExamples().find((c) => c.operationId === 'DownloadSecretBlob' && c.exampleName === 'seed')!.value as {
      secret_blob: string;
    };
    expect(text).toContain(blob.secret_blob.slice(0, 60));
  });

  it("shows each operation's generated code samples", () => {
    const samples = text.slice(text.indexOf('curl'), text.indexOf('curl') + 300);
    expect(samples).toMatch(/curl -s/);
    expect(samples).toContain('-H "X-Auth-Token: $IAM_TOKEN"');
  });

  it('wrote a screenshot', () => {
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(50_000);
  });
});
