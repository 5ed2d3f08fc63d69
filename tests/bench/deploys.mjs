// Deploys and the reader's device, in headless Chromium. A benchmark, not a
// test: it prints figures to record.
//
// (a) From a deploy's last upload step to a returning reader on the new
//     version. A reader visited once (the worker controls the site), closed
//     the tab; version 2 (tests/e2e/deploy.mjs `makeVersion`) is uploaded into
//     the served folder (every new file but sw.js, then sw.js, then the old
//     files removed: the last step). Then:
//     - "comes back": the reader opens a new tab at `/`; when it still shows
//       version 1, it waits there for the new worker to be installed and
//       closes the tab (the reader leaves) and opens another, until a tab
//       shows version 2: the time from the last step, and the visits it took.
//     - "accepts the prompt": the reader opens a new tab, and clicks "Reload"
//       as soon as "A new version of Weekly is available." shows.
// (b) Storage after DEPLOYS weekly one-issue deploys on the 120-issue site
//     (target/dist-long, growing to 120 + DEPLOYS issues) with "save every
//     issue" after each: the worker's data cache (bodies' bytes, entries) and
//     the origin's usage, against one copy of the data a save stores (the
//     current version's issue files, glossary, tags' first files, search
//     shards and catalog, on disk). Each version is the generated corpus
//     compiled into a copy of dist-long (pages not rendered again: a reader
//     under the worker gets the shell for every route, and the version
//     changes with the catalog in the precache; PRERENDER=1 renders them).
//
// Needs dist/ and target/dist-long/ (scripts/test.sh builds them) and the
// compiler: $WEEKLY_COMPILE, else `cargo run --bin weekly-compile`.
//   WEEKLY_COMPILE=target/release/weekly-compile node tests/bench/deploys.mjs [SITE_A=dist] [SITE_B=target/dist-long]
//   env: RUNS=3 (runs of each (a) scenario), DEPLOYS=52 (b), PRERENDER=1,
//        PARTS=ab (which parts to run)
// Takes about 2 minutes for (a) and 5–10 s per deploy for (b).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, appReady } from '../e2e/harness.mjs';
import { makeVersion, uploader, siteVersion, compileServiceWorker, weeklyCompile, restartableHost as host } from '../e2e/deploy.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const siteA = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
const siteB = path.resolve(process.argv[3] ?? path.join(ROOT, 'target/dist-long'));
const RUNS = Number(process.env.RUNS ?? 3);
const DEPLOYS = Number(process.env.DEPLOYS ?? 52);
const PRERENDER = process.env.PRERENDER === '1';
const PARTS = process.env.PARTS ?? 'ab';
const WORK = path.join(ROOT, `target/bench-deploys-${process.pid}`);
const PROMPT = 'A new version of Weekly is available.';

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const kb = (n) => (n / 1024).toFixed(0).padStart(7) + ' KB';
const progress = (text) => process.stderr.write(text + '\n');

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker?.controller != null);
/** Until a new version waits (polled: the check is asynchronous in the page). */
async function waiting(page) {
  for (const until = Date.now() + 60_000; Date.now() < until; await page.waitForTimeout(50)) {
    if (await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null)) return;
  }
  throw new Error('no new version installed within 60 s');
}
/** A tab of `context` at `url`, once the app has taken the page over. */
async function visit(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await appReady(page);
  return page;
}

/**
 * (a): one run of a scenario; resolves to the times from the last upload
 * step (ms) until the first tab after the deploy shows a page (`shown`),
 * until the new version waits (`ready`: installed; the prompt with
 * `accept`), and until a tab shows version 2 (`ms`), and the visits it took.
 */
