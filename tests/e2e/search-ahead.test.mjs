// A shared search link asks for the query's index files at once, beside the
// app's code (src/render/search_ahead.js, in every page's loader):
// - the script's shard choice equals the app's first pass on every case of
//   tests/fixtures/search-ahead.json (crates/core/tests/search_ahead.rs
//   checks the app's side against the same file);
// - in a page, it preloads exactly those files, only on the search route
//   under the site's base, where the page's head says the index is;
// - in Chromium on the release build, each of those files is fetched once
//   (the app's own request is answered by the preload), before the main
//   wasm has arrived, and so is the search code; results show.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createServer } from './serve.mjs';
import { launch, openPage, DIST } from './harness.mjs';

const ROOT = path.dirname(DIST);
const SCRIPT = fs.readFileSync(path.join(ROOT, 'src/render/search_ahead.js'), 'utf8');
const FIXTURE = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/search-ahead.json'), 'utf8'));

/**
 * Runs the script as a page at `url` (base `base`, its head saying `index`:
 * "<shards>.<hash>" per segment, or nothing) would; resolves to the hrefs it
 * preloads.
 */
async function preloads(url, { base = '/', index = '97.0123456789abcdef', fold = null } = {}) {
  const address = new URL(url);
  const links = [];
  const metas = { 'meta[name="weekly-search-index"]': index, 'meta[name="weekly-search-fold"]': fold };
  const document = {
    baseURI: new URL(base, address).href,
    querySelector: (selector) => (metas[selector] != null ? { content: metas[selector] } : null),
    createElement: () => ({}),
    head: { append: (link) => links.push(link) },
  };
  // No network: the script must not need one.
  const fetch = () => {
    throw new Error('the script fetched something');
  };
  const context = vm.createContext({ document, location: address, URL, URLSearchParams, TextEncoder, fetch });
  vm.runInContext(SCRIPT, context);
  for (const link of links) assert.deepEqual([link.rel, link.as, link.crossOrigin], ['preload', 'fetch', 'anonymous']);
  // Arrays of the page's realm, as arrays of this one.
  return { hrefs: links.map((l) => l.href), shards: (search, n) => [...context.weeklySearchShards(search, n)] };
}

test('the script picks the shards the app’s first pass reads, for every case of the fixture', async () => {
  const { shards } = await preloads('https://example.org/');
  assert.ok(FIXTURE.cases.length >= 20);
  for (const { search, expected } of FIXTURE.cases) {
    for (const [n, want] of Object.entries(expected)) {
      assert.deepEqual(shards(search, Number(n)), want, `${search} over ${n} shards`);
    }
  }
});

test('a Chinese query asks for the fold file too (traditional characters), a Latin one does not', async () => {
  const fold = 'fedcba9876543210';
  const href = (file) => `https://example.org/data/search/${file}`;
  for (const q of ['負載均衡', '负载均衡']) {
    const want = FIXTURE.cases.find((c) => c.search === `?q=${q}`).expected['97'];
    assert.deepEqual((await preloads(`https://example.org/search/?q=${q}`, { fold })).hrefs,
      [...want.map((n) => href(`${n}.0123456789abcdef.json`)), href(`fold.${fold}.json`)]);
  }
  const istio = FIXTURE.cases.find((c) => c.search === '?q=istio').expected['97'];
  assert.deepEqual((await preloads('https://example.org/search/?q=istio', { fold })).hrefs,
    istio.map((n) => href(`${n}.0123456789abcdef.json`)));
  // A fold that is not a hash is never asked for.
  assert.ok((await preloads('https://example.org/search/?q=负载', { fold: '../../x' })).hrefs.every((h) => !h.includes('fold')));
});

