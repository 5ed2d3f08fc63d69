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

/** Clicks `selector`, then resolves with ms until `ready()` holds at a frame. */
async function timeClick(selector, ready) {
  return page.evaluate(
    ([selector, ready]) =>
      new Promise((resolve) => {
        const check = new Function(`return (${ready})()`);
        const start = performance.now();
        document.querySelector(selector).click();
        const poll = () => (check() ? resolve(performance.now() - start) : requestAnimationFrame(poll));
        requestAnimationFrame(poll);
      }),
    [selector, ready.toString()],
  );
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms (n=${s.length})`;
};

const results = {};
async function measure(name, setup, selector, ready) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    await setup();
    times.push(await timeClick(selector, ready));
  }
  results[name] = stats(times);
}

await page.goto(site.origin + '/tags');
await page.waitForSelector('.tag-index a');
// Warm the data caches: catalog, one tag file, the latest issue.
await measure(
  'archive of 1,000 entries (Tags → Archive)',
  async () => { await page.goto(site.origin + '/tags'); await page.waitForSelector('.tag-index a'); },
  '.site-nav a[href="/"]',
  () => document.querySelectorAll('.archive-entry').length >= 1000,
);
await measure(
  'tag page across all issues (Tags → /tags/envoy)',
  async () => { await page.goto(site.origin + '/tags'); await page.waitForSelector('.tag-index a'); },
  '.tag-index a[href="/tags/envoy"]',
  () => document.querySelectorAll('.item-refs li').length > 1000,
);
await measure(
  'filter toggle on a tag page (section=reading)',
  async () => { await page.goto(site.origin + '/tags/envoy'); await page.waitForSelector('.item-refs li'); },
  '.filters a.chip[href$="section=reading"]',
  () => location.search === '?section=reading' && document.querySelectorAll('.item-refs li').length > 0,
);
await measure(
  'filter toggle on an issue (section=upstream)',
  async () => { await page.goto(site.origin + '/issues/1000'); await page.waitForSelector('article.item'); },
  '.filters a.chip[href$="section=upstream"]',
  () => location.search === '?section=upstream' && !document.querySelector('#section-news'),
);
const counts = await page.evaluate(async () => {
  const c = await (await fetch('/data/catalog.json')).json();
  return { issues: c.issues.length, envoy: c.tag_counts.envoy };
});
console.log(JSON.stringify({ corpus: counts, results }, null, 2));
await browser.close();
await site.close();