async function returning(next, accept) {
  const live = path.join(WORK, 'live');
  fs.rmSync(live, { recursive: true, force: true });
  fs.cpSync(siteA, live, { recursive: true });
  const site = await host(live);
  const context = await browser.newContext({ locale: 'en-US' });
  try {
    const first = await visit(context, site.origin + '/');
    await controlled(first);
    await first.close();

    const upload = uploader(live, next);
    upload.put((rel) => rel !== 'sw.js');
    upload.put((rel) => rel === 'sw.js');
    upload.removeOld();
    const t0 = performance.now();
    const since = () => performance.now() - t0;
    let shown, ready;
    for (let visits = 1; visits <= 5; visits++) {
      const page = await visit(context, site.origin + '/');
      shown ??= since();
      if ((await siteVersion(page)) === 2) {
        const ms = since();
        await page.close();
        return { ms, visits, shown, ready };
      }
      if (accept) {
        const prompt = page.getByRole('status').filter({ hasText: PROMPT });
        await prompt.waitFor({ timeout: 60_000 });
        ready = since();
        await prompt.getByRole('button', { name: 'Reload' }).click();
        await page.waitForFunction(() => document.querySelector('meta[name=weekly-test-version]'), null, { timeout: 60_000 });
        await appReady(page);
        const ms = since();
        await page.close();
        return { ms, visits, shown, ready };
      }
      await waiting(page);
      ready ??= since();
      await page.close();
    }
    throw new Error('version 2 never showed in 5 visits');
  } finally {
    await context.close();
    await site.stop();
  }
}

/** The worker's data cache, read in the page: bytes of its bodies and its entries. */
function dataCache(page) {
  return page.evaluate(async () => {
    const scope = (await navigator.serviceWorker.getRegistration()).scope;
    const names = await caches.keys();
    let found = names.filter((n) => n.startsWith(`weekly ${scope}`) && n.endsWith(' data'));
    // The worker before scope-named caches.
    if (found.length === 0 && names.includes('weekly-data')) found = ['weekly-data'];
    let bytes = 0;
    let entries = 0;
    for (const name of found) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        bytes += (await (await cache.match(request)).arrayBuffer()).byteLength;
        entries++;
      }
    }
    return { bytes, entries, usage: (await navigator.storage.estimate()).usage };
  });
}

/** Bytes of one copy of what "save every issue" stores for the site in `dir` (crates/core/src/offline.rs), and of data/. */
function oneCopy(dir) {
  const data = path.join(dir, 'data');
  const catalog = JSON.parse(fs.readFileSync(path.join(data, 'catalog.json'), 'utf8'));
  const files = [
    'catalog.json',
    'glossary.json',
    ...catalog.issues.filter((e) => e.file).map((e) => e.file),
    ...catalog.settings.tags.map((t) => `tags/${t.slug}.json`),
    ...(catalog.search_index?.segments ?? []).flatMap((s) => Array.from({ length: s.shards }, (_, n) => `search/${n}.${s.hash}.json`)),
    ...(catalog.search_index?.fold ? [`search/fold.${catalog.search_index.fold}.json`] : []),
  ];
  const size = (f) => fs.statSync(path.join(data, f)).size;
  const all = fs
    .readdirSync(data, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size, 0);
  return { saved: files.reduce((sum, f) => sum + size(f), 0), all };
}

