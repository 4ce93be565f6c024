// @ts-check
// The README's list of operations, written from the document by `npm run build` between two
// markers (the prose around it is ours) and checked by `npm run check`: the README names every
// operation of the document, by area and tag as the docs' sidebar groups them, never a stale set.
import fs from 'node:fs/promises';
import path from 'node:path';
import { eachOperation } from '../../packages/mock/src/openapi.js';
import { ROOT } from './paths.mjs';

export const README = path.join(ROOT, 'README.md');
const START = '<!-- operations:start -->';
const END = '<!-- operations:end -->';
const NOTICE = '<!-- Written by `npm run build` from openapi/ (x-tagGroups, tags, summaries): edit outside the markers. -->';

/** A Markdown table cell: no line breaks, no pipes. */
const cell = (/** @type {string} */ text) => text.replace(/\s+/g, ' ').replaceAll('|', '\\|').trim();

/**
 * The list: one table per area of `x-tagGroups`, rows in the document's reading order.
 * @param {any} spec the bundled document
 */
export function operationsMarkdown(spec) {
  const operations = eachOperation(spec);
  const groups = /** @type {{ name: string, tags: string[] }[]} */ (
    spec['x-tagGroups'] ?? [{ name: 'Operations', tags: (spec.tags ?? []).map((/** @type {{ name: string }} */ t) => t.name) }]
  );
  const parts = [NOTICE, '', `${operations.length} operations, as the official SDKs model them.`];
  for (const group of groups) {
    const rows = operations.filter(({ operation }) => group.tags.includes(operation.tags?.[0]));
    if (rows.length === 0) continue;
    parts.push('', `**${group.name}**`, '', '| Operation | Request | Tag | What it does |', '|---|---|---|---|');
    for (const { path: p, method, operation } of rows)
      parts.push(
        `| \`${operation.operationId}\` | \`${method.toUpperCase()} ${p}\` | ${cell(operation.tags?.[0] ?? '')} | ${cell(operation.summary ?? '')} |`,
      );
  }
  return parts.join('\n');
}

/** The README with its list replaced. @param {string} readme @param {string} markdown */
export function withOperations(readme, markdown) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} markers for the list of operations`);
  return `${readme.slice(0, start + START.length)}\n${markdown}\n${readme.slice(end)}`;
}

/** Writes the list into the README; says whether it changed. @param {any} spec */
export async function writeReadmeOperations(spec) {
  const readme = await fs.readFile(README, 'utf8');
  const next = withOperations(readme, operationsMarkdown(spec));
  if (next !== readme) await fs.writeFile(README, next);
  return next !== readme;
}

/** Whether the README's list is what the document says now. @param {any} spec */
export async function readmeOperationsFresh(spec) {
  const readme = await fs.readFile(README, 'utf8');
  return withOperations(readme, operationsMarkdown(spec)) === readme;
}
