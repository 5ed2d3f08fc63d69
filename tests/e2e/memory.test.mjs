// The reader remembers (issue 32), in Chromium: read marks, what is new
// since the last visit (a real deploy of one more issue), where the reader
// stopped, export / forget / import with hostile files, nothing remembered
// in a portal's frame unless it asks, and no layout shift when the marks and
// notices appear on a pre-rendered page. The shared scenarios run the
// everyday part in every engine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, openPage, watchTakeover, DIST } from './harness.mjs';
import { weeklyCompile, restartableHost } from './deploy.mjs';

const ROOT = path.dirname(DIST);
const DIST_LONG = process.env.WEEKLY_DIST_LONG ?? path.join(ROOT, 'target/dist-long');
const WORK = path.join(ROOT, `target/e2e-memory-${process.pid}`);
const KEY = 'weekly.memory@/';

let browser, site;
before(async () => {
  browser = await launch();
  site = await serve(DIST, { spa: true });
  fs.mkdirSync(WORK, { recursive: true });
});
after(async () => {
  await browser?.close();
  await site?.close();
  fs.rmSync(WORK, { recursive: true, force: true });
});

/** The history stored for the deployment at `/`, parsed (null when none). */
const stored = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), KEY);
const ids = (page) => page.evaluate(() => [...document.querySelectorAll('article.item')].map((a) => a.id));

test('an issue counts as read once its last item shown has been on screen for a second; the archive marks the others unread', async () => {
  const page = await openPage(browser);
  try {
    await page.goto(site.origin + '/?lang=en');
    const vol3 = page.locator('.archive-entry', { hasText: 'Vol. 3' });
    // A first visit: unread, said in words; no notice.
    await vol3.locator('.unread-mark').waitFor();
    assert.equal(await vol3.locator('.unread-mark').textContent(), 'Unread');
    // The history's part has arrived (its actions show) and no notice came.
    await page.locator('.memory-actions').waitFor();
    assert.equal(await page.locator('.memory-notice').count(), 0, 'a notice on the first visit ever');
    // Tag pages and search results mark it too.
    const elsewhere = async (unread) => {
      await page.goto(site.origin + '/tags/envoy?lang=en');
      const group = page.locator('.item-group h2', { hasText: 'Vol. 3' });
      await group.waitFor();
      await page.waitForTimeout(200);
      assert.equal(await group.locator('.unread-mark').count(), unread ? 1 : 0, 'the tag page’s mark');
      if (unread) assert.match(await group.textContent(), /Unread$/);
      await page.goto(site.origin + '/search?q=envoy&lang=en');
      await page.locator('.search-result').first().waitFor();
      await page.waitForTimeout(200);
      const marks = await page.locator('.search-result .unread-mark').count();
      assert.equal(marks > 0, unread, `${marks} search results marked unread`);
    };
    await elsewhere(true);

    // Filtered to one section, the last item shown is that section's last.
    await page.goto(site.origin + '/issues/3?lang=en&section=news');
    await page.locator('article.item').first().waitFor();
    const shown = await ids(page);
    assert.ok(shown.length > 1 && shown.length < 18, `the filter showed ${shown.length} items`);
    await page.evaluate((id) => document.getElementById(id).scrollIntoView(), shown.at(-1));
    await page.waitForTimeout(400);
    assert.ok(!(await stored(page))?.read?.includes(3), 'read before a second had passed');
    await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? '{}').read?.includes(3), KEY, { timeout: 5_000 });

    await page.goto(site.origin + '/?lang=en');
    await page.locator('.archive-entry', { hasText: 'Vol. 3' }).waitFor();
    assert.equal(await vol3.locator('.unread-mark').count(), 0, 'still marked unread');
    await elsewhere(false);
    await page.goto(site.origin + '/?lang=en');
    await page.locator('.archive-entry', { hasText: 'Vol. 3' }).waitFor();
    // Mark all, forget.
    await page.getByRole('button', { name: 'Forget my reading history' }).click();
    await vol3.locator('.unread-mark').waitFor();
    assert.equal(await stored(page), null, 'the history is still stored');
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await vol3.locator('.unread-mark').waitFor({ state: 'detached' });
    assert.deepEqual((await stored(page)).read, [3]);
    page.assertClean();
  } finally {
    await page.close();
  }
});

