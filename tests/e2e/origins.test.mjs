// One origin, several sites (issue: "The build at `/weekly/` and the build
// at `/` on one origin: after visiting both, `/weekly/issues/3/` no longer
// opens offline"): the worker answers only the reader's own routes under
// its base, two deployments keep their own caches whatever either does
// (an update, a retirement), and "Reload the page" after a data error moves
// the reader to the waiting version. Each test serves its sites from one
// origin by path prefix, stopped and restarted on one port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createServer } from './serve.mjs';
import { launch, openPage, appReady, DIST, DIST_SUBPATH } from './harness.mjs';
import { makeVersion, compileServiceWorker, uploader, siteVersion } from './deploy.mjs';

const ROOT = path.dirname(DIST);
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * One origin serving sites side by side by path prefix (the longest that
 * matches), like a static host with several projects. `sites` maps a prefix
 * to a folder, served under that prefix with serve.mjs's SPA fallback
 * (options per prefix: `[dir, options]`). `mount(prefix, dir)` swaps the
 * folder a prefix serves (a deploy); `stop`/`start` keep the port.
 */
async function origin(sites) {
  const handlers = new Map();
  const mount = (prefix, dir, options = {}) => handlers.set(prefix, createServer(dir, { base: prefix, spa: true, ...options }));
  for (const [prefix, site] of Object.entries(sites)) {
    const [dir, options] = Array.isArray(site) ? site : [site];
    mount(prefix, dir, options);
  }
  const dispatch = (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const prefix = [...handlers.keys()]
      .sort((a, b) => b.length - a.length)
      .find((p) => pathname.startsWith(p) || pathname + '/' === p);
    if (!prefix) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    // A serve.mjs server that never listens: its request handler only.
    handlers.get(prefix).emit('request', req, res);
  };
  let server;
  let port = 0;
  const start = () =>
    new Promise((resolve) => {
      server = http.createServer(dispatch);
      server.listen(port, '127.0.0.1', () => {
        port = server.address().port;
        resolve();
      });
    });
  await start();
  return {
    origin: `http://127.0.0.1:${port}`,
    mount,
    start,
    stop: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

/** A temporary folder under target/ for one test's site copies. */
function workspace() {
  fs.mkdirSync(path.join(ROOT, 'target'), { recursive: true });
  return fs.mkdtempSync(path.join(ROOT, 'target', 'e2e-origins-'));
}

/** A tiny other project: one page whose h1 is "Other project". */
function otherProject(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Other project</title></head>' +
      '<body><h1>Other project</h1><p>Not Weekly.</p></body></html>',
  );
  return dir;
}

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker?.controller != null);
const updatePrompt = (page) => page.getByRole('status').filter({ hasText: 'A new version of Weekly is available.' });

/**
 * Reads an issue so that the worker stores what it shows: the first visit
 * installs the worker (a pre-rendered page carries its data, read from no
 * cache); the reload is answered by the worker, and the app's reads with it.
 */
async function readIssue(page, url) {
  await page.goto(url);
  await page.waitForSelector('article.item');
  await controlled(page);
  await page.reload();
  await page.waitForSelector('article.item');
  await controlled(page);
}

/** Every cache name of the origin. */
const cacheNames = (page) => page.evaluate(() => caches.keys());

/** The caches of one scope (`weekly <scope> …`), each with its stored URLs. */
function cachesOf(page, scope) {
  return page.evaluate(async (prefix) => {
    const found = {};
    for (const name of await caches.keys()) {
      if (!name.startsWith(prefix)) continue;
      const keys = await (await caches.open(name)).keys();
      found[name] = keys.map((r) => r.url).sort();
    }
    return found;
  }, `weekly ${scope} `);
}

/** The scopes of the origin's registrations. */
const registrations = (page) =>
  page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope).sort());