test('in a page: only a search link under the base preloads, where its head says the index is', async () => {
  const want = FIXTURE.cases.find((c) => c.search === '?q=Istio+负载均衡').expected['97'];
  const hrefs = (base) => want.map((n) => `https://example.org${base}data/search/${n}.0123456789abcdef.json`);
  assert.deepEqual((await preloads('https://example.org/search/?q=Istio+负载均衡')).hrefs, hrefs('/'));
  assert.deepEqual((await preloads('https://example.org/search?q=Istio+负载均衡')).hrefs, hrefs('/'));
  assert.deepEqual((await preloads('https://example.org/weekly/search/?q=Istio+负载均衡', { base: '/weekly/' })).hrefs, hrefs('/weekly/'));
  // Every segment's shards, each under its segment's hash.
  const small = FIXTURE.cases.find((c) => c.search === '?q=Istio+负载均衡').expected['1'];
  assert.deepEqual(
    (await preloads('https://example.org/search/?q=Istio+负载均衡', { index: '97.0123456789abcdef 1.fedcba' })).hrefs,
    [...hrefs('/'), ...small.map((n) => `https://example.org/data/search/${n}.fedcba.json`)],
  );
  // Not a search link: another route, another base, nothing asked, no index.
  for (const [url, options] of [
    ['https://example.org/tags/search/?q=istio', {}],
    ['https://example.org/search/?q=istio', { base: '/weekly/' }],
    ['https://example.org/search/', {}],
    ['https://example.org/search/?q=+++', {}],
    ['https://example.org/search/?q=istio', { index: null }],
    ['https://example.org/search/?q=istio', { index: '' }],
    ['https://example.org/search/?q=istio', { index: '0.ab' }],
    ['https://example.org/search/?q=istio', { index: '3.../../x' }],
    ['https://example.org/search/?q=istio', { index: 'x.0123' }],
    ['https://example.org/search/?q=istio', { index: '97 0123' }],
    ['https://example.org/search/?q=istio', { index: '97.0123 3.zz' }],
  ]) {
    assert.deepEqual((await preloads(url, options)).hrefs, [], `${url} ${JSON.stringify(options)}`);
  }
});

let browser;
let site;
before(async () => {
  browser = await launch();
  site = await new Promise((resolve) => {
    const server = createServer(DIST, { spa: true });
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.server.close(resolve));
});

for (const q of ['istio', '负载均衡']) {
  test(`a shared link to /search/?q=${q} asks for its index files and the search code beside the main wasm, each once`, async () => {
    const page = await openPage(browser);
    const requests = [];
    page.on('request', (r) => requests.push({ url: new URL(r.url()).pathname, request: r }));
    const unused = [];
    page.on('console', (m) => {
      if (/preload/i.test(m.text())) unused.push(m.text());
    });
    try {
      await page.goto(`${site.origin}/search/?q=${encodeURIComponent(q)}`);
      await page.locator('.search-results a.result-link').first().waitFor({ timeout: 15_000 });
      // A preload nobody used would be a wasted request (Chromium warns of it after a few seconds).
      await page.waitForTimeout(3500);
      const shards = requests.filter((r) => /^\/data\/search\//.test(r.url));
      const wasm = requests.find((r) => /^\/weekly-[0-9a-f]+_bg\.wasm$/.test(r.url));
      const chunk = requests.filter((r) => /^\/split_search-[0-9a-f]+\.wasm$/.test(r.url));
      assert.ok(shards.length > 0, 'no index file was fetched');
      assert.ok(wasm, 'no main wasm was fetched');
      const wasmDone = (await wasm.request.response()) && wasm.request.timing().responseEnd + wasm.request.timing().startTime;
      const counts = {};
      for (const r of shards) counts[r.url] = (counts[r.url] ?? 0) + 1;
      assert.deepEqual(Object.values(counts).filter((n) => n > 1), [], `an index file was fetched twice: ${JSON.stringify(counts)}`);
      assert.equal(chunk.length, 1, `the search code was fetched ${chunk.length} times`);
      for (const r of [...shards, ...chunk]) {
        const started = r.request.timing().startTime;
        assert.ok(started < wasmDone, `${r.url} was asked for after the main wasm had arrived`);
      }
      assert.deepEqual(unused, [], 'a preloaded file went unused');
      await page.assertClean();
    } finally {
      await page.close();
    }
  });
}
