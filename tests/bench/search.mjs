// Search, ours and Pagefind's, side by side in one run, in headless Chromium.
// A benchmark, not a test: scripts/bench.sh runs it and BENCHMARKS.md
// records the figures.
//
//   node tests/bench/search.mjs <our corpus site> <Pagefind corpus site> \
//     [<Pagefind Vol. 3 per-item site> <Vol. 3 data dir> [<our Vol. 3 site>]]
//
// Bytes are what a host sends: our JSON brotli-compressed (-q 11); Pagefind's
// files as they are on disk when already gzip-compressed (its index, fragments
// and wasm), else brotli-compressed (its JavaScript).
import { launch, serve, openPage } from '../e2e/harness.mjs';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [ours, pagefindCorpus, pagefindVol3, vol3Data, oursVol3] = process.argv.slice(2);
// Cold and warm queries on the corpus: exact strings, then two Chinese words
// apart and an English word form (issue 13).
const QUERIES = ['负载均衡', '共享内存', 'Envoy', 'knative', 'Envoy 负载均衡', '安全', '服务网格', '事件过滤', 'filters'];
// Everyday queries over Vol. 3 with the item a reader wants (crates/compiler/tests/search.rs
// checks ours natively with the same file).
const EVERYDAY = JSON.parse(fs.readFileSync(new URL('../fixtures/queries.json', import.meta.url), 'utf8'));
const SHOWN = 10; // results presented with their text, ours and Pagefind's
const RUNS = 30;

const wireCache = new Map();
function wireBytes(root, urlPath) {
  const file = path.join(root, decodeURIComponent(urlPath.split('?')[0]));
  if (!wireCache.has(file)) {
    const raw = fs.readFileSync(file);
    const gz = raw[0] === 0x1f && raw[1] === 0x8b;
    wireCache.set(file, gz ? raw.length : zlib.brotliCompressSync(raw, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length);
  }
  return wireCache.get(file);
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: +q(0.5).toFixed(2), p95: +q(0.95).toFixed(2) };
};

function recorder(page, origin, root, kind) {
  const seen = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin)) return;
    const p = new URL(r.url()).pathname;
    seen.push({ path: p, kind: kind(p), bytes: wireBytes(root, p) });
  });
  return {
    reset: () => seen.splice(0),
    summary: () => {
      const by = {};
      for (const r of seen) {
        by[r.kind] ??= { requests: 0, bytes: 0 };
        by[r.kind].requests++;
        by[r.kind].bytes += r.bytes;
      }
      return by;
    },
  };
}

/** What identifies a query's results on screen, read without forcing layout. */
const signature = () =>
  [document.querySelector('.search-status')?.textContent,
    ...[...document.querySelectorAll('.search-result')].map((li) => li.textContent)].join('|');

const browser = await launch();
const report = { ours: {}, pagefind: {} };

