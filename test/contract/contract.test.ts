// Contract suite: what the document promises, checked against a live server.
//   CSMS_BASE_URL=https://kms.cn-north-4.myhuaweicloud.com CSMS_PROJECT_ID=… CSMS_TOKEN=… \
//   CSMS_SECRET_NAME=an-existing-secret npm run test:contract
// Without CSMS_BASE_URL it runs against the local mock (Prism), where `Prefer: code=404` stands in
// for a secret that does not exist and a missing token for a rejected one. The token is sent only
// in the request header; no test name, message or log line contains it.
import { describe, expect, inject, it } from 'vitest';
import { responseExamples, responseHeaders, validate } from '../support/openapi.js';

const live = Boolean(process.env.CSMS_BASE_URL);
const env = (name: string, fallback: string) => {
  const value = process.env[name];
  if (live && !value && fallback === '') throw new Error(`${name} is required when CSMS_BASE_URL is set`);
  return value || fallback;
};
const target = {
  baseUrl: (process.env.CSMS_BASE_URL ?? inject('mockUrl')).replace(/\/+$/, ''),
  projectId: env('CSMS_PROJECT_ID', live ? '' : '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b'),
  token: env('CSMS_TOKEN', live ? '' : 'contract-suite-token'),
  secretName: env('CSMS_SECRET_NAME', live ? '' : 'test'),
  missingName: env('CSMS_MISSING_SECRET_NAME', `contract-missing-${Date.now().toString(36)}`),
};

const cases = responseExamples();
const pointers = (operationId: string, status: string) => {
  const c = cases.find((e) => e.operationId === operationId && e.status === status)!;
  return { schema: c.schemaPointer, headers: responseHeaders(c.responsePointer), method: c.method.toUpperCase(), path: c.path };
};

async function call(operationId: string, status: string, secretName: string, headers: Record<string, string>) {
  const p = pointers(operationId, status);
  const url = `${target.baseUrl}${p.path.replace('{project_id}', encodeURIComponent(target.projectId)).replace('{secret_name}', encodeURIComponent(secretName))}`;
  const response = await fetch(url, { method: p.method, headers });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = `(not JSON: ${response.headers.get('content-type')})`;
  }
  return { response, body, ...p };
}

/** Status, documented headers and body against the document, with Ajv. */
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

const auth = { 'X-Auth-Token': target.token };

describe(`contract (${live ? 'live server' : 'local mock'})`, () => {
  it('ShowSecret of an existing secret: 200, metadata in the Secret schema (timestamps in ms)', async () => {
    const result = await call('ShowSecret', '200', target.secretName, auth);
    conforms(result, 200);
    expect((result.body as { secret: { name: string } }).secret.name).toBe(live ? target.secretName : 'test');
  });

  it('DownloadSecretBlob of an existing secret: 200, a non-empty opaque blob', async () => {
    conforms(await call('DownloadSecretBlob', '200', target.secretName, auth), 200);
  });

  it('ShowSecret of a secret that does not exist: 404 with an Error body', async () => {
    conforms(await call('ShowSecret', '404', target.missingName, live ? auth : { ...auth, Prefer: 'code=404' }), 404);
  });

  it('DownloadSecretBlob of a secret that does not exist: 404 with an Error body', async () => {
    conforms(await call('DownloadSecretBlob', '404', target.missingName, live ? auth : { ...auth, Prefer: 'code=404' }), 404);
  });

  it('a rejected token: 401 with an Error body', async () => {
    conforms(await call('ShowSecret', '401', target.secretName, live ? { 'X-Auth-Token': 'not-a-valid-token' } : {}), 401);
  });

  it('a secret name longer than 64 characters: 400 with an Error body', async () => {
    conforms(await call('ShowSecret', '400', 'x'.repeat(65), auth), 400);
  });
});
