// Robustness of the mock under a bounded load (loopback, 10 connections, 3 s): no errors, no
// timeouts, and every body one of the document's examples, valid against its schema.
import autocannon from 'autocannon';
import { describe, expect, inject, it } from 'vitest';
import { examplePath, responseExamples, validate } from '../support/openapi.js';

describe('mock under load', () => {
  it('answers every request with a documented, valid body', async () => {
    const cases = responseExamples();
    const show = cases.find((c) => c.operationId === 'ShowSecret' && c.exampleName === 'seed')!;
    const blob = cases.find((c) => c.operationId === 'DownloadSecretBlob' && c.exampleName === 'seed')!;
    const missing = cases.find((c) => c.operationId === 'ShowSecret' && c.status === '404')!;
    const token = { 'x-auth-token': 'load-test-token' };
    const expected = [show, blob, missing];

    const statuses = new Map<number, number>();
    let bodies = 0;
    const nonConformant: string[] = [];
    const result = await autocannon({
      url: inject('mockUrl'),
      connections: 10,
      duration: 3,
      timeout: 5,
      requests: [
        { method: 'GET', path: examplePath(show.path), headers: token },
        { method: 'POST', path: examplePath(blob.path), headers: token },
        { method: 'GET', path: examplePath(missing.path), headers: { ...token, prefer: 'code=404' } },
      ],
      setupClient(client) {
        client.on('response', (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
        client.on('body', (raw: Buffer) => {
          bodies++;
          const body: unknown = JSON.parse(raw.toString('utf8'));
          const match = expected.find((c) => JSON.stringify(c.value) === JSON.stringify(body));
          if (!match || validate(match.schemaPointer, body).length > 0) nonConformant.push(raw.toString('utf8').slice(0, 100));
        });
      },
    });

    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.requests.total).toBeGreaterThan(100);
    expect([...statuses.keys()].sort()).toEqual([200, 404]);
    expect(bodies).toBeGreaterThanOrEqual(result.requests.total);
    expect(nonConformant).toEqual([]);
  }, 30_000);
});
