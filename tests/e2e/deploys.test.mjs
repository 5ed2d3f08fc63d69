// Deploys that are not atomic: a second version uploaded a file at a time
// (as `aws s3 sync`, rsync or a CI upload do), in several orders, with a
// returning reader visiting between the steps and staying until the
// worker's update attempt has finished. At every step the reader is on one
// working version, old or new (the app takes the page over, the issue
// renders, the code running is that version's own), still the old one while
// the upload is incomplete; once it is complete, accepting the prompt or
// coming back with no tab of the old version open lands on the new one,
// without a reload loop, and it reads offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, DIST } from './harness.mjs';
import { makeVersion, uploader, siteVersion, restartableHost } from './deploy.mjs';

const ROOT = path.dirname(DIST);
const WORK = path.join(ROOT, `target/e2e-deploys-${process.pid}`);
const V1 = path.join(WORK, 'v1');
const V2 = path.join(WORK, 'v2');
const DIRS = { 1: V1, 2: V2 };
// How long the app may take to take a page over before the test says it never will.
const TAKEOVER = 10_000;

const html = (f) => f.endsWith('.html');
const worker = (f) => f === 'sw.js';
const assets = (f) => !html(f) && !worker(f); // hashed JS, wasm and CSS: boot-*.js and style-*.css differ

// What one step of an upload does to the served folder.
const STEPS = {
  assets: ['put the assets', (upload) => upload.put(assets)],
  worker: ['put sw.js', (upload) => upload.put(worker)],
  html: ['put the HTML', (upload) => upload.put(html)],
  deleteOld: ['delete the old files', (upload) => upload.removeOld()],
};

// The orders, and how the reader moves on once the upload is complete:
// half accept the prompt, half close the tab and come back later.
const ORDERS = [
  { name: 'assets and the worker first, old files deleted, HTML last', steps: ['assets', 'worker', 'deleteOld', 'html'], finish: 'prompt' },
  { name: 'HTML first, then the assets, the worker, old files deleted last', steps: ['html', 'assets', 'worker', 'deleteOld'], finish: 'come back' },
  { name: 'old files deleted first, then the worker, the assets, HTML last', steps: ['deleteOld', 'worker', 'assets', 'html'], finish: 'come back' },
  { name: 'the worker first, then the HTML, the assets, old files deleted last', steps: ['worker', 'html', 'assets', 'deleteOld'], finish: 'prompt' },
];

let browser;
before(async () => {
  browser = await launch();
  fs.rmSync(WORK, { recursive: true, force: true });
  makeVersion(DIST, V1, { version: 1 });
  makeVersion(V1, V2, { version: 2 });
});
after(async () => {
  await browser?.close();
  fs.rmSync(WORK, { recursive: true, force: true });
});

/** A tab of the reader's browser that records page errors and console errors (but failed loads). */
async function tab(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.problems = problems;
  return page;
}

/** Counts the tab's own navigations from now on. */
function countNavigations(page) {
  const count = { n: 0 };
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) count.n++;
  });
  return count;
}

/**
 * Asserts that the page is one working version: the app took it over, its
 * content rendered, its version is 1 or 2 (or `expected`), and every code
 * file it loaded is that version's own. Resolves to the version.
 */
async function check(page, label, { expected, route = new URL(page.url()).pathname } = {}) {
  const taken = await page
    .waitForFunction(() => !document.getElementById('shell') && !document.querySelector('.offscreen') && document.querySelector('main h1'), null, { timeout: TAKEOVER })
    .then(() => true, () => false);
  const version = await siteVersion(page);
  const origin = new URL(page.url()).origin;
  const code = await page.evaluate(() => [
    ...[...document.querySelectorAll('script[src], link[href]')].map((e) => e.src || e.href),
    ...performance.getEntriesByType('resource').map((e) => e.name),
  ]);
  const files = [...new Set(code.map((u) => new URL(u)).filter((u) => u.origin === origin).map((u) => u.pathname.slice(1)))]
    .filter((f) => /^[^/]+\.(js|wasm|css)$/.test(f) && f !== 'sw.js')
    .sort();
  const seen = `a version ${version} page with ${files.join(', ')}; ${page.problems.length} problem(s): ${page.problems.join(' | ')}`;
  assert.ok(taken, `${label}: the app never took ${route} over (${seen})`);
  assert.ok(version === 1 || version === 2, `${label}: version ${version}`);
  if (expected) assert.equal(version, expected, `${label}: expected version ${expected} (${seen})`);
  assert.ok(files.some((f) => /^boot-[0-9a-f]{8,16}\.js$/.test(f)), `${label}: no boot script (${seen})`);
  const foreign = files.filter((f) => !fs.existsSync(path.join(DIRS[version], f)));
  assert.deepEqual(foreign, [], `${label}: version ${version} runs files that are not its own`);
  if (route.startsWith('/issues/')) assert.ok((await page.locator('article.item').count()) > 0, `${label}: ${route} shows no items`);
  if (route === '/') await page.waitForSelector('.archive-entry');
  if (route.startsWith('/glossary/')) assert.match(await page.locator('main h1').innerText(), /KEP/);
  assert.deepEqual(page.problems, [], `${label}: errors on the page`);
  return version;
}

/**
 * Asks for the worker's update and waits until the attempt has finished:
 * nothing installing (the new worker waits, or failed and is gone).
 */
async function updateAttempt(page) {
  await page.evaluate(async () => {
    window.registration = await navigator.serviceWorker.getRegistration();
    await window.registration.update().catch(() => {});
  });
  // A synchronous condition: waitForFunction does not wait for a promise.
  await page.waitForFunction(() => window.registration.installing === null);
}

