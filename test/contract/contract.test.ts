// Contract suite: what the document promises, checked against a live server.
//   CSMS_BASE_URL=https://kms.cn-north-4.myhuaweicloud.com CSMS_PROJECT_ID=… CSMS_TOKEN=… \
//   CSMS_SECRET_NAME=an-existing-secret npm run test:contract
// Without CSMS_BASE_URL it runs against a local mock holding three secrets, the first with two
// versions (and checking its token), so every answer comes from state, as the live service's would,
// and ListSecrets has pages to follow. The token is
// sent only in the request header, and a secret's value is never printed: failures name JSON paths
// and statuses (Ajv's messages), never a body. `CSMS_CONTRACT_RESTORE=1` adds the restore check
// (it restores a backup of the secret over itself, which the document says is refused with 400).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '@csms-openapi/mock';
import { operations, responseExamples, responseHeaders, validate } from '../support/openapi.js';

const live = Boolean(process.env.CSMS_BASE_URL);
const env = (name: string, fallback: string) => {
  const value = process.env[name];
  if (live && !value && fallback === '') throw new Error(`${name} is required when CSMS_BASE_URL is set`);
  return value || fallback;
};
const LOCAL_TOKEN = 'contract-suite-token';
const target = {
  baseUrl: (process.env.CSMS_BASE_URL ?? '').replace(/\/+$/, ''),
  projectId: env('CSMS_PROJECT_ID', live ? '' : '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b'),
  token: env('CSMS_TOKEN', live ? '' : LOCAL_TOKEN),
  secretName: env('CSMS_SECRET_NAME', live ? '' : 'contract-secret'),
  missingName: env('CSMS_MISSING_SECRET_NAME', `contract-missing-${Date.now().toString(36)}`),
};

/** The local mock's secrets, in the order it lists them (configured order). */
const LOCAL_NAMES = [target.secretName, 'contract-second', 'contract-third'];
/** Pages of one the paging check follows on a live server (an account may hold many secrets). */
const LIVE_PAGES = 20;

let close = async () => {};
beforeAll(async () => {
  if (live) return;
  const mock = await startMock({
    secrets: [
      { name: target.secretName, versions: [{ value: 'first value' }, { value: 'second value' }] },
      ...LOCAL_NAMES.slice(1).map((n) => ({ name: n })),
    ],
    tokens: [LOCAL_TOKEN],
  });
  target.baseUrl = mock.url;
  close = mock.close;
});
afterAll(() => close());

const cases = responseExamples();
const byId = Object.fromEntries(operations.map((op) => [op.operationId, op]));

