// Offline (issue 11): installable, readable with the server stopped, every
// issue and search after "save every issue", and updates that never mix
// versions or loop. Servers here are stopped and restarted on the same port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';
import path from 'node:path';
import { restartableHost } from './deploy.mjs';
import { launch, openPage, DIST, DIST_SUBPATH } from './harness.mjs';

const ROOT = path.dirname(DIST);
const DIST_LONG = process.env.WEEKLY_DIST_LONG ?? path.join(ROOT, 'target/dist-long');
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker?.controller != null);
const heading = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();

test('the manifest makes the reader installable, under / and under a sub-path', async () => {
  for (const [dir, base] of [[DIST, '/'], [DIST_SUBPATH, '/weekly/']]) {
    const site = await restartableHost(dir, { base });
    // Installing needs a profile: an incognito context is never installable.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'weekly-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(site.origin + base);
      await controlled(page);
      const cdp = await page.context().newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, [], `${base}: not installable`);
      const manifest = await page.evaluate(async () => {
        const href = document.querySelector('link[rel=manifest]').href;
        const m = await (await fetch(href)).json();
        return { ...m, start: new URL(m.start_url, href).pathname, scope: new URL(m.scope, href).pathname };
      });
      assert.equal(manifest.start, base);
      assert.equal(manifest.scope, base);
      assert.equal(manifest.display, 'standalone');
      assert.deepEqual(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`), ['192x192 any', '512x512 any', '512x512 maskable']);
      const registration = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
      assert.equal(new URL(registration).pathname, base);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
      await site.stop();
    }
  }
});

test('the precache lists exactly the files a first visit needs', async () => {
  const sw = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const listed = JSON.parse(sw.match(/const PRECACHE = (\{.*\});/)[1]).files.map((f) => f.url).sort();
  for (const url of listed) assert.ok(fs.existsSync(path.join(DIST, url)), `${url} is listed but not built`);
  // What a first visit to an issue asks for, besides the issue itself.
  const site = await restartableHost(DIST);
  const page = await openPage(browser);
  const asked = new Set();
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === site.origin) asked.add(url.pathname.slice(1));
  });
  try {
    await page.goto(site.origin + '/issues/3');
    await page.waitForSelector('article.item');
    await controlled(page);
    await page.locator('article.item a.term').first().focus(); // the glossary, for tooltips
    await page.getByRole('tooltip').waitFor();
    const needed = [...asked].filter((u) => u && u !== 'issues/3' && !u.startsWith('data/issues/') && u !== 'sw.js');
    const missing = needed.filter((u) => !listed.includes(u));
    assert.deepEqual(missing, [], 'a first visit needs files the worker does not precache');
    const manifestIcons = JSON.parse(fs.readFileSync(path.join(DIST, 'manifest.webmanifest'), 'utf8')).icons.map((i) => i.src);
    for (const icon of manifestIcons) assert.ok(listed.includes(icon), `${icon} is not precached`);
    // The page carried the catalog; the shell answers any other address offline.
    const offlineOnly = ['index.html', 'shell.html', 'data/catalog.json', 'manifest.webmanifest', 'favicon.svg'];
    // Code on demand (search, tags, the glossary) is precached for offline reading.
    const onDemand = (u) => /^(split|chunk)_[^/]*\.wasm$/.test(u);
    assert.ok(listed.some((u) => u.startsWith('split_search')), 'search\'s code is not precached');
    const extra = listed.filter((u) => !needed.includes(u) && !manifestIcons.includes(u) && !offlineOnly.includes(u) && !onDemand(u));
    assert.deepEqual(extra, [], 'the worker precaches files nothing asks for');
    page.assertClean();
  } finally {
    await page.close();
    await site.stop();
  }
});

for (const [dir, base] of [[DIST, '/'], [DIST_SUBPATH, '/weekly/']]) {
  test(`after one visit (${base}), every route reloads and navigates with the server stopped`, async () => {
    const site = await restartableHost(dir, { base });
    const page = await openPage(browser, { allow: [/Failed to load resource/] });
    try {
      await page.goto(site.origin + base);
      await page.waitForSelector('.archive-entry');
      await controlled(page);
      await page.getByRole('link', { name: /Vol\. 3/ }).first().click();
      await page.waitForSelector('article.item');
      await site.stop();

      for (const route of ['', 'issues/3', 'glossary', 'glossary/kep', 'tags']) {
        await page.goto(site.origin + base + route);
        await page.waitForSelector('#shell', { state: 'detached' });
        await page.waitForSelector('main h1');
      }
      await page.goto(site.origin + base + 'issues/3');
      await page.waitForSelector('article.item');
      assert.equal(await page.locator('article.item').count(), 18);
      await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
      // In-app navigation, and a tooltip's glossary.
      await page.getByRole('link', { name: 'Archive' }).first().click();
      await page.waitForSelector('.archive-entry');
      await page.goBack();
      await page.waitForSelector('article.item');
      await page.locator('article.item a.term').first().hover();
      await page.waitForFunction(() => document.querySelector('[role=tooltip] .tip-zh'));
      await page.getByRole('link', { name: 'Glossary' }).first().click();
      await heading(page, 'Glossary');
      page.assertClean();
    } finally {
      await page.close();
      await site.stop();
    }
  });
}

test('an issue never opened says it is not available offline; after saving everything, every issue and search work offline', async () => {
  const site = await restartableHost(DIST_LONG);
  const page = await openPage(browser, { allow: [/Failed to load resource/] });
  try {
    await page.goto(site.origin + '/issues/120');
    await page.waitForSelector('article.item');
    await controlled(page);
    await site.stop();
    await page.goto(site.origin + '/issues/119');
    await page.getByText('This page is not saved for offline reading').waitFor();
    await site.start();

    // Save everything with the server running.
    await page.goto(site.origin + '/');
    await page.waitForSelector('#shell', { state: 'detached' });
    await page.waitForSelector('.archive-entry');
    await controlled(page);
    const started = Date.now();
    await page.getByRole('button', { name: 'Save every issue for offline reading' }).click();
    await page.getByRole('progressbar').waitFor();
    await page.getByText(/^Saved \d+ files for offline reading/).waitFor({ timeout: 120_000 });
    const summary = await page.getByText(/^Saved \d+ files/).innerText();
    console.log(`# saved everything (120 issues): ${summary} in ${Date.now() - started} ms`);
    await site.stop();

    const files = await page.evaluate(async () => {
      const catalog = await (await fetch('/data/catalog.json')).json();
      const results = await Promise.all(
        catalog.issues.filter((e) => e.file).map(async (e) => (await fetch('/data/' + e.file)).status),
      );
      return results;
    });
    assert.equal(files.length, 120);
    assert.ok(files.every((s) => s === 200), 'an issue is missing offline');
    for (const volume of [1, 60, 119]) {
      await page.goto(`${site.origin}/issues/${volume}`);
      await page.waitForSelector('article.item');
    }
    for (const q of ['负载均衡', 'envoy']) {
      await page.goto(`${site.origin}/search?q=${encodeURIComponent(q)}`);
      await page.waitForSelector('.search-result');
    }
    page.assertClean();
  } finally {
    await page.close();
    await site.stop().catch(() => {});
  }
});

