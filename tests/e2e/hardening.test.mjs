// Hardening (issue 15): in-page links stay on the page, links to files reach
// the file, malformed percent-encoding never aborts the app, and huge or
// deeply nested data ends in the typed error view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { createServer } from './serve.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, openPage, appReady, DIST, DIST_SUBPATH } from './harness.mjs';

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
    assert.match(page.url(), /\/issues\/3\/?$/);
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
  const page = await openPage(browser, { serviceWorkers: 'block', carried: false });
  await withLinks(page, [['#java8-container-support', 'to the Java item']]);
  await page.getByRole('link', { name: 'to the Java item' }).click();
  await page.waitForSelector('#java8-container-support.highlight');
  assert.match(page.url(), /\/issues\/3\/?(#java8-container-support)?$/);
  assert.equal(await page.locator('article.item').count(), 18);
  page.assertClean();
  await page.close();
});

test('the Atom link and links to files reach the file, not the app’s not-found page', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block', carried: false });
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
  const page = await openPage(browser, { serviceWorkers: 'block', carried: false });
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

test('a 100 MB answer (declared, streamed or a brotli bomb) and an issue nested 200 levels deep end in the error view', async () => {
  // A host whose issue file is 100 MB: with its length declared, or streamed
  // without one, or 100 MB that brotli packs into a few hundred bytes.
  const files = createServer(DIST, { spa: true });
  const bomb = zlib.brotliCompressSync(Buffer.concat([Buffer.from('{"schema_version":1,"pad":"'), Buffer.alloc(100 * 1024 * 1024, 'x'), Buffer.from('"}')]));
  assert.ok(bomb.length < 100_000, `the bomb is ${bomb.length} bytes`);
  let issueRequests = 0;
  const huge = http.createServer((req, res) => {
    if (!/\/data\/issues\//.test(req.url)) return files.emit('request', req, res);
    issueRequests++;
    if ((req.headers.referer ?? '').includes('bomb')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br', 'content-length': String(bomb.length) });
      return res.end(bomb);
    }
    const stream = (req.headers.referer ?? '').includes('stream');
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const headers = { 'content-type': 'application/json' };
    if (!stream) headers['content-length'] = String(100 * chunk.length + 30);
    res.writeHead(200, headers);
    res.write('{"schema_version":1,"pad":"');
    let sent = 0;
    const more = () => {
      while (sent < 100) {
        sent++;
        if (!res.write(chunk)) return res.once('drain', more);
      }
      res.end('"}');
    };
    more();
  });
  await new Promise((r) => huge.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${huge.address().port}`;
  try {
    for (const query of ['', '?stream', '?bomb']) {
      const page = await openPage(browser, { serviceWorkers: 'block', carried: false });
      issueRequests = 0;
      await page.goto(`${origin}/issues/3${query}`);
      await page.waitForSelector('.load-error', { timeout: 30_000 });
      assert.match(await page.locator('.load-error').innerText(), /not in the expected format/);
      assert.equal(issueRequests, 1, `${query || 'declared'}: the file was asked for ${issueRequests} times`);
      page.assertClean();
      await page.close();
    }
  } finally {
    huge.closeAllConnections();
    await new Promise((r) => huge.close(r));
  }

  let node = { kind: 'text', text: 'deep' };
  for (let i = 0; i < 200; i++) node = { kind: 'strong', children: [node] };
  const deep = JSON.stringify({ schema_version: 1, volume: 3, title: 't', sections: [{ slug: 'news', title: 'x', groups: [{ items: [{ id: 'a', title: [node], body: [] }] }] }] });
  const page = await openPage(browser, { serviceWorkers: 'block', carried: false });
  await page.route(/\/data\/issues\/.*\.json$/, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: deep }),
  );
  await page.goto(site.origin + '/issues/3');
  await page.waitForSelector('.load-error');
  assert.match(await page.locator('.load-error').innerText(), /not in the expected format/);
  page.assertClean();
  await page.close();
});

// On a host that lets browsers cache HTML and data (GitHub Pages: max-age=600),
// a reload within that time gets the cached old page back: README, "Deploying".
const PAGES_SKIP = process.env.WEEKLY_HOST === 'pages' && 'the host lets browsers cache the old page for 10 minutes';
test('a redeploy under an open tab (new data, old files gone) ends in a clear message and Reload recovers', { skip: PAGES_SKIP }, async () => {
  const dir = path.join(path.dirname(DIST), 'target', 'dist-redeploy');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(DIST, dir, { recursive: true });
  const host = await serve(dir, { spa: true });
  const page = await openPage(browser, { serviceWorkers: 'block', allow: [/status of 404/] });
  try {
    await page.goto(host.origin + '/');
    await page.waitForSelector('.archive-entry');
    // The deploy: every hashed file renamed (the old ones gone), the catalog and shell updated.
    const rename = (from, to) => fs.renameSync(path.join(dir, from), path.join(dir, to));
    const catalogFile = path.join(dir, 'data/catalog.json');
    let catalog = fs.readFileSync(catalogFile, 'utf8');
    const oldIssue = JSON.parse(catalog).issues.find((e) => e.volume === 3).file;
    const newIssue = oldIssue.replace(/\.[0-9a-f]{16}\.json$/, '.00000000000000aa.json');
    rename('data/' + oldIssue, 'data/' + newIssue);
    fs.writeFileSync(catalogFile, catalog.replace(oldIssue, newIssue));
    // The build's code (glue, wasm, the split loader and chunks: one build
    // hash) under new names; every page, the loader and the code itself
    // name the new files.
    const build = fs.readdirSync(dir).map((f) => f.match(/^weekly-([0-9a-f]{8,16})\.js$/)?.[1]).find(Boolean);
    const renamedCode = [];
    for (const name of fs.readdirSync(dir).filter((f) => f.includes(`-${build}`))) {
      const renamed = name.replace(build, '00000000000000bb');
      rename(name, renamed);
      renamedCode.push(renamed);
    }
    const pages = fs.readdirSync(dir, { recursive: true }).filter((f) => /\.html$|^boot-.*\.js$/.test(f));
    for (const page of [...pages, ...renamedCode.filter((f) => f.endsWith('.js'))]) {
      const file = path.join(dir, page);
      // The glue's bytes changed with the names it imports: its integrity hash goes.
      const text = fs.readFileSync(file, 'utf8').replaceAll(build, '00000000000000bb');
      fs.writeFileSync(file, text.replace(/ integrity=("?)sha384-[A-Za-z0-9+/=]+\1/g, ''));
    }

    await page.getByRole('link', { name: /Vol\. 3/ }).first().click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /site may have just been updated/);
    // The reload loads the pre-rendered page; the app takes it over.
    await Promise.all([page.waitForEvent('load'), alert.getByRole('button', { name: 'Reload the page' }).click()]);
    await appReady(page);
    assert.equal(await page.locator('article.item').count(), 18);
    page.assertClean();
  } finally {
    await page.close();
    await host.close();
  }
});
