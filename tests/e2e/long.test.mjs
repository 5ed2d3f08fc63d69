// End-to-end: long lists and reading ahead, on a generated 120-issue corpus
// (scripts/test.sh builds it into target/dist-long).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, serve, openPage, appReady, watchTakeover } from './harness.mjs';

const DIST_LONG = process.env.WEEKLY_DIST_LONG ?? path.resolve('target/dist-long');
const data = (file) => JSON.parse(fs.readFileSync(path.join(DIST_LONG, 'data', file), 'utf8'));
/** Every item with a tag: the first file's and the older ones it points to. */
const tagItems = (tag) => {
  const first = data(`tags/${tag}.json`);
  return first.items.concat(first.rest ? data(first.rest).items : []);
};

let browser, site;
before(async () => {
  browser = await launch();
  site = await serve(DIST_LONG, { spa: true });
});
after(async () => {
  await browser?.close();
  await site?.close();
});

/** Scrolls to the end of the page until `selector` stops growing; returns its count. */
async function scrollToEnd(page, selector) {
  for (let i = 0; i < 50; i++) {
    // Rows and button read together: the list may grow between two reads.
    const [count, done] = await page.evaluate(
      (selector) => [
        document.querySelectorAll(selector).length,
        document.querySelector('.more-rows').hidden && !document.querySelector('.loading'),
      ],
      selector,
    );
    if (done) return count;
    await page.keyboard.press('End');
    await page.waitForTimeout(100);
  }
  throw new Error(`${selector}: the list never ended`);
}

test('the archive renders a screenful, grows as the reader scrolls, and ends with every issue', async () => {
  const catalog = data('catalog.json');
  const page = await openPage(browser, { viewport: { width: 1024, height: 600 } });
  await page.goto(site.origin + '/');
  await page.waitForSelector('.archive-entry');
  await page.waitForTimeout(300); // what the first screens need has been added
  const [first, label] = await page.evaluate(() => [
    document.querySelectorAll('.archive-entry').length,
    document.querySelector('.more-rows').innerText,
  ]);
  assert.ok(first >= 16 && first < catalog.issues.length, `${first} rows at first`);
  assert.equal(label, `Show more (${catalog.issues.length - first} issues left)`);
  assert.equal(await scrollToEnd(page, '.archive-entry'), catalog.issues.length);
  const volumes = await page.$$eval('.archive-entry a', (as) => as.map((a) => Number(a.href.replace(/\/$/, '').split('/').pop())));
  assert.deepEqual(volumes, catalog.issues.map((e) => e.volume));
  assert.ok(await page.locator('.more-rows').isHidden());
  page.assertClean();
  await page.close();
});

test('"Show more" adds rows from the keyboard, in Chinese too', async () => {
  const page = await openPage(browser, { viewport: { width: 320, height: 480 } });
  await page.goto(site.origin + '/?lang=zh');
  await page.waitForSelector('.archive-entry');
  await page.waitForTimeout(300);
  const [before, label] = await page.evaluate(() => [
    document.querySelectorAll('.archive-entry').length,
    document.querySelector('.more-rows').innerText,
  ]);
  const total = data('catalog.json').issues.length;
  assert.equal(label, `显示更多（还有 ${total - before} 期）`);
  // Focus scrolls the button into view, and it stays there to be pressed.
  await page.focus('.more-rows');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.archive-entry').count(), before);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('.archive-entry').length > n, before);
  assert.equal(await page.locator('.archive-entry').count(), Math.min(before + 20, total)); // a chunk
  // Focus moves to the first new row, to read on from there.
  const firstNew = data('catalog.json').issues[before].volume;
  await page.waitForFunction((v) => document.activeElement?.getAttribute('href') === `/issues/${v}/`, firstNew);
  page.assertClean();
  await page.close();
});

test('a tag across every issue: filtered from the top, and every match reachable', async () => {
  const items = tagItems('envoy');
  const reading = items.filter((i) => i.section === 'reading');
  const page = await openPage(browser, { viewport: { width: 1024, height: 600 } });
  await page.goto(site.origin + '/tags/envoy');
  await page.waitForSelector('.item-refs li');
  assert.ok((await page.locator('.item-refs li').count()) < items.length);
  await page.click('.filters a.chip[href$="section=reading"]');
  await page.waitForURL((u) => u.search === '?section=reading');
  const newest = reading[0];
  assert.equal(
    await page.locator('.item-refs a').first().getAttribute('href'),
    `/issues/${newest.volume}/#${newest.id}`,
  );
  assert.equal(await scrollToEnd(page, '.item-refs li'), reading.length);
  const hrefs = await page.$$eval('.item-refs a', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, reading.map((i) => `/issues/${i.volume}/#${i.id}`));
  const axe = await new AxeBuilder({ page }).analyze();
  assert.deepEqual(axe.violations.map((v) => v.id), []);
  page.assertClean();
  await page.close();
});

test('a glossary term used in most issues lists them all as the reader scrolls', async () => {
  const using = data('catalog.json').issues.filter((e) => (e.terms ?? []).includes('federation'));
  assert.ok(using.length > 40, `${using.length} issues use the term`);
  const page = await openPage(browser);
  await page.goto(site.origin + '/glossary/federation');
  await page.waitForSelector('.term-issues li');
  assert.equal(await scrollToEnd(page, '.term-issues li'), using.length);
  const hrefs = await page.$$eval('.term-issues a', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, using.map((e) => `/issues/${e.volume}/`));
  page.assertClean();
  await page.close();
});

