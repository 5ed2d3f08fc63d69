// The editor's preview (scripts/preview.sh): a save shows in the open page,
// a mistake shows over the page with file, line, column and the fix, fixing
// it clears that, and drafts are shown and marked. None of it may reach a
// release build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, appReady, DIST } from './harness.mjs';
import { startPreview } from '../../scripts/preview/server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COMPILER = process.env.WEEKLY_COMPILER ?? path.join(ROOT, 'target/debug/weekly-compile');
const ALLOW = [];

let browser, preview, tmp, src, vol3;
before(async () => {
  browser = await launch();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weekly-preview-'));
  src = path.join(tmp, 'issues');
  fs.cpSync(path.join(ROOT, 'issues'), src, { recursive: true });
  fs.cpSync(DIST, path.join(tmp, 'site'), { recursive: true });
  vol3 = fs.readFileSync(path.join(src, '003.md'), 'utf8');
  preview = await startPreview({ site: path.join(tmp, 'site'), src, compiler: COMPILER, port: 0, log: () => {} });
});
after(async () => {
  await browser?.close();
  await preview?.close();
  // A compile started by the last save may still be writing into the site.
  fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

/** Saves a source the way an editor's save does, and waits for the compile. */
async function save(name, text) {
  const compiled = preview.compiled();
  fs.writeFileSync(path.join(src, name), text);
  return compiled;
}

test('a save shows in the open page, an error shows over it, a fix clears it', async () => {
  const page = await openPage(browser, { allow: ALLOW });
  await page.goto(`${preview.origin}/issues/3`);
  await appReady(page);
  await page.getByRole('heading', { level: 1, name: '云原生生态周报 Vol. 3' }).waitFor();

  // A change: the page reloads by itself and shows it.
  const changed = vol3.replace('title = "云原生生态周报 Vol. 3"', 'title = "云原生生态周报 Vol. 3（修订）"');
  await save('003.md', changed);
  await page.getByRole('heading', { level: 1, name: '云原生生态周报 Vol. 3（修订）' }).waitFor();

  // A mistake: an unknown tag on line 21. The errors show over the page in
  // the UI language; the last good build stays underneath.
  const line = changed.split('\n').findIndex((l) => l.startsWith('- {#docker-hub-breach')) + 1;
  const broken = changed.replace('{#docker-hub-breach docker security}', '{#docker-hub-breach docker nosuchtag}');
  await save('003.md', broken);
  const panel = page.getByRole('alert').filter({ hasText: 'The build failed' });
  await panel.waitFor();
  const text = await panel.innerText();
  assert.match(text, /The build failed: 1 error/);
  assert.ok(text.includes(`003.md, line ${line}, column 3`), text);
  assert.match(text, /unknown tag `nosuchtag`/);
  assert.match(text, /How to fix: /);
  // Exactly as the terminal shows it.
  await panel.getByText('As the terminal shows it').click();
  assert.match(await panel.locator('pre').innerText(), new RegExp(`003\\.md:${line}:3: error: unknown tag \`nosuchtag\``));
  await page.getByRole('heading', { level: 1, name: '云原生生态周报 Vol. 3（修订）' }).waitFor();

  // The reader's language switch changes the panel's language too.
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('alert').filter({ hasText: '构建失败：1 个错误' }).waitFor();
  assert.ok((await page.getByRole('alert').innerText()).includes(`第 ${line} 行，第 3 列`));

  // Fixed: the page reloads and the panel is gone.
  await save('003.md', vol3);
  await page.getByRole('heading', { level: 1, name: '云原生生态周报 Vol. 3' }).waitFor();
  await page.waitForSelector('#weekly-preview-errors', { state: 'detached' });
  assert.equal(await page.getByRole('alert').filter({ hasText: '构建失败' }).count(), 0);
  page.assertClean();
  await page.close();
});

test('a page opened while the sources are broken shows the errors at once', async () => {
  await save('003.md', vol3.replace('volume = 3\n', 'volume = "three"\n'));
  const page = await openPage(browser, { allow: ALLOW });
  await page.goto(`${preview.origin}/`);
  await appReady(page);
  const panel = page.getByRole('alert').filter({ hasText: 'The build failed' });
  await panel.waitFor();
  assert.match(await panel.innerText(), /003\.md/);
  // Hide puts it away until the next build.
  await panel.getByRole('button', { name: 'Hide' }).click();
  await page.waitForSelector('#weekly-preview-errors', { state: 'detached' });
  await save('003.md', vol3);
  page.assertClean();
  await page.close();
});

test('a draft shows in the preview, marked, and nowhere in the release build', async () => {
  const draft = vol3
    .replace('volume = 3\n', 'volume = 4\ndraft = true\n')
    .replace('title = "云原生生态周报 Vol. 3"', 'title = "云原生生态周报 Vol. 4 草稿"');
  await save('004.md', draft);
  const page = await openPage(browser, { allow: ALLOW });
  await page.goto(`${preview.origin}/`);
  await appReady(page);
  const entry = page.locator('.archive-entry').filter({ hasText: 'Vol. 4 草稿' });
  assert.match(await entry.innerText(), /Draft/);
  await page.goto(`${preview.origin}/issues/4`);
  await page.getByRole('heading', { level: 1, name: /Vol\. 4 草稿\s*Draft/ }).waitFor();
  page.assertClean();
  await page.close();
  fs.rmSync(path.join(src, '004.md'));
});

test('the release build holds no preview code', () => {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(html|js|css|wasm)$/.test(entry.name)) files.push(full);
    }
  };
  walk(DIST);
  assert.ok(files.some((f) => f.endsWith('.wasm')));
  for (const file of files) {
    const text = fs.readFileSync(file).toString('latin1');
    assert.ok(!/__preview|weekly-preview/.test(text), `${file} holds preview code`);
  }
});
