// A hostile or broken server on the other end: redirects, huge and compressed bodies, echoes of
// credentials, bodies of the wrong shape, odd Retry-After values. Each case is what a loopback
// server can really do to the client; nothing is mocked.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { inspect } from 'node:util';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientBuildOptions } from '../../../scripts/build-client.mjs';
import { CACHE_DIR } from '../../../scripts/lib/paths.mjs';
import { table } from '../../../test/support/openapi.js';
import { CsmsError, type CsmsClientOptions, createCsmsClient } from '../src/index.js';
import { retryAfterMs } from '../src/transport.js';
import { clientAgainst, json, startFaultServer, type Script } from './support/fault-server.js';
import { leakCapture } from './support/leaks.js';
import { argsFor, methodOf } from './support/operations.js';

const TOKEN = 'MIIZ-hostile-test-token-9a8b7c6d5e4f';
const AK = 'HPUAZ2XVQWEEXAMPLE02';
const BLOB = 'csms-mock-backup.v1.hostile-test-BLOB-Zx9Yw8Vu7';
const VALUE = 'hostile-test-VALUE-pR7sT2uV';
const SECURITY_TOKEN = 'gQpjbi-hostile-security-token-77x';
const SK = 'hostile-test-secret-key-EXAMPLE-k9';
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';
const SECRET = { id: 'i', name: 'test', state: 'ENABLED', kms_key_id: 'k', create_time: 1581507580000, update_time: 1581507580000 };

const leaks = leakCapture();
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
/** Signatures the servers received: they must not show up in anything captured either. */
const signatures: string[] = [];
afterAll(() => {
  expect(leaks.count).toBeGreaterThan(20);
  expect(signatures.length).toBeGreaterThan(0);
  expect(leaks.findSecrets([TOKEN, SECURITY_TOKEN, SK, BLOB, VALUE, ...signatures])).toEqual([]);
});

const setup = clientAgainst(servers, { projectId: PROJECT, credentials: { token: TOKEN } });
const caught = (p: Promise<unknown>) => leaks.caught(p);
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return leaks.record(e) as CsmsError;
  }
  throw new Error('did not throw');
};

describe('redirects are never followed', () => {
  it.each([301, 302, 303, 307, 308])('%i to another origin: a typed error, and no request reaches the Location', async (status) => {
    const other = await startFaultServer((_req, res) => json(res, 200, { secret: { ...SECRET, name: 'stolen' } }));
    servers.push(other);
    const location = `${other.url.replace('127.0.0.1', 'localhost')}/v1/${PROJECT}/secrets/test`;
    for (const credentials of [{ token: TOKEN }, { ak: 'HPUAZ2XVQWEEXAMPLE02', sk: SK, securityToken: SECURITY_TOKEN }]) {
      const { server, csms } = await setup((_req, res) => res.writeHead(status, { location }).end(), { credentials });
      const e = await caught(csms.showSecret('test'));
      expect(e).toMatchObject({ kind: 'http', status, operation: 'ShowSecret', attempts: 1 });
      expect(e.message).toBe(
        `Unexpected redirect (HTTP ${status}); CSMS does not redirect, so it was not followed and nothing was sent to its Location`,
      );
      expect(server.requests).toHaveLength(1);
      // csms.raw goes through the same transport.
      const raw = await caught(
        csms.raw.POST('/v1/{project_id}/secrets/{secret_name}/backup', { params: { path: { project_id: PROJECT, secret_name: 'test' } } }),
      );
      expect(raw).toMatchObject({ kind: 'http', status });
    }
    expect(other.requests).toHaveLength(0);
  });
});