test('pointing at a link reads its page ahead, once; the click and Back need no new request', async () => {
  const page = await openPage(browser);
  const requests = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/data/tags/') || url.pathname.startsWith('/data/issues/')) requests.push(url.pathname);
  });
  await page.goto(site.origin + '/tags');
  await page.waitForSelector('.tag-index a');
  // Crossing a link on the way elsewhere reads nothing.
  await page.$eval('.tag-index a[href="/tags/istio/"]', (a) => {
    a.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    a.dispatchEvent(new PointerEvent('pointerout', { bubbles: true }));
  });
  await page.waitForTimeout(200);
  assert.deepEqual(requests, []);
  // Resting on it does, before any click.
  await page.hover('.tag-index a[href="/tags/envoy/"]');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/data/tags/envoy.json')));
  assert.deepEqual(requests, ['/data/tags/envoy.json']);
  await page.click('.tag-index a[href="/tags/envoy/"]');
  await page.mouse.move(0, 0); // off the links that render under the pointer
  await page.waitForSelector('.item-refs li');
  // The older items follow the first screen, once.
  const older = `/data/${data('tags/envoy.json').rest}`;
  await page.waitForFunction((f) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(f)), older);
  assert.deepEqual(requests, ['/data/tags/envoy.json', older]);
  const volume = tagItems('envoy')[0].volume;
  const file = data('catalog.json').issues.find((e) => e.volume === volume).file;
  await page.goBack();
  await page.waitForSelector('.tag-index a');
  await page.goForward();
  await page.waitForSelector('.item-refs li');
  assert.deepEqual(requests, ['/data/tags/envoy.json', older]);
  // Keyboard focus alone reads nothing (Tab passes over many links)...
  const link = page.locator('.item-group h2 a').first();
  await link.focus();
  await page.waitForTimeout(200);
  assert.deepEqual(requests, ['/data/tags/envoy.json', older]);
  // ...a press does, before the click completes.
  await link.dispatchEvent('pointerdown', { bubbles: true });
  await page.waitForFunction((f) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(f)), file);
  await link.click();
  await page.waitForSelector('article.item');
  assert.deepEqual(requests, ['/data/tags/envoy.json', older, `/data/${file}`]);
  page.assertClean();
  await page.close();
});

test('when the older items fail to load, the newest stay and Retry brings the rest', async () => {
  const page = await openPage(browser, { allow: [/Failed to load resource/], serviceWorkers: 'block' });
  const older = data('tags/envoy.json').rest;
  await page.route(`**/data/${older}`, (r) => r.abort('internetdisconnected'));
  await page.goto(site.origin + '/tags/envoy');
  await page.waitForSelector('.load-error');
  const shown = await page.locator('.item-refs li').count();
  assert.ok(shown > 0, 'the newest items are still listed');
  assert.match(await page.locator('.load-error').innerText(), /Retry/);
  await page.$eval('.item-group', (g) => g.setAttribute('data-seen', ''));
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.click('.load-error button');
  await page.waitForSelector('.load-error', { state: 'detached' });
  // Rows already shown stay (the same elements); the list now reaches back
  // to the oldest issue.
  assert.equal(await page.locator('.item-group[data-seen]').count(), 1);
  assert.equal(await scrollToEnd(page, '.item-group'), new Set(tagItems('envoy').map((i) => i.volume)).size);
  page.assertClean();
  await page.close();
});

test('a catalog too large to carry: pages preload it, and the app reads it and takes over without "Loading…" or a shift', async () => {
  const catalogBytes = fs.statSync(path.join(DIST_LONG, 'data/catalog.json')).size;
  assert.ok(catalogBytes > 64 * 1024, `the test site's catalog (${catalogBytes} bytes) is small enough to carry`);
  for (const route of ['/', '/issues/120/', '/tags/envoy/']) {
    const html = fs.readFileSync(path.join(DIST_LONG, route, 'index.html'), 'utf8');
    assert.ok(!html.includes('data-file="/data/catalog.json"'), `${route} carries the catalog`);
    assert.match(html, /<link[^>]*rel=preload[^>]*catalog\.json|<link[^>]*catalog\.json[^>]*rel=preload/, `${route} does not preload the catalog`);
    const page = await openPage(browser, {
      locale: 'zh-CN',
      serviceWorkers: 'block',
      waitForApp: false,
      init: watchTakeover,
    });
    const asked = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/data/catalog.json') asked.push(r.url());
    });
    await page.goto(site.origin + route);
    const before = await page.locator('main h1').first().innerText();
    await appReady(page);
    assert.equal(await page.locator('main h1').first().innerText(), before, `${route}: another page after the takeover`);
    assert.equal(await page.evaluate(() => window.__loadingSeen), false, `${route}: "Loading…" showed`);
    assert.equal(await page.evaluate(() => window.__cls), 0, `${route}: layout shift`);
    assert.ok(asked.length >= 1 && asked.length <= 2, `${route}: the catalog was asked for ${asked.length} times`);
    page.assertClean();
    await page.close();
  }
});
