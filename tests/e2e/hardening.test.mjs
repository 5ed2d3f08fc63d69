// Hardening (issue 15): in-page links stay on the page, links to files reach
// the file, malformed percent-encoding never aborts the app, and huge or
// deeply nested data ends in the typed error view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, openPage, DIST, DIST_SUBPATH } from './harness.mjs';

let browser, site, subsite;
before(async () => {
  browser = await launch();
  site = await serve(DIST, { spa: true });
  subsite = await serve(DIST_SUBPATH, { base: '/weekly/', spa: true });
});
after(async () => {
  await browser?.close();
  await Promise.all([site, subsite].map((s) => s?.close()));
});

test('the skip link moves focus to the content and stays on the page (at / and /weekly/)', async () => {
  for (const origin of [`${site.origin}/`, `${subsite.origin}/weekly/`]) {
    const page = await openPage(browser);
    await page.goto(origin + 'issues/3');
    await page.waitForSelector('article.item');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    assert.match(page.url(), /\/issues\/3$/);
    assert.equal(await page.locator('article.item').count(), 18);
    page.assertClean();
    await page.close();
  }
});

/** Opens Vol. 3 with links added to its first item. */
async function withLinks(page, links, origin = site.origin) {
  await page.route(/\/data\/issues\/.*\.json$/, async (route) => {
    const response = await route.fetch();
    const issue = await response.json();
    const item = issue.sections[0].groups[0].items[0];
    item.body.push(links.map(([href, text]) => ({ kind: 'link', href, children: [{ kind: 'text', text }] })));
    await route.fulfill({ response, json: issue });
  });
  await page.goto(origin + '/issues/3');
  await page.waitForSelector('article.item');
}

test('an in-page link in content scrolls to the item on this page', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  await withLinks(page, [['#java8-container-support', 'to the Java item']]);
  await page.getByRole('link', { name: 'to the Java item' }).click();
  await page.waitForSelector('#java8-container-support.highlight');
  assert.match(page.url(), /\/issues\/3(#java8-container-support)?$/);
  assert.equal(await page.locator('article.item').count(), 18);
  page.assertClean();
  await page.close();
});

test('the Atom link and links to files reach the file, not the app’s not-found page', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  await withLinks(page, [['/embed.js', 'the embed script']]);
  await page.getByRole('link', { name: 'the embed script' }).click();
  await page.waitForURL('**/embed.js');
  assert.match(await page.content(), /WeeklyEmbed/);
  await page.goto(site.origin + '/issues/3');
  await page.getByRole('link', { name: 'Atom' }).click();
  await page.waitForURL('**/feed.xml');
  assert.match(await page.content(), /<feed|feed xmlns|urn:weekly:feed/);
  page.assertClean();
  await page.close();
});

test('malformed percent-encoding, loaded directly or clicked, never aborts the app', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  await page.goto(site.origin + '/search?q=100%');
  await page.waitForSelector('#shell', { state: 'detached' });
  assert.equal(await page.locator('#search-input').inputValue(), '100%');
  await page.goto(site.origin + '/tags/%E0%A4%A');
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  await page.goto(site.origin + '/issues/3#50%');
  await page.waitForSelector('article.item');
  await withLinks(page, [['/search?q=50%', 'fifty per cent'], ['/tags/%E0%A4%A', 'broken tag']]);
  await page.getByRole('link', { name: 'fifty per cent' }).click();
  await page.waitForFunction(() => document.querySelector('#search-input')?.value === '50%');
  await page.goBack();
  await page.getByRole('link', { name: 'broken tag' }).click();
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  page.assertClean();
  await page.close();
});

test('a 100 MB answer and an issue nested 200 levels deep end in the error view', async () => {
  for (const body of [
    () => '{"schema_version":1,"pad":"' + 'x'.repeat(100 * 1024 * 1024) + '"}',
    () => {
      let node = { kind: 'text', text: 'deep' };
      for (let i = 0; i < 200; i++) node = { kind: 'strong', children: [node] };
      return JSON.stringify({ schema_version: 1, volume: 3, title: 't', sections: [{ slug: 'news', title: 'x', groups: [{ items: [{ id: 'a', title: [node], body: [] }] }] }] });
    },
  ]) {
    const page = await openPage(browser, { serviceWorkers: 'block', allow: [/Failed to load resource/] });
    await page.route(/\/data\/issues\/.*\.json$/, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: body() }),
    );
    await page.goto(site.origin + '/issues/3');
    await page.waitForSelector('.load-error', { timeout: 20_000 });
    assert.match(await page.locator('.load-error').innerText(), /not in the expected format/);
    page.assertClean();
    await page.close();
  }
});
