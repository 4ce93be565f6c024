// A small node:http server on 127.0.0.1 that plays a script per request (the n-th request gets
// n), and records what it received, so tests can count attempts and inspect headers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCsmsClient, type CsmsClientOptions } from '../../src/index.js';
import type { ReceivedRequest } from './verify-signature.js';

export type Script = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

export async function startFaultServer(script: Script) {
  const requests: (ReceivedRequest & { at: number })[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method!, target: req.url!, headers: req.headers, body: Buffer.concat(chunks), at: performance.now() });
      script(req, res, requests.length);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers with `body` as JSON; with no body at all when it is undefined (a 204, an empty 200). */
export const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  if (body === undefined) {
    res.writeHead(status, { 'content-length': '0', ...headers });
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * A test's way to get a client against a fresh fault server: `servers` collects them for an
 * afterEach to close; `base` is the client options every call shares (project, credentials).
 */
export function clientAgainst(servers: { close(): Promise<void> }[], base: Pick<CsmsClientOptions, 'projectId' | 'credentials'>) {
  return async (script: Script, options: Partial<CsmsClientOptions> = {}) => {
    const server = await startFaultServer(script);
    servers.push(server);
    const csms = createCsmsClient({ ...base, endpoint: server.url, retryBaseDelayMs: 1, retryMaxDelayMs: 5, ...options });
    return { server, csms };
  };
}