test('reopening an issue left halfway offers to continue from the item, never jumps; the archive offers the issue', async () => {
  const page = await openPage(browser);
  try {
    await page.goto(site.origin + '/issues/3?lang=en');
    const items = await ids(page);
    const at = items[6];
    const title = await page.locator(`[id="${at}"] .item-title`).first().innerText();
    await page.evaluate((id) => document.getElementById(id).scrollIntoView(), at);
    await page.waitForFunction(([key, at]) => JSON.parse(localStorage.getItem(key) ?? '{}').places?.[0]?.item === at, [KEY, at]);

    await page.goto(site.origin + '/issues/3?lang=en');
    const offer = page.getByRole('complementary', { name: 'Your reading' }).getByRole('link', { name: /^Continue from/ });
    await offer.waitFor();
    assert.equal(await offer.innerText(), `Continue from “${title}”`);
    assert.ok((await page.evaluate(() => window.scrollY)) < 50, 'the page jumped by itself');
    await offer.click();
    await page.waitForURL((u) => u.hash === `#${at}`);
    await page.locator(`[id="${at}"].highlight`).waitFor();
    await offer.waitFor({ state: 'detached' });

    // An address that names an item is not second-guessed.
    await page.goto(`${site.origin}/issues/3?lang=en#${items[2]}`);
    await page.locator(`[id="${items[2]}"].highlight`).waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.getByRole('link', { name: /^Continue from/ }).count(), 0);

    await page.goto(site.origin + '/?lang=en');
    const resume = page.getByRole('link', { name: 'Continue reading Vol. 3' });
    await resume.waitFor();
    assert.match(await resume.getAttribute('href'), /\/issues\/3\/?#/);
    page.assertClean();
  } finally {
    await page.close();
  }
});

