// End-to-end: the release build of the reader in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, serve, openPage, appReady, DIST, DIST_SUBPATH } from './harness.mjs';

let browser, site, subsite, host404;
before(async () => {
  browser = await launch();
  site = await serve(DIST, { spa: true });
  subsite = await serve(DIST_SUBPATH, { base: '/weekly/', spa: true });
  // A host that has the app's files but no page per route (only 404.html,
  // status 404, for any other address): the app still shows the route.
  host404 = await serve(DIST, {
    handle: (req, res, url) => {
      if (url.pathname === '/' || /\.[a-z0-9]+$/i.test(url.pathname)) return false;
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(fs.readFileSync(path.join(DIST, '404.html')));
      return true;
    },
  });
});
after(async () => {
  await browser?.close();
  await Promise.all([site, subsite, host404].map((s) => s?.close()));
});

// Section and project names follow the UI language (from the settings).
const SECTIONS = ['Industry news', 'Upstream progress', 'Open source picks', 'Recommended reading'];
const GROUPS = ['Kubernetes', 'Knative', 'Istio / Envoy', 'containerd'];
const SECTIONS_ZH = ['业界要闻', '上游重要进展', '开源项目推荐', '本周阅读推荐'];
const GROUPS_ZH = ['Kubernetes 项目', 'Knative 项目', 'Istio/Envoy 项目', 'Containerd 项目'];

async function expectVol3(page) {
  await page.waitForSelector('article.issue');
  assert.equal(await page.locator('article.issue h1').innerText(), '云原生生态周报 Vol. 3');
  assert.deepEqual(await page.locator('.section > h2').allInnerTexts(), SECTIONS);
  assert.deepEqual(await page.locator('.group-title').allInnerTexts(), GROUPS);
  assert.equal(await page.locator('article.item').count(), 18);
  const text = await page.locator('article.issue').innerText();
  for (const expected of [
    'Docker Hub遭入侵,19万账号被泄露',
    'Ephemeral container 旨在通过在 Pod 里启动一个临时容器的方式',
    '引入VHDS就是为了只下发变化的路由信息',
    '《云原生技术实践白皮书》',
    'Kubernetes Enhancement Proposal',
    '本周报由阿里巴巴容器平台联合蚂蚁金服共同发布',
    '张磊,临石,浔鸣,天千,至简,傅伟,汤志敏,王夕宁',
    '木环',
    '云原生生态周报 Vol. 1 | 谷歌云发布Cloud Run',
  ]) {
    assert.ok(text.includes(expected), `issue page lacks: ${expected}`);
  }
}

test('archive shows the latest issue and every known issue, newest first', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/');
  await appReady(page);
  await page.waitForSelector('.archive-entry');
  assert.equal(await page.locator('.latest h1').innerText(), '云原生生态周报 Vol. 3');
  const entries = await page.locator('.archive-entry').allInnerTexts();
  assert.equal(entries.length, 3);
  assert.match(entries[0], /Vol\. 3[\s\S]*18 items/);
  assert.match(entries[1], /Istio中Envoy 代理漏洞已修复[\s\S]*Not in this archive/);
  assert.match(entries[2], /谷歌云发布Cloud Run/);
  assert.equal(await page.title(), 'Cloud Native Ecosystem Weekly');
  page.assertClean();
  await page.close();
});

test('the whole of Vol. 3 renders at /issues/3, and survives a reload', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/issues/3');
  await expectVol3(page);
  await page.reload();
  await expectVol3(page);
  assert.equal(await page.title(), '云原生生态周报 Vol. 3');
  page.assertClean();
  await page.close();
});

