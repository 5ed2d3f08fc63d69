// A static file server that behaves like a typical static host: files from a
// folder under an optional base path, `404.html` (status 404) for anything
// else, gzip when the client accepts it. With `spa`, unknown paths get
// `index.html` with status 200 instead, like nginx's `try_files $uri /index.html`.
// With `cors`, every answer allows any origin (what a sandboxed embed needs).
// With `pages`, it behaves like GitHub Pages or an object store: no SPA
// fallback (404.html with status 404 for pages, a plain 404 for missing
// files), `Cache-Control: max-age=600` and `X-Content-Type-Options: nosniff`.
// Like those hosts, a folder asked for without its trailing slash
// (`/issues/3`) is redirected to it (`/issues/3/`) with pages, and answered
// with its index.html otherwise. The SPA fallback is `shell.html` (the app
// without a page) where the build has one. With `csp`, every answer carries
// the strict Content-Security-Policy the README asks hosts to send.
// Used by the end-to-end tests and by `scripts/serve.sh`.
// Usage: node serve.mjs DIR [--port N] [--base /weekly/] [--spa]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

// `handle(req, res, url)` may answer a request itself (returning true), and
// `html(text)` rewrites every HTML page served: the editor's preview uses both.
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

/** Whether `candidate` (resolved) is `root` itself or a path under it. */
function inside(root, candidate) {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

export function createServer(root, { base = '/', spa = false, cors = false, pages = false, csp = false, handle, html } = {}) {
  root = path.resolve(root);
  if (!base.endsWith('/')) base += '/';
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (handle?.(req, res, url)) return;
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      pathname = '/';
    }
    let file = null;
    if (pathname.startsWith(base) || pathname + '/' === base) {
      const rel = pathname.slice(base.length);
      const candidate = path.join(root, rel);
      // Inside the root, never next to it: a bare prefix test would let
      // `/..%2Fdist-old/x` out of `dist` into a sibling `dist-old`.
      if (inside(root, candidate)) {
        const index = path.join(candidate, 'index.html');
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) file = candidate;
        else if (fs.existsSync(index)) {
          if (pages && !url.pathname.endsWith('/')) {
            res.writeHead(301, { location: url.pathname + '/' + url.search });
            return res.end();
          }
          file = index;
        }
      }
    }
    let status = 200;
    if (!file && spa) {
      const shell = path.join(root, 'shell.html');
      file = fs.existsSync(shell) ? shell : path.join(root, 'index.html');
    }
    // Like GitHub Pages or an object store: a missing file with an
    // extension (.js, .wasm, .json) is a plain 404, never the app.
    if (!file && pages && /\.[a-z0-9]+$/i.test(pathname)) {
      res.writeHead(404, { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' });
      return res.end('not found');
    }
    if (!file) {
      status = 404;
      file = path.join(root, '404.html');
      if (!fs.existsSync(file)) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
      }
    }
    let body = fs.readFileSync(file);
    if (html && file.endsWith('.html')) body = Buffer.from(html(body.toString('utf8')));
    const headers = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': pages ? 'max-age=600' : 'no-cache',
    };
    if (pages) headers['x-content-type-options'] = 'nosniff';
    if (csp) headers['content-security-policy'] = typeof csp === 'string' ? csp : CSP;
    // For frames sandboxed without allow-same-origin (their origin is opaque).
    if (cors) headers['access-control-allow-origin'] = '*';
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && body.length > 512) {
      headers['content-encoding'] = 'gzip';
      res.writeHead(status, headers);
      return res.end(zlib.gzipSync(body));
    }
    res.writeHead(status, headers);
    res.end(body);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dir = args[0] ?? 'dist';
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const port = Number(opt('--port', 8080));
  const base = opt('--base', '/');
  createServer(dir, { base, spa: args.includes('--spa') }).listen(port, '127.0.0.1', () => {
    console.log(`Weekly: serving ${dir} at http://127.0.0.1:${port}${base}`);
  });
}
