// Embedding (issue 12): a portal on one origin (127.0.0.1) frames the reader
// on another (localhost) with embed.js. The reader's deploy allows the
// portal's origin in its settings (catalog.json), as a real deploy would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, serve, openPage, prerender, DIST } from './harness.mjs';

let browser, reader, portal, hostile, readerOrigin;
const EMBED_DIST = path.join(path.dirname(DIST), 'target', 'dist-embed');

/** A tiny site of HTML pages, answered by name. */
function pages(render) {
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname;
    if (name === '/favicon.ico') return res.writeHead(204).end();
    const body = render(name);
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) }),
    ),
  );
}

const portalPage = (attrs, extra = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title></head>
<body><main><h1>Portal</h1><div data-weekly-embed ${attrs}></div>${extra}</main>
<script src="${readerOrigin}/embed.js"></script></body></html>`;

before(async () => {
  browser = await launch();
  portal = await pages((p) => {
    if (p === '/portal.html') return portalPage(`data-src="${readerOrigin}/issues/3"`);
    if (p === '/sandboxed.html') return portalPage(`data-src="${readerOrigin}/issues/3" data-sandbox="allow-scripts allow-popups"`);
    if (p === '/dark-zh.html') return portalPage(`data-src="${readerOrigin}/issues/3" data-theme="dark" data-lang="zh"`);
    if (p === '/other.html') return '<!doctype html><title>other</title><p>another window of the portal</p>';
    return null;
  });
  hostile = await pages((p) =>
    p === '/hostile.html'
      ? `<!doctype html><title>Hostile</title><iframe title="reader" src="${readerOrigin}/issues/3?embed=1"></iframe>`
      : null,
  );
  // The reader's deploy, allowing the portal's origin (never the hostile one).
  fs.rmSync(EMBED_DIST, { recursive: true, force: true });
  fs.cpSync(DIST, EMBED_DIST, { recursive: true });
  const catalogFile = path.join(EMBED_DIST, 'data/catalog.json');
  const catalog = JSON.parse(fs.readFileSync(catalogFile, 'utf8'));
  catalog.settings.embed_origins = [portal.origin];
  fs.writeFileSync(catalogFile, JSON.stringify(catalog));
  await prerender(EMBED_DIST);
  reader = await serve(EMBED_DIST, { spa: true, cors: true });
  readerOrigin = reader.origin.replace('127.0.0.1', 'localhost');
});
after(async () => {
  await browser?.close();
  await Promise.all([reader, portal, hostile].map((s) => s?.close()));
});

const readerFrame = (page) => page.frames().find((f) => f.url().startsWith(readerOrigin));

async function openPortal(page, file = 'portal.html', hash = '') {
  await page.goto(`${portal.origin}/${file}${hash}`);
  await page.waitForFunction(() => document.querySelector('iframe'));
  let frame;
  for (let i = 0; i < 100 && !(frame = readerFrame(page)); i++) await page.waitForTimeout(50);
  await frame.waitForSelector('#shell', { state: 'detached' });
  return frame;
}

/** Waits until the iframe is as tall as the reader's content, and returns that height. */
async function heightSettles(page, frame) {
  let content;
  for (let i = 0; i < 100; i++) {
    content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const outer = await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
    if (Math.abs(outer - content) <= 1) return content;
    await page.waitForTimeout(50);
  }
  assert.fail(`the frame never took its content's height (${content})`);
}

