// The built docs in a real browser (Chromium from the @sparticuz/chromium npm package, or
// CHROMIUM_PATH, driven by playwright-core), opened from `npm start`'s docs URL with every other
// network request blocked: what a reader sees in the sidebar as the page opens (the document's
// areas, their tags and every operation, in document order), and, operation by operation as a
// reader clicks through them, the heading, the path, the curl and client samples and the response
// codes. Then the same for a bigger document made from the bundle (synthetic-document.ts), built
// by the same step and served by the same server: 42 more operations, 12 more tags, an area for
// tags no group names. Operations, areas, tags and samples are read from the bundle and the table.
import fsp from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dereferencer } from '../../packages/mock/src/openapi.js';
import { listen } from '../../packages/mock/src/process.js';
import { createDocsServer } from '../../scripts/lib/docs-server.mjs';
import { writeDocs } from '../../scripts/lib/pipeline.mjs';
import { chromiumExecutable } from '../support/browser.js';
import { operations, responseExamples, spec } from '../support/openapi.js';
import { type Started, startNpmStart } from '../support/start.js';
import {
  type Area,
  expectedSidebar,
  SYNTHETIC_OPERATIONS,
  SYNTHETIC_TAGS,
  syntheticDocument,
  UNTAGGED_OPERATIONS,
} from './synthetic-document.js';

type Sample = { lang: string; label: string; source: string };
type Op = (typeof operations)[number];
const deref = dereferencer(spec);
const samplesOf = (op: Op) =>
  (deref((spec.paths as Record<string, unknown>)[op.path]) as Record<string, { 'x-codeSamples': Sample[] }>)[op.method.toLowerCase()]![
    'x-codeSamples'
  ];
const SAMPLE_LABELS = [...new Set(operations.flatMap((op) => samplesOf(op).map((s) => s.label)))];
/** The bigger document, and the area its ungrouped tags (and untagged operations) must end up in. */
const synthetic = syntheticDocument(spec);
const OTHER_AREA = 'Other';

/** What the page showed for one operation after a reader clicked it in the sidebar. */
interface Shown {
  text: string;
  /** Sample label → the code the page showed for it (absent: the page offered no such sample). */
  samples: Record<string, string>;
  responseCodes: string[];
}
/** One operation's entry in the sidebar: its label and its link. */
interface Entry {
  label: string;
  href: string;
}
/** The sidebar as read from the page: areas, their tags ('' for operations outside any tag) and the operations' entries. */
type Sidebar = { area: string; tags: { tag: string; entries: Entry[] }[] }[];
/** What one page showed: its sidebar as it opened, what went wrong on the network, and each operation after a click. */
interface Visit {
  sidebar: Sidebar;
  blocked: string[];
  failedOwn: string[];
  cspViolations: string[];
  shown: Map<string, Shown>;
  /** The operations a reader could not open from the sidebar, and why. */
  unreachable: string[];
}

let started: Started;
let browser: Browser;
let scratch: string;
let syntheticServer: Server | undefined;
let real: Visit;
let big: Visit;

/** The sidebar's visible entries, as a reader sees them, read in one pass over Redoc's menu items. */
const readSidebar = (page: Page): Promise<Sidebar> =>
  page.evaluate(() => {
    const areas: Sidebar = [];
    const labelOf = (item: Element) =>
      (item.querySelector('[data-testid="menu-item-label"]') as HTMLElement | null)?.innerText.split('\n')[0]?.trim() ?? '';
    for (const item of document.querySelectorAll('[data-component-name="Menu/MenuItem"]')) {
      if (!item.checkVisibility()) continue;
      const area = areas.at(-1);
      if (item.classList.contains('menu-item-type-separator')) areas.push({ area: labelOf(item), tags: [] });
      else if (item.classList.contains('menu-item-type-group')) area?.tags.push({ tag: labelOf(item), entries: [] });
      else if (item.classList.contains('menu-item-type-operation') && area) {
        const inTag = item.parentElement?.closest('.menu-item-type-group') !== null;
        if (!inTag && area.tags.at(-1)?.tag !== '') area.tags.push({ tag: '', entries: [] });
        area.tags.at(-1)!.entries.push({ label: labelOf(item), href: item.querySelector('a')!.getAttribute('href')! });
      }
    }
    return areas;
  });