test('export, forget, import restores; a hostile or foreign file changes nothing and says why', async () => {
  const page = await openPage(browser);
  try {
    await page.goto(site.origin + '/?lang=en');
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    const before = await stored(page);
    await page.getByRole('button', { name: 'Export or import your reading history…' }).click();
    const exportButton = page.getByRole('button', { name: 'Export reading history' });
    const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
    assert.equal(download.suggestedFilename(), 'weekly-reading-history.json');
    const file = path.join(WORK, 'history.json');
    await download.saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(exported.format, 'weekly-reading-history');
    assert.equal(exported.schema_version, 1);
    assert.deepEqual(exported.read, [3]);

    const vol3 = page.locator('.archive-entry', { hasText: 'Vol. 3' });
    await page.getByRole('button', { name: 'Forget my reading history' }).click();
    await vol3.locator('.unread-mark').waitFor();

    const input = page.getByLabel('Import reading history');
    const status = page.locator('.memory-transfer [role=status]');
    await input.setInputFiles(file);
    await status.filter({ hasText: 'Imported: 1 issue read.' }).waitFor();
    await vol3.locator('.unread-mark').waitFor({ state: 'detached' });
    assert.deepEqual((await stored(page)).read, before.read);

    const history = await stored(page);
    const bad = [
      ['not json {', /The file is not JSON; nothing was changed\./],
      ['{"format":"something else","schema_version":1}', /not a Weekly reading history/],
      ['{"format":"weekly-reading-history","schema_version":2,"read":[9]}', /newer Weekly \(format 2\)/],
      ['{"format":"weekly-reading-history","schema_version":1,"read":[1,"<img src=x onerror=alert(1)>"]}', /damaged \(field “read”\)/],
      ['{"format":"weekly-reading-history","schema_version":1,"places":[{"volume":3,"item":"../../x"}]}', /damaged \(field “item”\)/],
      ['[' .repeat(100_000), /not JSON/],
      [' '.repeat(300 * 1024), /too large/],
    ];
    for (const [text, message] of bad) {
      await input.setInputFiles({ name: 'history.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await status.filter({ hasText: message }).waitFor();
      assert.deepEqual(await stored(page), history, `${text.slice(0, 40)} changed the history`);
    }
    // Valid, but about issues this archive does not list, and a last visit
    // in the future: kept to what the archive lists, so nothing real moves.
    const absurd = {
      format: 'weekly-reading-history',
      schema_version: 1,
      seen: 4294967295,
      read: Array.from({ length: 9_000 }, (_, i) => 1_000 + i),
      places: [{ volume: 5_000, item: 'x' }],
    };
    await input.setInputFiles({ name: 'history.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(absurd)) });
    await status.filter({ hasText: 'Imported: 1 issue read.' }).waitFor();
    const after = await stored(page);
    assert.deepEqual(after.read, history.read);
    assert.deepEqual(after.places, history.places);
    assert.ok(after.seen <= 3, `the last visit moved to ${after.seen}`);
    page.assertClean();
  } finally {
    await page.close();
  }
});

test('in a portal’s frame nothing is remembered unless the portal asks (memory=1)', async () => {
  const page = await openPage(browser);
  try {
    await page.goto(site.origin + '/?embed=1&lang=en');
    await page.locator('.archive-entry').first().waitFor();
    assert.equal(await page.locator('.unread-mark').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Mark all as read' }).count(), 0);
    await page.goto(site.origin + '/issues/3?embed=1&lang=en');
    await page.locator('article.item').last().scrollIntoViewIfNeeded();
    await page.waitForTimeout(1_800);
    assert.equal(await stored(page), null, 'the frame stored a history');

    await page.goto(site.origin + '/?embed=1&memory=1&lang=en');
    await page.locator('.archive-entry .unread-mark').first().waitFor();
    page.assertClean();
  } finally {
    await page.close();
  }
});

test('in a portal’s frame that asked (memory=1), an issue counts as read only once its end is on the portal’s screen', async () => {
  // The frame takes its content's height, as embed.js makes it: every item
  // is "in" the frame's own window; only the portal's window tells.
  fs.writeFileSync(
    path.join(WORK, 'portal.html'),
    `<!doctype html><title>Portal</title><body style="margin:0"><h1>A portal</h1>` +
      `<iframe title="Weekly" src="${site.origin}/issues/3?embed=1&memory=1&lang=en" style="width:800px;height:9000px;border:0"></iframe>`,
  );
  const portal = await serve(WORK, { spa: false });
  // The portal has no icon: its 404 is expected.
  const page = await openPage(browser, { waitForApp: false, viewport: { width: 900, height: 700 }, allow: [/Failed to load resource/] });
  try {
    await page.goto(portal.origin + '/portal.html');
    await page.locator('iframe').waitFor();
    const weekly = page.frame({ url: (u) => u.href.startsWith(site.origin) });
    await weekly.waitForSelector('article.item');
    const read = () => weekly.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}').read ?? [], KEY);
    // The history's code comes a second after load; then a second more.
    await page.waitForTimeout(3_000);
    assert.deepEqual(await read(), [], 'read while its end was below the portal’s window');
    // The portal scrolls to where the items end in the frame.
    const end = await weekly.evaluate(() => document.querySelector('.items-end').getBoundingClientRect().top);
    await page.evaluate((end) => window.scrollTo(0, document.querySelector('iframe').offsetTop + end - 300), end);
    await weekly.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? '{}').read?.includes(3), KEY, { timeout: 10_000 });
    page.assertClean();
  } finally {
    await page.close();
    await portal.close();
  }
});

test('leaving an issue before a second has passed marks neither it nor the next one read', async () => {
  const long = await serve(DIST_LONG, { spa: true });
  const page = await openPage(browser, { serviceWorkers: 'block' });
  try {
    await page.goto(long.origin + '/issues/120?lang=en');
    // The history's code has come (a second after load).
    await page.waitForTimeout(2_500);
    await page.evaluate(() => document.querySelector('.items-end').scrollIntoView({ block: 'end' }));
    await page.waitForTimeout(300);
    await page.keyboard.press('[');
    await page.waitForURL((u) => /\/issues\/119\/?$/.test(u.pathname));
    await page.locator('article.item').first().waitFor();
    await page.waitForTimeout(2_000);
    assert.deepEqual((await stored(page))?.read ?? [], [], 'an issue left within a second was marked read');
    // And reading 119 to its end does mark it.
    await page.evaluate(() => document.querySelector('.items-end').scrollIntoView({ block: 'end' }));
    await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? '{}').read?.includes(119), KEY, { timeout: 10_000 });
    assert.deepEqual((await stored(page)).read, [119]);
    page.assertClean();
  } finally {
    await page.close();
    await long.close();
  }
});

