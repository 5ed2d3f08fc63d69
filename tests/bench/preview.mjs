// The editor's loop: from saving issues/003.md to the open page showing the
// change, through the preview (scripts/preview/server.mjs), median of runs.
// Usage: node tests/bench/preview.mjs SITE COMPILER [RUNS]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { launch, openPage } from '../e2e/harness.mjs';
import { startPreview } from '../../scripts/preview/server.mjs';

const [site, compiler, runs = '7'] = process.argv.slice(2);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weekly-preview-bench-'));
const src = path.join(tmp, 'issues');
fs.cpSync('issues', src, { recursive: true });
fs.cpSync(site, path.join(tmp, 'site'), { recursive: true });
const original = fs.readFileSync(path.join(src, '003.md'), 'utf8');
const compiles = [];
const preview = await startPreview({
  site: path.join(tmp, 'site'),
  src,
  compiler,
  port: 0,
  log: (line) => {
    const ms = /rebuilt in (\d+) ms/.exec(line);
    if (ms) compiles.push(Number(ms[1]));
  },
});
const browser = await launch();
const page = await openPage(browser, { allow: [/./] });
await page.goto(`${preview.origin}/issues/3`);
await page.waitForSelector('article.issue h1');
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const title = `云原生生态周报 Vol. 3 · ${i}`;
  const started = performance.now();
  fs.writeFileSync(path.join(src, '003.md'), original.replace('title = "云原生生态周报 Vol. 3"', `title = "${title}"`));
  await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: 30000 });
  times.push(performance.now() - started);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`save → page shows the change: median ${median(times).toFixed(0)} ms over ${times.length} saves (${times.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`of which the compile: median ${median(compiles.slice(1))} ms`);
await browser.close();
await preview.close();
fs.rmSync(tmp, { recursive: true, force: true });
