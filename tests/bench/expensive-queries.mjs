// Expensive queries once their index files are loaded (issue 33: within
// 50 ms on the 1,000-issue corpus, measured in the browser): 200 of the
// corpus's most common Chinese characters as one run, and its 50 most
// common short English words. A benchmark, not a test.
//
//   node tests/bench/expensive-queries.mjs <site with the corpus's data> <corpus sources>
//
// For each query: open `/search/?q=…`, wait until its results (or "no
// results") show, then RUNS times type a cheap query and the expensive one
// again, timing from the input event to the DOM holding the expensive
// query's results.
import { launch, serve, openPage } from '../e2e/harness.mjs';
import fs from 'node:fs';
import path from 'node:path';

const [siteDir, sources] = process.argv.slice(2);
if (!siteDir || !sources) throw new Error('usage: node tests/bench/expensive-queries.mjs SITE SOURCES');
const RUNS = Number(process.env.RUNS ?? 15);

// The corpus's text, as its Markdown sources hold it.
const text = fs.readdirSync(sources).filter((f) => f.endsWith('.md')).map((f) => fs.readFileSync(path.join(sources, f), 'utf8')).join('\n');
const top = (items, n) => {
  const counts = new Map();
  for (const x of items) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, n).map(([x]) => x);
};
const chinese = top(text.match(/[\u4e00-\u9fff]/g) ?? [], 200).join('');
const english = top((text.match(/[A-Za-z]+/g) ?? []).map((w) => w.toLowerCase()).filter((w) => w.length <= 3), 50).join(' ');
const QUERIES = { '200 common Chinese characters': chinese, '50 short English words': english, 'a word (for scale)': '负载均衡' };

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1), max: +s.at(-1).toFixed(1) };
};
const settled = () => /\d|没有找到|No results/.test(document.querySelector('.search-status')?.textContent ?? '');
const signature = () =>
  [document.querySelector('.search-status')?.textContent,
    ...[...document.querySelectorAll('.search-result')].map((li) => li.textContent)].join('|');

const browser = await launch();
const site = await serve(siteDir, { spa: true });
const report = {};
for (const [name, q] of Object.entries(QUERIES)) {
  const page = await openPage(browser);
  let files = 0;
  page.on('request', (r) => { if (r.url().includes('/data/search/')) files++; });
  await page.goto(`${site.origin}/search/?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(settled, null, { timeout: 120_000 });
  const want = await page.evaluate(signature);
  // The cheap query's files too, before timing.
  await page.fill('#search-input', 'envoy');
  await page.waitForFunction(settled);
  const times = [];
  const other = ([w, sig]) => new Function(`return (${sig})()`)() !== w;
  for (let i = 0; i < RUNS; i++) {
    await page.fill('#search-input', 'envoy');
    await page.waitForFunction(other, [want, signature.toString()]);
    await page.waitForFunction(settled);
    times.push(await page.evaluate(([q, want, sig]) => new Promise((resolve) => {
      const signature = new Function(`return (${sig})()`);
      const input = document.querySelector('#search-input');
      const start = performance.now();
      const observer = new MutationObserver(() => {
        if (signature() === want) { observer.disconnect(); resolve(performance.now() - start); }
      });
      observer.observe(document.querySelector('main'), { subtree: true, childList: true, characterData: true });
      input.value = q;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }), [q, want, signature.toString()]));
  }
  report[name] = { chars: [...q].length, indexFiles: files, status: want.split('|')[0], ms: stats(times) };
  await page.close();
}
await site.close();
await browser.close();
console.log(JSON.stringify(report, null, 2));
