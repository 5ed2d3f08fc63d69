// End-to-end: tags, glossary, preferences, shortcuts and small screens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { openPage, appReady, useSite } from './harness.mjs';

let browser, site;

/** Waits (real time) for `check` to hold. */
async function until(check, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
useSite((b, s) => { browser = b; site = s; });

test('the tags page lists every tag with its count', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/tags');
  await page.waitForSelector('.tag-index li');
  const envoy = await page.locator('.tag-index li', { hasText: 'Envoy' }).innerText();
  assert.match(envoy, /Envoy\s+4 items/);
  await page.click('.tag-index a >> text=Istio');
  await page.waitForURL('**/tags/istio/');
  await page.waitForSelector('.item-refs li');
  assert.equal(await page.locator('.item-refs li').count(), 2);
  page.assertClean();
  await page.close();
});

test('a tag page filters across issues and links into the issue', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/tags/istio?section=reading');
  await page.waitForSelector('.item-refs li');
  assert.equal(await page.locator('.item-refs li').count(), 1);
  await page.click('.filters a.chip >> text=Recommended reading');
  await page.waitForURL((u) => u.pathname === '/tags/istio/' && u.search === '');
  assert.equal(await page.locator('.item-refs li').count(), 2);
  await page.click('.item-refs a >> nth=0');
  await page.waitForURL('**/issues/3/#istio-1-1-4');
  await page.waitForSelector('#istio-1-1-4.highlight');
  page.assertClean();
  await page.close();
});

test('tags on an item lead to the tag page; unknown tags are not found', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/issues/3');
  await page.click('#containerd-non-root .tag a >> text=Security');
  await page.waitForURL('**/tags/security/');
  // The page's code and its file may still be on their way.
  await page.locator('.item-refs li').nth(2).waitFor();
  assert.equal(await page.locator('.item-refs li').count(), 3);
  await page.goto(site.origin + '/tags/no-such-tag');
  await page.waitForSelector('text=Page not found');
  page.assertClean();
  await page.close();
});