// ---- ours: cold queries, then keystroke-to-results on a warm index
{
  const site = await serve(ours, { spa: true });
  const ourKind = (p) =>
    p.startsWith('/data/search/') ? 'index' : p.startsWith('/data/issues/') ? 'result text' : 'other';
  const signatures = {};
  for (const q of QUERIES) {
    const page = await openPage(browser);
    await page.goto(`${site.origin}/`);
    await page.waitForSelector('.archive-list, .latest');
    const rec = recorder(page, site.origin, ours, ourKind);
    rec.reset();
    await page.fill('#search-input', q);
    await page.waitForFunction(() => /\d/.test(document.querySelector('.search-status')?.textContent ?? ''));
    signatures[q] = await page.evaluate(signature);
    report.ours[q] = { cold: rec.summary(), results: await page.textContent('.search-status') };
    await page.close();
  }
  // Warm: every query's files loaded, then alternate between queries.
  const page = await openPage(browser, {
    init: () => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; }),
  });
  await page.goto(`${site.origin}/search`);
  for (const q of QUERIES) {
    await page.fill('#search-input', q);
    await page.waitForFunction(() => /\d/.test(document.querySelector('.search-status')?.textContent ?? ''));
  }
  // Each measurement types one query over the previous one, as a reader
  // does; the clock stops when the DOM holds the new results.
  const times = [];
  const byQuery = {};
  for (let i = 0; i < RUNS; i++) {
    for (const q of QUERIES) {
      times.push(await page.evaluate(([q, want, sig]) => new Promise((resolve) => {
        const signature = new Function(`return (${sig})()`);
        const input = document.querySelector('#search-input');
        const main = document.querySelector('main');
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (signature() === want) { observer.disconnect(); resolve(performance.now() - start); }
        });
        observer.observe(main, { subtree: true, childList: true, characterData: true });
        input.value = q;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }), [q, signatures[q], signature.toString()]));
      (byQuery[q] ??= []).push(times.at(-1));
    }
  }
  report.ours.latency = stats(times);
  report.ours.latencyByQuery = Object.fromEntries(Object.entries(byQuery).map(([q, t]) => [q, stats(t).median]));
  const memory = () => page.evaluate(() => window.__wasm?.memory?.buffer.byteLength ?? null);
  report.ours.wasmMemoryBytes = await memory();
  // A long session: 150 more distinct queries (every bigram of a long
  // sentence, and words), each waited for; the shard and issue caches are
  // bounded, so memory must level off.
  const sentence = '目前Envoy可以用于进行负载均衡决策的信息主要是权重和连接数等信息为了能让Envoy的负载均衡更加精准需要为Envoy提供更多的决策因素比如本地和远程机器的负载情况容器服务控制台更新相应的信息或者阿里云容器镜像服务企业版提供网络访问控制独享加密存储等安全加固功能最大程度保障您的镜像仓库的安全';
  const cjk = [...sentence].filter((c) => c > '\u3000');
  const many = [...new Set(cjk.slice(0, -1).map((c, i) => c + cjk[i + 1]))].slice(0, 150);
  for (const q of many) {
    await page.fill('#search-input', q);
    await page.waitForFunction(() => /\d|No results/.test(document.querySelector('.search-status')?.textContent ?? ''));
  }
  report.ours.longSession = { queries: many.length, wasmMemoryBytes: await memory() };
  await page.close();
  await site.close();
}

// ---- Pagefind on the same corpus: cold queries and warm latency
{
  const site = await serve(pagefindCorpus);
  const pfKind = (p) => {
    if (!p.startsWith('/pagefind/')) return 'other';
    if (/\.pf_fragment$/.test(p)) return 'result text';
    if (/pagefind\.js$|wasm\..*\.pagefind$|pagefind-worker/.test(p)) return 'code';
    return 'index';
  };
  const run = (page, q) => page.evaluate(async ([q, shown]) => {
    window.pf ??= await import('/pagefind/pagefind.js');
    const t0 = performance.now();
    const search = await window.pf.search(q);
    await Promise.all(search.results.slice(0, shown).map((r) => r.data()));
    return { count: search.results.length, ms: performance.now() - t0 };
  }, [q, SHOWN]);
  for (const q of QUERIES) {
    const page = await openPage(browser);
    await page.goto(`${site.origin}/index.html`);
    const rec = recorder(page, site.origin, pagefindCorpus, pfKind);
    rec.reset();
    const { count } = await run(page, q);
    report.pagefind[q] = { cold: rec.summary(), results: count };
    await page.close();
  }
  const page = await openPage(browser);
  await page.goto(`${site.origin}/index.html`);
  for (const q of QUERIES) await run(page, q);
  const times = [];
  for (let i = 0; i < RUNS; i++) for (const q of QUERIES) times.push((await run(page, q)).ms);
  report.pagefind.latency = stats(times);
  await page.close();
  await site.close();
}

