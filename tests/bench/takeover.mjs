// A pre-rendered page taken over by the app, two builds side by side, runs
// alternating: from navigation to the static page's replacement (`#shell`
// gone), and the main thread's blocking time (long tasks' time over 50 ms)
// until then, in the page's own clock. On the 1,000-issue corpus the
// archive carries the whole catalog, so its takeover reads 1,000 entries.
//   node tests/bench/takeover.mjs DIST_A DIST_B [ROUTE=/] [RUNS=15]
import { launch, serve, openPage } from '../e2e/harness.mjs';

const [a, b, route = '/', runs = '15'] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node tests/bench/takeover.mjs DIST_A DIST_B [ROUTE] [RUNS]');
  process.exit(2);
}
const browser = await launch();
const sites = { [a]: await serve(a, { spa: true }), [b]: await serve(b, { spa: true }) };
const results = { [a]: [], [b]: [] };
for (let i = 0; i < Number(runs); i++) {
  for (const dist of [a, b]) {
    const page = await openPage(browser, { serviceWorkers: 'block' });
    await page.addInitScript(() => {
      window.__blocking = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__blocking += Math.max(0, e.duration - 50);
      }).observe({ type: 'longtask', buffered: true });
      let seen = false;
      new MutationObserver((_, observer) => {
        const shell = document.getElementById('shell');
        seen ||= Boolean(shell);
        if (seen && !shell) {
          window.__takenOver = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, childList: true });
    });
    await page.goto(sites[dist].origin + route);
    await page.waitForFunction(() => window.__takenOver !== undefined, null, { timeout: 30_000 });
    await page.waitForTimeout(100);
    results[dist].push(await page.evaluate(() => [window.__takenOver, window.__blocking]));
    await page.close();
  }
}
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
for (const [dist, xs] of Object.entries(results)) {
  const done = xs.map((x) => x[0]);
  const blocking = xs.map((x) => x[1]);
  console.log(`${dist} ${route}: taken over at median ${median(done).toFixed(0)} ms (${Math.min(...done).toFixed(0)}–${Math.max(...done).toFixed(0)}), blocking median ${median(blocking).toFixed(0)} ms (${Math.min(...blocking).toFixed(0)}–${Math.max(...blocking).toFixed(0)})`);
}
await browser.close();
// The static servers keep connections alive: end here.
process.exit(0);