/** Calls an operation with path parameters (project_id added) and an optional query or JSON body. */
async function call(
  operationId: string,
  status: string,
  params: Record<string, string>,
  headers: Record<string, string>,
  extra: { query?: Record<string, string>; body?: unknown } = {},
) {
  const op = byId[operationId]!;
  const c = cases.find((e) => e.operationId === operationId && e.status === status)!;
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(name === 'project_id' ? target.projectId : params[name]!),
  );
  const search = extra.query ? `?${new URLSearchParams(extra.query)}` : '';
  const response = await fetch(`${target.baseUrl}${path}${search}`, {
    method: op.method,
    headers: extra.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(extra.body === undefined ? {} : { body: JSON.stringify(extra.body) }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = `(not JSON: ${response.headers.get('content-type')})`;
  }
  return { response, body, schema: c.schemaPointer, headers: responseHeaders(c.responsePointer) };
}

/** Status, documented headers and body against the document, with Ajv (whose messages hold no values). */
function conforms(result: Awaited<ReturnType<typeof call>>, status: number) {
  expect(result.response.status).toBe(status);
  expect(result.response.headers.get('content-type')).toMatch(/^application\/json/);
  for (const [header, schema] of Object.entries(result.headers)) {
    const value = result.response.headers.get(header);
    expect(value, `${header} header`).not.toBeNull();
    expect(validate(schema, value)).toEqual([]);
  }
  expect(validate(result.schema, result.body)).toEqual([]);
}

const auth = () => ({ 'X-Auth-Token': target.token });
const name = () => ({ secret_name: target.secretName });

describe(`contract (${live ? 'live server' : 'local mock'})`, () => {
  it('ShowSecret of an existing secret: 200, metadata in the Secret schema (timestamps in ms)', async () => {
    const result = await call('ShowSecret', '200', name(), auth());
    conforms(result, 200);
    expect((result.body as { secret: { name: string } }).secret.name).toBe(target.secretName);
  });

  it('ListSecrets page by page (limit 1): one secret a page, next_marker the page’s last name, until a page without one', async () => {
    type Page = { secrets: { name: string }[]; page_info: { next_marker?: string; previous_marker?: string; current_count: number } };
    const names: string[] = [];
    let marker: string | undefined;
    for (let n = 0; n < (live ? LIVE_PAGES : LOCAL_NAMES.length + 1); n++) {
      const result = await call('ListSecrets', '200', {}, auth(), { query: { limit: '1', ...(marker ? { marker } : {}) } });
      conforms(result, 200);
      const { secrets, page_info } = result.body as Page;
      // The document's promises: a page holds `limit` items while any remain; both markers name
      // its items; next_marker is there only when another page follows.
      expect(secrets, `page ${n + 1}`).toHaveLength(1);
      const name = secrets[0]!.name;
      expect(page_info.current_count).toBe(1);
      expect(page_info.previous_marker).toBe(name);
      names.push(name);
      marker = page_info.next_marker;
      if (marker === undefined) break;
      expect(marker).toBe(name);
    }
    expect(new Set(names).size, 'no secret listed twice').toBe(names.length);
    if (!live) {
      expect(names).toEqual(LOCAL_NAMES);
      expect(marker, 'the last page names no next page').toBeUndefined();
    } else if (marker === undefined) expect(names).toContain(target.secretName);
  });

  it('ListSecretVersions, ShowSecretStage SYSCURRENT and ShowSecretVersion of that version and of latest: 200s in their schemas', async () => {
    const versions = await call('ListSecretVersions', '200', name(), auth());
    conforms(versions, 200);
    const stage = await call('ShowSecretStage', '200', { ...name(), stage_name: 'SYSCURRENT' }, auth());
    conforms(stage, 200);
    const versionId = (stage.body as { stage: { version_id: string } }).stage.version_id;
    expect((versions.body as { version_metadatas: { id: string }[] }).version_metadatas.map((v) => v.id)).toContain(versionId);
    const current = await call('ShowSecretVersion', '200', { ...name(), version_id: versionId }, auth());
    conforms(current, 200);
    const version = (
      current.body as {
        version: { version_metadata: { id: string; version_stages: string[] }; secret_string?: unknown; secret_binary?: unknown };
      }
    ).version;
    expect(version.version_metadata.id).toBe(versionId);
    expect(version.version_metadata.version_stages).toContain('SYSCURRENT');
    // The value itself is never compared or printed: only that one of the two fields holds it.
    expect([typeof version.secret_string, typeof version.secret_binary]).toContain('string');
    conforms(await call('ShowSecretVersion', '200', { ...name(), version_id: 'latest' }, auth()), 200);
  });

  it('DownloadSecretBlob of an existing secret: 200, a non-empty opaque blob', async () => {
    conforms(await call('DownloadSecretBlob', '200', name(), auth()), 200);
  });

  it.runIf(!live || process.env.CSMS_CONTRACT_RESTORE === '1')(
    'UploadSecretBlob of a backup of a secret that exists: 400 with an Error body',
    async () => {
      const backup = await call('DownloadSecretBlob', '200', name(), auth());
      conforms(await call('UploadSecretBlob', '400', {}, auth(), { body: backup.body }), 400);
    },
  );

  it('a secret, version or stage that does not exist: 404 with an Error body', async () => {
    conforms(await call('ShowSecret', '404', { secret_name: target.missingName }, auth()), 404);
    conforms(await call('DownloadSecretBlob', '404', { secret_name: target.missingName }, auth()), 404);
    conforms(await call('ShowSecretVersion', '404', { ...name(), version_id: 'v999999' }, auth()), 404);
    conforms(await call('ShowSecretStage', '404', { ...name(), stage_name: 'no-such-stage' }, auth()), 404);
  });

  it('a rejected token: 401 with an Error body', async () => {
    conforms(await call('ShowSecret', '401', name(), { 'X-Auth-Token': 'not-a-valid-token' }), 401);
  });

  it('a secret name longer than 64 characters, and a limit over 1,000: 400 with an Error body', async () => {
    conforms(await call('ShowSecret', '400', { secret_name: 'x'.repeat(65) }, auth()), 400);
    conforms(await call('ListSecrets', '400', {}, auth(), { query: { limit: '1001' } }), 400);
  });
});
