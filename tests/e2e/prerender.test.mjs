// Pre-rendered pages in the browser: every route reads and links without
// JavaScript; every route runs under the strict Content-Security-Policy the
// README asks hosts to send, with zero violations; the app takes a page over
// without "Loading…", without a layout shift, with the same content, and
// without asking again for the files the page carried.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, openPage, appReady, watchTakeover, DIST, DIST_SUBPATH } from './harness.mjs';

let browser, site, subsite, strict;
before(async () => {
  browser = await launch();
  site = await serve(DIST);
  subsite = await serve(DIST_SUBPATH, { base: '/weekly/' });
  strict = await serve(DIST, { csp: true });
});
after(async () => {
  await browser?.close();
  await Promise.all([site, subsite, strict].map((s) => s?.close()));
});

const ROUTES = ['/', '/issues/3/', '/issues/1/', '/tags/', '/tags/envoy/', '/glossary/', '/glossary/kep/', '/search/'];

test('without JavaScript every route reads, and plain links lead through the site', async () => {
  const page = await openPage(browser, { javaScriptEnabled: false, locale: 'zh-CN' });
  try {
    for (const route of ROUTES) {
      const response = await page.goto(site.origin + route);
      assert.equal(response.status(), 200, route);
      assert.ok(await page.locator('main h1').first().isVisible(), `${route} has no heading`);
      assert.equal(await page.locator('.loading:visible').count(), 0, `${route} says it is loading`);
    }
    // Archive → issue → tag → issue; glossary → term.
    await page.goto(site.origin + '/');
    await page.getByRole('link', { name: '云原生生态周报 Vol. 3' }).first().click();
    await page.waitForURL('**/issues/3/');
    assert.equal(await page.locator('article.item').count(), 18);
    assert.equal(await page.title(), '云原生生态周报 Vol. 3');
    // The skip link stays on the page.
    await page.locator('a.skip').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/issues/3/#main');
    // Filters say they need JavaScript, in both languages.
    assert.match(await page.locator('.filters .notice').innerText(), /筛选需要启用 JavaScript.*Filters need JavaScript/s);
    await page.locator('article.item li.tag a', { hasText: 'Envoy' }).first().click();
    await page.waitForURL('**/tags/envoy/');
    await page.getByRole('heading', { level: 1, name: /Envoy/ }).waitFor();
    await page.getByRole('link', { name: /ORCA/ }).first().click();
    await page.waitForURL('**/issues/3/#envoy-orca');
    await page.getByRole('link', { name: '术语表' }).first().click();
    await page.waitForURL('**/glossary/');
    await page.getByRole('link', { name: 'KEP', exact: true }).click();
    await page.waitForURL('**/glossary/kep/');
    assert.match(await page.locator('main').innerText(), /Kubernetes Enhancement Proposal/);
    // The search form submits to the search page, which says it needs JavaScript.
    await page.locator('#search-input').fill('envoy');
    await page.locator('#search-input').press('Enter');
    await page.waitForURL('**/search/?q=envoy');
    assert.match(await page.locator('main').innerText(), /Search needs JavaScript/);
    // Anything else: the not-found page.
    const missing = await page.goto(site.origin + '/no/such/page');
    assert.equal(missing.status(), 404);
    await page.getByRole('heading', { level: 1, name: '找不到这个页面' }).waitFor();
    assert.equal(await page.locator('.loading:visible').count(), 0);
    await page.getByRole('link', { name: '返回往期列表' }).click();
    await page.waitForURL(site.origin + '/');
    // Under a sub-path, links keep the base.
    await page.goto(subsite.origin + '/weekly/');
    await page.getByRole('link', { name: '云原生生态周报 Vol. 3' }).first().click();
    await page.waitForURL('**/weekly/issues/3/');
    assert.equal(await page.locator('article.item').count(), 18);
  } finally {
    await page.close();
  }
});

test('every route under the strict Content-Security-Policy: no violation, before or after the app runs', async () => {
  const page = await openPage(browser, {
    // `/nowhere` is no route of the reader: the worker leaves it to the
    // host, whose 404.html (the app, status 404) answers it.
    allow: [/the server responded with a status of 404/],
    init: () => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    },
  });
  try {
    for (const route of [...ROUTES, '/search/?q=envoy', '/nowhere']) {
      const response = await page.goto(strict.origin + route);
      assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
      await appReady(page);
      await page.locator('main h1').first().waitFor();
      if (route === '/issues/3/') {
        // The app at work: a tooltip, a filter, the language and the theme.
        await page.locator('article.item a.term').first().hover();
        await page.getByRole('tooltip').waitFor();
        await page.locator('.filters a.chip', { hasText: 'Upstream progress' }).click();
        await page.waitForURL('**/issues/3/?section=upstream');
        await page.getByRole('button', { name: '中文' }).click();
        await page.locator('.theme-switch').click();
      }
      if (route === '/search/?q=envoy') await page.locator('.search-results li').first().waitFor();
      assert.deepEqual(await page.evaluate(() => window.__violations), [], route);
    }
    page.assertClean();
  } finally {
    await page.close();
  }
});

