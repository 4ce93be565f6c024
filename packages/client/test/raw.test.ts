// csms.raw (openapi-fetch) keeps the client's rules: path parameters are checked before anything is
// sent (a `..` would take the token to another resource), and a 2xx body that is not JSON is a
// CsmsError that does not quote the body, never openapi-fetch's SyntaxError.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type CsmsClient, type CsmsClientOptions, CsmsError, createCsmsClient } from '../src/index.js';
import { countedFetch } from './support/counted.js';
import { clientAgainst, json } from './support/fault-server.js';
import { leakCapture } from './support/leaks.js';

const TOKEN = 'MIIZ-raw-test-token-3d2c1b0a9f8e7d6c';
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const SECRET = { id: 'i', name: 'db', state: 'ENABLED', kms_key_id: 'k', create_time: 1581507580000, update_time: 1581507580000 };
const leaks = leakCapture();
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  expect(leaks.count).toBeGreaterThan(10);
  expect(leaks.findSecrets([TOKEN])).toEqual([]);
});
const setup = clientAgainst(servers, { projectId: PROJECT, credentials: { token: TOKEN } });
const caught = (p: Promise<unknown>) => leaks.caught(p);
const offline = (net: ReturnType<typeof countedFetch>, extra: Partial<CsmsClientOptions> = {}): CsmsClient =>
  createCsmsClient({ projectId: PROJECT, endpoint: 'http://127.0.0.1:9', credentials: { token: TOKEN }, fetch: net.fetch, ...extra });

describe('path parameters are checked before anything is sent', () => {
  it.each([
    ['secret_name', '..'],
    ['secret_name', '.'],
    ['secret_name', 'a/b'],
    ['secret_name', ''],
    ['project_id', '..'],
    ['project_id', '.'],
    ['project_id', 'not-a-project-id'],
  ])('GET /v1/{project_id}/secrets/{secret_name} with %s = %j: invalid-argument, no request', async (name, value) => {
    const net = countedFetch();
    const path = { project_id: PROJECT, secret_name: 'db', [name]: value };
    const e = await caught(offline(net).raw.GET('/v1/{project_id}/secrets/{secret_name}', { params: { path } }));
    expect(e).toBeInstanceOf(CsmsError);
    expect(e.kind).toBe('invalid-argument');
    expect(e.message.startsWith(`Invalid ${name}: `)).toBe(true);
    expect(net.sent).toHaveLength(0);
  });

  it('the other raw routes too: version_id and stage_name, on GET and POST', async () => {
    const net = countedFetch();
    const { raw } = offline(net);
    const version = await caught(
      raw.GET('/v1/{project_id}/secrets/{secret_name}/versions/{version_id}', {
        params: { path: { project_id: PROJECT, secret_name: 'db', version_id: '..' } },
      }),
    );
    expect(version).toMatchObject({ kind: 'invalid-argument' });
    expect(version.message.startsWith('Invalid version_id: ')).toBe(true);
    const stage = await caught(
      raw.GET('/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}', {
        params: { path: { project_id: PROJECT, secret_name: 'db', stage_name: '.' } },
      }),
    );
    expect(stage).toMatchObject({ kind: 'invalid-argument', message: 'Invalid stage_name: "." is not allowed.' });
    const backup = await caught(
      raw.POST('/v1/{project_id}/secrets/{secret_name}/backup', { params: { path: { project_id: PROJECT, secret_name: '..' } } }),
    );
    expect(backup).toMatchObject({ kind: 'invalid-argument', message: 'Invalid secret_name: ".." is not allowed.' });
    expect(net.sent).toHaveLength(0);
  });

  it('query parameters are checked by the same rules', async () => {
    const net = countedFetch();
    const e = await caught(
      offline(net).raw.GET('/v1/{project_id}/secrets', { params: { path: { project_id: PROJECT }, query: { limit: 0 } } }),
    );
    expect(e).toMatchObject({ kind: 'invalid-argument', message: 'Invalid limit: below the minimum 1.' });
    expect(net.sent).toHaveLength(0);
  });

  it('a route the document does not have still refuses . and .. as a path segment', async () => {
    const net = countedFetch();
    const raw = offline(net).raw as unknown as { GET(path: string, init: object): Promise<unknown> };
    const e = await caught(raw.GET('/v1/{project_id}/other/{thing}', { params: { path: { project_id: PROJECT, thing: '..' } } }));
    expect(e).toMatchObject({ kind: 'invalid-argument' });
    expect(e.message.startsWith('Invalid thing: ')).toBe(true);
    expect(net.sent).toHaveLength(0);
  });

  it('a valid name is sent to exactly its path', async () => {
    const { server, csms } = await setup((_req, res) => json(res, 200, { secret: SECRET }));
    const { data } = await csms.raw.GET('/v1/{project_id}/secrets/{secret_name}', {
      params: { path: { project_id: PROJECT, secret_name: 'db.password' } },
    });
    expect(data).toEqual({ secret: SECRET });
    expect(server.requests.map((r) => r.target)).toEqual([`/v1/${PROJECT}/secrets/db.password`]);
  });
});

describe('a 2xx body that is not JSON', () => {
  it('a 200 starting with the token: CsmsError invalid-response that does not quote it (not a SyntaxError)', async () => {
    const { server, csms } = await setup((req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(`${String(req.headers['x-auth-token'])} and more`),
    );
    const e = await caught(
      csms.raw.GET('/v1/{project_id}/secrets/{secret_name}', { params: { path: { project_id: PROJECT, secret_name: 'db' } } }),
    );
    expect(e).toBeInstanceOf(CsmsError);
    expect(e).toMatchObject({ kind: 'invalid-response', status: 200, operation: 'ShowSecret', attempts: 1 });
    expect(e.message).toBe('The 200 response body is not valid JSON');
    expect(e.message).not.toContain(TOKEN.slice(0, 6));
    expect(e.cause).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('the typed method says the same', async () => {
    const { csms } = await setup((req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(String(req.headers['x-auth-token'])),
    );
    const e = await caught(csms.showSecret('db'));
    expect(e).toMatchObject({ kind: 'invalid-response', message: 'The 200 response body is not valid JSON', operation: 'ShowSecret' });
  });

  it("parseAs: 'text' asks for the text: it is handed back as it is", async () => {
    const { csms } = await setup((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words'));
    const { data } = await csms.raw.GET('/v1/{project_id}/secrets/{secret_name}', {
      params: { path: { project_id: PROJECT, secret_name: 'db' } },
      parseAs: 'text',
    });
    expect(data).toBe('plain words');
  });

  it('an empty 2xx body is not an error for raw (openapi-fetch gives no data)', async () => {
    const { csms } = await setup((_req, res) => res.writeHead(200, { 'content-length': '0' }).end());
    const { data, response } = await csms.raw.GET('/v1/{project_id}/secrets/{secret_name}', {
      params: { path: { project_id: PROJECT, secret_name: 'db' } },
    });
    expect(response.status).toBe(200);
    expect(data).toBeUndefined();
  });
});
