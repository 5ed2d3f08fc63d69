// Scenarios every browser engine must pass, written once against the part of
// Playwright's Page API that webdriver.mjs also offers: engines.test.mjs runs
// them in Chromium (Playwright), Firefox and WebKit (WebDriver). What only
// Chromium can do (CDP, request interception, Lighthouse, touch emulation)
// stays in the other test files.
//
// `env` holds the sites the runner serves: `origin` (the release build),
// `subOrigin` (built for /weekly/), `flaky` (issue files fail until
// `flaky.heal()`), `offline` (a host the test can stop), `deploy()` (a host
// of its own, stoppable, onto which `upload(step)` puts a second version a
// part at a time: 'assets', 'worker', 'remove-old', 'html'), `nextIssue()`
// (a host of its own onto which `publish()` puts the site with one more
// issue, Vol. 4) and `portal` (a page on another origin embedding the
// reader).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const VOL3 = '云原生生态周报 Vol. 3';

async function expectVol3(page) {
  await page.getByRole('heading', { level: 1, name: VOL3, exact: true }).waitFor();
  await until(async () => (await page.locator('article.item').count()) === 18, 'the 18 items of Vol. 3', 20_000);
}

async function until(check, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Opens `url` and waits until the app has taken the page over: a
 * pre-rendered page shows its content (links, terms) before the app runs,
 * and a WebDriver action on that static copy would be lost in the swap.
 */
async function open(page, url) {
  await page.goto(url);
  await until(() => page.evaluate(() => !document.getElementById('shell') && !document.querySelector('.offscreen')), 'the app to take the page over', 20_000);
}

const pathOf = async (page) => {
  const url = new URL(await page.url());
  return url.pathname + url.search;
};

/** Browser context options a scenario needs in Playwright. */
export const options = {
  // Its host serves no worker: Chromium says so when the page registers it.
  'a deploy with one more issue: “1 new issue since your last visit” on /, linking to it, only on the visit after': {
    allow: [/status of 503|Failed to load resource/, /bad HTTP response code \(404\) was received when fetching the script/],
  },
  'touch: a tap opens a term’s tooltip instead of following it, a tap elsewhere closes it': { hasTouch: true },
};

export const scenarios = {
  async 'every route loads directly'(page, env) {
    await open(page, `${env.origin}/?lang=en`);
    await page.getByRole('heading', { name: 'All issues' }).waitFor();
    assert.match(await page.locator('.latest h1').innerText(), /Vol\. 3/);

    await open(page, `${env.origin}/issues/3?lang=en`);
    await expectVol3(page);

    await open(page, `${env.origin}/tags?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'All tags' }).waitFor();
    assert.match(await page.locator('.tag-index li', { hasText: 'Envoy' }).innerText(), /Envoy/);

    await open(page, `${env.origin}/tags/envoy?lang=en`);
    await page.getByRole('heading', { level: 1, name: /Envoy/ }).waitFor();
    await page.locator('.item-refs li').first().waitFor();

    await open(page, `${env.origin}/glossary?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Glossary' }).waitFor();
    await until(async () => (await page.locator('.glossary-index dt').count()) >= 20, 'the glossary’s terms');

    await open(page, `${env.origin}/glossary/kep?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'KEP' }).waitFor();
    assert.match(await page.locator('.term-page').innerText(), /Kubernetes Enhancement Proposal/);

    await open(page, `${env.origin}/search?q=${encodeURIComponent('负载均衡')}&lang=en`);
    await page.locator('.search-result').first().waitFor();

    await open(page, `${env.origin}/no/such/page?lang=en`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.assertClean();
  },

  async 'in-app navigation and Back'(page, env) {
    await open(page, `${env.origin}/?lang=en`);
    await page.getByRole('link', { name: 'Read this issue' }).click();
    await expectVol3(page);
    await page.getByRole('link', { name: 'Tags', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'All tags' }).waitFor();
    await page.locator('.tag-index a', { hasText: 'Envoy' }).first().click();
    await page.getByRole('heading', { level: 1, name: /Envoy/ }).waitFor();
    await page.locator('.item-refs li').first().waitFor();
    await page.getByRole('link', { name: 'Glossary', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Glossary' }).waitFor();
    await page.locator('.glossary-index a', { hasText: 'KEP' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'KEP' }).waitFor();
    assert.equal(await pathOf(page), '/glossary/kep/');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Glossary' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: /Envoy/ }).waitFor();
    assert.equal(await pathOf(page), '/tags/envoy/');
    await page.assertClean();
  },

  async 'filters follow the URL and Back undoes them'(page, env) {
    await open(page, `${env.origin}/issues/3?lang=en`);
    await expectVol3(page);
    await page.locator('.filters a.chip', { hasText: 'Upstream progress' }).click();
    await page.waitForURL((u) => u.searchParams.get('section') === 'upstream');
    await until(async () => (await page.locator('.section > h2').count()) === 1, 'one section');
    assert.equal(await page.locator('.section > h2').innerText(), 'Upstream progress');
    await page.goBack();
    await expectVol3(page);
    await page.assertClean();
  },

  async 'search in Chinese and English, typed in the header box'(page, env) {
    await open(page, `${env.origin}/?lang=en`);
    const box = page.getByRole('searchbox', { name: 'Search the weekly' });
    await box.click();
    await page.keyboard.type('负载均衡');
    // Results follow the typing: `负载均` may show first (its mark `负载均`).
    await until(
      async () => (await page.locator('.search-result mark').first().innerText().catch(() => '')) === '负载均衡',
      'the results of 负载均衡, marked',
    );
    assert.match(await page.locator('.search-result a.result-link').first().getAttribute('href'), /#envoy-orca$/);
    await page.waitForURL((u) => u.searchParams.get('q') === '负载均衡');

    await box.fill('docker hub');
    await until(
      async () => /#docker-hub-breach$/.test((await page.locator('.search-result a.result-link').first().getAttribute('href').catch(() => '')) ?? ''),
      'docker hub to find the Docker Hub item first',
    );
    await page.locator('.search-result a.result-link').first().click();
    await page.waitForURL((u) => u.pathname === '/issues/3/' && u.hash === '#docker-hub-breach');
    await expectVol3(page);
    await page.assertClean();
  },

  async 'the language switch changes the whole interface'(page, env) {
    await open(page, `${env.origin}/?lang=en`);
    await page.getByRole('heading', { name: 'All issues' }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '全部周报' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await page.getByRole('link', { name: '标签', exact: true }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'All issues' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.assertClean();
  },

  async 'a glossary tooltip opens by mouse and by keyboard'(page, env) {
    await open(page, `${env.origin}/issues/3?lang=en`);
    await expectVol3(page);
    const tip = page.getByRole('tooltip');
    // Mouse: resting on the term opens it after the hover intent.
    await page.locator('article.item a.term', { hasText: 'KEP' }).first().hover();
    await tip.waitFor();
    assert.match(await tip.innerText(), /KEP[\s\S]*Kubernetes Enhancement Proposal/);
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'detached' });
    // Keyboard: Tab reaches a term; its tooltip opens at once and describes it.
    let onTerm = false;
    for (let i = 0; i < 150 && !onTerm; i++) {
      await page.keyboard.press('Tab');
      onTerm = await page.evaluate(() => !!document.activeElement?.matches('article.item a.term'));
    }
    assert.ok(onTerm, 'Tab never reached a term');
    await tip.waitFor();
    const described = await page.evaluate(() => document.activeElement.getAttribute('aria-describedby'));
    assert.equal(described, await tip.getAttribute('id'));
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'detached' });
    assert.ok(await page.evaluate(() => document.activeElement.matches('a.term')), 'Escape moved focus');
    await page.assertClean();
  },

  async 'reading by keyboard: j and k move through the items, ? lists the shortcuts, none fires while typing, and they turn off'(page, env) {
    await open(page, `${env.origin}/issues/3?lang=en`);
    await expectVol3(page);
    // Reading time, from the build, in the header.
    assert.match(await page.locator('.issue-header .reading-time').innerText(), /^\d+ min read$/);
    const ids = await page.evaluate(() => [...document.querySelectorAll('article.item')].map((a) => a.id));
    const focused = () => page.evaluate(() => document.activeElement?.closest('article.item')?.id ?? null);
    const press = async (key, want, what) => {
      await page.keyboard.press(key);
      await until(async () => (await focused()) === want, what);
    };
    await press('j', ids[0], 'j to move to the first item');
    await press('j', ids[1], 'j to move to the second item');
    // In view, at the top of the window.
    const top = await page.evaluate(() => document.activeElement.getBoundingClientRect().top);
    // At the top, below its scroll margin (1rem).
    assert.ok(top >= 0 && top < 40, `the item is not scrolled to the top: ${top}`);
    await press('k', ids[0], 'k to move back to the first item');

    // ? opens the list of shortcuts as a dialog; Escape closes it, and
    // focus goes back where it was.
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await page.keyboard.press('?');
    await help.waitFor();
    for (const line of [/j\s*Next item/, /k\s*Previous item/, /\[\s*Previous issue/, /\]\s*Next issue/, /\/\s*Go to the search box/, /\?\s*Show the shortcuts/, /Esc\s*Close this list/]) {
      assert.match(await help.innerText(), line);
    }
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    assert.equal(await focused(), ids[0], 'closing the list moved focus away');

    // / goes to the search box, pressed at once: the list is closed as soon
    // as Escape closes it, not a task later when its `close` event comes
    // (a `/` in between was lost in one run in four). Typed there, j and ?
    // are text.
    await page.keyboard.press('/');
    await until(() => page.evaluate(() => document.activeElement?.type === 'search'), '/ to focus the search box');
    await page.keyboard.type('j?');
    await until(() => page.evaluate(() => document.activeElement?.value === 'j?'), 'j? typed into the search box');
    // The list's code arrives on demand: time for it to come, had `?` asked.
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(await page.locator('dialog[open]').count(), 0, '? opened the list while typing');
    assert.equal(await focused(), null);

    // Turned off from the list: the keys do nothing, across a reload; the
    // footer's button still opens the list to turn them on again.
    await open(page, `${env.origin}/issues/3?lang=en`);
    await expectVol3(page);
    await page.keyboard.press('?');
    await help.waitFor();
    const on = help.getByRole('checkbox', { name: 'Use keyboard shortcuts' });
    await on.click();
    await help.getByRole('button', { name: 'Close' }).click();
    await help.waitFor({ state: 'detached' });
    await open(page, `${env.origin}/issues/3?lang=en`);
    await expectVol3(page);
    await page.keyboard.press('j');
    await page.keyboard.press('?');
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(await focused(), null, 'j moved with shortcuts off');
    assert.equal(await page.locator('dialog[open]').count(), 0, '? opened the list with shortcuts off');
    await page.getByRole('contentinfo').getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await help.waitFor();
    await help.getByRole('checkbox', { name: 'Use keyboard shortcuts' }).click();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await press('j', ids[0], 'j to work again once turned on');
    await page.assertClean();
  },

  async 'the reader remembers: an issue left halfway offers to continue where the reader stopped, and one read to its end is marked read'(page, env) {
    const history = () => page.evaluate(() => JSON.parse(localStorage.getItem('weekly.memory@/') ?? '{}'));
    await open(page, `${env.origin}/?lang=en`);
    await page.locator('.archive-entry .unread-mark').waitFor();
    assert.equal(await page.evaluate(() => document.querySelector('.archive-entry .unread-mark').textContent), 'Unread');
    // The history's part has arrived (its actions show) and no notice came.
    await page.locator('.memory-actions').waitFor();
    assert.equal(await page.locator('.memory-notice').count(), 0, 'a notice on the first visit ever');

    await open(page, `${env.origin}/issues/3?lang=en`);
    await expectVol3(page);
    const ids = await page.evaluate(() => [...document.querySelectorAll('article.item')].map((a) => a.id));
    await page.evaluate((id) => document.getElementById(id).scrollIntoView(), ids[6]);
    await until(async () => (await history()).places?.[0]?.item === ids[6], 'the place to be remembered');

    await open(page, `${env.origin}/issues/3?lang=en`);
    await expectVol3(page);
    const offer = page.getByRole('link', { name: /^Continue from “/ });
    await offer.waitFor();
    assert.ok((await page.evaluate(() => window.scrollY)) < 50, 'the page jumped by itself');
    await offer.click();
    await page.waitForURL((u) => u.hash === `#${ids[6]}`);

    await page.evaluate((id) => document.getElementById(id).scrollIntoView(), ids.at(-1));
    await until(async () => (await history()).read?.includes(3), 'the issue to count as read', 10_000);
    await open(page, `${env.origin}/?lang=en`);
    await page.locator('.archive-entry').first().waitFor();
    await page.locator('.archive-entry .unread-mark').waitFor({ state: 'detached' });
    await page.assertClean();
  },

  async 'a deploy with one more issue: “1 new issue since your last visit” on /, linking to it, only on the visit after'(page, env) {
    const site = await env.nextIssue();
    await open(page, `${site.origin}/?lang=en`);
    // The history's part has arrived (its actions show): a first visit ever has no notice.
    await page.locator('.memory-actions').waitFor();
    assert.equal(await page.locator('.memory-notice').count(), 0, 'a notice on the first visit ever');
    site.publish();
    await open(page, `${site.origin}/?lang=en`);
    const link = page.getByRole('link', { name: '1 new issue since your last visit' });
    await link.waitFor();
    assert.match(await link.getAttribute('href'), /\/issues\/4\/?$/);
    await link.click();
    await page.getByRole('heading', { level: 1, name: /Vol\. 4/ }).waitFor();
    await open(page, `${site.origin}/?lang=en`);
    await page.locator('.memory-actions').waitFor();
    assert.equal(await page.getByRole('link', { name: /new issue/ }).count(), 0, 'the notice came back on the next visit');
    await page.assertClean();
  },

  async 'the reading history moves to another device: forget, then import the file, restores the marks'(page, env) {
    const stored = () => page.evaluate(() => localStorage.getItem('weekly.memory@/'));
    await open(page, `${env.origin}/?lang=en`);
    await page.locator('.memory-actions').waitFor();
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.locator('.archive-entry .unread-mark').waitFor({ state: 'detached' });
    // The file "Export reading history" writes is the stored history
    // (memory.test.mjs checks the download itself in Chromium; WebDriver
    // has no downloads).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weekly-history-'));
    const file = path.join(dir, 'weekly-reading-history.json');
    fs.writeFileSync(file, await stored());
    try {
      assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')).read, [3]);
      await page.getByRole('button', { name: 'Forget my reading history' }).click();
      await page.locator('.archive-entry .unread-mark').waitFor();
      assert.equal(await stored(), null, 'the history is still stored');
      await page.getByRole('button', { name: 'Export or import your reading history…' }).click();
      await page.locator('.memory-transfer input[type=file]').setInputFiles(file);
      await page.locator('.memory-transfer [role=status]', { hasText: 'Imported: 1 issue read.' }).waitFor();
      await page.locator('.archive-entry .unread-mark').waitFor({ state: 'detached' });
      assert.deepEqual(JSON.parse(await stored()).read, [3]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await page.assertClean();
  },

  async 'touch: a tap opens a term’s tooltip instead of following it, a tap elsewhere closes it'(page, env) {
    await open(page, `${env.origin}/issues/3?lang=en`);
    await expectVol3(page);
    await page.evaluate(() => {
      window.__pointerTypes = [];
      addEventListener('pointerdown', (e) => window.__pointerTypes.push(e.pointerType), { capture: true });
    });
    await page.locator('article.item a.term', { hasText: 'KEP' }).first().tap();
    const types = await page.evaluate(() => window.__pointerTypes ?? []);
    if (!types.includes('touch')) {
      return { skipped: `the driver's touch pointer arrived as ${JSON.stringify(types)}, not as touch` };
    }
    const tip = page.getByRole('tooltip');
    await tip.waitFor();
    assert.equal(await pathOf(page), '/issues/3?lang=en', 'the tap followed the link');
    await page.getByRole('heading', { level: 1, name: VOL3, exact: true }).tap();
    await tip.waitFor({ state: 'detached' });
    await page.assertClean();
  },

  async 'the build for a sub-path stays under it'(page, env) {
    await open(page, `${env.subOrigin}/weekly/issues/3?lang=en`);
    await expectVol3(page);
    await page.locator('article.item li.tag a').first().click();
    await page.getByRole('heading', { level: 1, name: /Tag/ }).waitFor();
    assert.match(await pathOf(page), /^\/weekly\/tags\/[a-z0-9-]+\/$/);
    await page.getByRole('link', { name: 'Archive', exact: true }).click();
    await page.getByRole('heading', { name: 'All issues' }).waitFor();
    assert.equal(await pathOf(page), '/weekly/');
    await page.assertClean();
  },

  async 'a data failure shows a message, the page stays usable, and Retry recovers'(page, env) {
    // The archive carries its catalog; the issue is read when the reader opens it.
    await open(page, `${env.flaky.origin}/?lang=en`);
    await page.locator('.archive-entry').first().waitFor();
    env.flaky.fail();
    await page.getByRole('link', { name: /Vol\. 3/ }).first().click();
    await page.locator('.load-error').waitFor();
    assert.match(await page.locator('.load-error').innerText(), /\S/);
    await page.getByRole('link', { name: 'Tags', exact: true }).waitFor();
    env.flaky.heal();
    await page.locator('.load-error').getByRole('button', { name: /Retry|Reload/ }).click();
    await expectVol3(page);
    // The failure was provoked: the console may say so, nothing else may fail.
  },

  async 'offline: a page read once reads again with the host gone'(page, env) {
    await open(page, `${env.offline.origin}/issues/3?lang=en`);
    await expectVol3(page);
    const supported = await page.evaluate(() => 'serviceWorker' in navigator && window.isSecureContext);
    if (!supported) {
      // No worker: the reader reads online, navigates, and reports nothing.
      await page.getByRole('link', { name: 'Archive', exact: true }).click();
      await page.getByRole('heading', { name: 'All issues' }).waitFor();
      await page.assertClean();
      return { note: 'no service worker here: the reader reads online without an error' };
    }
    const ready = await page.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 10_000)),
      ]),
    );
    if (!ready) {
      await page.assertClean();
      return { skipped: 'the service worker never became ready (registration refused by this engine)' };
    }
    // Loading the address again, not reloading: a WebDriver refresh may
    // bypass the worker like a forced reload does.
    await open(page, `${env.offline.origin}/issues/3?lang=en`);
    await expectVol3(page);
    await until(() => page.evaluate(() => !!navigator.serviceWorker.controller), 'the worker to control the page');
    await env.offline.stop();
    await open(page, `${env.offline.origin}/issues/3?lang=en`);
    await expectVol3(page);
    await open(page, `${env.offline.origin}/?lang=en`);
    await page.getByRole('heading', { name: 'All issues' }).waitFor();
  },

  async 'offline: a deploy uploaded file by file keeps the reader on one whole version, then moves it to the new one'(page, env) {
    const site = await env.deploy();
    const url = `${site.origin}/issues/3?lang=en`;
    // Null while a navigation replaces the page.
    const version = () => page.evaluate(() => document.querySelector('meta[name=weekly-test-version]')?.content ?? '1').catch(() => null);
    await open(page, url);
    await expectVol3(page);
    const supported = await page.evaluate(() => 'serviceWorker' in navigator && window.isSecureContext);
    if (!supported) return { note: 'no service worker here: nothing to keep across deploys' };
    await until(() => page.evaluate(() => navigator.serviceWorker.ready.then(() => true)), 'the worker to be ready');
    await open(page, url);
    await until(() => page.evaluate(() => !!navigator.serviceWorker.controller), 'the worker to control the page');
    // A visit that lets the browser look for a new worker and try to install it.
    const visit = async () => {
      await open(page, url);
      await expectVol3(page);
      await page.evaluate(async () => {
        window.__registration = await navigator.serviceWorker.getRegistration();
        await window.__registration.update().catch(() => {});
      });
      await until(() => page.evaluate(() => window.__registration.installing === null), 'the update attempt to end', 20_000);
    };
    // Half uploaded: the new code and worker up, the old code deleted, the old HTML still there.
    site.upload('assets');
    site.upload('worker');
    site.upload('remove-old');
    await visit();
    await visit();
    assert.equal(await version(), '1', 'the new version ran before its upload was complete');
    site.upload('html');
    await visit();
    const prompt = page.getByRole('status').filter({ hasText: 'A new version of Weekly is available.' });
    await prompt.waitFor({ timeout: 20_000 });
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await until(async () => (await version()) === '2', 'version 2 after Reload', 20_000);
    await until(() => page.evaluate(() => !document.getElementById('shell')).catch(() => false), 'the app to take the page over');
    await expectVol3(page);
    await site.stop();
    await open(page, url);
    await expectVol3(page);
    assert.equal(await version(), '2', 'offline, the reader is on the new version');
    await page.assertClean();
  },

  async 'embedded by a portal on another origin, the frame takes its height'(page, env) {
    await open(page, env.portal);
    await page.locator('iframe').waitFor();
    await until(
      async () => (await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height)) > 1200,
      'the frame to grow to the issue’s height (the reader answered the portal)',
      20_000,
    );
    await page.assertClean();
  },
};
