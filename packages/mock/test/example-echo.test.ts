// Answers from the document's examples repeat what the request named (example-echo.js): the
// secret, stage, version, event and user a path names, and a page's count of its items. The
// expected values are the request's own and the example's (read from the document), never the
// module's rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '@csms-openapi/mock';
import { echoRequest } from '../src/example-echo.js';
import { responseExamples } from '../../../test/support/openapi.js';
import { call, type Json, op } from './helpers.js';

const TOKEN = { 'X-Auth-Token': 'echo-token' };
/** The first 2xx example of an operation, as the document writes it. */
const example = (operationId: string): Json =>
  responseExamples().find((c) => c.operationId === operationId && c.status.startsWith('2'))!.value;

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock.close();
});

const get = (operationId: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
  call(mock.url, op(operationId), { params, headers: { ...TOKEN, ...headers } });

describe('an example-mode answer repeats what the request named', () => {
  it('ShowSecretStage test/SYSCURRENT: that secret and stage, the example’s version', async () => {
    const { status, body } = await get('ShowSecretStage', { secret_name: 'test', stage_name: 'SYSCURRENT' });
    expect(status).toBe(200);
    expect(body).toStrictEqual({ stage: { ...example('ShowSecretStage').stage, name: 'SYSCURRENT', secret_name: 'test' } });
    expect(body.stage.version_id).toBe(example('ShowSecretStage').stage.version_id);
  });

  it('ShowSecretVersion test/v3: that version of that secret; `latest` keeps the example’s ID', async () => {
    const documented = example('ShowSecretVersion');
    const { body } = await get('ShowSecretVersion', { secret_name: 'test', version_id: 'v3' });
    expect(body).toStrictEqual({
      version: { ...documented.version, version_metadata: { ...documented.version.version_metadata, id: 'v3', secret_name: 'test' } },
    });
    const latest = await get('ShowSecretVersion', { secret_name: 'test', version_id: 'latest' });
    expect(latest.body.version.version_metadata).toStrictEqual({ ...documented.version.version_metadata, secret_name: 'test' });
  });

  it('ListSecretVersions: every item names the secret, and current_count is the number of items', async () => {
    const { body } = await get('ListSecretVersions', { secret_name: 'orders-db' });
    const documented = example('ListSecretVersions');
    expect(documented.page_info.current_count).not.toBe(documented.version_metadatas.length); // the document's own example disagrees
    expect(body.version_metadatas.map((v: Json) => v.secret_name)).toEqual(documented.version_metadatas.map(() => 'orders-db'));
    expect(body.page_info).toStrictEqual({ ...documented.page_info, current_count: documented.version_metadatas.length });
  });

  it('ShowSecret with a named example, ShowSecretEvent and ShowUserDetail: the name or ID the path gave', async () => {
    const pending: Json = responseExamples().find((c) => c.operationId === 'ShowSecret' && c.exampleName === 'pending_delete')!.value;
    const shown = await get('ShowSecret', { secret_name: 'my-secret' }, { Prefer: 'example=pending_delete' });
    expect(shown.body).toStrictEqual({ secret: { ...pending.secret, name: 'my-secret' } });
    expect((await get('ShowSecretEvent', { event_name: 'my-event' })).body).toStrictEqual({
      event: { ...example('ShowSecretEvent').event, name: 'my-event' },
    });
    expect((await get('ShowUserDetail', { user_id: 'user-42' })).body).toStrictEqual({ ...example('ShowUserDetail'), user_id: 'user-42' });
  });

  it('an error example is served as written', async () => {
    const documented: Json = responseExamples().find((c) => c.operationId === 'ShowSecret' && c.status === '404')!.value;
    const { status, body, requestId } = await get('ShowSecret', { secret_name: 'my-secret' }, { Prefer: 'code=404' });
    expect(status).toBe(404);
    expect(body).toStrictEqual('request_id' in documented ? { ...documented, request_id: requestId } : documented);
  });
});

describe('echoRequest', () => {
  it('changes a copy: the answer it was given stays as it was', () => {
    const answer = { status: 200, body: structuredClone(example('ShowSecretStage')) };
    const before = structuredClone(answer);
    const echoed = echoRequest(op('ShowSecretStage'), { secret_name: 'x', stage_name: 'y' }, answer);
    expect(answer).toStrictEqual(before);
    expect(echoed.body).toMatchObject({ stage: { name: 'y', secret_name: 'x' } });
  });
});