test('the embed view: no site chrome, a link to the full reader, external links in a new tab', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block', carried: false });
  // Vol. 3 has no links in its items: give one item a link off the site and one on it.
  await page.route(/\/data\/issues\/.*\.json$/, async (route) => {
    const response = await route.fetch();
    const issue = await response.json();
    const item = issue.sections[0].groups?.[0]?.items?.[0] ?? issue.sections[0].items[0];
    item.body.push([
      { kind: 'link', href: 'https://kubernetes.io/', children: [{ kind: 'text', text: 'off the site' }] },
      { kind: 'text', text: ' · ' },
      { kind: 'link', href: '/tags/istio', children: [{ kind: 'text', text: 'on the site' }] },
    ]);
    await route.fulfill({ response, json: issue });
  });
  const frame = await openPortal(page);
  await frame.waitForSelector('article.item');
  assert.equal(await frame.locator('.site-header').count(), 0);
  assert.equal(await frame.locator('.site-footer').count(), 0);
  const open = frame.getByRole('link', { name: 'Open in Weekly (new tab)' });
  assert.equal(await open.getAttribute('href'), `${readerOrigin}/issues/3`);
  assert.equal(await open.getAttribute('target'), '_blank');
  assert.equal(await open.getAttribute('rel'), 'noopener noreferrer');
  const external = await frame.locator('article.item a[href^="http"]').evaluateAll((as) =>
    as.map((a) => `${a.getAttribute('target')} ${a.getAttribute('rel')}`),
  );
  assert.deepEqual(external, ['_blank noopener noreferrer']);
  assert.equal(await frame.getByRole('link', { name: 'on the site' }).getAttribute('target'), null);
  await frame.getByRole('link', { name: 'on the site' }).click();
  await frame.getByRole('heading', { level: 1, name: /Istio/ }).waitFor();
  const title = await page.locator('iframe').getAttribute('title');
  assert.ok(title.includes('Weekly'));
  page.assertClean();
  await page.close();
});

test('the frame takes its content’s height on load, after a filter change and after a language change', async () => {
  const page = await openPage(browser);
  const frame = await openPortal(page);
  await frame.waitForSelector('article.item');
  const full = await heightSettles(page, frame);
  await frame.locator('a.chip', { hasText: 'Recommended reading' }).click();
  await frame.waitForFunction(() => document.querySelectorAll('article.item').length < 18);
  const filtered = await heightSettles(page, frame);
  assert.ok(filtered < full - 200, `filtered ${filtered} vs full ${full}`);
  await page.evaluate(() => document.querySelector('[data-weekly-embed]').weeklyEmbed.navigate('/issues/3?lang=zh'));
  await frame.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await frame.waitForFunction(() => document.querySelectorAll('article.item').length === 18);
  const zh = await heightSettles(page, frame);
  assert.notEqual(zh, filtered);
  page.assertClean();
  await page.close();
});

test('navigation inside follows into the portal’s hash without growing its history, and the hash opens the route', async () => {
  const page = await openPage(browser);
  const frame = await openPortal(page);
  await frame.waitForSelector('article.item');
  const length = await page.evaluate(() => history.length);
  await frame.locator('li.tag a', { hasText: 'Istio' }).first().click();
  await frame.getByRole('heading', { level: 1, name: /Istio/ }).waitFor();
  await page.waitForFunction(() => location.hash === '#weekly=%2Ftags%2Fistio%2F');
  await frame.getByRole('link', { name: 'Open in Weekly (new tab)' }).waitFor();
  await frame.locator('a', { hasText: '云原生生态周报 Vol. 3' }).first().click();
  await page.waitForFunction(() => location.hash.startsWith('#weekly=%2Fissues%2F3'));
  assert.equal(await page.evaluate(() => history.length), length, 'the portal’s history grew');

  const again = await openPage(browser);
  const deep = await openPortal(again, 'portal.html', '#weekly=%2Ftags%2Fistio%2F');
  await deep.getByRole('heading', { level: 1, name: /Istio/ }).waitFor();
  assert.match(deep.url(), /\/tags\/istio\/?\?embed=1$/);
  // The parent drives it: to the glossary.
  await again.evaluate(() => document.querySelector('[data-weekly-embed]').weeklyEmbed.navigate('/glossary'));
  await deep.getByRole('heading', { level: 1, name: 'Glossary' }).waitFor();
  await again.waitForFunction(() => location.hash === '#weekly=%2Fglossary');
  page.assertClean();
  again.assertClean();
  await page.close();
  await again.close();
});