describe('response size', () => {
  const big =
    (bytes: number): Script =>
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.write('{"secret_blob":"');
      let sent = 0;
      const more = () => {
        while (sent < bytes) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end('"}');
      };
      more();
    };

  it('the default limit (16 MiB) stops a 40 MB body with invalid-response that says how to raise it', async () => {
    const { csms } = await setup(big(40e6), { retries: 0 });
    const e = await caught(csms.downloadSecretBlob('test'));
    expect(e).toMatchObject({ kind: 'invalid-response', status: 200, attempts: 1, operation: 'DownloadSecretBlob' });
    expect(e.message).toBe(
      'The response body is larger than maxResponseBytes (16777216 bytes); pass a larger maxResponseBytes to createCsmsClient to accept it',
    );
  });

  it('a declared Content-Length over the limit is refused before the body is read', async () => {
    const { csms } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
        res.write('{"secret_blob":"');
      },
      { maxResponseBytes: 1000, timeoutMs: 5000 },
    );
    const started = Date.now();
    expect(await caught(csms.downloadSecretBlob('test'))).toMatchObject({ kind: 'invalid-response', status: 200 });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('maxResponseBytes raised: the same body is accepted', async () => {
    const { csms } = await setup(big(2e6), { maxResponseBytes: 4e6 });
    expect((await csms.downloadSecretBlob('test')).secret_blob).toHaveLength(Math.ceil(2e6 / 65536) * 65536);
  });

  it('a 1 MiB gzip that inflates to 1 GiB stops at the limit, counted on the decoded stream', async () => {
    // 64 gzip members of 16 MiB of zeros each: about 1 MiB on the wire, 1 GiB decoded.
    const member = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
    const { csms } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        let n = 0;
        const more = () => {
          while (n++ < 64) if (!res.write(member)) return void res.once('drain', more);
          res.end();
        };
        more();
      },
      { retries: 0 },
    );
    const rss = process.memoryUsage().rss;
    const e = await caught(csms.showSecret('test'));
    expect(e).toMatchObject({ kind: 'invalid-response', status: 200 });
    expect(e.message).toContain('maxResponseBytes (16777216 bytes)');
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('credentials and server text never reach an error', () => {
  it.each([
    ['a token with CR/LF', { token: `${TOKEN}\r\nX-Injected: 1` }, 'credentials.token'],
    ['a token with NUL', { token: `${TOKEN}\0` }, 'credentials.token'],
    ['a security token with LF', { ak: 'HPUAZ2XVQWEEXAMPLE02', sk: SK, securityToken: `${SECURITY_TOKEN}\n` }, 'credentials.securityToken'],
    ['a token with non-ASCII', { token: `${TOKEN}é` }, 'credentials.token'],
  ])('%s is refused at createCsmsClient, without repeating it', (_name, credentials, label) => {
    const e = thrown(() => createCsmsClient({ projectId: PROJECT, credentials: credentials as CsmsClientOptions['credentials'] }));
    expect(e).toMatchObject({ kind: 'invalid-argument' });
    expect(e.message).toBe(
      `Invalid ${label}: it holds a space, control character (CR, LF, NUL…) or non-ASCII character, which cannot be sent in an HTTP header.`,
    );
  });

  it.each([
    ['user info', `http://user:${TOKEN}@127.0.0.1:4010`, 'it must not contain a user name or password; pass credentials in `credentials`.'],
    ['a query', `http://127.0.0.1:4010/?token=${TOKEN}`, 'it must not contain a query (?…) or a fragment (#…).'],
    ['a fragment', `http://127.0.0.1:4010/#${TOKEN}`, 'it must not contain a query (?…) or a fragment (#…).'],
  ])('an endpoint with %s is refused without repeating it', (_name, endpoint, problem) => {
    const e = thrown(() => createCsmsClient({ projectId: PROJECT, endpoint, credentials: { token: 't0k3n' } }));
    expect(e.message).toBe(`Invalid endpoint: ${problem}`);
  });

  it('a server that echoes the token in every field it controls: all of it redacted', async () => {
    const { csms } = await setup(
      (req, res) => {
        const echo = String(req.headers['x-auth-token']);
        res.writeHead(500, `Oops ${echo}`, { 'content-type': `text/plain; ${echo}`, 'x-request-id': `id-${echo}` });
        res.end(`not json ${echo}`);
      },
      { retries: 0 },
    );
    const e = await caught(csms.showSecret('test'));
    expect(e).toMatchObject({ kind: 'http', status: 500, requestId: 'id-[REDACTED]' });
    expect(e.message).toBe('HTTP 500 Oops [REDACTED] (not a JSON error body: text/plain; [REDACTED])');
  });

  it('error_code, request_id and error_msg echoing the token or a signature are redacted; CR/LF become spaces', async () => {
    const { csms } = await setup(
      (req, res) =>
        json(res, 403, {
          error_code: `APIGW.0302 ${String(req.headers['x-security-token'])}`,
          error_msg: `denied for ${String(req.headers.authorization)}\r\nX-Fake-Log-Line: 1`,
          request_id: `r-${String(req.headers['x-security-token'])}`,
        }),
      { credentials: { ak: 'HPUAZ2XVQWEEXAMPLE02', sk: SK, securityToken: SECURITY_TOKEN } },
    );
    const e = await caught(csms.showSecret('test'));
    expect(e.code).toBe('APIGW.0302 [REDACTED]');
    expect(e.requestId).toBe('r-[REDACTED]');
    expect(e.message).toMatch(
      /^denied for SDK-HMAC-SHA256 Access=HPUAZ2XVQWEEXAMPLE02, SignedHeaders=[a-z;-]+, Signature=\[REDACTED\] X-Fake-Log-Line: 1$/,
    );
  });

  it('a 50 MB error_msg becomes a 1,000-character message', async () => {
    const { csms } = await setup((_req, res) => json(res, 400, { error_code: 'CSMS.0002', error_msg: 'x'.repeat(50e6) }), {
      maxResponseBytes: 64e6,
    });
    const e = await caught(csms.showSecret('test'));
    expect(e.message).toHaveLength(1001);
    expect(e.message.endsWith('x…')).toBe(true);
  });

  it('a token cut by the length limit does not leave half of itself', async () => {
    const { csms } = await setup((req, res) =>
      json(res, 400, { error_code: 'c', error_msg: `${'y'.repeat(990)}${String(req.headers['x-auth-token'])}` }),
    );
    const e = await caught(csms.showSecret('test'));
    expect(e.message).toBe(`${'y'.repeat(990)}[REDACTED]`);
  });
});

describe('sensitive values of the request and its signature never reach an error', () => {
  /** Every printed form of an error, for a test to look through. */
  const forms = (e: Error) => [e.message, e.stack ?? '', String(e), inspect(e, { depth: 5, showHidden: true }), JSON.stringify(e)];

  it('a restore whose error echoes the secret_blob (message, code, request id): [REDACTED] everywhere', async () => {
    const { server, csms } = await setup((_req, res) => {
      const { secret_blob } = JSON.parse(server.requests.at(-1)!.body.toString('utf8')) as { secret_blob: string };
      json(
        res,
        400,
        { error_code: `CSMS.0004 ${secret_blob}`, error_msg: `The backup ${secret_blob} is not valid.` },
        { 'x-request-id': `id-${secret_blob}` },
      );
    });
    const e = await caught(csms.uploadSecretBlob({ body: { secret_blob: BLOB } }));
    expect(e).toMatchObject({ kind: 'http', status: 400, operation: 'UploadSecretBlob', attempts: 1 });
    expect(e.message).toBe('The backup [REDACTED] is not valid.');
    expect(e.code).toBe('CSMS.0004 [REDACTED]');
    expect(e.requestId).toBe('id-[REDACTED]');
    for (const text of forms(e)) expect(text.includes(BLOB)).toBe(false);
    // The request really carried it (the test would pass vacuously otherwise).
    expect(server.requests[0]!.body.toString('utf8')).toContain(BLOB);
  });

  it('the same through csms.raw: a 2xx that is not JSON after a restore does not quote the blob either', async () => {
    const { csms } = await setup((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`{${BLOB}`));
    const e = await caught(
      csms.raw.POST('/v1/{project_id}/secrets/restore', { params: { path: { project_id: PROJECT } }, body: { secret_blob: BLOB } }),
    );
    expect(e).toMatchObject({ kind: 'invalid-response', message: 'The 200 response body is not valid JSON' });
  });

  it('a 401 that repeats the 64-hex signature without "Signature=": [REDACTED] in message, stack, String, inspect and JSON', async () => {
    const { server, csms } = await setup(
      (req, res) => {
        const signature = /Signature=([0-9a-f]{64})$/.exec(String(req.headers.authorization))![1]!;
        signatures.push(signature);
        json(res, 401, { error_code: 'APIGW.0301', error_msg: `Incorrect IAM authentication information: expected:${signature}.` });
      },
      { credentials: { ak: AK, sk: SK } },
    );
    const e = await caught(csms.showSecret('test'));
    expect(e).toMatchObject({ kind: 'http', status: 401, code: 'APIGW.0301', attempts: 1 });
    expect(e.message).toBe('Incorrect IAM authentication information: expected:[REDACTED].');
    expect(server.requests).toHaveLength(1);
    const [signature] = signatures.slice(-1);
    for (const text of forms(e)) expect(text.includes(signature!)).toBe(false);
  });

  it("the signature repeated in a raw call's thrown error is redacted too (a 200 that is not JSON)", async () => {
    const { csms } = await setup(
      (req, res) => {
        const signature = /Signature=([0-9a-f]{64})$/.exec(String(req.headers.authorization))![1]!;
        signatures.push(signature);
        res.writeHead(200, `OK ${signature}`, { 'content-type': 'application/json' }).end(signature);
      },
      { credentials: { ak: AK, sk: SK } },
    );
    const e = await caught(
      csms.raw.GET('/v1/{project_id}/secrets/{secret_name}', { params: { path: { project_id: PROJECT, secret_name: 'test' } } }),
    );
    expect(e).toMatchObject({ kind: 'invalid-response' });
    for (const text of forms(e)) expect(text.includes(signatures.at(-1)!)).toBe(false);
  });

  it.each([
    [
      'version_metadata.create_time in seconds',
      { create_time: 1581507580 },
      '$.version.version_metadata.create_time: below the minimum 100000000000',
    ],
    [
      'version_metadata.id that is not a version ID',
      { id: '-v1' },
      '$.version.version_metadata.id: does not match ^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$',
    ],
    ['version_metadata.secret_name ..', { secret_name: '..' }, '$.version.version_metadata.secret_name: ".." is not allowed'],
    ['version_metadata without version_stages', { version_stages: undefined }, '$.version.version_metadata.version_stages: missing'],
  ])('a 2xx ShowSecretVersion with %s: invalid-response whose detail never holds the secret_string', async (_name, change, problem) => {
    const metadata = { id: 'v1', create_time: 1581507580000, secret_name: 'test', version_stages: ['SYSCURRENT'], ...change };
    const { csms } = await setup((_req, res) => json(res, 200, { version: { version_metadata: metadata, secret_string: VALUE } }));
    const e = await caught(csms.showSecretVersion('test', 'latest'));
    expect(e).toMatchObject({ kind: 'invalid-response', status: 200, operation: 'ShowSecretVersion' });
    expect(e.message).toBe(`The 200 response body does not match the document (${problem})`);
    for (const text of forms(e)) expect(text.includes(VALUE)).toBe(false);
  });

  it('a secret_string or secret_binary of the wrong shape: the rule is named, the value is not', async () => {
    const metadata = { id: 'v1', create_time: 1581507580000, secret_name: 'test', version_stages: ['SYSCURRENT'] };
    const { csms } = await setup((_req, res, n) =>
      json(res, 200, {
        version: { version_metadata: metadata, ...(n === 1 ? { secret_string: VALUE.repeat(2000) } : { secret_binary: `${VALUE}!` }) },
      }),
    );
    const long = await caught(csms.showSecretVersion('test', 'latest'));
    expect(long.message).toBe('The 200 response body does not match the document ($.version.secret_string: longer than 32768 characters)');
    const binary = await caught(csms.showSecretVersion('test', 'latest'));
    expect(binary.message).toMatch(/^The 200 response body does not match the document \(\$\.version\.secret_binary: does not match /);
    for (const e of [long, binary]) for (const text of forms(e)) expect(text.includes(VALUE)).toBe(false);
  });
});

describe('a timeout settles the call whatever fetch does', () => {
  const never = () => new Promise<Response>(() => {});
  /** A body that sends a first chunk and then nothing, and ignores cancel() (it never settles). */
  const stalledBody = () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"secret":'));
        },
        pull: () => new Promise<void>(() => {}),
        cancel: () => new Promise<void>(() => {}),
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  /** How the call ended within 3 s, or 'still pending'. */
  const within3s = async (p: Promise<unknown>) => {
    let timer: NodeJS.Timeout | undefined;
    const pending = new Promise<'still pending'>((resolve) => {
      timer = setTimeout(() => resolve('still pending'), 3000);
    });
    const started = performance.now();
    const outcome = await Promise.race([
      p.then(
        () => 'resolved',
        (e: unknown) => leaks.record(e),
      ),
      pending,
    ]);
    clearTimeout(timer);
    return { outcome, ms: performance.now() - started };
  };
  const offline = (fetch: () => Promise<Response>, extra: Partial<CsmsClientOptions> = {}) =>
    createCsmsClient({
      projectId: PROJECT,
      endpoint: 'http://127.0.0.1:9',
      credentials: { token: TOKEN },
      fetch,
      timeoutMs: 300,
      retries: 0,
      ...extra,
    });

  it('a fetch that ignores init.signal and never resolves: timeout', async () => {
    const { outcome, ms } = await within3s(offline(never).showSecret('test'));
    expect(outcome).toBeInstanceOf(CsmsError);
    expect(outcome).toMatchObject({
      kind: 'timeout',
      attempts: 1,
      operation: 'ShowSecret',
      message: 'No complete response within 300 ms (attempt 1)',
    });
    expect(ms).toBeGreaterThanOrEqual(250);
  });

  it('the same with retries: each attempt times out, and the call still settles', async () => {
    let calls = 0;
    const { outcome } = await within3s(
      offline(
        () => {
          calls++;
          return never();
        },
        { retries: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 5 },
      ).showSecretStage('test', 'SYSCURRENT'),
    );
    expect(outcome).toMatchObject({ kind: 'timeout', attempts: 3 });
    expect(calls).toBe(3);
  });

  it('a body stream that never ends and ignores cancel(): timeout', async () => {
    const { outcome } = await within3s(offline(async () => stalledBody()).showSecret('test'));
    expect(outcome).toMatchObject({ kind: 'timeout', attempts: 1, operation: 'ShowSecret' });
  });

  it('csms.raw too, for both', async () => {
    for (const fetch of [never, async () => stalledBody()]) {
      const { outcome } = await within3s(
        offline(fetch).raw.GET('/v1/{project_id}/secrets/{secret_name}', {
          params: { path: { project_id: PROJECT, secret_name: 'test' } },
        }),
      );
      expect(outcome).toMatchObject({ name: 'CsmsError', kind: 'timeout' });
    }
  });

  it("the caller's abort settles a call whose fetch ignores its signal, with the caller's reason", async () => {
    const controller = new AbortController();
    const call = offline(never, { timeoutMs: 60_000 }).showSecret('test', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    const { outcome } = await within3s(call);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('user cancelled');
  });
});

describe('a 2xx body must have the documented shape', () => {
  it.each([
    ['{"secret":"not-an-object"}', 'ShowSecret', '$.secret: expected object, got string'],
    ['[1,2]', 'ShowSecret', '$: expected object, got array'],
    ['{"secret":{"id":"i"}}', 'ShowSecret', '$.secret.name: missing'],
    [
      '{"secret":{"id":"i","name":"n","state":"ENABLED","kms_key_id":"k","create_time":"yesterday","update_time":1}}',
      'ShowSecret',
      '$.secret.create_time: expected integer, got string',
    ],
    ['{"secret_blob":42}', 'DownloadSecretBlob', '$.secret_blob: expected string, got integer'],
    ['null', 'DownloadSecretBlob', '$: expected object, got null'],
  ])('%s for %s is invalid-response', async (body, operation, problem) => {
    const { csms } = await setup((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    const call = operation === 'ShowSecret' ? csms.showSecret('test') : csms.downloadSecretBlob('test');
    const e = await caught(call);
    expect(e).toMatchObject({ kind: 'invalid-response', status: 200, attempts: 1, operation });
    expect(e.message).toBe(`The 200 response body does not match the document (${problem})`);
  });

  it.each([
    [
      'create_time in seconds (under EpochMillis minimum)',
      'ShowSecret',
      { secret: { ...SECRET, create_time: 1581507580 } },
      '$.secret.create_time: below the minimum 100000000000',
    ],
    [
      'scheduled_delete_time in seconds',
      'ShowSecret',
      { secret: { ...SECRET, scheduled_delete_time: 1581507580 } },
      '$.secret.scheduled_delete_time: matches none of its alternatives',
    ],
    ['an empty secret_blob (minLength)', 'DownloadSecretBlob', { secret_blob: '' }, '$.secret_blob: shorter than 1 characters'],
    [
      'a page_info with a negative count',
      'ListSecrets',
      { secrets: [SECRET], page_info: { current_count: -1 } },
      '$.page_info.current_count: below the minimum 0',
    ],
  ])('%s is invalid-response naming the field and the rule', async (_name, operation, body, problem) => {
    const { csms } = await setup((_req, res) => json(res, 200, body));
    const op = table.operations[operation]!;
    const e = await caught(methodOf(csms, op)(...argsFor(op)));
    expect(e).toMatchObject({ kind: 'invalid-response', status: 200, operation });
    expect(e.message).toBe(`The 200 response body does not match the document (${problem})`);
  });

  it('a secret_binary that is not Base64 is invalid-response', async () => {
    const version_metadata = { id: 'v1', create_time: 1581507580000, secret_name: 'test', version_stages: ['SYSCURRENT'] };
    for (const secret_binary of ['not base64!', 'QUJD=', 'QUJDRA', 'QU JD']) {
      const { csms } = await setup((_req, res) => json(res, 200, { version: { version_metadata, secret_binary } }));
      const e = await caught(csms.showSecretVersion('test', 'v1'));
      expect(e).toMatchObject({ kind: 'invalid-response', operation: 'ShowSecretVersion' });
      expect(e.message).toMatch(/\(\$\.version\.secret_binary: does not match /);
    }
    const { csms } = await setup((_req, res) => json(res, 200, { version: { version_metadata, secret_binary: 'QUJDRA==' } }));
    await expect(csms.showSecretVersion('test', 'v1')).resolves.toEqual({ version: { version_metadata, secret_binary: 'QUJDRA==' } });
  });

  it("an unknown state ('ARCHIVED') is accepted on purpose: the service may add a state", async () => {
    const { csms } = await setup((_req, res) => json(res, 200, { secret: { ...SECRET, state: 'ARCHIVED' } }));
    const { secret } = await csms.showSecret('test');
    expect(secret.state).toBe('ARCHIVED');
  });

  it('unknown fields and a null scheduled_delete_time are fine', async () => {
    const secret = { ...SECRET, scheduled_delete_time: null, rotation_period: '30d', something_new: { a: 1 } };
    const { csms } = await setup((_req, res) => json(res, 200, { secret, also_new: true }));
    await expect(csms.showSecret('test')).resolves.toEqual({ secret, also_new: true });
  });

  it('unparsable JSON carries status and attempts, and no cause that quotes the body', async () => {
    const { csms } = await setup((req, res, n) =>
      n === 1
        ? json(res, 503, { error_code: 'x', error_msg: 'busy' })
        : res.writeHead(200, { 'content-type': 'application/json' }).end(`{${String(req.headers['x-auth-token'])}`),
    );
    const e = await caught(csms.showSecret('test'));
    expect(e).toMatchObject({ kind: 'invalid-response', status: 200, attempts: 2, message: 'The 200 response body is not valid JSON' });
    expect(e.cause).toBeUndefined();
  });
});

describe('Retry-After', () => {
  it.each(['-1', '', '  ', 'soon', '1.5', '-0', 'Tomorrow', '99999999999'])('%j is ignored: the retry uses backoff', (value) => {
    expect(retryAfterMs(value, Date.parse('2026-11-23T18:42:44Z'))).toBeUndefined();
  });

  it('Retry-After: -1 does not make retries go out back to back', async () => {
    const { server, csms } = await setup(
      (_req, res) => json(res, 429, { error_code: 'APIGW.0308', error_msg: 'throttled' }, { 'retry-after': '-1' }),
      {
        retries: 2,
        retryBaseDelayMs: 200,
        retryMaxDelayMs: 200,
      },
    );
    const e = await caught(csms.showSecret('test'));
    expect(e).toMatchObject({ status: 429, attempts: 3, retryAfterMs: undefined });
    expect(server.requests).toHaveLength(3);
  });
});

describe('timeouts under GC pressure (a child process with --expose-gc)', () => {
  let bundle: string;
  beforeAll(async () => {
    await fs.mkdir(CACHE_DIR, { recursive: true });
    bundle = path.join(await fs.mkdtemp(path.join(CACHE_DIR, 'gc-')), 'client.mjs');
    await build({ ...(await clientBuildOptions()), outfile: bundle });
  });

  async function runUnderGc(url: string) {
    const script = `
      const { createCsmsClient } = await import(${JSON.stringify(bundle)});
      setInterval(() => globalThis.gc(), 100);
      const csms = createCsmsClient({ projectId: '${PROJECT}', endpoint: ${JSON.stringify(url)}, credentials: { token: 'gc-test-token' }, timeoutMs: 1000, retries: 0 });
      const t0 = Date.now();
      const e = await csms.showSecret('test').then(() => null, (e) => e);
      console.log(JSON.stringify({ kind: e && e.kind, ms: Date.now() - t0 }));
      process.exit(0);`;
    const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      cwd: path.dirname(bundle),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(killer);
    return out ? (JSON.parse(out) as { kind: string; ms: number }) : { kind: 'still pending after 8 s', ms: 8000 };
  }

  it('a server that accepts the connection and never answers: timeout after about 1 s', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    servers.push({
      close: () =>
        new Promise((r) => {
          for (const s of sockets) s.destroy();
          silent.close(() => r());
        }),
    });
    const result = await runUnderGc(`http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`);
    expect(result.kind).toBe('timeout');
    expect(result.ms).toBeLessThan(3000);
  });

  it('a body that stalls halfway: timeout after about 1 s', async () => {
    const stall = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"secret":');
    });
    await new Promise<void>((r) => stall.listen(0, '127.0.0.1', r));
    servers.push({
      close: () =>
        new Promise((r) => {
          stall.closeAllConnections();
          stall.close(() => r());
        }),
    });
    const result = await runUnderGc(`http://127.0.0.1:${(stall.address() as net.AddressInfo).port}`);
    expect(result.kind).toBe('timeout');
    expect(result.ms).toBeLessThan(3000);
  });
});
