// Render timings on the generated 1,000-issue corpus, in headless Chromium:
// in-app route changes and filter toggles, from the click to the frame that
// shows the result (Performance API + requestAnimationFrame). A benchmark,
// not a test: run it with scripts/bench.sh and record the figures.
import { launch, serve, openPage } from '../e2e/harness.mjs';

const dir = process.argv[2] ?? 'target/dist-corpus';
const RUNS = Number(process.env.RUNS ?? 15);
const browser = await launch();
const site = await serve(dir, { spa: true });
const page = await openPage(browser);

/** Clicks `selector`; resolves with the ms from the click to the first frame where `first()` holds. */
async function timeClick(selector, first) {
  return page.evaluate(
    ([selector, first]) =>
      new Promise((resolve) => {
        const isFirst = new Function(`return (${first})`);
        const start = performance.now();
        document.querySelector(selector).click();
        const poll = () => (isFirst() ? resolve(performance.now() - start) : requestAnimationFrame(poll));
        requestAnimationFrame(poll);
      }),
    [selector, first],
  );
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms (n=${s.length})`;
};

const results = {};
/** Times `RUNS` clicks on `selector` after `setup()`; `first` is the check for content. */
async function measure(name, setup, selector, first) {
  if (process.env.ONLY && !new RegExp(process.env.ONLY).test(name)) return;
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    await setup();
    times.push(await timeClick(selector, first));
  }
  results[name] = stats(times);
  console.error(name, results[name]);
}

/**
 * Scrolls a long list to its end, 80 % of a screen per frame, as a reader
 * flicking through it; the list grows as it goes. Frame intervals tell
 * whether it stays smooth.
 */
async function scrollThrough(name, url, rowSelector) {
  if (process.env.ONLY && !new RegExp(process.env.ONLY).test(name)) return;
  const intervals = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    await page.goto(site.origin + url);
    await page.waitForSelector(rowSelector);
    const run = await page.evaluate(
      (rowSelector) =>
        new Promise((resolve) => {
          const gaps = [];
          let last = performance.now();
          const step = () => {
            const now = performance.now();
            gaps.push(now - last);
            last = now;
            const button = document.querySelector('.more-rows');
            const atEnd = innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
            if (atEnd && button.hidden) {
              return resolve({ gaps, rows: document.querySelectorAll(rowSelector).length });
            }
            scrollBy(0, innerHeight * 0.8);
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
      rowSelector,
    );
    intervals.push(...run.gaps.slice(1));
    rows = run.rows;
  }
  const long = intervals.filter((g) => g > 1000 / 60 + 4).length;
  results[name] = `${rows} rows; frame interval ${stats(intervals)}, max ${Math.max(...intervals).toFixed(1)} ms; ${long} of ${intervals.length} frames over 20.7 ms`;
}

// The expected row counts, from the published data itself.
const getJson = async (file) => (await fetch(`${site.origin}/data/${file}`)).json();
const envoyFirst = await getJson('tags/envoy.json');
const envoy = { items: envoyFirst.items.concat(envoyFirst.rest ? (await getJson(envoyFirst.rest)).items : []) };
const issuesWith = (items) => new Set(items.map((i) => i.volume)).size;
const envoyGroups = issuesWith(envoy.items);
const catalogSize = (await (await fetch(site.origin + '/data/catalog.json')).json()).issues.length;
const onTags = async () => {
  await page.goto(site.origin + '/tags/');
  await page.waitForSelector('.tag-index a');
};
const toEnvoy = '.tag-index a[href="/tags/envoy/"]';
const envoyShown = "document.querySelectorAll('.item-refs li').length > 0";
await measure(
  'archive of 1,000 entries (Tags → Archive)',
  onTags,
  '.site-nav a[href="/"]',
  "document.querySelectorAll('.archive-entry').length > 0",
);
await measure(
  'tag page across all issues, cold: the new page (heading) on screen',
  onTags,
  toEnvoy,
  "location.pathname === '/tags/envoy/' && !!document.querySelector('h1 .eyebrow')",
);
await measure(
  'tag page across all issues, cold: its items on screen (nothing read ahead)',
  onTags,
  toEnvoy,
  envoyShown,
);
await measure(
  'tag page across all issues, the pointer resting on the link 150 ms first',
  async () => {
    await onTags();
    await page.hover(toEnvoy);
    await page.waitForTimeout(150);
  },
  toEnvoy,
  envoyShown,
);
await measure(
  'Back to the tag page (from an issue opened from it)',
  async () => {
    await page.goto(site.origin + '/tags/envoy/');
    await page.waitForSelector('.item-refs li');
    await page.click('.item-group h2 a');
    await page.waitForSelector('article.item');
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'bench-back';
      button.onclick = () => history.back();
      document.body.append(button);
    });
  },
  '#bench-back',
  "location.pathname === '/tags/envoy/' && " + envoyShown,
);
await measure(
  'filter toggle on a tag page (section=reading)',
  async () => {
    await page.goto(site.origin + '/tags/envoy/');
    await page.waitForSelector('.item-refs li');
  },
  '.filters a.chip[href$="section=reading"]',
  "location.search === '?section=reading' && document.querySelectorAll('.item-refs li').length > 0",
);
await measure(
  'filter toggle on an issue (section=upstream)',
  async () => {
    await page.goto(site.origin + '/issues/1000/');
    await page.waitForSelector('article.item');
  },
  '.filters a.chip[href$="section=upstream"]',
  "location.search === '?section=upstream' && !document.querySelector('#section-news')",
);
const onArchive = async () => {
  await page.goto(site.origin + '/');
  await page.waitForSelector('.archive-entry a');
};
const toIssue = '.archive-entry a[href="/issues/999/"]';
const issueShown = "location.pathname === '/issues/999/' && !!document.querySelector('article.item')";
await measure('Archive → an issue, cold (its file fetched on the click)', onArchive, toIssue, issueShown);
// The first visit to a page whose code may arrive on demand (issue 16): from
// the archive, the app taken over (a click before is the browser's), nothing
// read ahead. With the split build the click fetches the page's chunk (and
// its data); compare with a build of one wasm (WEEKLY_SPLIT=0 scripts/build.sh).
const onArchiveApp = async () => {
  // The pointer away from the links: a link appearing under a resting
  // pointer would be read ahead by the pointer's path.
  await page.mouse.move(0, 0);
  await onArchive();
  await page.waitForFunction(() => !document.getElementById('shell'));
};
// How the reader shows intent before the click: nothing, the pointer
// resting on the link, keyboard focus on it.
const intents = [
  [' (its code not read ahead)', null],
  [', the pointer resting on the link 150 ms first', (link) => page.hover(link)],
  [', keyboard focus on the link 150 ms first', (link) => page.focus(link)],
];
for (const [intent, show] of intents) {
  for (const [name, href, shown] of [
    ['Tags', '/tags/', "document.querySelectorAll('.tag-index a').length > 0"],
    ['Glossary', '/glossary/', "document.querySelectorAll('.glossary-index a').length > 0"],
  ]) {
    const link = `.site-nav a[href="${href}"]`;
    await measure(
      `code on demand: Archive → ${name}, first visit${intent}`,
      async () => {
        await onArchiveApp();
        if (show) {
          await show(link);
          await page.waitForTimeout(150);
        }
      },
      link,
      shown,
    );
  }
}
// The first query typed into the header's search box from the archive:
// search's code is read ahead when the box takes focus (typing needs
// focus), so the query either follows the focus at once (the worst case)
// or, as a reader types, some time after it. From the query's input event
// to its first results on screen (the index shards and issue files it
// needs are fetched either way).
async function timeQuery(q, focusFirst) {
  return page.evaluate(
    ([q, focusFirst]) =>
      new Promise((resolve) => {
        const input = document.getElementById('search-input');
        if (!focusFirst) input.focus();
        const start = performance.now();
        input.value = q;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const poll = () =>
          document.querySelectorAll('.search-results a.result-link').length > 0
            ? resolve(performance.now() - start)
            : requestAnimationFrame(poll);
        requestAnimationFrame(poll);
      }),
    [q, focusFirst],
  );
}
for (const [intent, focusFirst] of [[', typed as the box takes focus', false], [', typed 150 ms after the box took focus', true]]) {
  const name = `code on demand: Archive → Search, first query${intent}`;
  if (!process.env.ONLY || new RegExp(process.env.ONLY).test(name)) {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await onArchiveApp();
      if (focusFirst) {
        await page.focus('#search-input');
        await page.waitForTimeout(150);
      }
      times.push(await timeQuery('Envoy', focusFirst));
    }
    results[name] = stats(times);
    console.error(name, results[name]);
  }
}
await measure(
  'Archive → an issue, the pointer resting on the link 150 ms first',
  async () => {
    await onArchive();
    await page.hover(toIssue);
    await page.waitForTimeout(150);
  },
  toIssue,
  issueShown,
);
await measure(
  'a glossary term used in all 1,000 issues (Glossary → /glossary/federation)',
  async () => {
    await page.goto(site.origin + '/glossary/');
    await page.waitForSelector('.glossary-index a');
  },
  '.glossary-index a[href="/glossary/federation/"]',
  "document.querySelectorAll('.term-issues li').length > 0",
);
await scrollThrough('scrolling the archive to its end', '/', '.archive-entry');
await scrollThrough('scrolling /tags/envoy to its end', '/tags/envoy/', '.item-group');
const counts = { issues: catalogSize, envoyItems: envoy.items.length, envoyIssues: envoyGroups };
console.log(JSON.stringify({ corpus: counts, results }, null, 2));
await browser.close();
await site.close();
