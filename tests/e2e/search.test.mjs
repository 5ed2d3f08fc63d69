// End-to-end: full-text search over the bundled issues, from the header box
// to the results page, by keyboard and by URL, and what it does with bad
// input and failing files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, openPage, useSite, DIST_SUBPATH } from './harness.mjs';

let browser, site;
useSite((b, s) => { browser = b; site = s; });

const searchRequests = (page) => {
  const seen = [];
  page.on('request', (r) => {
    if (r.url().includes('/data/search/')) seen.push(new URL(r.url()).pathname);
  });
  return seen;
};
const resultIds = (page) =>
  page.$$eval('.search-result a.result-link', (links) => links.map((a) => a.getAttribute('href').split('#')[1]));

test('the index loads as the reader types, and typing shows highlighted results', async () => {
  const page = await openPage(browser);
  const requests = searchRequests(page);
  await page.goto(site.origin + '/');
  await page.waitForSelector('.archive-entry');
  await page.focus('#search-input');
  assert.deepEqual(requests, [], 'nothing of the index loads before the reader types');
  await page.keyboard.type('负载均衡');
  await page.waitForURL((u) => u.pathname === '/search/');
  await page.waitForSelector('.search-result mark');
  assert.equal((await resultIds(page))[0], 'envoy-orca');
  const marks = await page.$$eval('.search-result mark', (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.length >= 2 && marks.every((m) => m === '负载均衡'), marks.join(','));
  assert.match(await page.textContent('.search-status'), /^\d+ results?$/);
  // The URL follows once typing pauses: shareable, and a reload keeps it.
  await page.waitForURL((u) => u.searchParams.get('q') === '负载均衡');
  // Each file once, however many keystrokes needed it.
  assert.equal(new Set(requests).size, requests.length, requests.join(', '));
  await page.reload();
  await page.waitForSelector('.search-result mark');
  assert.equal(await page.inputValue('#search-input'), '负载均衡');
  assert.equal((await resultIds(page))[0], 'envoy-orca');
  page.assertClean();
  await page.close();
});

test('Chinese, English, mixed and tag queries find what a reader wants', async () => {
  const page = await openPage(browser);
  for (const [q, first] of [
    ['Envoy 负载均衡', 'envoy-orca'],
    ['docker hub', 'docker-hub-breach'],
    ['集群联邦', 'federation-v1-deprecated'],
    ['临时容器', 'ephemeral-containers-kep'],
    ['ＶＨＤＳ', 'envoy-vhds'],
  ]) {
    await page.goto(site.origin + '/search?q=' + encodeURIComponent(q));
    await page.waitForSelector('.search-result');
    assert.equal((await resultIds(page))[0], first, q);
  }
  await page.goto(site.origin + '/search?q=tag:istio');
  await page.waitForSelector('.search-result');
  const tagged = await resultIds(page);
  assert.ok(tagged.length >= 1);
  // Every result of tag:istio carries the tag in its issue.
  await page.goto(site.origin + '/tags/istio');
  await page.waitForSelector('.item-refs li');
  const onTagPage = await page.$$eval('.item-refs a', (as) => as.map((a) => a.getAttribute('href').split('#')[1]));
  assert.deepEqual([...tagged].sort(), [...onTagPage].sort());
  page.assertClean();
  await page.close();
});

test('traditional characters find simplified text: 負載均衡 finds 负载均衡, highlighted as written', async () => {
  const page = await openPage(browser);
  const requests = searchRequests(page);
  await page.goto(site.origin + '/search?q=' + encodeURIComponent('負載均衡'));
  await page.waitForSelector('.search-result mark');
  assert.equal((await resultIds(page))[0], 'envoy-orca');
  const marks = await page.$$eval('.search-result mark', (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.length >= 2 && marks.every((m) => m === '负载均衡'), marks.join(','));
  const simplified = await page.textContent('.search-status');
  // The fold's file, once; then the same results as the simplified query.
  assert.equal(requests.filter((r) => /\/data\/search\/fold\.[0-9a-f]{16}\.json$/.test(r)).length, 1, requests.join(', '));
  await page.goto(site.origin + '/search?q=' + encodeURIComponent('负载均衡'));
  await page.waitForSelector('.search-result mark');
  assert.equal(await page.textContent('.search-status'), simplified);
  page.assertClean();
  await page.close();
});

test('without its fold file (a failed request) a Chinese query is read as typed: simplified text is still found', async () => {
  const page = await openPage(browser, { allow: [/status of 503|Failed to load resource/] });
  await page.route(/\/data\/search\/fold\.[0-9a-f]{16}\.json$/, (route) => route.fulfill({ status: 503, body: '' }));
  await page.goto(site.origin + '/search?q=' + encodeURIComponent('负载均衡'));
  await page.waitForSelector('.search-result mark');
  assert.equal((await resultIds(page))[0], 'envoy-orca');
  assert.equal(await page.locator('.load-error').count(), 0);
  page.assertClean();
  await page.close();
});

test('ten results at a time, and "show more" adds the next ones', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/search?q=' + encodeURIComponent('的'));
  await page.waitForSelector('.search-result');
  const total = Number((await page.textContent('.search-status')).match(/\d+/)[0]);
  assert.ok(total > 10, `${total} results`);
  assert.equal(await page.locator('.search-result').count(), 10);
  await page.click('button.more');
  await page.waitForFunction(() => document.querySelectorAll('.search-result').length > 10);
  assert.equal(await page.locator('.search-result').count(), Math.min(20, total));
  assert.equal(await page.locator('button.more').count(), total > 20 ? 1 : 0);
  page.assertClean();
  await page.close();
});

test('tag and section filters from the URL narrow results and can be removed', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/search?q=envoy&tag=istio');
  await page.waitForSelector('.active-filters');
  await page.waitForSelector('.search-result');
  const narrowed = await resultIds(page);
  await page.click('.active-filters a');
  await page.waitForURL((u) => u.search === '?q=envoy');
  await page.waitForFunction((n) => document.querySelectorAll('.search-result').length > n, narrowed.length);
  assert.ok((await resultIds(page)).length > narrowed.length);
  await page.goto(site.origin + '/search?q=istio&section=reading');
  await page.waitForSelector('.search-result');
  const reading = await page.$$eval('.result-meta', (ms) => ms.map((m) => m.textContent));
  assert.ok(reading.every((m) => m.endsWith('Recommended reading')), reading.join('; '));
  page.assertClean();
  await page.close();
});