test('the worker at / answers only its own routes: another project at /other-project/ is the network\'s, online and offline', async () => {
  const work = workspace();
  const site = await origin({ '/': DIST, '/other-project/': [otherProject(path.join(work, 'other')), { spa: false }] });
  const page = await openPage(browser, { allow: [/Failed to load resource/] });
  try {
    await page.goto(site.origin + '/');
    await page.waitForSelector('.archive-entry');
    await controlled(page);
    // Issue 3 read in the app, so its data is stored for the offline part.
    await page.getByRole('link', { name: /Vol\. 3/ }).first().click();
    await page.waitForSelector('article.item');

    const other = await page.goto(site.origin + '/other-project/');
    assert.equal(other.fromServiceWorker(), false, 'Weekly\'s worker answered /other-project/');
    assert.equal(await page.locator('h1').first().textContent(), 'Other project', 'another site\'s page shows Weekly');

    await site.stop();
    // Weekly's own routes still open offline…
    await page.goto(site.origin + '/issues/3');
    await page.waitForSelector('article.item');
    await page.goto(site.origin + '/glossary/kep');
    await page.getByRole('heading', { level: 1, name: 'KEP' }).waitFor();
    // …and the other project is not Weekly's to answer: the browser's own
    // error (goto rejects), never Weekly's shell.
    const offline = await page.goto(site.origin + '/other-project/').catch((e) => e);
    if (!(offline instanceof Error)) {
      assert.equal(offline?.fromServiceWorker(), false, 'Weekly\'s worker answered /other-project/ offline');
      assert.equal(await page.locator('article.item, .archive-entry, .load-error').count(), 0, 'Weekly content at /other-project/');
    }
    page.assertClean();
  } finally {
    await page.close();
    await site.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('two deployments on one origin (/ and /weekly/) keep their own offline copies through an update of one', async () => {
  const work = workspace();
  const v2 = makeVersion(DIST, path.join(work, 'v2')).dir;
  const site = await origin({ '/': DIST, '/weekly/': DIST_SUBPATH });
  const root = site.origin + '/';
  const weekly = site.origin + '/weekly/';
  const page = await openPage(browser, { allow: [/Failed to load resource/] });
  try {
    await readIssue(page, weekly + 'issues/3');
    const weeklyCaches = await cachesOf(page, weekly);
    await readIssue(page, root + 'issues/3');
    assert.equal(await siteVersion(page), 1);

    // Version 2 at / only; the reader there accepts it.
    site.mount('/', v2);
    await page.reload();
    const prompt = updatePrompt(page);
    await prompt.waitFor();
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(() => document.querySelector('meta[name=weekly-test-version]'));
    await appReady(page);
    assert.equal(await siteVersion(page), 2);
    await page.waitForSelector('article.item');
    const names = await cacheNames(page);
    const weeklyAfter = await cachesOf(page, weekly);

    // The issue's reproduction: after visiting both, both read offline.
    await site.stop();
    for (const url of [weekly + 'issues/3', root + 'issues/3', weekly + 'glossary/kep']) {
      const opened = await page
        .goto(url)
        .then(() => page.waitForSelector(url.endsWith('kep') ? 'main h1' : 'article.item', { timeout: 10_000 }))
        .then(() => null, (e) => e.message.split('\n')[0]);
      assert.equal(opened, null, `${url} does not open offline (caches: ${JSON.stringify(names)})`);
    }
    assert.equal(await page.locator('main h1').textContent(), 'KEP');

    // Why: each deployment's caches carry its scope, and neither touches the other's.
    const strays = names.filter((n) => !n.startsWith(`weekly ${root} `) && !n.startsWith(`weekly ${weekly} `));
    assert.deepEqual(strays, [], 'caches named for neither scope');
    assert.ok(names.some((n) => n.startsWith(`weekly ${root} `)), 'no cache of the / deployment');
    assert.ok(Object.keys(weeklyCaches).length > 0, 'no cache of the /weekly/ deployment');
    assert.deepEqual(weeklyAfter, weeklyCaches, 'the update at / changed the /weekly/ deployment\'s caches');
    assert.deepEqual(await registrations(page), [root, weekly]);
    page.assertClean();
  } finally {
    await page.close();
    await site.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('retiring the site at / (sw-retire.js deployed as sw.js) removes its worker and caches, and leaves /weekly/ alone', async () => {
  const retire = path.join(DIST, 'sw-retire.js');
  assert.ok(fs.existsSync(retire), `the build has no sw-retire.js (${retire})`);
  const work = workspace();
  // The retired site: pages recognisable as version 2, its worker the retiring one.
  const retired = makeVersion(DIST, path.join(work, 'retired')).dir;
  fs.copyFileSync(retire, path.join(retired, 'sw.js'));
  const site = await origin({ '/': DIST, '/weekly/': DIST_SUBPATH });
  const root = site.origin + '/';
  const weekly = site.origin + '/weekly/';
  const page = await openPage(browser, { allow: [/Failed to load resource/] });
  try {
    await readIssue(page, weekly + 'issues/3');
    await readIssue(page, root + 'issues/3');
    assert.ok(Object.keys(await cachesOf(page, root)).length > 0, `no cache of the / deployment: ${JSON.stringify(await cacheNames(page))}`);
    const weeklyCaches = await cachesOf(page, weekly);
    assert.ok(Object.keys(weeklyCaches).length > 0, 'no cache of the /weekly/ deployment');
    assert.deepEqual(await registrations(page), [root, weekly]);

    // The next visit installs the retiring worker, which reloads the page
    // itself (the test navigates no further): from the network, version 2.
    site.mount('/', retired);
    const loads = [];
    page.on('response', (r) => {
      if (r.request().isNavigationRequest() && r.url() === root + 'issues/3') loads.push(r.fromServiceWorker() ? 'worker' : 'network');
    });
    await page.goto(root + 'issues/3');
    await page.waitForFunction(
      () => document.querySelector('meta[name=weekly-test-version]') && navigator.serviceWorker.controller == null,
      null,
      { polling: 200 },
    );
    await appReady(page);
    await page.waitForSelector('article.item');
    assert.equal(await siteVersion(page), 2, 'the page is not the network\'s');
    assert.deepEqual(loads, ['worker', 'network'], 'the visit (old worker), then the retiring worker\'s reload');
    const fresh = await page.goto(root + 'glossary');
    assert.equal(fresh.fromServiceWorker(), false, 'a worker still answers /');
    assert.equal(await siteVersion(page), 2);

    // The retired site's pages still register sw.js (now the retiring
    // worker, which unregisters again at once): the registration is gone
    // once that settles.
    await page.waitForFunction(
      async (root) => !(await navigator.serviceWorker.getRegistrations()).some((r) => r.scope === root),
      root,
      { polling: 200 },
    );
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) ?? null), null);
    assert.deepEqual(Object.keys(await cachesOf(page, root)), [], 'the retired site\'s caches remain');
    assert.deepEqual(await registrations(page), [weekly], 'registrations after retiring /');
    assert.deepEqual(await cachesOf(page, weekly), weeklyCaches, 'retiring / changed the /weekly/ deployment\'s caches');

    // /weekly/ still reads offline; / no longer does (nothing answers it).
    await site.stop();
    await page.goto(weekly + 'issues/3');
    await page.waitForSelector('article.item');
    await controlled(page);
    const gone = await page.goto(root + 'issues/3').catch((e) => e);
    assert.ok(gone instanceof Error, '/ still answered offline after retiring');
    page.assertClean();
  } finally {
    await page.close();
    await site.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});

/** The build's content hash (FNV-1a 64, 16 hex digits), as deploy.mjs names files. */
function contentHash(bytes) {
  let hash = 0xcbf29ce484222325n;
  for (const b of bytes) {
    hash ^= BigInt(b);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * Version 2 of a site in which issue 3's data file has other bytes and so
 * another content-hashed name; every page and data file naming the old one
 * (the catalog's `file`, data pages carry) names the new one; its worker
 * compiled again. Returns the old and new names (`issues/3.<hash>.json`).
 */
function withNewIssueFile(dir) {
  const issues = path.join(dir, 'data/issues');
  const old = fs.readdirSync(issues).find((f) => /^3\.[0-9a-f]{16}\.json$/.test(f));
  assert.ok(old, 'no data/issues/3.<hash>.json in the build');
  const bytes = Buffer.concat([fs.readFileSync(path.join(issues, old)), Buffer.from('\n')]);
  const renamed = `3.${contentHash(bytes)}.json`;
  fs.rmSync(path.join(issues, old));
  fs.writeFileSync(path.join(issues, renamed), bytes);
  for (const rel of fs.readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, rel);
    if (!/\.(html|json)$/.test(rel) || !fs.statSync(file).isFile()) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes(old)) fs.writeFileSync(file, text.replaceAll(`issues/${old}`, `issues/${renamed}`));
  }
  const catalog = fs.readFileSync(path.join(dir, 'data/catalog.json'), 'utf8');
  assert.ok(catalog.includes(`issues/${renamed}`), 'the catalog does not name the new file');
  compileServiceWorker(dir);
  return { old: `issues/${old}`, renamed: `issues/${renamed}` };
}

test('"Reload the page" after a data error moves a reader on the old version to the waiting one', async () => {
  const work = workspace();
  const live = path.join(work, 'live');
  fs.cpSync(DIST, live, { recursive: true });
  const v2 = makeVersion(DIST, path.join(work, 'v2')).dir;
  const issue3 = withNewIssueFile(v2);
  const site = await origin({ '/': live });
  // A reader who visited only / (nothing of issue 3 stored).
  const page = await openPage(browser, { allow: [/Failed to load resource/, /404/] });
  try {
    await page.goto(site.origin + '/');
    await page.waitForSelector('.archive-entry');
    await controlled(page);
    const stored = () => page.evaluate(async () => (await caches.match('/data/catalog.json'))?.text());
    assert.ok((await stored())?.includes(issue3.old), 'v1\'s catalog is not stored');

    // Version 2 uploaded, v1's issue file deleted; v2's worker installs and waits.
    const upload = uploader(live, v2);
    upload.put(() => true);
    upload.removeOld();
    assert.ok(upload.done());
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await updatePrompt(page).waitFor();
    assert.ok(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).waiting != null));

    // Still on v1: its catalog names a file the host no longer has.
    await page.goto(site.origin + '/issues/3');
    assert.equal(await siteVersion(page), 1);
    await page.locator('.load-error, article.item').first().waitFor();
    assert.equal(await page.locator('article.item').count(), 0, 'issue 3 rendered on v1: v1 read v2\'s catalog');
    const reload = page.getByRole('button', { name: 'Reload the page', exact: true });
    await reload.waitFor();

    await reload.click();
    await page.waitForFunction(() => document.querySelector('meta[name=weekly-test-version]'));
    await appReady(page);
    await page.waitForSelector('article.item');
    assert.equal(await siteVersion(page), 2);
    assert.equal(await page.getByRole('button', { name: 'Reload the page', exact: true }).count(), 0);
    page.assertClean();
  } finally {
    await page.close();
    await site.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