/** Writes `dir`: dist-long with the data of the first `count` issues of `corpus`. */
function buildSite(corpus, count, dir) {
  const src = path.join(WORK, 'src');
  fs.rmSync(src, { recursive: true, force: true });
  fs.mkdirSync(src);
  for (const name of fs.readdirSync(corpus)) {
    const volume = name.match(/^(\d+)\.md$/)?.[1];
    if (!volume || Number(volume) <= count) fs.copyFileSync(path.join(corpus, name), path.join(src, name));
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(siteB, dir, { recursive: true });
  for (const sub of ['data', 'issues', 'tags', 'glossary']) fs.rmSync(path.join(dir, sub), { recursive: true, force: true });
  weeklyCompile('--src', src, '--out', dir);
  if (PRERENDER) weeklyCompile('--prerender', dir);
  compileServiceWorker(dir);
}

/** (b): DEPLOYS one-issue deploys with a save after each; prints a row per deploy. */
async function weekly() {
  const corpus = path.join(WORK, 'corpus');
  weeklyCompile('--generate', String(120 + DEPLOYS), '--out', corpus);
  const site = await host(siteB);
  const context = await browser.newContext({ locale: 'en-US' });
  const rows = [];
  let buildMs = 0;
  try {
    const page = await context.newPage();
    await page.goto(site.origin + '/');
    await appReady(page);
    await controlled(page);
    const save = async () => {
      const button = page.getByRole('button', { name: 'Save every issue for offline reading' });
      const status = page.getByText(/^Saved \d+ (files for offline reading|of \d+ files)/);
      await button.click();
      // A click that starts nothing (seen on a busy machine): once more.
      const started = await page.getByRole('progressbar').or(status).first().waitFor({ timeout: 10_000 }).then(() => true, () => false);
      if (!started) await button.click();
      await status.waitFor({ timeout: 300_000 });
      return status.innerText();
    };
    const t0 = performance.now();
    for (let k = 0; k <= DEPLOYS; k++) {
      const issues = 120 + k;
      let dir = siteB;
      if (k > 0) {
        dir = path.join(WORK, `site-${k % 2}`);
        const built = performance.now();
        buildSite(corpus, issues, dir);
        buildMs += performance.now() - built;
        await site.stop();
        await site.start(dir);
        await page.reload();
        await appReady(page);
        const prompt = page.getByRole('status').filter({ hasText: PROMPT });
        await prompt.waitFor({ timeout: 60_000 });
        await prompt.getByRole('button', { name: 'Reload' }).click();
        await page.getByRole('link', { name: new RegExp(`Vol\\. ${issues}(?!\\d)`) }).first().waitFor({ timeout: 60_000 });
        await appReady(page);
      }
      const status = await save();
      const cache = await dataCache(page);
      const copy = oneCopy(dir);
      rows.push({ k, issues, ...cache, ...copy, ok: !/rest could not/.test(status) });
      progress(
        `  deploy ${String(k).padStart(3)} (${issues} issues): data cache ${cache.entries} entries, ${cache.bytes} bytes = ` +
          `${(cache.bytes / copy.saved).toFixed(2)} × one copy; ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
  } finally {
    await context.close();
    await site.stop();
  }
  console.log(`\n(b) storage after weekly one-issue deploys, "save every issue" after each (${siteB}, from 120 issues)`);
  console.log('deploy  issues  cache entries  data cache      one copy    cache/copy  origin usage   data/ on disk  saved');
  const show = (r) =>
    console.log(
      `${String(r.k).padStart(6)}  ${String(r.issues).padStart(6)}  ${String(r.entries).padStart(13)}  ${kb(r.bytes)}  ${kb(r.saved)}  ${(r.bytes / r.saved).toFixed(2).padStart(10)}  ${kb(r.usage)}  ${kb(r.all)}     ${r.ok ? 'all' : 'part'}`,
    );
  // Every row for short runs; else the first ones, every 4th and the last.
  for (const r of rows) if (rows.length <= 14 || r.k <= 2 || r.k % 4 === 0 || r.k === rows.length - 1) show(r);
  if (DEPLOYS > 0) console.log(`(building a version took ${(buildMs / DEPLOYS / 1000).toFixed(1)} s on average${PRERENDER ? ', pages rendered' : ''})`);
}

const browser = await launch();
fs.mkdirSync(WORK, { recursive: true });
try {
  if (PARTS.includes('a')) {
    progress(`(a) making version 2 of ${siteA}`);
    const next = makeVersion(siteA, path.join(WORK, 'v2'), { version: 2 }).dir;
    const results = {};
    for (const [name, accept] of [['comes back (no tab open)', false], ['accepts the prompt', true]]) {
      results[name] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await returning(next, accept);
        results[name].push(r);
        progress(`  ${name}, run ${i + 1}: version 2 at ${r.ms.toFixed(0)} ms, ${r.visits} visit(s)`);
      }
    }
    console.log(`\n(a) from a deploy's last upload step to a returning reader on version 2 (${siteA}, ${RUNS} runs; medians, ms)`);
    console.log('scenario                  first tab shows   new version waits   version 2 shown (min–max)   visits');
    for (const [name, xs] of Object.entries(results)) {
      const m = (key) => median(xs.map((x) => x[key])).toFixed(0);
      const ms = xs.map((x) => x.ms);
      console.log(
        `${name.padEnd(26)}${m('shown').padStart(15)}   ${m('ready').padStart(17)}   ${m('ms').padStart(15)} (${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)})`.padEnd(92) +
          `${[...new Set(xs.map((x) => x.visits))].join('/')}`,
      );
    }
    console.log('("new version waits": installed; for the second scenario, the prompt on screen)');
  }
  if (PARTS.includes('b')) {
    progress(`(b) ${DEPLOYS} weekly deploys from 120 issues`);
    await weekly();
  }
} finally {
  await browser.close();
  fs.rmSync(WORK, { recursive: true, force: true });
}
// The static servers keep connections alive: end here.
process.exit(0);