test('a returning reader’s marks and notices move nothing on a pre-rendered page (layout shift 0)', async () => {
  // A history from an earlier visit: Vol. 3 left halfway, the last visit
  // before Vol. 3 was out (so it is new too).
  const history = { format: 'weekly-reading-history', schema_version: 1, seen: 2, read: [], places: [{ volume: 3, item: 'envoy-orca' }] };
  const page = await openPage(browser, {
    init: `localStorage.setItem(${JSON.stringify(KEY)}, ${JSON.stringify(JSON.stringify(history))}); (${watchTakeover})();`,
  });
  try {
    await page.goto(site.origin + '/?lang=en');
    const notice = page.getByRole('complementary', { name: 'Your reading' });
    await notice.getByRole('link', { name: '1 new issue since your last visit' }).waitFor();
    assert.match(await notice.getByRole('link', { name: '1 new issue since your last visit' }).getAttribute('href'), /\/issues\/3\/?$/);
    await notice.getByRole('link', { name: 'Continue reading Vol. 3' }).waitFor();
    await page.locator('.archive-entry .unread-mark').first().waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__cls), 0, 'the archive moved');

    await page.goto(site.origin + '/issues/3?lang=en');
    await page.getByRole('link', { name: /^Continue from/ }).waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__cls), 0, 'the issue moved');
    page.assertClean();
  } finally {
    await page.close();
  }
});

test('a deploy that adds one issue shows “1 new issue since your last visit” on /, linking to it, once', async () => {
  // The 120-issue site, then the same with issue 121, as a host swaps them.
  const corpus = path.join(WORK, 'corpus-121');
  weeklyCompile('--generate', '121', '--out', corpus);
  const next = path.join(WORK, 'site-121');
  fs.cpSync(DIST_LONG, next, { recursive: true });
  for (const dir of ['data', 'issues', 'tags', 'glossary']) fs.rmSync(path.join(next, dir), { recursive: true, force: true });
  weeklyCompile('--src', corpus, '--out', next);
  weeklyCompile('--prerender', next);

  const live = await restartableHost(DIST_LONG);
  // The worker would keep the first version until the reader accepts the
  // new one (tests/e2e/deploys.test.mjs); this is about the history.
  const page = await openPage(browser, { serviceWorkers: 'block' });
  try {
    await page.goto(live.origin + '/?lang=en');
    await page.locator('.archive-entry').first().waitFor();
    await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? '{}').seen === 120, KEY);
    await page.locator('.memory-actions').waitFor();
    assert.equal(await page.locator('.memory-notice').count(), 0);

    await live.stop();
    await live.start(next);
    await page.goto(live.origin + '/?lang=en');
    const link = page.getByRole('link', { name: '1 new issue since your last visit' });
    await link.waitFor();
    await link.click();
    await page.waitForURL((u) => /\/issues\/121\/?$/.test(u.pathname));
    await page.getByRole('heading', { level: 1, name: /121/ }).waitFor();

    await page.goto(live.origin + '/?lang=en');
    await page.locator('.memory-actions').waitFor();
    assert.equal(await page.getByRole('link', { name: /new issue/ }).count(), 0, 'the notice came back on the next visit');
    page.assertClean();
  } finally {
    await page.close();
    await live.stop();
  }
});
