// Render timings on the generated 1,000-issue corpus, in headless Chromium:
// in-app route changes and filter toggles, from the click to the frame that
// shows the result (Performance API + requestAnimationFrame). A benchmark,
// not a test: run it with scripts/bench.sh and record the figures.
import { launch, serve, openPage } from '../e2e/harness.mjs';

const dir = process.argv[2] ?? 'target/dist-corpus';
const RUNS = 15;
const browser = await launch();
const site = await serve(dir, { spa: true });
const page = await openPage(browser);

/**
 * Clicks `selector`; resolves with the ms from the click to the first frame
 * where `first()` holds (the reader sees the page) and to the frame where
 * `done()` holds (every row rendered).
 */
async function timeClick(selector, first, done) {
  return page.evaluate(
    ([selector, first, done]) =>
      new Promise((resolve) => {
        const isFirst = new Function(`return (${first})`);
        const isDone = new Function(`return (${done})`);
        const start = performance.now();
        let firstAt = null;
        document.querySelector(selector).click();
        const poll = () => {
          const now = performance.now() - start;
          if (firstAt === null && isFirst()) firstAt = now;
          if (firstAt !== null && isDone()) return resolve([firstAt, now]);
          requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      }),
    [selector, first, done],
  );
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms (n=${s.length})`;
};

const results = {};
async function measure(name, setup, selector, first, done = first) {
  const firsts = [];
  const dones = [];
  for (let i = 0; i < RUNS; i++) {
    await setup();
    const [f, d] = await timeClick(selector, first, done);
    firsts.push(f);
    dones.push(d);
  }
  results[name] = { 'first frame with content': stats(firsts), 'every row rendered': stats(dones) };
}

// The expected row counts, from the published data itself.
const envoy = await (await fetch(site.origin + '/data/tags/envoy.json')).json();
const issuesWith = (items) => new Set(items.map((i) => i.volume)).size;
const envoyGroups = issuesWith(envoy.items);
const readingGroups = issuesWith(envoy.items.filter((i) => i.section === 'reading'));
const catalogSize = (await (await fetch(site.origin + '/data/catalog.json')).json()).issues.length;
await measure(
  'archive of 1,000 entries (Tags → Archive)',
  async () => { await page.goto(site.origin + '/tags'); await page.waitForSelector('.tag-index a'); },
  '.site-nav a[href="/"]',
  "document.querySelectorAll('.archive-entry').length > 0",
  `document.querySelectorAll('.archive-entry').length === ${catalogSize}`,
);
await measure(
  'tag page across all issues (Tags → /tags/envoy)',
  async () => { await page.goto(site.origin + '/tags'); await page.waitForSelector('.tag-index a'); },
  '.tag-index a[href="/tags/envoy"]',
  "document.querySelectorAll('.item-refs li').length > 0",
  `document.querySelectorAll('.item-group').length === ${envoyGroups}`,
);
await measure(
  'filter toggle on a tag page (section=reading)',
  async () => { await page.goto(site.origin + '/tags/envoy'); await page.waitForSelector('.item-refs li'); },
  '.filters a.chip[href$="section=reading"]',
  "location.search === '?section=reading' && document.querySelectorAll('.item-refs li').length > 0",
  `location.search === '?section=reading' && document.querySelectorAll('.item-group').length === ${readingGroups}`,
);
await measure(
  'filter toggle on an issue (section=upstream)',
  async () => { await page.goto(site.origin + '/issues/1000'); await page.waitForSelector('article.item'); },
  '.filters a.chip[href$="section=upstream"]',
  "location.search === '?section=upstream' && !document.querySelector('#section-news')",
);
const counts = { issues: catalogSize, envoyItems: envoy.items.length, envoyIssues: envoyGroups };
console.log(JSON.stringify({ corpus: counts, results }, null, 2));
await browser.close();
await site.close();
