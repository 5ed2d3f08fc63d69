// The shared scenarios (scenarios.mjs) in every engine named by
// WEEKLY_ENGINES (comma-separated: chromium, firefox, webkit, and
// firefox-nosw, Firefox with service workers off; default chromium): Chromium through Playwright like the rest of the suite, Firefox
// and WebKit through WebDriver (webdriver.mjs). Each scenario gets a fresh
// browser session, so no storage or service worker leaks between them.
import { test, describe, before, after } from 'node:test';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, openPage, prerender, DIST, DIST_SUBPATH } from './harness.mjs';
import { createServer } from './serve.mjs';
import { openWebDriverPage } from './webdriver.mjs';
import { scenarios, options } from './scenarios.mjs';
import { makeVersion, uploader, weeklyCompile as compile } from './deploy.mjs';

const ENGINES = (process.env.WEEKLY_ENGINES ?? 'chromium').split(',').map((e) => e.trim()).filter(Boolean);
const EMBED_DIST = path.join(path.dirname(DIST), 'target', 'dist-engines-embed');
const DEPLOY_V2 = path.join(path.dirname(DIST), 'target', 'dist-engines-v2');
const DEPLOY_LIVE = path.join(path.dirname(DIST), 'target', 'dist-engines-live');
const NEXT_SRC = path.join(path.dirname(DIST), 'target', 'engines-vol4-src');
const NEXT_DIST = path.join(path.dirname(DIST), 'target', 'dist-engines-vol4');
const NEXT_LIVE = path.join(path.dirname(DIST), 'target', 'dist-engines-vol4-live');

function listen(server, host = '127.0.0.1') {
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) =>
    server.listen(0, host, () =>
      resolve({
        origin: `http://127.0.0.1:${server.address().port}`,
        // Like a host going away: open connections too.
        stop: () => {
          for (const s of sockets) s.destroy();
          return new Promise((r) => server.close(r));
        },
      }),
    ),
  );
}