test('the app takes a page over with the same content, no "Loading…", no layout shift and no second request for what it carried', async () => {
  for (const route of ['/', '/issues/3/', '/tags/envoy/', '/glossary/kep/', '/glossary/']) {
    // What the page shows before the app runs.
    const plain = await openPage(browser, { javaScriptEnabled: false, locale: 'zh-CN' });
    await plain.goto(site.origin + route);
    // The text of the page, without what only shows when scripts are off
    // and what only the reader's device knows (its reading history: marks
    // that take no room, overlays).
    const text = () => {
      const main = document.querySelector('main').cloneNode(true);
      main.querySelectorAll('noscript, .unread-mark, .memory-notice, .memory-actions, .memory-transfer').forEach((n) => n.remove());
      return main.textContent.replace(/\s+/g, ' ').trim();
    };
    const before = await plain.evaluate(text);
    await plain.close();

    const page = await openPage(browser, {
      locale: 'zh-CN',
      serviceWorkers: 'block',
      init: watchTakeover,
    });
    const data = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/data/')) data.push(url.pathname);
    });
    await page.goto(site.origin + route);
    await appReady(page);
    await page.waitForTimeout(300);
    const after = await page.evaluate(text);
    assert.equal(after, before, `${route}: the app shows other content than the page it took over`);
    assert.equal(await page.evaluate(() => window.__cls), 0, `${route}: layout shift`);
    assert.equal(await page.evaluate(() => window.__loadingSeen), false, `${route}: "Loading…" showed`);
    const carried = ['/data/catalog.json'];
    if (route === '/issues/3/') carried.push('/data/issues/3.');
    if (route === '/tags/envoy/') carried.push('/data/tags/envoy.json');
    if (route.startsWith('/glossary')) carried.push('/data/glossary.json');
    for (const file of carried) {
      assert.equal(data.filter((u) => u.startsWith(file)).length, 0, `${route}: asked again for ${file} (${data})`);
    }
    page.assertClean();
    await page.close();
  }
});

test('a reader who scrolled the page before the app took it over keeps their place; blocks below the window are laid out after the swap', async () => {
  for (const where of ['top', 'scrolled']) {
    const page = await openPage(browser, {
      locale: 'zh-CN',
      serviceWorkers: 'block',
      waitForApp: false,
      viewport: { width: 400, height: 700 },
      init: () => {
        window.__cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__cls += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
        // The most blocks ever left out of layout at once.
        window.__offscreen = 0;
        new MutationObserver(() => {
          window.__offscreen = Math.max(window.__offscreen, document.querySelectorAll('.offscreen').length);
        }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
      },
    });
    // The app's code waits until the reader has scrolled.
    let release;
    const scrolled = new Promise((resolve) => (release = resolve));
    await page.route(/\.wasm$/, async (route) => {
      await scrolled;
      await route.continue();
    });
    await page.goto(site.origin + '/issues/3/');
    const probe = where === 'top' ? '#shell .item' : '#shell .section:nth-of-type(3) .item';
    const id = await page.evaluate((probe) => {
      const el = document.querySelector(probe);
      el.scrollIntoView();
      window.scrollBy(0, -40);
      return el.id;
    }, probe);
    const topBefore = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, id);
    const scrollBefore = await page.evaluate(() => window.scrollY);
    release();
    await appReady(page);
    await page.waitForTimeout(300);
    const topAfter = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, id);
    assert.ok(Math.abs(topAfter - topBefore) <= 1, `${where}: item ${id} moved from ${topBefore} to ${topAfter}`);
    assert.equal(await page.evaluate(() => window.scrollY), scrollBefore, `${where}: the page scrolled`);
    assert.equal(await page.evaluate(() => window.__cls), 0, `${where}: layout shift`);
    // The blocks that stood below the window were left out of the swap's
    // layout, and laid out after it (the page is ready when none is left).
    const offscreen = await page.evaluate(() => window.__offscreen);
    assert.ok(offscreen > 0, `${where}: no block below the window was left out of the swap's layout`);
    // Going to the last section (the contents' link) shows it, laid out.
    await page.getByRole('navigation', { name: '目录' }).getByRole('link').last().click();
    const last = page.locator('main .section').last();
    await last.locator('h2').waitFor();
    const box = await last.boundingBox();
    assert.ok(box && box.height > 100 && box.y < 700, `the last section did not come into view laid out (${JSON.stringify(box)})`);
    page.assertClean();
    await page.close();
  }
});

test('a link clicked on the page while the app builds its copy out of sight is followed by the browser', async () => {
  const page = await openPage(browser, { locale: 'zh-CN', serviceWorkers: 'block', waitForApp: false });
  // Slow enough that the app's router listens well before the swap.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
  await page.goto(site.origin + '/issues/3/');
  // The app's frame (with its router) is built beside the page, which still shows.
  await page.waitForFunction(() => document.getElementById('shell') && document.querySelector('body > main'));
  await page.evaluate(() => { window.__samePage = true; });
  // The new document commits (its load, twenty times slower, can take
  // longer than a timeout on a busy machine); a navigation inside the app
  // would keep this document (and its mark, checked below).
  await Promise.all([page.waitForURL((u) => u.pathname === '/', { waitUntil: 'commit', timeout: 60000 }), page.locator('#shell .brand').click()]);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.evaluate(() => window.__samePage), undefined, 'the click did not load the page it names');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await appReady(page);
  await page.locator('#archive-heading').waitFor();
  page.assertClean();
  await page.close();
});

test('framed with ?embed=1, a pre-rendered page hides the site chrome before the app runs', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block', waitForApp: false });
  try {
    // The app never arrives: what shows is the page and the loader's first lines.
    await page.route('**/*.wasm', (route) => route.abort());
    page.on('pageerror', () => {});
    await page.goto(site.origin + '/issues/3/?embed=1');
    await page.locator('#shell article.issue').waitFor();
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-embed'));
    assert.equal(await page.locator('#shell .site-header').isVisible(), false);
    assert.equal(await page.locator('#shell .site-footer').isVisible(), false);
    // Without WebAssembly the page stays readable.
    assert.equal(await page.locator('#shell article.item').count(), 18);
  } finally {
    await page.close();
  }
});