test('printing an issue prints every item and none of the controls', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/issues/3');
  await page.waitForSelector('.item');
  await page.emulateMedia({ media: 'print' });
  const controls = await page.$$eval(
    '.site-nav, .search-box, .skip, .toc, .filters, .issue-nav, .site-footer, .copy-link',
    (els) => els.map((e) => [e.className, getComputedStyle(e).display]),
  );
  assert.ok(controls.length >= 7);
  assert.deepEqual(controls.filter(([, display]) => display !== 'none'), []);
  const shown = await page.$$eval('.item', (els) => els.filter((e) => e.getBoundingClientRect().height > 0).length);
  assert.equal(shown, 18);
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
  assert.ok(pages >= 2 && pages <= 12, `${pages} pages`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${overflow}px wider than the page`);
  page.assertClean();
  await page.close();
});

test('in-app navigation does not reload the page, and Back returns', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/');
  await page.waitForSelector('.latest a.button');
  await page.evaluate(() => (window.__sameDocument = true));
  await page.click('.latest a.button');
  await expectVol3(page);
  assert.equal(new URL(page.url()).pathname, '/issues/3/');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'navigation reloaded the page');
  await page.goBack();
  await page.waitForSelector('.archive-entry');
  assert.equal(new URL(page.url()).pathname, '/');
  page.assertClean();
  await page.close();
});

test('a deep link to an item scrolls it into view', async () => {
  const page = await openPage(browser, { viewport: { width: 800, height: 600 } });
  await page.goto(site.origin + '/issues/3#envoy-vhds');
  await page.waitForSelector('#envoy-vhds');
  await page.waitForFunction(() => {
    const r = document.getElementById('envoy-vhds').getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  });
  page.assertClean();
  await page.close();
});

test('the table of contents jumps to a section within the issue', async () => {
  const page = await openPage(browser, { viewport: { width: 800, height: 600 } });
  await page.goto(site.origin + '/issues/3');
  await page.click('.toc a >> text=Recommended reading');
  await page.waitForURL('**/issues/3/#section-reading');
  await page.waitForFunction(() => {
    const r = document.getElementById('section-reading').getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight;
  });
  assert.equal(await page.locator('article.item').count(), 18);
  page.assertClean();
  await page.close();
});

test('earlier issues lead to a clear "not in this archive" page', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/issues/3');
  await page.waitForSelector('.earlier a');
  await page.click('.earlier a >> text=Vol. 2');
  await page.waitForSelector('.not-in-archive');
  assert.match(await page.locator('.not-in-archive').innerText(), /Istio中Envoy 代理漏洞已修复[\s\S]*Not in this archive/);
  page.assertClean();
  await page.close();
});

test('unknown paths and volumes show the not-found page with a way back', async () => {
  const page = await openPage(browser);
  for (const path of ['/no/such/page', '/issues/99', '/issues/03']) {
    await page.goto(site.origin + path);
    await page.waitForSelector('text=Page not found');
    await page.click('text=Back to the archive');
    await page.waitForSelector('.archive-entry');
  }
  page.assertClean();
  await page.close();
});

test('the UI speaks Chinese with ?lang=zh and switches language', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/issues/3?lang=zh');
  await page.waitForSelector('article.issue');
  assert.equal(await page.locator('.issue-header .volume').innerText(), '第 3 期');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.locator('.glossary-note h2').innerText(), '名词解释');
  assert.deepEqual(await page.locator('.section > h2').allInnerTexts(), SECTIONS_ZH);
  assert.deepEqual(await page.locator('.group-title').allInnerTexts(), GROUPS_ZH);
  await page.click('button.lang-switch');
  assert.deepEqual(await page.locator('.section > h2').allInnerTexts(), SECTIONS);
  assert.equal(await page.locator('.issue-header .volume').innerText(), 'Vol. 3');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  page.assertClean();
  await page.close();
});

test('the browser language picks the UI language', async () => {
  const page = await openPage(browser, { locale: 'zh-CN' });
  await page.goto(site.origin + '/');
  await page.waitForSelector('.archive-entry');
  assert.equal(await page.locator('#archive-heading').innerText(), '全部周报');
  page.assertClean();
  await page.close();
});

test('served from a sub-path, routes and links keep the base', async () => {
  const page = await openPage(browser);
  await page.goto(subsite.origin + '/weekly/issues/3');
  await expectVol3(page);
  await page.click('header .brand');
  await page.waitForSelector('.archive-entry');
  assert.equal(new URL(page.url()).pathname, '/weekly/');
  assert.equal(await page.getAttribute('.archive-entry a >> nth=0', 'href'), '/weekly/issues/3/');
  page.assertClean();
  await page.close();
});

test('a host that answers deep links with 404.html still shows the issue', async () => {
  const page = await openPage(browser, { allow: [/status of 404/] });
  const response = await page.goto(host404.origin + '/issues/3');
  assert.equal(response.status(), 404);
  await expectVol3(page);
  page.assertClean();
  await page.close();
});

async function failing(route, handler, check) {
  const page = await openPage(browser, { allow: [/Failed to load resource|net::ERR_FAILED/], serviceWorkers: 'block', carried: false });
  await page.route(route, handler);
  await page.goto(site.origin + '/issues/3');
  await page.waitForSelector('.load-error');
  const message = await page.locator('.load-error').innerText();
  check(message);
  await page.unroute(route);
  await page.click('.load-error button');
  await expectVol3(page);
  page.assertClean();
  await page.close();
}

test('a network failure loading the catalog shows a message and Retry recovers', async () => {
  await failing('**/data/catalog.json', (r) => r.abort('internetdisconnected'), (m) =>
    assert.match(m, /network request failed/i));
});

test('a catalog answered with an HTML page is reported as bad data', async () => {
  await failing(
    '**/data/catalog.json',
    (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>hello</p>' }),
    (m) => assert.match(m, /not in the expected format/),
  );
});

test('a missing issue file is reported as missing', async () => {
  await failing('**/data/issues/3.*.json', (r) => r.fulfill({ status: 404, body: 'gone' }), (m) =>
    assert.match(m, /not on the server/));
});

test('a broken issue file is reported, never a blank page', async () => {
  await failing('**/data/issues/3.*.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"schema_version":1,' }), (m) =>
    assert.match(m, /not in the expected format/));
});

test('no accessibility violations on the archive and the issue', async () => {
  const page = await openPage(browser);
  for (const path of ['/', '/issues/3', '/issues/2', '/nope']) {
    await page.goto(site.origin + path);
    await appReady(page);
    await page.waitForSelector('main h1');
    const { violations } = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(violations.map((v) => `${path}: ${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  }
  page.assertClean();
  await page.close();
});

