// The editor's preview (scripts/preview.sh): serves a built site, compiles
// the sources again on every save in the sources folder (data only: the wasm
// is not rebuilt), with drafts, and tells every open page through
// Server-Sent Events: a good build reloads it, a failed one shows the
// compiler's errors over the page (client.js) while the last good build
// stays underneath. None of this is in a release build: the server adds its
// script to the HTML it serves.
// Usage: node scripts/preview/server.mjs SITE --src DIR --compiler PATH [--port N]
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from '../../tests/e2e/serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLIENT = {
  '/__preview/client.js': ['client.js', 'text/javascript; charset=utf-8'],
  '/__preview/client.css': ['client.css', 'text/css; charset=utf-8'],
};
const TAG =
  '<link rel="stylesheet" href="/__preview/client.css"><script type="module" src="/__preview/client.js"></script>';

const SELF_REMOVING_WORKER = `// The editor's preview runs no service worker.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.map((key) => caches.delete(key))))
      .then(() => self.registration.unregister()),
  );
});
`;

/**
 * Whether a request's Host header names this server: 127.0.0.1, localhost
 * or [::1] with the port it listens on (any case; a port 80 may be left
 * out, as browsers do). A missing Host, another name or port is not.
 */
export function ownHost(host, port) {
  if (typeof host !== 'string') return false;
  host = host.toLowerCase();
  return ['127.0.0.1', 'localhost', '[::1]'].some(
    (name) => host === `${name}:${port}` || (port === 80 && host === name),
  );
}

/**
 * Starts the preview; resolves to { origin, close, compiled } once the first
 * compile has finished. `compiled()` resolves after the next compile.
 */
export async function startPreview({ site, src, compiler, port = 8080, log = console.log }) {
  // What the pages are told: a build number, and the errors if it failed.
  let state = { build: 0, ok: true, errors: [] };
  const clients = new Set();
  const waiting = [];
  const send = (res) => res.write(`event: state\ndata: ${JSON.stringify(state)}\n\n`);

  let running = false;
  let again = false;
  let closed = false;
  const compile = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    const started = Date.now();
    const args = ['--src', src, '--out', site, '--drafts', '--json'];
    const child = spawn(compiler, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      // A good build: the pages are rendered again from the new data, as
      // the release build renders them (they carry what they show).
      if (code === 0) {
        const pages = spawnSync(compiler, ['--prerender', site], { encoding: 'utf8' });
        if (pages.status !== 0) {
          code = pages.status ?? 1;
          stderr = pages.stderr;
        }
      }
      let errors = [];
      if (code !== 0) {
        try {
          errors = JSON.parse(stdout).errors;
        } catch {
          // The compiler did not get as far as its errors: show what it said.
          errors = [{ file: src, line: 0, column: 0, message: stderr.trim(), help: null, text: stderr.trim() }];
        }
      }
      state = { build: state.build + 1, ok: code === 0, errors };
      log(code === 0 ? `[preview] rebuilt in ${Date.now() - started} ms` : `[preview] build failed:\n${stderr.trim()}`);
      for (const res of clients) send(res);
      waiting.splice(0).forEach((resolve) => resolve(state));
      running = false;
      if (again) {
        again = false;
        compile();
      }
    });
  };

  // Editors save by writing or by renaming over the file: both are events
  // on the folder. A burst of them (a save, a formatter) compiles once.
  let timer = null;
  const watcher = fs.watch(src, () => {
    clearTimeout(timer);
    timer = setTimeout(compile, 50);
  });

  const handle = (req, res, url) => {
    // Only requests addressed to this server: a page on another name that
    // its DNS points at 127.0.0.1 (DNS rebinding) is same-origin with
    // itself, and would otherwise read the drafts. Browsers always send the
    // name they asked for in Host.
    if (!ownHost(req.headers.host, server.address().port)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('403: the preview answers only http://127.0.0.1, localhost or [::1] on its own port\n');
      return true;
    }
    if (url.pathname === '/__preview/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      clients.add(res);
      send(res);
      req.on('close', () => clients.delete(res));
      return true;
    }
    const asset = CLIENT[url.pathname];
    if (asset) {
      res.writeHead(200, { 'content-type': asset[1], 'cache-control': 'no-cache' });
      res.end(fs.readFileSync(path.join(HERE, asset[0])));
      return true;
    }
    // No service worker in the preview: it would keep serving the build
    // before the last save. The app registers this one, which removes
    // itself, and any worker a release build left on this origin, with its
    // caches.
    if (url.pathname.endsWith('/sw.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(SELF_REMOVING_WORKER);
      return true;
    }
    return false;
  };
  const html = (text) => text.replace('</head>', `${TAG}</head>`);
  const server = createServer(site, { spa: true, handle, html });

  const compiled = () => new Promise((resolve) => waiting.push(resolve));
  const first = compiled();
  compile();
  await first;
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    compiled,
    // Ends once a compile under way has finished writing into the site:
    // no new one starts.
    close: async () => {
      closed = true;
      watcher.close();
      clearTimeout(timer);
      again = false;
      if (running) await compiled();
      for (const res of clients) res.end();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const preview = await startPreview({
    site: args[0],
    src: opt('--src', 'issues'),
    compiler: opt('--compiler', 'target/debug/weekly-compile'),
    port: Number(opt('--port', 8080)),
  });
  console.log(`Weekly preview: ${preview.origin}/ (saving a file in ${opt('--src', 'issues')}/ rebuilds and reloads; Ctrl-C stops)`);
}
