// Traditional and simplified queries, ours and Pagefind's, on Vol. 3 (one
// Pagefind page per item): how many results each finds, and whether the
// traditional query's first result is the simplified one's. A benchmark, not a
// test (crates/compiler/tests/search.rs asserts ours):
//   node tests/bench/pagefind-site.mjs dist/data target/pagefind-vol3 --per-item
//   pagefind --site target/pagefind-vol3
//   node tests/bench/folding.mjs dist target/pagefind-vol3
import { launch, serve, openPage } from '../e2e/harness.mjs';

const [ours, pagefind] = process.argv.slice(2);
if (!ours || !pagefind) {
  console.error('usage: node tests/bench/folding.mjs <our site> <Pagefind Vol. 3 site>');
  process.exit(2);
}
const PAIRS = [
  ['負載均衡', '负载均衡'],
  ['雲原生', '云原生'],
  ['服務網格', '服务网格'],
  ['臨時容器', '临时容器'],
  ['集群聯邦', '集群联邦'],
  ['白皮書', '白皮书'],
  ['Envoy 負載均衡', 'Envoy 负载均衡'],
];
const browser = await launch();
const rows = [];
{
  const site = await serve(ours, { spa: true });
  const page = await openPage(browser);
  for (const pair of PAIRS) {
    const counts = [];
    for (const q of pair) {
      await page.goto(`${site.origin}/search/?q=${encodeURIComponent(q)}&lang=en`);
      await page.waitForSelector('.search-status');
      await page.waitForFunction(() => /\d+ results?|No results/.test(document.querySelector('.search-status')?.textContent ?? ''));
      const status = await page.textContent('.search-status');
      const first = await page.$eval('.search-result a.result-link', (a) => a.getAttribute('href').split('#')[1]).catch(() => null);
      counts.push({ n: Number(/(\d+) results?/.exec(status)?.[1] ?? 0), first });
    }
    rows.push({ traditional: pair[0], simplified: pair[1], ours: counts });
  }
  await page.close();
  await site.close();
}
{
  const site = await serve(pagefind, { spa: false });
  const page = await openPage(browser, { waitForApp: false });
  await page.goto(`${site.origin}/`);
  for (const row of rows) {
    row.pagefind = [];
    for (const q of [row.traditional, row.simplified]) {
      row.pagefind.push(await page.evaluate(async (q) => {
        window.pf ??= await import('/pagefind/pagefind.js');
        const { results } = await window.pf.search(q);
        const first = results.length ? (await results[0].data()).url.split('/').filter(Boolean).pop() : null;
        return { n: results.length, first };
      }, q));
    }
  }
  await page.close();
  await site.close();
}
await browser.close();
const cell = ([t, s]) => `${t.n} / ${s.n}, first ${t.first === s.first ? 'the same' : `${t.first} ≠ ${s.first}`}`;
console.log('| query (traditional / simplified) | ours: results, first result | Pagefind 1.6.0: results, first result |');
console.log('|---|---|---|');
for (const r of rows) console.log(`| ${r.traditional} / ${r.simplified} | ${cell(r.ours)} | ${cell(r.pagefind)} |`);
