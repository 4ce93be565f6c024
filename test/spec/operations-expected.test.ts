// The operation table against a hand-checked fixture (test/fixtures/operations-expected.yaml,
// written from the vendor's facts): method, path, success status, retry safety and sensitive
// fields. The mock, the client and the conformance, retry and operation tests all take these from
// the table, so a wrong table would pass them on both sides; here it fails. Checked for the table
// as the mock and the tests derive it and as the build wrote it for the client.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { operations as generated } from '../../generated/operations.js';
import { table } from '../support/openapi.js';

interface Expected {
  method: string;
  path: string;
  success: number;
  retry_safe: boolean;
  sensitive: { request: string[]; response: string[] };
}
const fixture = parse(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/operations-expected.yaml'), 'utf8')) as {
  operations: Record<string, Expected>;
};
const vendor = parse(fs.readFileSync(path.join(import.meta.dirname, 'vendor-facts.yaml'), 'utf8')) as {
  operations: Record<string, { method: string; path: string; statuses: number[] }>;
};
const entries = Object.entries(fixture.operations);
const sorted = (list: readonly string[]) => [...list].sort();

describe('the hand-checked fixture', () => {
  it('holds the seven operations the document had when it was written, each with every field', () => {
    expect(sorted(Object.keys(fixture.operations))).toEqual(
      sorted([
        'ShowSecret',
        'ListSecrets',
        'ListSecretVersions',
        'ShowSecretVersion',
        'ShowSecretStage',
        'DownloadSecretBlob',
        'UploadSecretBlob',
      ]),
    );
    for (const [id, e] of entries) expect(Object.keys(e).sort(), id).toEqual(['method', 'path', 'retry_safe', 'sensitive', 'success']);
  });

  it.each(entries)('%s agrees with vendor-facts.yaml (method, path, a documented success status)', (id, e) => {
    const facts = vendor.operations[id]!;
    expect(facts, id).toBeDefined();
    expect(e.method).toBe(facts.method.toUpperCase());
    expect(e.path).toBe(facts.path);
    expect(facts.statuses).toContain(e.success);
  });
});

describe.each(entries)('%s in the operation table', (id, e) => {
  it('the table the mock and the tests use (operationTable of the bundle)', () => {
    const op = table.operations[id];
    expect(op, `the document has no ${id}`).toBeDefined();
    expect({ method: op!.method, path: op!.path, status: op!.status, idempotent: op!.idempotent }).toEqual({
      method: e.method,
      path: e.path,
      status: e.success,
      idempotent: e.retry_safe,
    });
    expect(sorted(op!.sensitive.request), 'sensitive request fields').toEqual(sorted(e.sensitive.request));
    expect(sorted(op!.sensitive.response), 'sensitive response fields').toEqual(sorted(e.sensitive.response));
  });

  it('the table the build wrote for the client (generated/operations.ts)', () => {
    const op = (generated as Record<string, (typeof generated)[keyof typeof generated]>)[id];
    expect(op, `generated/operations.ts has no ${id}`).toBeDefined();
    expect({ method: op!.method, path: op!.path, status: op!.status, idempotent: op!.idempotent }).toEqual({
      method: e.method,
      path: e.path,
      status: e.success,
      idempotent: e.retry_safe,
    });
    expect(sorted(op!.sensitive), 'sensitive request fields').toEqual(sorted(e.sensitive.request));
  });
});