// ---- Pagefind's recall on the Vol. 3 substring test (ours: cargo test -p weekly-compiler --test search)
if (pagefindVol3) {
  const site = await serve(pagefindVol3);
  const page = await openPage(browser);
  await page.goto(`${site.origin}/index.html`);
  const issuesDir = path.join(vol3Data, 'issues');
  const issue = JSON.parse(fs.readFileSync(path.join(issuesDir, fs.readdirSync(issuesDir)[0]), 'utf8'));
  const cjk = (c) => /[\u2E80-\u2FDF\u3000-\u303F\u3040-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u{20000}-\u{3FFFF}]/u.test(c) && /[\p{L}\p{N}]/u.test(c);
  const plain = (nodes) => nodes.map((n) => (n.text !== undefined ? n.text : n.children ? plain(n.children) : '')).join('');
  // The item's label, as `Item::label` gives it (and the Rust test uses).
  const label = (item) => {
    const title = plain(item.title ?? []).trim();
    if (title) return title;
    const body = plain(item.body?.[0] ?? []);
    const end = body.search(/[。!?！？]/);
    return (end >= 0 ? body.slice(0, end + 1) : body).slice(0, 40).trim();
  };
  let total = 0;
  let found = 0;
  const misses = [];
  for (const section of issue.sections) for (const group of section.groups) for (const item of group.items) {
    const chars = [...label(item)];
    for (let i = 0; i < chars.length;) {
      if (!cjk(chars[i])) { i++; continue; }
      const start = i;
      while (i < chars.length && cjk(chars[i])) i++;
      const run = chars.slice(start, i);
      for (let len = 2; len <= Math.min(6, run.length); len++) {
        for (let from = 0; from + len <= run.length; from++) {
          const q = run.slice(from, from + len).join('');
          const urls = await page.evaluate(async (q) => {
            window.pf ??= await import('/pagefind/pagefind.js');
            const s = await window.pf.search(q);
            return Promise.all(s.results.map(async (r) => (await r.data()).url));
          }, q);
          total++;
          if (urls.some((u) => u.includes(`/${item.id}/`))) found++;
          else misses.push(q);
        }
      }
    }
  }
  report.pagefind.recall = { total, found, rate: +(found / total).toFixed(4), someMisses: misses.slice(0, 12) };
  // Everyday queries: the wanted item among the first 10 results, and first.
  const everyday = { queries: EVERYDAY.length, top10: 0, first: 0, misses: [] };
  for (const [q, id] of EVERYDAY) {
    const urls = await page.evaluate(async (q) => {
      window.pf ??= await import('/pagefind/pagefind.js');
      const s = await window.pf.search(q);
      return Promise.all(s.results.slice(0, 10).map(async (r) => (await r.data()).url));
    }, q);
    const at = urls.findIndex((u) => u.includes(`/${id}/`));
    if (at >= 0) everyday.top10++;
    else everyday.misses.push(q);
    if (at === 0) everyday.first++;
  }
  report.pagefind.everyday = everyday;
  await page.close();
  await site.close();
}

// ---- ours on the same everyday queries, in the release build of Vol. 3
if (oursVol3) {
  const site = await serve(oursVol3, { spa: true });
  const page = await openPage(browser);
  const everyday = { queries: EVERYDAY.length, top10: 0, first: 0, misses: [] };
  for (const [q, id] of EVERYDAY) {
    await page.goto(`${site.origin}/search?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => /\d/.test(document.querySelector('.search-status')?.textContent ?? '') ||
      /No results|没有找到/.test(document.querySelector('.search-status')?.textContent ?? ''));
    const ids = await page.$$eval('.search-result a.result-link', (as) => as.slice(0, 10).map((a) => a.getAttribute('href').split('#')[1]));
    const at = ids.indexOf(id);
    if (at >= 0) everyday.top10++;
    else everyday.misses.push(q);
    if (at === 0) everyday.first++;
  }
  report.ours.everyday = everyday;
  await page.close();
  await site.close();
}

await browser.close();
console.log(JSON.stringify(report, null, 2));