test('section and project filters live in the URL, with counts, Back and reload', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/issues/3');
  await page.waitForSelector('.filters');
  assert.match(await page.locator('.filters a.chip', { hasText: 'Upstream progress' }).innerText(), /Upstream progress\s+10/);
  await page.click('.filters a.chip >> text=Upstream progress');
  await page.waitForURL('**/issues/3/?section=upstream');
  assert.deepEqual(await page.locator('.section > h2').allInnerTexts(), ['Upstream progress']);
  await page.click('.filters a.chip >> text=Knative');
  await page.waitForURL('**/issues/3/?section=upstream&project=knative');
  assert.equal(await page.locator('article.item').count(), 2);
  assert.equal(await page.getAttribute('.filters a.chip >> text=Knative', 'aria-current'), 'true');
  await page.reload();
  await page.waitForSelector('article.item');
  assert.equal(await page.locator('article.item').count(), 2);
  await page.goBack();
  await page.waitForURL('**/issues/3/?section=upstream');
  await page.waitForFunction(() => document.querySelectorAll("article.item").length === 10);
  await page.goForward();
  await page.waitForURL('**/issues/3/?section=upstream&project=knative');
  await page.waitForFunction(() => document.querySelectorAll("article.item").length === 2);
  await page.goto(site.origin + '/issues/3?section=news&project=knative');
  await page.waitForSelector('.no-match');
  await page.click('.no-match a');
  await page.waitForFunction(() => document.querySelectorAll('article.item').length === 18);
  assert.equal(new URL(page.url()).search, '');
  page.assertClean();
  await page.close();
});

test('filter links keep the sub-path', async () => {
  const page = await openPage(browser);
  await page.goto(subsite.origin + '/weekly/issues/3');
  await page.click('.filters a.chip >> text=Recommended reading');
  await page.waitForURL('**/weekly/issues/3/?section=reading');
  assert.equal(await page.locator('article.item').count(), 4);
  page.assertClean();
  await page.close();
});
