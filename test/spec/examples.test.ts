// Every example in the bundled document satisfies its schema, checked by Ajv 2020 (not Spectral).
import { describe, expect, it } from 'vitest';
import { responseExamples, schemaExamples, spec, validate } from '../support/openapi.js';

const responses = responseExamples();

describe('response examples', () => {
  it('cover every response of both operations, each status with its own example', () => {
    const operations = [...new Set(responses.map((c) => c.operationId))].sort();
    expect(operations).toEqual(['DownloadSecretBlob', 'ShowSecret']);
    for (const operationId of operations) {
      const cases = responses.filter((c) => c.operationId === operationId);
      const statuses = [...new Set(cases.map((c) => c.status))].sort();
      expect(statuses).toEqual(['200', '400', '401', '403', '404', '429', '500', '502', '504']);
      const errorCodes = cases.filter((c) => Number(c.status) >= 400).map((c) => (c.value as { error_code: string }).error_code);
      expect(new Set(errorCodes).size, 'one distinct error example per status').toBe(8);
    }
  });

  it('a gateway error body repeats the X-Request-Id header: the examples use the same id', () => {
    const headerExample = (spec.components as { headers: Record<string, { example: string }> }).headers['X-Request-Id']!.example;
    const gateway = responses.filter((c) => Number(c.status) >= 400 && (c.value as { request_id?: string }).request_id !== undefined);
    expect(gateway.map((c) => c.status).sort()).toEqual(['401', '401', '429', '429', '502', '502', '504', '504']);
    for (const c of gateway) expect((c.value as { request_id: string }).request_id, c.name).toBe(headerExample);
  });

  it('X-Request-Id is required on every response', () => {
    expect((spec.components as { headers: Record<string, { required: boolean }> }).headers['X-Request-Id']!.required).toBe(true);
  });

  it.each(responses.map((c) => [c.name, c] as const))('%s validates against its schema', (_name, c) => {
    expect(validate(c.schemaPointer, c.value)).toEqual([]);
  });
});

describe('schema examples', () => {
  const cases = schemaExamples();

  it('exist for parameters, headers and timestamps', () => {
    const where = cases.map((c) => c.schemaPointer);
    expect(where).toContain('/components/parameters/ProjectId/schema');
    expect(where).toContain('/components/parameters/SecretName/schema');
    expect(where).toContain('/components/headers/X-Request-Id/schema');
    expect(where).toContain('/components/schemas/EpochMillis');
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s validates against its schema', (_name, c) => {
    expect(validate(c.schemaPointer, c.value)).toEqual([]);
  });
});

describe('the validator is not a rubber stamp', () => {
  it('rejects a broken copy of each response example', () => {
    for (const c of responses) {
      const broken = Number(c.status) >= 400 ? { error_msg: 'no code' } : { unrelated: true };
      expect(validate(c.schemaPointer, broken), c.name).not.toEqual([]);
    }
  });

  it('is fed the bundle, not an empty document', () => {
    expect(Object.keys(spec.paths as object)).toHaveLength(2);
  });
});
