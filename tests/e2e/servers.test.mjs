// The two local servers, asked as another site or a crafted URL would ask
// them: the static server (tests/e2e/serve.mjs, behind scripts/serve.sh and
// the preview) serves nothing outside its folder, and the editor's preview
// (scripts/preview/server.mjs) answers only requests addressed to itself, so
// a page on another name that rebinds to 127.0.0.1 cannot read the drafts.
// No build and no browser needed: a tiny site in a temporary folder, and a
// stand-in for the compiler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createServer } from './serve.mjs';
import { startPreview } from '../../scripts/preview/server.mjs';

/**
 * A temporary folder with a site `dist/` and, next to it, `dist-old/` whose
 * name starts with the site's: what must never be served.
 */
function makeSites() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weekly-servers-'));
  const site = path.join(tmp, 'dist');
  fs.mkdirSync(site);
  fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html><html><head><title>site</title></head><body>the site</body></html>');
  fs.mkdirSync(path.join(tmp, 'dist-old'));
  fs.writeFileSync(path.join(tmp, 'dist-old', 'secret.txt'), 'SECRET from the sibling folder');
  return { tmp, site };
}

/** One GET with the path sent as written (no normalisation), and the Host given. */
function get(origin, pathname, headers = {}) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: pathname, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An HTTP/1.0 request with no Host header at all (HTTP/1.1 requires one). */
function getWithoutHost(origin, pathname) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(`GET ${pathname} HTTP/1.0\r\n\r\n`));
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (raw += d));
    socket.on('end', () => resolve({ status: Number(raw.split(' ')[1]), body: raw.slice(raw.indexOf('\r\n\r\n') + 4) }));
    socket.on('error', reject);
  });
}

function listen(server) {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)),
  );
}

const ESCAPES = ['/..%2Fdist-old/secret.txt', '/..%2fdist-old%2fsecret.txt', '/%2E%2E%2Fdist-old/secret.txt', '/..%5Cdist-old/secret.txt'];

for (const spa of [false, true]) {
  test(`the static server serves nothing from a sibling folder whose name starts with its own${spa ? ' (spa)' : ''}`, async () => {
    const { tmp, site } = makeSites();
    const server = createServer(site, { spa });
    try {
      const origin = await listen(server);
      assert.equal((await get(origin, '/')).status, 200);
      for (const escape of ESCAPES) {
        const res = await get(origin, escape);
        assert.ok(!res.body.includes('SECRET'), `${escape} served the sibling folder's file`);
        // Answered as for any missing file: the app with spa, a 404 without.
        if (spa) assert.match(res.body, /the site/, escape);
        else assert.equal(res.status, 404, escape);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
}

/** The preview on a tiny site, with a stand-in compiler that always succeeds. */
async function withPreview(run) {
  const { tmp, site } = makeSites();
  const src = path.join(tmp, 'issues');
  fs.mkdirSync(src);
  const compiler = path.join(tmp, 'compile.sh');
  fs.writeFileSync(compiler, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  let preview;
  try {
    preview = await startPreview({ site, src, compiler, port: 0, log: () => {} });
    await run(preview.origin);
  } finally {
    await preview?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

test('the preview answers only requests addressed to its own host and port', () =>
  withPreview(async (origin) => {
    const { port } = new URL(origin);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`]) {
      const res = await get(origin, '/', { host });
      assert.equal(res.status, 200, host);
      assert.match(res.body, /the site/, host);
    }
    const events = await new Promise((resolve, reject) => {
      const req = http.get(`${origin}/__preview/events`, { agent: false }, (res) => {
        res.destroy();
        resolve(res.statusCode);
      });
      req.on('error', reject);
    });
    assert.equal(events, 200);

    // Another name (a rebound DNS name), another port, names that only start
    // like ours, and no Host at all: refused, whatever the path.
    const others = ['evil.example', `evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, '127.0.0.1', `localhost.evil.example:${port}`, `127.0.0.1:${port}.evil.example`];
    for (const host of others) {
      for (const pathname of ['/', '/index.html', '/issues/3', '/__preview/events', '/__preview/client.js', '/sw.js']) {
        const res = await get(origin, pathname, { host });
        assert.equal(res.status, 403, `${host} ${pathname}`);
        assert.ok(!res.body.includes('the site'), `${host} ${pathname}`);
      }
    }
    const missing = await getWithoutHost(origin, '/');
    assert.equal(missing.status, 403);
    assert.ok(!missing.body.includes('the site'));
  }));

test('the preview serves nothing outside its site', () =>
  withPreview(async (origin) => {
    for (const escape of ESCAPES) {
      const res = await get(origin, escape);
      assert.ok(!res.body.includes('SECRET'), `${escape} served the sibling folder's file`);
      assert.match(res.body, /the site/, escape);
    }
  }));
