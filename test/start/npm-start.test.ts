// `npm start` as a newcomer runs it: URLs printed, a curl that works, Ctrl-C stops everything,
// a taken port is a one-line error naming the variable to change.
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asEchoed } from '../support/echo.js';
import { examplePath, operations, responseExamples } from '../support/openapi.js';
import { isListening, runStart, startNpmStart, type Started } from '../support/start.js';

let started: Started;
beforeAll(async () => {
  started = await startNpmStart();
}, 60_000);
afterAll(async () => {
  if (started.child.exitCode === null) await started.stop();
});

/** The printed curl lines as fetch calls: URL, -X method, -H headers and -d body. */
function printedCurls(stdout: string) {
  return [...stdout.matchAll(/^\s*curl (.+)$/gm)].map(([, args]) => {
    const headers = Object.fromEntries([...args!.matchAll(/-H '([^:]+): ([^']*)'/g)].map((m) => [m[1]!, m[2]!]));
    const body = /-d '((?:[^']|'\\'')*)'/.exec(args!)?.[1]?.replaceAll("'\\''", "'");
    return { method: /-X (\w+)/.exec(args!)?.[1] ?? 'GET', url: /'(http:\/\/[^']+)'$/.exec(args!)![1]!, headers, body };
  });
}

describe('npm start', () => {
  it('prints the mock and docs URLs on 127.0.0.1', () => {
    expect(new URL(started.mockUrl).hostname).toBe('127.0.0.1');
    expect(new URL(started.docsUrl).hostname).toBe('127.0.0.1');
    expect(started.stderr()).toBe('');
  });

  it('prints a curl for every operation, and each gets its documented success', async () => {
    const curls = printedCurls(started.stdout());
    expect(
      curls.map((c) => `${c.method} ${new URL(c.url).pathname.replace(/^\/v1\/[A-Za-z0-9]{32}(?=\/|$)/, '/v1/{project_id}')}`).sort(),
    ).toEqual(
      operations
        .map((op) => `${op.method} ${examplePath(op.path, { project_id: '{project_id}' }).replaceAll('%7B', '{').replaceAll('%7D', '}')}`)
        .sort(),
    );
    for (const c of curls) {
      expect(c.url.startsWith(started.mockUrl)).toBe(true);
      const r = await fetch(c.url, { method: c.method, headers: c.headers, ...(c.body ? { body: c.body } : {}) });
      const path = new URL(c.url).pathname;
      const op = operations.find((o) => o.method === c.method && path === examplePath(o.path))!;
      // The operation's documented success (a 204 for some deletions), with its example where it has one.
      expect(r.status, op.operationId).toBe(op.status);
      const documented = responseExamples().filter((e) => e.operationId === op.operationId && e.status === String(op.status));
      if (documented.length === 0) {
        expect(await r.text(), op.operationId).toBe('');
        continue;
      }
      // The example, with the names the curl's path gave (test/support/echo.ts).
      const body = (await r.json()) as Record<string, unknown[]>;
      const named = op.pathParams.filter((p) => op.params[p]?.option === undefined).map((p) => String(op.params[p]?.example));
      const items = op.paging ? body[op.paging.items]?.length : undefined;
      expect(documented.map((e) => asEchoed(e.value, body, named, items))).toContainEqual(body);
    }
  });

  it('serves the docs page', async () => {
    const r = await fetch(started.docsUrl);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<title>Huawei Cloud CSMS secrets API</title>');
  });

  it('MOCK_CONFIG=file serves its secrets and checks its tokens; a bad file stops npm start with one line', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'csms-start-config-'));
    const config = path.join(dir, 'mock.yaml');
    await fs.writeFile(config, 'secrets:\n  - name: from-config\ntokens: [config-token]\n');
    const s = await startNpmStart({ MOCK_CONFIG: config });
    try {
      const get = (name: string, token: string) =>
        fetch(`${s.mockUrl}/v1/0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b/secrets/${name}`, { headers: { 'X-Auth-Token': token } });
      expect((await (await get('from-config', 'config-token')).json()) as unknown).toMatchObject({ secret: { name: 'from-config' } });
      expect((await get('other', 'config-token')).status).toBe(404);
      expect((await get('from-config', 'any-token')).status).toBe(401);
    } finally {
      await s.stop();
    }
    await fs.writeFile(config, 'secrets:\n  - name: bad name\n');
    const bad = runStart({ MOCK_CONFIG: config, MOCK_PORT: '0', DOCS_PORT: '0' });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toMatch(
      new RegExp(
        `^npm start: ${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: secrets\\[0\\] \\("bad name"\\): the name is not a valid secret_name`,
      ),
    );
    await fs.rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('a taken port gives one line naming the port and the variable, and exit 1', async () => {
    const mockPort = new URL(started.mockUrl).port;
    const run = runStart({ MOCK_PORT: mockPort, DOCS_PORT: '0' });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toBe(
      `npm start: port ${mockPort} is already in use: set MOCK_PORT to another port, e.g. MOCK_PORT=${Number(mockPort) + 100} npm start\n`,
    );

    const docsPort = new URL(started.docsUrl).port;
    const second = runStart({ MOCK_PORT: '0', DOCS_PORT: docsPort });
    expect(await second.exited).toBe(1);
    expect(second.stderr().trim().split('\n')).toEqual([
      `npm start: port ${docsPort} is already in use: set DOCS_PORT to another port, e.g. DOCS_PORT=${Number(docsPort) + 100} npm start`,
    ]);
  });

  it('Ctrl-C stops both servers and exits 0, leaving both ports free', async () => {
    const ports = [started.mockUrl, started.docsUrl].map((u) => Number(new URL(u).port));
    expect(await Promise.all(ports.map(isListening))).toEqual([true, true]);
    expect(await started.stop()).toBe(0);
    expect(started.stdout()).toContain('Stopped.');
    expect(await Promise.all(ports.map(isListening))).toEqual([false, false]);
    for (const port of ports) {
      await new Promise<void>((resolve, reject) => {
        const s = net.createServer().once('error', reject);
        s.listen(port, '127.0.0.1', () => s.close(() => resolve()));
      });
    }
  });
});
