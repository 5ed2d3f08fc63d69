// Code on demand (issue 16): the release build splits search, the tag pages
// and the glossary pages off the first wasm (scripts/split.mjs). A reader of
// issues never fetches them; each arrives once, read ahead on intent, and a
// chunk that fails to load is a typed error with Retry, never an abort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openPage, serve, useSite, watchTakeover, DIST, DIST_SUBPATH } from './harness.mjs';

let browser, site;
useSite((b, s) => { browser = b; site = s; });

const CHUNK = /\/(split|chunk)_[^/]*\.wasm$/;
const chunkName = (url) => new URL(url).pathname.split('/').pop().replace(/-[0-9a-f]{8,16}\.wasm$/, '');

/**
 * The pages' chunks the page requests (`split_<name>`, without the build's
 * hash); `all` holds every wasm chunk requested (a shared `chunk_<n>` file
 * would be one more request: the build bundles them into the pages' chunks),
 * and no chunk is requested twice.
 */
const chunkRequests = (page) => {
  const seen = [];
  seen.all = [];
  page.on('request', (r) => {
    if (!CHUNK.test(new URL(r.url()).pathname)) return;
    const name = chunkName(r.url());
    // The reading history's code comes to every page after its load (the
    // test below); these tests are about the pages' own code.
    if (name === 'split_memory') return;
    assert.ok(!seen.all.includes(name), `${name} requested twice`);
    seen.all.push(name);
    if (name.startsWith('split_')) seen.push(name);
  });
  return seen;
};

test('the build splits search, tags, the glossary with the term tooltip, the offline prompts, the shortcuts list and the reading history into chunks of their own', () => {
  const chunks = fs.readdirSync(DIST).filter((f) => CHUNK.test('/' + f)).map((f) => chunkName(`http://x/${f}`)).sort();
  // Code the pages on demand share travels inside each page's chunk: no
  // file of its own, so a page on demand costs one request.
  assert.deepEqual(chunks, ['split_glossary', 'split_keys', 'split_memory', 'split_offline', 'split_search', 'split_tags']);
});

test('the reading history’s code arrives after the page has loaded, not in the first load', async () => {
  for (const path of ['/', '/issues/3/']) {
    const page = await openPage(browser, { serviceWorkers: 'block' });
    await page.goto(site.origin + path);
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('split_memory')));
    const [loaded, fetched] = await page.evaluate(() => [
      performance.getEntriesByType('navigation')[0].loadEventEnd,
      performance.getEntriesByType('resource').find((e) => e.name.includes('split_memory')).startTime,
    ]);
    assert.ok(loaded > 0 && fetched > loaded, `${path}: the history's code was requested at ${fetched} ms, the page loaded at ${loaded} ms`);
    page.assertClean();
    await page.close();
  }
});

test('a reader of issues fetches no chunk; each page fetches its own once', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  const chunks = chunkRequests(page);
  await page.goto(site.origin + '/issues/3/');
  await page.getByRole('link', { name: 'Previous issue' }).or(page.getByRole('link', { name: /Vol\. 2/ })).first().click();
  await page.waitForFunction(() => location.pathname !== '/issues/3/');
  await page.goBack();
  await page.waitForSelector('article.item');
  assert.deepEqual(chunks.all, [], 'an issue reader fetched code it does not need');

  await page.getByRole('navigation').getByRole('link', { name: 'Tags' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tags' }).waitFor();
  await page.getByRole('link', { name: /^Envoy/ }).first().click();
  await page.getByRole('heading', { level: 1, name: /Envoy/ }).waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Glossary' }).click();
  await page.getByRole('heading', { level: 1, name: 'Glossary' }).waitFor();
  await page.locator('#search-input').fill('envoy');
  await page.waitForSelector('.search-result');
  assert.deepEqual([...chunks].sort(), ['split_glossary', 'split_search', 'split_tags']);
  assert.deepEqual(chunks.all, [...chunks], 'a page on demand cost more than one request');
  page.assertClean();
  await page.close();
});

test('the code is read ahead on intent: focus in the search box, the pointer resting on a link, keyboard focus on a link', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  const chunks = chunkRequests(page);
  await page.goto(site.origin + '/issues/3/');
  await page.focus('#search-input');
  await page.waitForResponse((r) => CHUNK.test(new URL(r.url()).pathname));
  assert.deepEqual([...chunks], ['split_search'], 'focus reads search ahead, before a key is typed');
  await page.getByRole('navigation').getByRole('link', { name: 'Glossary' }).hover();
  await page.waitForResponse((r) => chunkName(r.url()) === 'split_glossary');
  assert.deepEqual([...chunks], ['split_search', 'split_glossary']);
  // Keyboard focus reads a page's code ahead (three chunks in all), never
  // its data: Tab passes over many links on the way to one.
  const data = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/data/tags/')) data.push(r.url()); });
  await page.waitForFunction(() => !document.getElementById('shell'));
  const tagsCode = page.waitForResponse((r) => chunkName(r.url()) === 'split_tags');
  await page.getByRole('main').getByRole('link', { name: /^Docker/ }).first().focus();
  await tagsCode;
  assert.deepEqual([...chunks], ['split_search', 'split_glossary', 'split_tags']);
  // A file read ahead would have been asked for in the same handler, before
  // the chunk's answer came.
  assert.deepEqual(data, [], 'focus alone read a tag page ahead');
  // Enter opens the tag page (its file is read on the way: focus read none)
  // with the code fetched on focus, not fetched again.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.pathname === '/tags/docker/' && !!document.querySelector('.item-refs li'));
  assert.deepEqual([...chunks], ['split_search', 'split_glossary', 'split_tags']);
  page.assertClean();
  await page.close();
});