test('malformed messages, paths off the site, another window of the portal and a hostile origin change nothing', async () => {
  const page = await openPage(browser);
  const frame = await openPortal(page);
  await frame.waitForSelector('article.item');
  await page.evaluate((origin) => {
    const child = document.querySelector('iframe').contentWindow;
    for (const message of [
      'garbage',
      null,
      { type: 'weekly:navigate', path: '/tags' },
      { type: 'weekly:navigate', v: 2, path: '/tags' },
      { type: 'weekly:unknown', v: 1, path: '/tags' },
      { type: 'weekly:navigate', v: 1, path: 'https://evil.example/' },
      { type: 'weekly:navigate', v: 1, path: '//evil.example/' },
      { type: 'weekly:navigate', v: 1, path: '/\\evil.example' },
      { type: 'weekly:navigate', v: 1, path: 42 },
    ]) {
      child.postMessage(message, origin);
    }
  }, readerOrigin);
  // Another window of the allowed origin is not the parent.
  await page.evaluate((src) => {
    const other = document.createElement('iframe');
    other.title = 'other';
    other.src = src;
    document.body.append(other);
    return new Promise((resolve) => other.addEventListener('load', resolve));
  }, `${portal.origin}/other.html`);
  const other = page.frames().find((f) => f.url().endsWith('/other.html'));
  await other.evaluate((origin) => {
    window.parent.frames[0].postMessage({ type: 'weekly:navigate', v: 1, path: '/tags' }, origin);
  }, readerOrigin);
  await page.waitForTimeout(500);
  assert.match(frame.url(), /\/issues\/3\/?\?embed=1$/, 'a rejected message navigated the frame');
  assert.equal(await frame.locator('article.item').count(), 18);
  // Then a good message, so waiting for it proves the earlier ones were read and dropped.
  await page.evaluate(() => document.querySelector('[data-weekly-embed]').weeklyEmbed.navigate('/glossary'));
  await frame.getByRole('heading', { level: 1, name: 'Glossary' }).waitFor();
  assert.match(frame.url(), /\/glossary\/?$/);
  page.assertClean();
  await page.close();

  // A page on an origin the deploy does not allow hears nothing and drives nothing.
  const bad = await openPage(browser, {
    // Listening before anything loads, so no early message is missed.
    init: () => {
      if (window !== window.top) return;
      window.heard = [];
      window.addEventListener('message', (e) => window.heard.push(e.data));
    },
  });
  await bad.goto(`${hostile.origin}/hostile.html`);
  let framed;
  for (let i = 0; i < 100 && !(framed = readerFrame(bad)); i++) await bad.waitForTimeout(50);
  await framed.waitForSelector('article.item');
  await bad.evaluate((origin) => {
    document.querySelector('iframe').contentWindow.postMessage({ type: 'weekly:navigate', v: 1, path: '/tags' }, origin);
  }, readerOrigin);
  await bad.waitForTimeout(500);
  assert.match(framed.url(), /\/issues\/3\/?\?embed=1$/);
  assert.equal(await framed.locator('article.item').count(), 18);
  assert.deepEqual(await bad.evaluate(() => window.heard), []);
  bad.assertClean();
  await bad.close();
});

test('sandboxed without allow-same-origin, and with storage that throws: renders, sizes and navigates with no error', async () => {
  const sandboxed = await openPage(browser);
  const frame = await openPortal(sandboxed, 'sandboxed.html');
  await frame.waitForSelector('article.item');
  assert.equal(await frame.evaluate(() => window.origin), 'null');
  await heightSettles(sandboxed, frame);
  await frame.locator('li.tag a', { hasText: 'Istio' }).first().click();
  await frame.getByRole('heading', { level: 1, name: /Istio/ }).waitFor();
  await sandboxed.waitForFunction(() => location.hash === '#weekly=%2Ftags%2Fistio%2F');
  sandboxed.assertClean();
  await sandboxed.close();

  const blocked = await openPage(browser, {
    init: () => {
      if (window === window.top) return;
      for (const name of ['localStorage', 'sessionStorage']) {
        Object.defineProperty(window, name, {
          get() {
            throw new DOMException('The operation is insecure.', 'SecurityError');
          },
        });
      }
    },
  });
  const inner = await openPortal(blocked);
  await inner.waitForSelector('article.item');
  await inner.locator('li.tag a', { hasText: 'Istio' }).first().click();
  await inner.getByRole('heading', { level: 1, name: /Istio/ }).waitFor();
  await heightSettles(blocked, inner);
  blocked.assertClean();
  await blocked.close();
});

