// @ts-check
// The docs server of `npm start`: one self-contained page, held in memory (raw and gzip), behind
// headers a browser can enforce. Written by hand rather than with a static-file library because
// it is a single file, and sirv threw on malformed `Range` headers (`bytes=5-1`), ending the
// process: here every request gets an answer, and nothing a client sends can throw.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';

/**
 * A Content-Security-Policy that the page still renders under: no network but its own origin,
 * its own inline scripts only (by hash), inline styles (Redoc's styled-components inject them),
 * data: images and fonts, and blob: workers (Redoc's search index).
 * @param {string} html
 */
export function contentSecurityPolicy(html) {
  const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${[...new Set(hashes)].join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
    'worker-src blob:',
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Parses a single `bytes=` range against a size; undefined when there is none to honour.
 * @param {string} header @param {number} size
 * @returns {{ start: number, end: number } | 'unsatisfiable'}
 */
export function parseRange(header, size) {
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'unsatisfiable';
  let start;
  let end;
  if (m[1] === '') {
    // Suffix range: the last N bytes.
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}

/**
 * @param {string} file the page to serve at `/` and `/index.html`
 * @returns {http.Server}
 */
export function createDocsServer(file) {
  const raw = fs.readFileSync(file);
  const gzip = zlib.gzipSync(raw, { level: 9 });
  const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`;
  const common = {
    'content-type': 'text/html; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'content-security-policy': contentSecurityPolicy(raw.toString('utf8')),
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
    etag,
    vary: 'Accept-Encoding',
  };
  const plain = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };

  return http.createServer((req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...plain, allow: 'GET, HEAD' }).end('Method not allowed\n');
        return;
      }
      const pathname = (req.url ?? '/').split('?', 1)[0];
      if (pathname !== '/' && pathname !== '/index.html') {
        res.writeHead(404, plain).end('Not found\n');
        return;
      }
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag, vary: 'Accept-Encoding' }).end();
        return;
      }
      const range = req.headers.range;
      if (range !== undefined) {
        const r = parseRange(range, raw.length);
        if (r === 'unsatisfiable') {
          res.writeHead(416, { ...plain, 'content-range': `bytes */${raw.length}` }).end('Range not satisfiable\n');
          return;
        }
        res.writeHead(206, {
          ...common,
          'content-range': `bytes ${r.start}-${r.end}/${raw.length}`,
          'content-length': r.end - r.start + 1,
        });
        res.end(req.method === 'HEAD' ? undefined : raw.subarray(r.start, r.end + 1));
        return;
      }
      const gzipped = /\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))/.test(String(req.headers['accept-encoding'] ?? ''));
      const body = gzipped ? gzip : raw;
      res.writeHead(200, { ...common, ...(gzipped ? { 'content-encoding': 'gzip' } : {}), 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      // Nothing above should throw; if it does, the request still gets an answer.
      if (!res.headersSent) res.writeHead(400, plain);
      res.end('Bad request\n');
    }
  });
}