for (const base of ['/', '/weekly/']) {
  test(`a page on demand whose code is not here yet reads its file while the code arrives, not after (under ${base})`, async () => {
    const sub = base === '/' ? null : await serve(DIST_SUBPATH, { base, spa: true });
    const origin = (sub ?? site).origin;
    const page = await openPage(browser, { serviceWorkers: 'block' });
    // The chunk is held back until the page's file has been asked for.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let chunkServed = false;
    await page.route(CHUNK, async (route) => {
      await held;
      chunkServed = true;
      await route.continue();
    });
    await page.goto(`${origin}${base}issues/3/`);
    await page.waitForFunction(() => !document.getElementById('shell'));
    // A keyboard reader: focus reads the code ahead (held), never the file.
    const file = page.waitForRequest((r) => new URL(r.url()).pathname.startsWith(`${base}data/tags/docker`), { timeout: 5000 });
    await page.getByRole('main').getByRole('link', { name: /^Docker/ }).first().focus();
    await page.keyboard.press('Enter');
    await file;
    assert.equal(chunkServed, false, 'the file was read only after the code came');
    release();
    await page.waitForFunction((base) => location.pathname === `${base}tags/docker/` && !!document.querySelector('.item-refs li'), base);
    page.assertClean();
    await page.close();
    await sub?.close();
  });
}

test('a deep link to a page on demand takes over without "Loading…" or a shift', async () => {
  for (const route of ['/search/?q=envoy', '/glossary/kep/', '/tags/envoy/']) {
    const page = await openPage(browser, { serviceWorkers: 'block', init: watchTakeover });
    const chunks = chunkRequests(page);
    await page.goto(site.origin + route);
    const { cls, loadingSeen } = await page.evaluate(() => ({ cls: window.__cls, loadingSeen: window.__loadingSeen }));
    assert.equal(loadingSeen, false, `${route}: "Loading…" was on screen`);
    assert.equal(cls, 0, `${route}: layout shift ${cls}`);
    assert.equal(chunks.all.length, 1, `${route}: ${chunks.all.join(', ')}`);
    assert.equal(chunks.length, 1, `${route}: ${chunks.join(', ')}`);
    // The page on screen is the app's, built from the chunk.
    assert.equal(await page.evaluate(() => !!document.getElementById('shell')), false);
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, route);
    page.assertClean();
    await page.close();
  }
});

/** A page whose chunk requests fail until `recover()`. */
async function pageWithFailingChunks() {
  // The split loader logs the failed fetch to the console.
  const page = await openPage(browser, { serviceWorkers: 'block', allow: [/split module|Failed to fetch|ERR_FAILED|TypeError/] });
  let failing = true;
  await page.route(CHUNK, (route) => (failing ? route.abort('failed') : route.continue()));
  return { page, recover: () => { failing = false; } };
}

test('a chunk that fails to load shows the error with Retry, and Retry recovers', async () => {
  const { page, recover } = await pageWithFailingChunks();
  await page.goto(site.origin + '/issues/3/');
  await page.getByRole('navigation').getByRole('link', { name: 'Glossary' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /did not load/);
  // A redeploy may have removed the old build's chunk: reloading is offered too.
  await alert.getByRole('button', { name: 'Reload the page' }).waitFor();
  recover();
  await alert.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('heading', { level: 1, name: 'Glossary' }).waitFor();
  assert.equal(await page.getByRole('alert').count(), 0);
  // The rest of the app kept working throughout.
  await page.getByRole('navigation').getByRole('link', { name: 'Archive' }).click();
  await page.waitForSelector('.archive-entry');
  page.assertClean();
  await page.close();
});

test("a term's tooltip: its code (the glossary's chunk, which the term's link reads ahead anyway) comes on hover, once", async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  const chunks = chunkRequests(page);
  await page.goto(site.origin + '/issues/3/');
  await page.waitForFunction(() => !document.getElementById('shell'));
  assert.deepEqual(chunks.all, [], 'the issue page fetched code before a term was hovered');
  const terms = page.locator('article.item a.term');
  const code = page.waitForResponse((r) => chunkName(r.url()) === 'split_glossary');
  await terms.first().hover();
  await code;
  await page.getByRole('tooltip').waitFor();
  await page.mouse.move(0, 0);
  await page.getByRole('tooltip').waitFor({ state: 'detached' });
  await terms.nth(1).hover();
  await page.getByRole('tooltip').waitFor();
  assert.deepEqual(chunks.all, ['split_glossary']);
  page.assertClean();
  await page.close();
});

test("a tooltip whose code fails to load shows the reason and Retry without moving the text, and recovers", async () => {
  const { page, recover } = await pageWithFailingChunks();
  await page.goto(site.origin + '/issues/3/');
  await page.waitForFunction(() => !document.getElementById('shell'));
  const term = page.locator('article.item a.term').first();
  await term.scrollIntoViewIfNeeded();
  const before = await term.boundingBox();
  await term.hover();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /did not load/);
  assert.deepEqual(await term.boundingBox(), before, 'the error moved the text');
  // The pointer can reach Retry: the box keeps the tooltip open.
  recover();
  await alert.getByRole('button', { name: 'Retry' }).click();
  await page.waitForFunction(() => !document.querySelector('.part-error'));
  await term.hover();
  await page.getByRole('tooltip').waitFor();
  assert.equal(await page.getByRole('alert').count(), 0);
  page.assertClean();
  await page.close();
});