/** A sidebar's areas, tags and operation labels, to compare with what the document says. */
const outline = (sidebar: Sidebar): Area[] =>
  sidebar.map(({ area, tags }) => ({ area, tags: tags.map(({ tag, entries }) => ({ tag, operations: entries.map((e) => e.label) })) }));

/** The sidebar entry of an operation: under its tag (summaries repeat across tags), by its summary. */
function entryOf(sidebar: Sidebar, tag: string, summary: string): Entry {
  const matches = sidebar.flatMap((a) => a.tags.filter((t) => t.tag === tag).flatMap((t) => t.entries.filter((e) => e.label === summary)));
  if (matches.length !== 1) throw new Error(`the sidebar lists "${summary}" under "${tag}" ${matches.length} times`);
  return matches[0]!;
}

/** Clicks an entry in the sidebar and waits for the operation's section to show its summary. */
async function click(page: Page, entry: Entry) {
  await page.locator(`[data-component-name="Menu/MenuItem"] a[href="${entry.href}"]`).first().click();
  const section = page.locator(`[id="${entry.href.replace(/^#?\//, '')}"]`);
  await section.getByText(entry.label, { exact: true }).first().waitFor({ timeout: 20_000 });
  return section;
}

/** Opens an operation from the sidebar and reads what its page shows, every code sample included. */
async function open(page: Page, entry: Entry): Promise<Shown> {
  const section = await click(page, entry);
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

/** A page on `url` that may reach nothing but that origin, with what it tried otherwise recorded. */
async function visit(url: string): Promise<{ page: Page; visit: Visit }> {
  const origin = new URL(url).origin;
  const v: Visit = { sidebar: [], blocked: [], failedOwn: [], cspViolations: [], shown: new Map(), unreachable: [] };
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.route('**/*', (route) => {
    const requested = route.request().url();
    if (new URL(requested).origin === origin || requested.startsWith('data:')) return route.continue();
    v.blocked.push(requested);
    return route.abort('blockedbyclient');
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) v.cspViolations.push(m.text());
  });
  page.on('requestfailed', (r) => {
    if (new URL(r.url()).origin === origin) v.failedOwn.push(`${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (new URL(r.url()).origin === origin && r.status() >= 400) v.failedOwn.push(`${r.url()} ${r.status()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  // What a reader sees before clicking anything. The prerendered sidebar lists no operation (its
  // tag groups are closed); operations appear once Redoc has rendered the page in the browser. If
  // none ever does, the sidebar is read as it stands and the assertions below say what is missing.
  await page
    .locator('[data-component-name="Menu/MenuItem"].menu-item-type-operation')
    .first()
    .waitFor({ timeout: 20_000 })
    .catch(() => {});
  await page.waitForLoadState('networkidle');
  v.sidebar = await readSidebar(page);
  return { page, visit: v };
}

/** Records what opening one operation showed, or why it could not be opened. */
async function reach(v: Visit, key: string, read: () => Promise<Shown>) {
  try {
    v.shown.set(key, await read());
  } catch (e) {
    v.unreachable.push(`${key}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** What the page showed for an operation; a clear failure when the reader could not open it. */
function shownOf(v: Visit, key: string): Shown {
  const shown = v.shown.get(key);
  if (!shown)
    throw new Error(`${key} could not be opened from the sidebar: ${v.unreachable.find((u) => u.startsWith(key)) ?? 'not tried'}`);
  return shown;
}

beforeAll(
  async () => {
    const executablePath = await chromiumExecutable();
    scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'csms-docs-'));
    // The bigger document's page, by the build's own docs step, served as `npm start` serves docs.
    const bundleFile = path.join(scratch, 'openapi.json');
    await fsp.mkdir(path.join(scratch, 'docs'));
    await fsp.writeFile(bundleFile, JSON.stringify(synthetic.doc));
    [started] = await Promise.all([startNpmStart(), writeDocs(bundleFile, scratch)]);
    syntheticServer = createDocsServer(path.join(scratch, 'docs/index.html'));
    const syntheticUrl = await listen(syntheticServer, 0, '127.0.0.1');
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

    const { page, visit: v } = await visit(started.docsUrl);
    real = v;
    // Then every operation, as a reader clicks through them.
    for (const op of operations) await reach(real, op.operationId, () => open(page, entryOf(real.sidebar, op.tags[0]!, op.summary!)));

    const bigPage = await visit(syntheticUrl);
    big = bigPage.visit;
    for (const { area, tags } of expectedSidebar(synthetic.doc, { area: OTHER_AREA, ungrouped: synthetic.ungrouped }))
      for (const { tag, operations: summaries } of tags)
        for (const summary of summaries)
          await reach(big, `${area} / ${tag} / ${summary}`, async () => {
            const section = await click(bigPage.page, entryOf(big.sidebar, tag, summary));
            return { text: await section.innerText(), samples: {}, responseCodes: [] };
          });
  },
  60_000 + 4_000 * (operations.length + SYNTHETIC_OPERATIONS + UNTAGGED_OPERATIONS),
);

afterAll(async () => {
  await browser?.close();
  syntheticServer?.close();
  if (started) await started.stop();
  if (scratch) await fsp.rm(scratch, { recursive: true, force: true });
});

describe('docs page, offline', () => {
  it("renders under the server's Content-Security-Policy without a violation", () => {
    expect(real.cspViolations).toEqual([]);
    expect(big.cspViolations).toEqual([]);
  });

  it('needs nothing but its own origin', () => {
    expect(real.failedOwn).toEqual([]);
    expect(real.blocked).toEqual([]);
    expect(big.failedOwn).toEqual([]);
    expect(big.blocked).toEqual([]);
  });
});

describe('the sidebar, as the page opens', () => {
  it("lists the document's areas (x-tagGroups), in each its tags, in each tag its operations in document order", () => {
    expect(outline(real.sidebar)).toEqual(expectedSidebar(spec));
  });

  it('lets a reader open every operation from it', () => {
    expect(real.unreachable).toEqual([]);
  });

  it('lists every operation once, under each of its tags', () => {
    const listed = real.sidebar.flatMap((a) => a.tags.flatMap((t) => t.entries.map((e) => `${t.tag} / ${e.label}`)));
    expect(listed.sort()).toEqual(operations.flatMap((op) => op.tags.map((t) => `${t} / ${op.summary}`)).sort());
  });
});

describe.each(operations.map((op) => [op.operationId, op] as const))('%s', (operationId, op) => {
  it('has a page with its summary, method and path', () => {
    const { text } = shownOf(real, operationId);
    expect(text).toContain(op.summary);
    expect(text).toMatch(new RegExp(`${op.method}\\s*${op.path.replace(/[{}]/g, '\\$&')}`));
  });

  it('shows the curl sample of the bundle', () => {
    const curl = samplesOf(op).find((s) => s.label === 'curl')!.source;
    expect(shownOf(real, operationId).samples.curl?.trim()).toBe(curl);
  });

  it('shows the @csms-openapi/client sample of the bundle', () => {
    const client = samplesOf(op).find((s) => s.label === '@csms-openapi/client')!.source;
    expect(shownOf(real, operationId).samples['@csms-openapi/client']?.trim()).toBe(client);
  });

  it('shows every response code it documents', () => {
    const codes = [...new Set(shownOf(real, operationId).responseCodes)];
    expect(codes.sort()).toEqual([op.status, ...op.errors].map(String).sort());
  });

  it('shows the X-Auth-Token scheme and the example of its success answer, if that has a body', () => {
    const { text } = shownOf(real, operationId);
    expect(text).toContain('IamToken');
    const success = responseExamples().find((c) => c.operationId === operationId && c.status === String(op.status));
    if (success === undefined) {
      // No example because no body: the document's success answer has no content.
      const responses = (deref((spec.paths as Record<string, unknown>)[op.path]) as Record<string, { responses: Record<string, unknown> }>)[
        op.method.toLowerCase()
      ]!.responses;
      expect((deref(responses[String(op.status)]) as { content?: unknown }).content).toBeUndefined();
      return;
    }
    // The example's first top-level key, as the JSON viewer prints it.
    expect(text).toContain(`"${Object.keys(success.value as object)[0]}"`);
  });
});

describe('examples on the pages', () => {
  it("shows the vendor examples' values", () => {
    const seed = responseExamples().find((c) => c.operationId === 'ShowSecret' && c.exampleName === 'seed')!.value as {
      secret: Record<string, unknown>;
    };
    const text = shownOf(real, 'ShowSecret').text;
    expect(text).toContain(`"${seed.secret.id}"`);
    expect(text).toContain(String(seed.secret.create_time));
    const blob = responseExamples().find((c) => c.operationId === 'DownloadSecretBlob' && c.exampleName === 'seed')!.value as {
      secret_blob: string;
    };
    expect(shownOf(real, 'DownloadSecretBlob').text).toContain(blob.secret_blob.slice(0, 60));
  });
});

describe(`a bigger document: ${SYNTHETIC_OPERATIONS} operations more across ${SYNTHETIC_TAGS} tags, and ${UNTAGGED_OPERATIONS} without a tag`, () => {
  const expected = expectedSidebar(synthetic.doc, { area: OTHER_AREA, ungrouped: synthetic.ungrouped });

  it('as the page opens, lists every area, tag and operation in order; tags in no area, and untagged operations, in a last "Other" area', () => {
    expect(outline(big.sidebar)).toEqual(expected);
    expect(big.sidebar.map((a) => a.area)).toEqual([
      ...(synthetic.doc['x-tagGroups'] as { name: string }[]).map((g) => g.name),
      OTHER_AREA,
    ]);
  });

  it('lists all of its operations, none twice', () => {
    const listed = big.sidebar.flatMap((a) => a.tags.flatMap((t) => t.entries.map((e) => e.href)));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toHaveLength(operations.length + SYNTHETIC_OPERATIONS + UNTAGGED_OPERATIONS);
  });

  it('reaches every operation from the sidebar: its page shows its summary, method and path', () => {
    expect(big.unreachable).toEqual([]);
    const byKey = new Map(
      Object.entries(synthetic.doc.paths as Record<string, Record<string, { summary?: string; tags?: string[] }>>).flatMap(([p, item]) =>
        Object.entries(item)
          .filter(([, op]) => typeof op?.summary === 'string')
          .flatMap(([method, op]) => (op.tags?.length ? op.tags : ['']).map((t) => [`${t} / ${op.summary}`, { method, path: p }] as const)),
      ),
    );
    let reached = 0;
    for (const { area, tags } of expected)
      for (const { tag, operations: summaries } of tags)
        for (const summary of summaries) {
          const { text } = shownOf(big, `${area} / ${tag} / ${summary}`);
          const { method, path: p } = byKey.get(`${tag} / ${summary}`)!;
          expect(text, `${area} / ${tag} / ${summary}`).toContain(summary);
          expect(text, `${area} / ${tag} / ${summary}`).toMatch(
            new RegExp(`${method.toUpperCase()}\\s*${p.replace(/[{}]/g, '\\$&')}`, 'i'),
          );
          reached++;
        }
    expect(reached).toBe(operations.length + SYNTHETIC_OPERATIONS + UNTAGGED_OPERATIONS);
  });
});
