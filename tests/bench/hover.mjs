// Hover to a placed term tooltip on a page just taken over, nothing read
// ahead: two builds side by side, runs alternating (issue 16: the tooltip's
// code on demand against it built in). Time from the pointer entering the
// term to the tooltip marked placed, in the page's own clock.
//   node tests/bench/hover.mjs DIST_A DIST_B [RUNS=15]
import { launch, serve, openPage } from '../e2e/harness.mjs';

const [a, b, runs = '15'] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node tests/bench/hover.mjs DIST_A DIST_B [RUNS]');
  process.exit(2);
}
const browser = await launch();
const sites = { [a]: await serve(a, { spa: true }), [b]: await serve(b, { spa: true }) };
const times = { [a]: [], [b]: [] };
for (let i = 0; i < Number(runs); i++) {
  for (const dist of [a, b]) {
    const page = await openPage(browser, { serviceWorkers: 'block' });
    await page.goto(sites[dist].origin + '/issues/3/');
    await page.waitForFunction(() => !document.getElementById('shell'));
    await page.waitForTimeout(300);
    const kep = page.locator('article.item a.term', { hasText: 'KEP' }).first();
    await kep.scrollIntoViewIfNeeded();
    await kep.evaluate((term) => {
      term.addEventListener('pointerenter', () => { window.__entered = performance.now(); }, { capture: true, once: true });
      new MutationObserver(() => {
        if (!window.__placed && document.querySelector('[role=tooltip][data-placed]')) window.__placed = performance.now();
      }).observe(document.body, { subtree: true, attributes: true, childList: true });
    });
    await kep.hover();
    await page.waitForSelector('[role=tooltip][data-placed]');
    times[dist].push(await page.evaluate(() => window.__placed - window.__entered));
    await page.close();
  }
}
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
for (const [dist, xs] of Object.entries(times)) {
  console.log(`${dist}: median ${median(xs).toFixed(1)} ms (${xs.map((x) => x.toFixed(0)).join(' ')})`);
}
await browser.close();
process.exit(0);