/**
 * "Later": waits until the registration's waiting worker has taken over
 * (the browser activates it once no tab it controls is open), asking the
 * context's running workers; a new tab opened at once could still race the
 * closed one's departure.
 */
async function waitingActivated(context) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    for (const worker of context.serviceWorkers()) {
      const over = await worker.evaluate(() => self.registration.waiting === null && self.registration.active?.state === 'activated').catch(() => false);
      if (over) return;
    }
    assert.ok(Date.now() < deadline, 'the waiting worker never took over once the last tab was closed');
    await new Promise((resolve) => setTimeout(resolve, 50)); // polling a condition
  }
}

for (const order of ORDERS) {
  test(`a deploy uploaded in this order: ${order.name}; the reader ends by ${order.finish === 'prompt' ? 'accepting the prompt' : 'coming back later'}`, { timeout: 90_000 }, async () => {
    const live = path.join(WORK, `live-${ORDERS.indexOf(order)}`);
    fs.cpSync(V1, live, { recursive: true });
    const upload = uploader(live, V2);
    const site = await restartableHost(live);
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      let page = await tab(context);
      await page.goto(site.origin + '/issues/3');
      await check(page, 'first visit', { expected: 1 });
      await page.waitForFunction(() => navigator.serviceWorker.controller != null);

      for (const [step, run] of order.steps.map((s) => STEPS[s])) {
        assert.notDeepEqual(run(upload), [], `${step}: nothing to upload`);
        const complete = upload.done();
        const label = `after "${step}"${complete ? '' : ' (upload incomplete)'}`;
        for (const route of ['/', '/issues/3']) {
          await page.goto(site.origin + route);
          await check(page, `${label}, visiting ${route}`, { expected: complete ? undefined : 1 });
        }
        // The reader stays until the worker has tried to update.
        await updateAttempt(page);
        await check(page, `${label}, once the update attempt finished`, { expected: complete ? undefined : 1 });
        // A failed install leaves no shell behind (weeks of a half-done
        // deploy pile nothing up): every shell left is a complete one.
        const partial = await page.evaluate(async () => {
          const left = [];
          for (const name of (await caches.keys()).filter((n) => n.includes(' shell '))) {
            const cache = await caches.open(name);
            if (!(await cache.keys()).some((r) => r.url.endsWith('/.weekly-shell-complete'))) left.push(name);
          }
          return left;
        });
        assert.deepEqual(partial, [], `${label}: shells of failed installs`);
      }
      assert.ok(upload.done(), 'the steps upload the whole second version');

      let navigations;
      if (order.finish === 'prompt') {
        const prompt = page.getByRole('status').filter({ hasText: 'A new version of Weekly is available.' });
        await prompt.waitFor();
        navigations = countNavigations(page);
        const reloaded = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
        await prompt.getByRole('button', { name: 'Reload' }).click();
        await reloaded;
        await page.waitForLoadState('load');
        await check(page, 'after accepting the prompt', { expected: 2 });
      } else {
        await page.close();
        await waitingActivated(context);
        page = await tab(context);
        navigations = countNavigations(page);
        await page.goto(site.origin + '/issues/3');
        await check(page, 'coming back with no tab of the old version open', { expected: 2 });
      }
      // No reload loop: proving that nothing more happens needs a short wait.
      await page.waitForTimeout(1500);
      assert.equal(navigations.n, 1, `the tab navigated ${navigations.n} times to reach version 2`);
      assert.equal(await page.getByText('A new version of Weekly is available.').count(), 0, 'the prompt is still shown on version 2');

      await site.stop();
      for (const route of ['/', '/issues/3', '/glossary/kep']) {
        await page.goto(site.origin + route);
        await check(page, `offline, ${route}`, { expected: 2 });
      }
    } finally {
      await context.close();
      await site.stop().catch(() => {});
      fs.rmSync(live, { recursive: true, force: true });
    }
  });
}

// The order of shells: an old worker told that a page of its version started
// deletes the shells older than its own and never a newer one, even one a
// newer install is still filling and the browser has not reported yet (a
// WebKitGTK run showed `registration.installing` null during such an
// install). The caches stand in for those installs.
test('the running worker deletes older shells of its scope, never a newer install\'s', async () => {
  const site = await restartableHost(V1);
  const context = await browser.newContext({ locale: 'en-US' });
  try {
    const page = await tab(context);
    await page.goto(site.origin + '/issues/3');
    await check(page, 'first visit', { expected: 1 });
    await page.waitForFunction(() => navigator.serviceWorker.controller != null);
    const { older, newer } = await page.evaluate(async () => {
      const scope = (await navigator.serviceWorker.getRegistration()).scope;
      const older = `weekly ${scope} shell 00000000000000aa 1000`;
      const newer = `weekly ${scope} shell 00000000000000bb ${Date.now() + 60_000}`;
      for (const name of [older, newer]) await (await caches.open(name)).put(scope + 'shell.html', new Response('stand-in'));
      navigator.serviceWorker.controller.postMessage({ type: 'weekly:started' });
      return { older, newer };
    });
    // The worker answers the message in its own time: poll up to 5 s.
    await page.evaluate(async (name) => {
      for (let i = 0; i < 100 && (await caches.has(name)); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    }, older);
    const names = await page.evaluate(() => caches.keys());
    assert.ok(!names.includes(older), `the older shell stayed: ${names.join(' | ')}`);
    assert.ok(names.includes(newer), `the newer install's shell was deleted: ${names.join(' | ')}`);
    assert.equal(names.filter((n) => n.includes(' shell ')).length, 2, `shells: ${names.join(' | ')}`);
    await page.goto(site.origin + '/issues/3');
    await check(page, 'after the clean-up', { expected: 1 });
  } finally {
    await context.close();
    await site.stop();
  }
});