test('after the app takes a tag page over, Back and Forward between tags show each tag', async () => {
  // The router keeps the tag page when only its tag changes: the page must
  // follow it (a view built in a takeover step once went blank here).
  const page = await openPage(browser);
  await page.goto(site.origin + '/tags/istio/');
  assert.equal(await page.locator('.item-refs li').count(), 2);
  await page.evaluate(() => {
    history.pushState(null, '', '/tags/security/');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  // The heading shows at once; the tag's items once its file is read.
  await page.getByRole('heading', { level: 1, name: /Security/ }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.item-refs li').length === 3);
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: /Istio/ }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.item-refs li').length === 2);
  assert.equal(await page.locator('.item-refs li').count(), 2);
  page.assertClean();
  await page.close();
});

test('the glossary explains a term in both languages and lists where it is used', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/glossary');
  await page.waitForSelector('.glossary-index dt');
  assert.ok((await page.locator('.glossary-index dt').count()) >= 20);
  await page.click('.glossary-index a >> text=KEP');
  await page.waitForURL('**/glossary/kep/');
  const text = await page.locator('.term-page').innerText();
  assert.match(text, /Kubernetes Enhancement Proposal/);
  assert.match(text, /Kubernetes 上游设计文档/);
  assert.match(text, /upstream Kubernetes design document/);
  await page.click('.term-issues a');
  await page.waitForURL('**/issues/3/');
  await page.goto(site.origin + '/glossary/no-such-term');
  await page.waitForSelector('text=Page not found');
  page.assertClean();
  await page.close();
});

test('language and theme choices are remembered across reloads', async () => {
  const page = await openPage(browser);
  await page.goto(site.origin + '/');
  await page.waitForSelector('.archive-entry');
  await page.click('button.lang-switch');
  assert.equal(await page.locator('#archive-heading').innerText(), '全部周报');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.click('button.theme-switch');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
  assert.equal(await background(), 'rgb(255, 255, 255)');
  await page.click('button.theme-switch');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.equal(await background(), 'rgb(18, 20, 23)');
  const { violations } = await new AxeBuilder({ page }).analyze();
  assert.deepEqual(violations.map((v) => `dark: ${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  await page.reload();
  await page.waitForSelector('.archive-entry');
  assert.equal(await page.locator('#archive-heading').innerText(), '全部周报');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  // A shared link's ?lang= applies to that visit only.
  await page.goto(site.origin + '/?lang=en');
  await page.waitForSelector('.archive-entry');
  assert.equal(await page.locator('#archive-heading').innerText(), 'All issues');
  await page.goto(site.origin + '/');
  await page.waitForSelector('.archive-entry');
  assert.equal(await page.locator('#archive-heading').innerText(), '全部周报');
  page.assertClean();
  await page.close();
});

test('storage that throws (sandboxed iframe) changes nothing but memory', async () => {
  const init = () => {
    Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('denied', 'SecurityError'); },
    });
  };
  const page = await openPage(browser, { init });
  await page.goto(site.origin + '/issues/3');
  await page.waitForSelector('article.issue');
  await page.click('button.lang-switch');
  await page.click('button.theme-switch');
  assert.equal(await page.locator('.issue-header .volume').innerText(), '第 3 期');
  page.assertClean();
  await page.close();
});

test('[ and ] move between issues; the links say where they go', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block', carried: false });
  // Pretend the archive also holds Vol. 2 and Vol. 4: copies of Vol. 3.
  let vol3File;
  await page.route('**/data/catalog.json', async (route) => {
    const response = await route.fetch();
    const catalog = await response.json();
    const vol3 = catalog.issues.find((e) => e.volume === 3);
    vol3File = vol3.file;
    catalog.issues = [
      { ...vol3, volume: 4, title: 'Vol. 4 (test)', file: 'issues/4.test.json' },
      vol3,
      { ...vol3, volume: 2, title: 'Vol. 2 (test)', file: 'issues/2.test.json' },
    ];
    await route.fulfill({ response, json: catalog });
  });
  await page.route('**/data/issues/*.test.json', async (route) => {
    const volume = Number(route.request().url().match(/issues\/(\d+)\.test\.json/)[1]);
    const response = await route.fetch({ url: route.request().url().replace(/issues\/\d+\.test\.json/, vol3File) });
    const issue = await response.json();
    await route.fulfill({ response, json: { ...issue, volume, title: `Vol. ${volume} (test)` } });
  });
  await page.goto(site.origin + '/issues/3');
  await page.waitForSelector('.issue-nav-next');
  assert.match(await page.locator('.issue-nav-next').innerText(), /Next issue\s+Vol\. 4 \(test\)/);
  await page.keyboard.press(']');
  await page.waitForURL('**/issues/4/');
  await page.waitForSelector('.issue-header h1:has-text("Vol. 4 (test)")');
  await page.waitForSelector('.issue-nav-prev:has-text("云原生生态周报 Vol. 3")');
  assert.equal(await page.locator('.issue-nav-next').count(), 0);
  await page.keyboard.press('[');
  await page.waitForURL('**/issues/3/');
  await page.waitForSelector('.issue-nav-prev:has-text("Vol. 2 (test)")');
  await page.keyboard.press('[');
  await page.waitForURL('**/issues/2/');
  await page.waitForSelector('.issue-header h1:has-text("Vol. 2 (test)")');
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  page.assertClean();
  await page.close();
});

test('copy-link puts the item URL on the clipboard', async () => {
  const page = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(site.origin + '/issues/3');
  await page.click('#envoy-orca .copy-link');
  await page.waitForSelector('#envoy-orca .copy-status:has-text("Link copied")');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), site.origin + '/issues/3/#envoy-orca');
  page.assertClean();
  await page.close();
});

test('a data request that never answers times out with a message (the app\'s 10 s, once retried, on a fake clock)', async () => {
  // The takeover waits for the page's data: the page is read as it loads.
  const page = await openPage(browser, { allow: [/Failed to load resource|net::ERR/], serviceWorkers: 'block', carried: false, waitForApp: false });
  await page.clock.install();
  let asked = 0;
  await page.route('**/data/glossary.json', () => { asked++; }); // never answered
  await page.goto(site.origin + '/glossary');
  // Each request waits 10 s by the page's clock, then is retried once.
  for (const expected of [1, 2]) {
    await until(() => asked === expected, `request ${expected} of the glossary`);
    assert.equal(await page.locator('.load-error').count(), 0, 'an error before the timeout');
    await page.clock.fastForward(9_000);
    assert.equal(await page.locator('.load-error').count(), 0, 'an error before the timeout');
    await page.clock.fastForward(1_100);
  }
  await page.waitForSelector('.load-error');
  assert.match(await page.locator('.load-error').innerText(), /took too long/);
  assert.equal(asked, 2, 'one retry, no more');
  page.assertClean();
  await page.close();
});

test('a 320 px phone gets no horizontal scrolling', async () => {
  const page = await openPage(browser, { viewport: { width: 320, height: 640 } });
  for (const path of ['/', '/issues/3', '/tags', '/glossary/kep', '/search?q=envoy']) {
    await page.goto(site.origin + path);
    await appReady(page);
    await page.waitForSelector('main h1');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${path} is ${width}px wide`);
  }
  page.assertClean();
  await page.close();
});

test('no accessibility violations on any route, in both languages', async () => {
  const page = await openPage(browser);
  const paths = ['/', '/issues/3', '/issues/3?section=upstream', '/issues/2', '/tags', '/tags/envoy',
    '/glossary', '/glossary/kep', '/search?q=envoy', '/nope'];
  for (const lang of ['en', 'zh']) {
    for (const path of paths) {
      await page.goto(site.origin + path + (path.includes('?') ? '&' : '?') + 'lang=' + lang);
      await appReady(page);
      await page.waitForSelector('main h1');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      if (path.startsWith('/search')) await page.waitForSelector('.search-result mark');
      const { violations } = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(violations.map((v) => `${lang} ${path}: ${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
    }
  }
  page.assertClean();
  await page.close();
});

test('the header reaches every section of the site in-app, in both languages', async () => {
  for (const [lang, labels, date] of [
    ['en', ['Tags', 'Glossary', 'Archive'], '6 May 2019'],
    ['zh', ['标签', '术语表', '往期'], '2019年5月6日'],
  ]) {
    const page = await openPage(browser, { carried: false });
    await page.route('**/data/catalog.json', async (route) => {
      const response = await route.fetch();
      const catalog = await response.json();
      catalog.issues[0].date = '2019-05-06';
      await route.fulfill({ response, json: catalog });
    });
    await page.goto(`${site.origin}/?lang=${lang}`);
    await page.waitForSelector('.archive-entry');
    await page.evaluate(() => (window.__sameDocument = true));
    const expected = ['/tags/', '/glossary/', '/'];
    for (const [i, label] of labels.entries()) {
      await page.click(`.site-nav a >> text="${label}"`);
      await page.waitForURL((u) => u.pathname === expected[i]);
      await page.waitForSelector('main h1');
    }
    await page.waitForSelector('.archive-entry time');
    assert.equal(await page.locator('.archive-entry time').first().innerText(), date);
    assert.equal(await page.evaluate(() => window.__sameDocument), true);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    page.assertClean();
    await page.close();
  }
});