test('axe finds no violations on the portal page and inside the frame', async () => {
  const page = await openPage(browser);
  const frame = await openPortal(page);
  await frame.waitForSelector('article.item');
  const { violations } = await new AxeBuilder({ page }).analyze();
  assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  page.assertClean();
  await page.close();
});

test('the resize message arrives within one frame of a content change', async () => {
  const page = await openPage(browser);
  const frame = await openPortal(page);
  await frame.waitForSelector('article.item');
  await heightSettles(page, frame);
  await page.evaluate(() => {
    window.resizes = [];
    window.addEventListener('message', (e) => {
      if (e.data?.type === 'weekly:resize') window.resizes.push(performance.timeOrigin + performance.now());
    });
  });
  const changedAt = await frame.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'x';
    p.style.setProperty('height', '300px');
    document.querySelector('main').append(p);
    return performance.timeOrigin + performance.now();
  });
  await page.waitForFunction(() => window.resizes.length > 0);
  const delay = (await page.evaluate(() => window.resizes[0])) - changedAt;
  console.log(`# resize message ${delay.toFixed(1)} ms after the change`);
  assert.ok(delay < 50, `resize took ${delay} ms`);
  page.assertClean();
  await page.close();
});

test('theme and lang parameters, and the example portal page that ships in the build', async () => {
  const page = await openPage(browser, { locale: 'en-US' });
  const frame = await openPortal(page, 'dark-zh.html');
  await frame.waitForSelector('article.item');
  assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'zh-CN');
  await frame.getByRole('link', { name: '在新标签页中打开周报' }).waitFor();
  assert.equal(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(18, 20, 23)');
  page.assertClean();
  await page.close();

  // The example portal, on the reader's own origin (allowed without a setting).
  const example = await openPage(browser);
  await example.goto(`${readerOrigin}/embed-example.html`);
  let inner;
  for (let i = 0; i < 100 && !(inner = example.frames().find((f) => f !== example.mainFrame())); i++) await example.waitForTimeout(50);
  await inner.waitForSelector('.archive-entry');
  await heightSettles(example, inner);
  example.assertClean();
  await example.close();
});

test('the embed view loads no more bytes than the full reader', async () => {
  const measure = async (url, framed) => {
    // Without the full reader's service worker, whose installation would add its precache.
    const page = await openPage(browser, { serviceWorkers: 'block' });
    const pending = [];
    page.on('requestfinished', (r) => {
      if (r.url().startsWith(readerOrigin) && !r.url().endsWith('/embed.js')) {
        pending.push(r.sizes().then((s) => s.responseBodySize));
      }
    });
    if (framed) {
      const frame = await openPortal(page);
      await frame.waitForSelector('article.item');
    } else {
      await page.goto(url);
      await page.waitForSelector('article.item');
    }
    await page.waitForTimeout(300);
    const bytes = (await Promise.all(pending)).reduce((a, b) => a + b, 0);
    await page.close();
    return bytes;
  };
  const full = await measure(`${readerOrigin}/issues/3`, false);
  const embedded = await measure(null, true);
  console.log(`# bytes transferred: full reader ${full}, embed view ${embedded}`);
  assert.ok(embedded <= full, `the embed view loaded ${embedded} bytes, the full reader ${full}`);
});