test('a new deploy: the prompt shows once, Later keeps the old version working, Reload runs the new one exactly once', async () => {
  // Version 2: the same build with a changed shell, and its worker regenerated.
  const v2 = path.join(ROOT, 'target/dist-v2');
  fs.rmSync(v2, { recursive: true, force: true });
  fs.cpSync(DIST, v2, { recursive: true });
  for (const page of fs.readdirSync(v2, { recursive: true }).filter((f) => f.endsWith('.html'))) {
    const file = path.join(v2, page);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('</head>', '<meta name="weekly-test-version" content="2"></head>'));
  }
  fs.copyFileSync(path.join(ROOT, 'public/sw.js'), path.join(v2, 'sw.js'));
  const { execFileSync } = await import('node:child_process');
  execFileSync('cargo', ['run', '--quiet', '--bin', 'weekly-compile', '--', '--service-worker', v2], { cwd: ROOT, stdio: 'inherit' });

  const site = await restartableHost(DIST);
  const page = await openPage(browser, { allow: [/Failed to load resource/] });
  const version = () => page.evaluate(() => document.querySelector('meta[name=weekly-test-version]')?.content ?? '1');
  try {
    await page.goto(site.origin + '/issues/3');
    await page.waitForSelector('article.item');
    await controlled(page);
    await site.stop();
    await site.start(v2);

    await page.reload();
    await page.waitForSelector('article.item');
    const prompt = page.getByRole('status').filter({ hasText: 'A new version of Weekly is available.' });
    await prompt.waitFor();
    assert.equal(await prompt.count(), 1);
    assert.equal(await version(), '1', 'the new version ran before it was accepted');
    await prompt.getByRole('button', { name: 'Later' }).click();
    await prompt.waitFor({ state: 'detached' });
    // The old version keeps working with its own files.
    await page.getByRole('link', { name: 'Archive' }).first().click();
    await page.waitForSelector('.archive-entry');
    await page.goto(site.origin + '/glossary/kep');
    await heading(page, 'KEP');
    assert.equal(await version(), '1');

    // Accept: one reload, into version 2, and no loop.
    await prompt.waitFor();
    let navigations = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations++;
    });
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(() => document.querySelector('meta[name=weekly-test-version]'));
    await page.waitForSelector('#shell', { state: 'detached' });
    await page.waitForTimeout(1500);
    assert.equal(navigations, 1, `reloaded ${navigations} times`);
    assert.equal(await version(), '2');
    assert.equal(await page.getByText('A new version of Weekly is available.').count(), 0);
    // Version 2 reads offline too: its shell survived the switch.
    await site.stop();
    await page.goto(site.origin + '/issues/3');
    await page.waitForSelector('article.item');
    assert.equal(await version(), '2');
    page.assertClean();
  } finally {
    await page.close();
    await site.stop();
  }
});
