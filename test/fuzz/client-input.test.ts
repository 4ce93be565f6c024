// Property: for any secret_name or projectId, the client either rejects it before any request with
// a CsmsError naming the parameter, or the request reaches the server at exactly
// /v1/{project_id}/secrets/{secret_name} (decoded) with that value; and it accepts exactly what
// the document's schema accepts. Tokens and keys never show up in anything captured.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsmsClient, CsmsError, type CsmsClient } from '../../packages/client/src/index.js';
import { leakCapture } from '../../packages/client/test/support/leaks.js';
import { announceSeed, awkwardString, fuzzOptions } from '../support/fuzz.js';
import { COMPONENT, validatorAt } from '../support/openapi.js';

// The document's own schemas (pattern, and `not: enum` for secret_name), applied by Ajv.
const SECRET_NAME = { test: (v: string) => validatorAt(COMPONENT.parameter('SecretName'))(v) };
const PROJECT_ID = { test: (v: string) => validatorAt(COMPONENT.parameter('ProjectId'))(v) };
const TOKEN = `fuzz-token-${randomBytes(12).toString('hex')}`;
const SK = `fuzz-sk-${randomBytes(12).toString('hex')}`;
const VALID_PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';

const leaks = leakCapture();
const received: string[] = [];
let server: http.Server;
let baseUrl: string;
let clients: CsmsClient[];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received.push(req.url!);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      req.method === 'POST'
        ? '{"secret_blob":"b"}'
        : '{"secret":{"id":"i","name":"n","state":"ENABLED","kms_key_id":"k","create_time":1581507580000,"update_time":1581507580000}}',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  clients = [
    createCsmsClient({ projectId: VALID_PROJECT, endpoint: baseUrl, credentials: { token: TOKEN } }),
    createCsmsClient({ projectId: VALID_PROJECT, endpoint: baseUrl, credentials: { ak: 'FUZZAK', sk: SK } }),
  ];
  announceSeed();
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  expect(leaks.findSecrets([TOKEN, SK])).toEqual([]);
});

const decodedSegments = (url: string) => new URL(url, 'http://x').pathname.split('/').map(decodeURIComponent);

describe('client input', () => {
  it('secret_name: rejected before sending, or sent to exactly its path', async () => {
    await fc.assert(
      fc.asyncProperty(awkwardString, fc.boolean(), fc.boolean(), async (name, signed, backup) => {
        const csms = clients[signed ? 1 : 0]!;
        const before = received.length;
        const outcome = await (backup ? csms.downloadSecretBlob(name) : csms.showSecret(name)).then(
          () => 'sent' as const,
          (e: unknown) => leaks.record(e),
        );
        if (SECRET_NAME.test(name)) {
          expect(outcome).toBe('sent');
          expect(received.length).toBe(before + 1);
          expect(decodedSegments(received.at(-1)!)).toEqual(['', 'v1', VALID_PROJECT, 'secrets', name, ...(backup ? ['backup'] : [])]);
        } else {
          expect(outcome).toBeInstanceOf(CsmsError);
          expect(outcome).toMatchObject({ kind: 'invalid-argument', attempts: 0 });
          expect((outcome as CsmsError).message).toMatch(/^Invalid secret_name: /);
          expect(received.length).toBe(before);
        }
      }),
      fuzzOptions(300),
    );
  });

  it('projectId: rejected when the client is created, or sent to exactly its path', async () => {
    const projectIds = fc.oneof(awkwardString, fc.stringMatching(/^[a-zA-Z0-9]{32}$/), fc.stringMatching(/^[a-f0-9]{30,34}$/));
    await fc.assert(
      fc.asyncProperty(projectIds, async (projectId) => {
        let created: CsmsClient | CsmsError;
        try {
          created = createCsmsClient({ projectId, endpoint: baseUrl, credentials: { token: TOKEN } });
        } catch (e) {
          created = leaks.record(e) as CsmsError;
        }
        if (PROJECT_ID.test(projectId)) {
          expect(created).not.toBeInstanceOf(CsmsError);
          await (created as CsmsClient).showSecret('test');
          expect(decodedSegments(received.at(-1)!)).toEqual(['', 'v1', projectId, 'secrets', 'test']);
        } else {
          expect(created).toBeInstanceOf(CsmsError);
          expect((created as CsmsError).message).toMatch(/^Invalid projectId: /);
        }
      }),
      fuzzOptions(200),
    );
  });
});