let chromium;
const env = {};
const stops = [];
before(async () => {
  if (ENGINES.includes('chromium')) chromium = await launch();
  const site = await serve(DIST, { spa: true });
  const sub = await serve(DIST_SUBPATH, { base: '/weekly/', spa: true });
  stops.push(site.close, sub.close);
  env.origin = site.origin;
  env.subOrigin = sub.origin;

  // Issue files fail (503) until healed.
  let failing = false;
  const flaky = await listen(
    createServer(DIST, {
      spa: true,
      handle: (req, res, url) => {
        if (failing && url.pathname.startsWith('/data/issues/')) {
          res.writeHead(503, { 'content-type': 'text/plain' });
          res.end('unavailable');
          return true;
        }
        return false;
      },
    }),
  );
  stops.push(flaky.stop);
  env.flaky = { origin: flaky.origin, fail: () => (failing = true), heal: () => (failing = false) };

  // The reader's deploy allowing the portal's origin, as a real deploy would.
  fs.rmSync(EMBED_DIST, { recursive: true, force: true });
  fs.cpSync(DIST, EMBED_DIST, { recursive: true });
  const portal = await listen(
    http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title></head>
<body><main><h1>Portal</h1><div data-weekly-embed data-src="${env.readerOrigin}/issues/3?lang=en"></div></main>
<script src="${env.readerOrigin}/embed.js"></script></body></html>`);
    }),
  );
  stops.push(portal.stop);
  const catalogFile = path.join(EMBED_DIST, 'data/catalog.json');
  const catalog = JSON.parse(fs.readFileSync(catalogFile, 'utf8'));
  catalog.settings.embed_origins = [portal.origin];
  fs.writeFileSync(catalogFile, JSON.stringify(catalog));
  await prerender(EMBED_DIST);
  const reader = await serve(EMBED_DIST, { spa: true, cors: true });
  stops.push(reader.close);
  env.readerOrigin = reader.origin.replace('127.0.0.1', 'localhost');
  env.portal = `${portal.origin}/portal.html`;

  // The site with one more issue (Vol. 4, Vol. 3's text under a new
  // number), published over a copy of the site by `env.nextIssue().publish()`.
  // Its host serves no worker: this is about what the reader remembers, and
  // the worker's own updates have their scenario.
  const root = path.dirname(DIST);
  fs.rmSync(NEXT_SRC, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'issues'), NEXT_SRC, { recursive: true });
  const vol3 = fs.readFileSync(path.join(NEXT_SRC, '003.md'), 'utf8');
  fs.writeFileSync(path.join(NEXT_SRC, '004.md'), vol3.replace(/^volume = 3$/m, 'volume = 4').replace(/^title = "(.*)Vol\. 3"$/m, 'title = "$1Vol. 4"'));
  fs.rmSync(NEXT_DIST, { recursive: true, force: true });
  fs.cpSync(DIST, NEXT_DIST, { recursive: true });
  for (const dir of ['data', 'issues', 'tags', 'glossary']) fs.rmSync(path.join(NEXT_DIST, dir), { recursive: true, force: true });
  compile('--src', NEXT_SRC, '--out', NEXT_DIST);
  compile('--prerender', NEXT_DIST);
  env.nextIssue = async () => {
    fs.rmSync(NEXT_LIVE, { recursive: true, force: true });
    fs.cpSync(DIST, NEXT_LIVE, { recursive: true });
    const host = await listen(
      createServer(NEXT_LIVE, {
        spa: true,
        handle: (req, res, url) => {
          if (url.pathname !== '/sw.js') return false;
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('no worker here');
          return true;
        },
      }),
    );
    scenarioStops.push(host.stop);
    return { origin: host.origin, publish: () => fs.cpSync(NEXT_DIST, NEXT_LIVE, { recursive: true, force: true }) };
  };

  // A second version, uploaded a part at a time onto a copy of the first.
  makeVersion(DIST, DEPLOY_V2);
  env.deploy = async () => {
    fs.rmSync(DEPLOY_LIVE, { recursive: true, force: true });
    fs.cpSync(DIST, DEPLOY_LIVE, { recursive: true });
    const host = await listen(createServer(DEPLOY_LIVE, { spa: true }));
    scenarioStops.push(host.stop);
    const up = uploader(DEPLOY_LIVE, DEPLOY_V2);
    const steps = {
      assets: () => up.put((f) => !f.endsWith('.html') && f !== 'sw.js'),
      worker: () => up.put((f) => f === 'sw.js'),
      'remove-old': () => up.removeOld(),
      html: () => up.put((f) => f.endsWith('.html')),
    };
    return { origin: host.origin, stop: host.stop, upload: (step) => steps[step]() };
  };
});
const scenarioStops = [];
after(async () => {
  await chromium?.close();
  await Promise.all(stops.map((stop) => stop()));
});

async function open(engine, name) {
  if (engine === 'chromium') {
    return openPage(chromium, { allow: [/status of 503|Failed to load resource/], ...options[name] });
  }
  return openWebDriverPage(engine);
}

async function once(engine, name, run, t) {
  const page = await open(engine, name);
  // A host this scenario may stop.
  const offline = await listen(createServer(DIST, { spa: true }));
  try {
    const result = await run(page, { ...env, offline });
    if (result?.skipped) t.diagnostic(`${engine}: skipped: ${result.skipped}`);
    if (result?.note) t.diagnostic(`${engine}: ${result.note}`);
  } finally {
    await page.close();
    await offline.stop().catch(() => {});
    for (const stop of scenarioStops.splice(0)) await stop().catch(() => {});
  }
}

for (const engine of ENGINES) {
  describe(engine, () => {
    for (const [name, run] of Object.entries(scenarios)) {
      test(name, async (t) => {
        await once(engine, name, run, t);
      });
    }
  });
}
