// Shared set-up for the end-to-end tests: system Chromium through
// playwright-core, the release builds served like a static host, and pages
// that fail the test on any page error or console error.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { createServer } from './serve.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.WEEKLY_DIST ?? path.join(ROOT, 'dist');
const HOST_PAGES = process.env.WEEKLY_HOST === 'pages';
export const DIST_SUBPATH = process.env.WEEKLY_DIST_SUBPATH ?? path.join(ROOT, 'target/dist-weekly');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Starts a static server on a free port; resolves to its origin and a close function. */
export async function serve(dir, options = {}) {
  // WEEKLY_HOST=pages runs a suite against a host like GitHub Pages instead.
  if (HOST_PAGES) options = { ...options, spa: false, pages: true };
  const server = createServer(dir, options);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Opens a page that records every page error and console error. Call
 * `assertClean()` at the end of a test; `allow` lists console messages that
 * a test provokes on purpose (regular expressions); other options
 * (`viewport`, `hasTouch`, …) go to the browser context. A test that
 * intercepts requests (`page.route`) passes `serviceWorkers: 'block'`:
 * Playwright cannot intercept what the service worker answers.
 */
export async function openPage(browser, { locale = 'en-US', allow = [], init, permissions, carried = true, waitForApp = true, ...options } = {}) {
  const context = await browser.newContext({ locale, ...options });
  if (permissions) await context.grantPermissions(permissions);
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  // A pre-rendered page shows its content before the app takes it over (in
  // Chinese, without the app's listeners): a test reads and acts on the
  // app's page, so loading one waits for the takeover (`#shell` gone).
  // `waitForApp: false` for a test of the page before (or without) the app.
  if (waitForApp && options.javaScriptEnabled !== false) {
    for (const name of ['goto', 'reload']) {
      const load = page[name].bind(page);
      page[name] = async (...args) => {
        const response = await load(...args);
        await appReady(page);
        return response;
      };
    }
  }
  // `carried: false`: pages arrive without the files a pre-rendered page
  // carries, as from the service worker's shell, so the app reads them
  // (a test that makes those reads fail, or changes what they return).
  if (!carried) {
    await page.route(() => true, async (route) => {
      // Pages by address (`/issues/3/`), not files such as a portal's `portal.html`.
      const page = route.request().resourceType() === 'document' && !/\.[a-z0-9]+$/i.test(new URL(route.request().url()).pathname);
      if (!page) return route.fallback();
      const response = await route.fetch();
      const body = (await response.text()).replace(/<script type="application\/json" data-file="[^"]*">[\s\S]*?<\/script>/g, '');
      await route.fulfill({ response, body });
    });
  }
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // On a Pages-like host every deep link is answered by 404.html with
    // status 404: expected for the page itself, for nothing else.
    const page404 = HOST_PAGES && /status of 404/.test(m.text()) && m.location().url === page.url();
    if (m.type() === 'error' && !page404 && !allow.some((re) => re.test(m.text()))) {
      problems.push(`console error: ${m.text()}`);
    }
  });
  page.assertClean = () => {
    if (problems.length) throw new Error(problems.join('\n'));
  };
  page.close = async () => context.close();
  page.context = () => context;
  return page;
}

/**
 * Renders the pages of a built site again after a test changed its data
 * (a copy of dist/ with other settings): pages carry the data they show.
 */
export async function prerender(dir) {
  const { execFileSync } = await import('node:child_process');
  execFileSync('cargo', ['run', '--quiet', '--bin', 'weekly-compile', '--', '--prerender', dir], { cwd: ROOT, stdio: 'inherit' });
}

/** Waits until the app has replaced the static shell. */
/**
 * An init script for `openPage` that watches a takeover: `window.__cls` sums
 * layout shifts (none follows input in these tests) and `window.__loadingSeen`
 * says whether "Loading…" was ever on screen (the app's copy shown, the
 * page gone).
 */
export function watchTakeover() {
  window.__cls = 0;
  window.__loadingSeen = false;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new MutationObserver(() => {
    if (document.querySelector('.loading') && !document.getElementById('shell')) window.__loadingSeen = true;
  }).observe(document, { childList: true, subtree: true });
}

/**
 * The app has taken the page over: the pre-rendered page is gone and the
 * blocks the swap left out of its layout (below the window) are laid out.
 */
export async function appReady(page) {
  await page.waitForFunction(() => !document.getElementById('shell') && !document.querySelector('.offscreen'));
}

/**
 * For a test file: one browser and the release build served like an SPA
 * host, started before its tests and closed after; `ready(browser, site)`
 * receives them.
 */
export function useSite(ready) {
  let browser, site;
  before(async () => {
    browser = await launch();
    site = await serve(DIST, { spa: true });
    ready(browser, site);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });
}