test('keyboard: / focuses search, arrows move through results, Enter opens', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/issues/3');
  await page.waitForSelector('.item');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
  await page.keyboard.type('envoy');
  await page.waitForSelector('.search-result');
  await page.waitForURL((u) => u.searchParams.get('q') === 'envoy');
  const ids = await resultIds(page);
  assert.ok(ids.length >= 3);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.equal(focused, `/issues/3/#${ids[1]}`);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/issues/3/#${ids[1]}`);
  await page.waitForSelector(`#${ids[1]}.highlight`);
  // Back returns to the results of that query.
  await page.goBack();
  await page.waitForSelector('.search-result');
  assert.equal(await page.inputValue('#search-input'), 'envoy');
  assert.deepEqual(await resultIds(page), ids);
  // `/` typed into the box is text, not a shortcut.
  await page.focus('#search-input');
  await page.keyboard.press('End');
  await page.keyboard.type('/');
  assert.equal(await page.inputValue('#search-input'), 'envoy/');
  page.assertClean();
  await page.close();
});

test('empty and no-result states offer tags and glossary terms', async () => {
  const page = await openPage(browser, { locale: 'zh-CN' });
  await page.goto(site.origin + '/search');
  await page.waitForSelector('.suggestions a.chip >> nth=8');
  assert.match(await page.textContent('.search-hint'), /tag:istio/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
  await page.fill('#search-input', '不存在的词语组合');
  await page.waitForFunction(() => document.querySelector('.search-status')?.textContent === '没有找到结果。');
  await page.waitForSelector('.suggestions a.chip');
  await page.click('.suggestions a.chip >> text=KEP');
  await page.waitForURL((u) => u.searchParams.get('q') === 'KEP');
  await page.waitForSelector('.search-result mark');
  assert.match(await page.textContent('.search-status'), /^共 \d+ 条结果$/);
  page.assertClean();
  await page.close();
});

test('hostile queries are text: markup, regex characters, huge and broken input', async () => {
  const page = await openPage(browser);
  let dialog = false;
  page.on('dialog', async (d) => { dialog = true; await d.dismiss(); });
  const e = encodeURIComponent;
  // Percent-encoded as a URL carries them; %ED%A0%80 is a lone surrogate.
  for (const q of [e('<img src=x onerror=alert(1)>'), e('.*+?^${}()|[]\\'), 'x'.repeat(10000),
    e('负载') + '%ED%A0%80' + e('均衡'), '%ED%BF%BF', '%E0%A4%A', '%']) {
    await page.goto(site.origin + '/search?q=' + q);
    await page.waitForSelector('.search-status');
    await page.waitForFunction(() => !/…/.test(document.querySelector('.search-status').textContent));
    assert.equal(await page.locator('main img').count(), 0);
  }
  // A lone surrogate straight into the box, through the JS boundary.
  await page.evaluate(() => {
    const input = document.querySelector('#search-input');
    input.value = '\uD800负载均衡\uDC00';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForSelector('.search-result');
  assert.equal(dialog, false);
  assert.match(await page.title(), /负载均衡/);
  page.assertClean();
  await page.close();
});

test('a shard that fails to load is reported, and Retry recovers', async () => {
  const page = await openPage(browser, { allow: [/Failed to load resource/], serviceWorkers: 'block' });
  let fail = true;
  await page.route('**/data/search/*.json', (route) => (fail ? route.abort() : route.continue()));
  await page.goto(site.origin + '/search?q=envoy');
  await page.waitForSelector('.load-error');
  assert.match(await page.textContent('.load-error'), /network/i);
  fail = false;
  await page.click('.load-error button');
  await page.waitForSelector('.search-result');
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  page.assertClean();
  await page.close();
});

test('search index answered with an HTML page is reported as bad data', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  await page.route('**/data/search/*.json', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>hi</p>' }));
  await page.goto(site.origin + '/search?q=envoy');
  await page.waitForSelector('.load-error');
  assert.match(await page.textContent('.load-error'), /format|unexpected|data/i);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  page.assertClean();
  await page.close();
});

test('served from a sub-path, search keeps the base', async () => {
  const sub = await serve(DIST_SUBPATH, { base: '/weekly/', spa: true });
  const page = await openPage(browser);
  await page.goto(sub.origin + '/weekly/');
  await page.waitForSelector('.archive-entry');
  await page.fill('#search-input', 'knative');
  await page.waitForURL((u) => u.pathname === '/weekly/search/');
  await page.waitForSelector('.search-result');
  const href = await page.getAttribute('.search-result a.result-link', 'href');
  assert.match(href, /^\/weekly\/issues\/3\/#/);
  page.assertClean();
  await page.close();
  await sub.close();
});

test('everyday words: Chinese words apart from each other, English word forms', async () => {
  const page = await openPage(browser);
  // 事件 and 过滤 stand apart in the item (事件的过滤).
  await page.goto(site.origin + '/search?q=' + encodeURIComponent('事件过滤'));
  await page.waitForSelector('.search-result mark');
  assert.equal((await resultIds(page))[0], 'knative-trigger-filtering');
  const first = await page.$$eval('.search-result:first-child mark', (ms) => ms.map((m) => m.textContent));
  assert.ok(first.includes('事件') && first.includes('过滤'), first.join(','));
  // `filters` finds Filtering and filter, marked as whole words.
  await page.goto(site.origin + '/search?q=filters');
  await page.waitForSelector('.search-result mark');
  assert.equal((await resultIds(page))[0], 'knative-trigger-filtering');
  const words = await page.$$eval('.search-result:first-child mark', (ms) => ms.map((m) => m.textContent));
  assert.ok(words.includes('Filtering'), words.join(','));
  page.assertClean();
  await page.close();
});

test('when no item has every word, the items with most of them say which word is missing', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/search?q=' + encodeURIComponent('envoy 负载均衡 kafka'));
  await page.waitForSelector('.search-result .missing');
  assert.match(await page.textContent('.search-status'), /^No item has every word; \d+ ha(s|ve) most of them$/);
  assert.equal((await resultIds(page))[0], 'envoy-orca');
  assert.equal(await page.locator('.search-result .missing').first().innerText(), 'Missing: kafka');
  page.assertClean();
  await page.close();
});
