// The size check of the test command (issue 16): the brotli sizes of what a
// first visit loads (HTML, JS, wasm, CSS) and of every code chunk, against
// the checked-in tests/sizes.json. A file that grew by more than 2 KB fails
// the run unless tests/sizes.json was updated with it, so every growth is a
// decision that shows in review. File names lose their content hashes.
// Beside that ratchet, the budgets (the product spec's, issue 31) fail the run whatever is
// recorded: the first load of `/` over 140 KB, its wasm over 130 KB, a
// chunk over 50 KB (brotli, KB = 1,000 bytes as everywhere in the docs).
//
//   node tests/sizes.mjs dist            check against tests/sizes.json
//   node tests/sizes.mjs dist --write    record the current sizes
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SLACK = 2048;
const BUDGET = { first_load: 140_000, wasm: 130_000, chunk: 50_000 };
const RECORD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sizes.json');
const [dir = 'dist', mode] = process.argv.slice(2);

const brotli = (file) =>
  zlib.brotliCompressSync(fs.readFileSync(file), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;

// `weekly-578411d27814cd51_bg.wasm` → `weekly_bg.wasm`; Trunk writes its
// hash without leading zeros (`style-9e291759c9ca545.css`).
const unhashed = (name) => name.replace(/-[0-9a-f]{8,16}(?=[._])/, '');

const PAGES = ['issues/3/index.html', 'tags/envoy/index.html', 'glossary/kep/index.html', '404.html'];

// Code on demand (scripts/split.mjs), and the search page's own script
// (search-ahead-<hash>.js, issue 33): fetched when a page needs it.
const isChunk = (name) => /^(split|chunk)_.*\.wasm$/.test(name) || /^search-ahead-[0-9a-f]+\.js$/.test(name);

function measure() {
  const sizes = {};
  const chunks = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const first = name === 'index.html' || /\.(js|wasm|css)$/.test(name);
    // Not part of a reader's first load: the portal's snippet and the
    // service worker, which installs after the page has loaded.
    if (!first || name === 'embed.js' || name === 'sw.js' || name === 'sw-retire.js') continue;
    if (!isChunk(name)) {
      sizes[unhashed(name)] = brotli(path.join(dir, name));
      continue;
    }
    // Code two pages share, should it ever come in files of its own
    // (scripts/split.mjs carries it inside the pages' chunks): counted
    // together, the split's numbers (chunk_4, chunk_5…) shift.
    const key = /^chunk_\d+/.test(name) ? 'shared chunks' : unhashed(name);
    chunks[key] = (chunks[key] ?? 0) + brotli(path.join(dir, name));
  }
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  // Pre-rendered pages a reader opens first from a shared link (each in
  // place of index.html in that visit's first load; budget 30 KB for an issue).
  const pages = {};
  for (const page of PAGES) {
    if (fs.existsSync(path.join(dir, page))) pages[page] = brotli(path.join(dir, page));
  }
  return { files: sizes, first_load: total, chunks, pages };
}

const now = measure();
if (mode === '--write') {
  fs.writeFileSync(RECORD, JSON.stringify(now, null, 2) + '\n');
  console.log(`recorded in ${path.relative(process.cwd(), RECORD)}:`, now);
  process.exit(0);
}
const recorded = JSON.parse(fs.readFileSync(RECORD, 'utf8'));
const problems = [];
const rows = [];
const names = new Set([...Object.keys(recorded.files), ...Object.keys(now.files)]);
for (const name of [...names].sort()) {
  const was = recorded.files[name];
  const is = now.files[name];
  rows.push(`${name.padEnd(24)} ${String(was ?? '—').padStart(9)} → ${String(is ?? '—').padStart(9)}`);
  if (is === undefined) continue;
  if (was === undefined) problems.push(`${name} is new (${is} bytes brotli) and not in tests/sizes.json`);
  else if (is > was + SLACK) problems.push(`${name} grew by ${is - was} bytes brotli (${was} → ${is})`);
}
for (const name of [...new Set([...Object.keys(recorded.chunks ?? {}), ...Object.keys(now.chunks)])].sort()) {
  const was = recorded.chunks?.[name];
  const is = now.chunks[name];
  rows.push(`${('chunk ' + name).padEnd(24)} ${String(was ?? '—').padStart(9)} → ${String(is ?? '—').padStart(9)}`);
  if (is === undefined) continue;
  if (was === undefined) problems.push(`chunk ${name} is new (${is} bytes brotli) and not in tests/sizes.json`);
  else if (is > was + SLACK) problems.push(`chunk ${name} grew by ${is - was} bytes brotli (${was} → ${is})`);
}
rows.push(`${'first load'.padEnd(24)} ${String(recorded.first_load).padStart(9)} → ${String(now.first_load).padStart(9)}`);
for (const page of PAGES) {
  const was = recorded.pages?.[page];
  const is = now.pages[page];
  rows.push(`${page.padEnd(24)} ${String(was ?? '—').padStart(9)} → ${String(is ?? '—').padStart(9)}`);
  if (is === undefined) continue;
  if (was === undefined) problems.push(`${page} is new (${is} bytes brotli) and not in tests/sizes.json`);
  else if (is > was + SLACK) problems.push(`${page} grew by ${is - was} bytes brotli (${was} → ${is})`);
}
if (now.first_load > BUDGET.first_load) problems.push(`the first load is ${now.first_load} bytes brotli, over the budget of ${BUDGET.first_load}`);
for (const [name, size] of Object.entries(now.files)) {
  if (name.endsWith('.wasm') && size > BUDGET.wasm) problems.push(`${name} is ${size} bytes brotli, over the budget of ${BUDGET.wasm} for the first-load wasm`);
}
for (const [name, size] of Object.entries(now.chunks)) {
  if (size > BUDGET.chunk) problems.push(`chunk ${name} is ${size} bytes brotli, over the budget of ${BUDGET.chunk}`);
}
console.log(rows.join('\n'));
if (problems.length) {
  console.error(
    `\n${problems.join('\n')}\n\nIf a growth within the budgets is intended, record it in the same commit:` +
      `\n  node tests/sizes.mjs ${dir} --write`,
  );
  process.exit(1);
}
console.log(`sizes within ${SLACK} bytes of tests/sizes.json`);
