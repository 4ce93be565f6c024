// The document against the two vendor pages it was written from (test/spec/vendor-pages/).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deref, spec } from '../support/openapi.js';

const page = (name: string) => fs.readFileSync(new URL(`./vendor-pages/${name}.txt`, import.meta.url), 'utf8');
const PAGES = {
  ShowSecret: { text: page('ShowSecret'), path: '/v1/{project_id}/secrets/{secret_name}', method: 'get' },
  DownloadSecretBlob: { text: page('DownloadSecretBlob'), path: '/v1/{project_id}/secrets/{secret_name}/backup', method: 'post' },
} as const;

/** The first JSON object after "Example Responses", parsed. */
function pageExample(text: string): unknown {
  const start = text.indexOf('{', text.indexOf('Example Responses'));
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return JSON.parse(text.slice(start, i + 1));
  }
  throw new Error('no example found');
}

/** The "Status Codes" table: status → description. Both pages' table layouts are handled. */
function pageStatusTable(text: string): Record<string, string> {
  const table = text.slice(text.lastIndexOf('Status Codes'), text.lastIndexOf('Error Codes'));
  const cells = table
    .split('\n')
    .map((l) => l.replaceAll('|', '').trim())
    .filter((l) => l !== '' && !/^-+$/.test(l.replaceAll(' ', '')));
  const out: Record<string, string> = {};
  cells.forEach((cell, i) => {
    if (/^\d{3}$/.test(cell)) out[cell] = cells[i + 1]!;
  });
  return out;
}

type Op = { operationId: string; description: string; responses: Record<string, unknown> };
const operation = (name: keyof typeof PAGES) =>
  ((spec.paths as Record<string, Record<string, Op>>)[PAGES[name].path]!)[PAGES[name].method]!;
const exampleValue = (op: Op, status: string, name: string) => {
  const response = deref(op.responses[status] as never, '').value as { content: Record<string, { examples: Record<string, unknown> }> };
  return (deref(response.content['application/json']!.examples[name] as never, '').value as { value: unknown }).value;
};

describe.each(Object.keys(PAGES) as (keyof typeof PAGES)[])('%s', (name) => {
  const { text } = PAGES[name];
  const op = operation(name);

  it('has the vendor operationId and path', () => {
    expect(op.operationId).toBe(name);
    expect(text).toContain(`${PAGES[name].method.toUpperCase()} ${PAGES[name].path}`);
  });

  it("carries the page's 200 example unchanged as the first (default) example", () => {
    const response = deref(op.responses['200'] as never, '').value as { content: Record<string, { examples: object }> };
    expect(Object.keys(response.content['application/json']!.examples)[0]).toBe('seed');
    expect(exampleValue(op, '200', 'seed')).toStrictEqual(pageExample(text));
  });

  it("documents exactly the page's status codes, each with the page's own description", () => {
    const table = pageStatusTable(text);
    expect(Object.keys(table)).toEqual(['200', '400', '401', '403', '404', '500', '502', '504']);
    const documented = Object.fromEntries(
      Object.entries(op.responses).map(([status, r]) => [status, (r as { description: string }).description]),
    );
    expect(documented).toEqual(table);
  });

  it("names every permission and dependency the page lists", () => {
    const actions = [...new Set(text.match(/\b(?:csms|kms):[a-zA-Z]+:[a-zA-Z]+\b/g) ?? [])];
    // Only the backup page has an authorization table; the query page lists no action.
    expect(actions.length).toBe(name === 'DownloadSecretBlob' ? 4 : 0);
    for (const action of actions) expect(op.description).toContain(action);
  });
});

it('ShowSecret says it returns metadata only, never the value', () => {
  expect(PAGES.ShowSecret.text).toContain('does not contain secret values');
  expect(operation('ShowSecret').description).toMatch(/\*\*metadata\*\*; it never contains the secret value/);
});

it('DownloadSecretBlob says the blob is encrypted, opaque and holds all versions', () => {
  const d = operation('DownloadSecretBlob').description;
  expect(d).toMatch(/all versions/);
  expect(d).toMatch(/encrypted/);
  expect(d).toMatch(/opaque/);
});

it("the Secret states are exactly the page's list", () => {
  const listed = PAGES.ShowSecret.text.match(/^\s*•\s*([A-Z_]+)\s*$/gm)!.map((l) => l.replace('•', '').trim());
  expect(listed).toHaveLength(4);
  expect((spec.components as { schemas: { SecretState: { enum: string[] } } }).schemas.SecretState.enum).toEqual(listed);
});
