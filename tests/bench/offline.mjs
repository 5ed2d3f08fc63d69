// Offline timings in headless Chromium: reloading /issues/3 cold (no worker),
// warm (the worker in control) and offline (server stopped), and "save every
// issue" on a site (time, files, bytes stored). A benchmark, not a test:
// run it with scripts/bench.sh and record the figures.
//   node tests/bench/offline.mjs DIST [SITE_FOR_SAVE_EVERYTHING]
import { createServer } from '../e2e/serve.mjs';
import { launch, openPage } from '../e2e/harness.mjs';

const dir = process.argv[2] ?? 'dist';
const saveDir = process.argv[3] ?? dir;
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function host(root) {
  const server = createServer(root, { spa: true });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((r) => (server.close(r), server.closeAllConnections())),
  };
}

async function timeLoad(page, go) {
  const t0 = Date.now();
  await go();
  await page.waitForSelector('article.item');
  return Date.now() - t0;
}

{
  const site = await host(dir);
  const cold = [];
  for (let i = 0; i < 5; i++) {
    const page = await openPage(browser);
    cold.push(await timeLoad(page, () => page.goto(site.origin + '/issues/3')));
    await page.close();
  }
  const page = await openPage(browser);
  await page.goto(site.origin + '/issues/3');
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
  const warm = [];
  for (let i = 0; i < 9; i++) warm.push(await timeLoad(page, () => page.reload()));
  await site.stop();
  const offline = [];
  for (let i = 0; i < 9; i++) offline.push(await timeLoad(page, () => page.reload()));
  console.log(`/issues/3 until its items show: cold (new profile) median ${median(cold)} ms [${cold}]`);
  console.log(`  worker in control, reload: median ${median(warm)} ms [${warm}]`);
  console.log(`  server stopped, reload: median ${median(offline)} ms [${offline}]`);
  await page.close();
}

{
  const site = await host(saveDir);
  const page = await openPage(browser);
  await page.goto(site.origin + '/');
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
  const before = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
  let bytes = 0;
  page.on('response', async (r) => {
    if (r.url().includes('/data/')) bytes += Number((await r.headerValue('content-length')) ?? 0);
  });
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Save every issue for offline reading' }).click();
  await page.getByText(/^Saved \d+ files/).waitFor({ timeout: 600_000 });
  const ms = Date.now() - t0;
  const text = await page.getByText(/^Saved \d+ files/).innerText();
  const after = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
  console.log(`save every issue of ${saveDir}: ${ms} ms; ${text}; storage ${before} → ${after} bytes`);
  await page.close();
  await site.stop();
}
await browser.close();
