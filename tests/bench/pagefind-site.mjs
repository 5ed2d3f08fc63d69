// Renders published issues as plain static HTML for Pagefind to index, so
// the two searches see the same text. Usage:
//   node tests/bench/pagefind-site.mjs <data dir> <out dir> [--per-item]
// One page per issue (how a static newsletter site is laid out: items are
// <h3 id> headings, Pagefind's sub-results), or with --per-item one page per
// item (the fairest unit for the per-item recall test).
import fs from 'node:fs';
import path from 'node:path';

const [dataDir, outDir, mode] = process.argv.slice(2);
if (!dataDir || !outDir) {
  console.error('usage: pagefind-site.mjs <data dir> <out dir> [--per-item]');
  process.exit(2);
}
const perItem = mode === '--per-item';

const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
/** Plain text of an inline tree, as the app's `plain_text` gives it. */
const plain = (nodes) =>
  nodes.map((n) => (n.text !== undefined ? n.text : n.children ? plain(n.children) : '')).join('');
/** The item's label, as `Item::label` gives it: the title, or the body's first sentence. */
const label = (item) => {
  const title = plain(item.title ?? []).trim();
  if (title) return title;
  const body = plain(item.body?.[0] ?? []);
  const end = body.search(/[。!?！？]/);
  return (end >= 0 ? body.slice(0, end + 1) : body).slice(0, 40);
};
const page = (title, body) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
  `<body><main data-pagefind-body>${body}</main></body></html>\n`;

fs.rmSync(outDir, { recursive: true, force: true });
const issuesDir = path.join(dataDir, 'issues');
let pages = 0;
for (const file of fs.readdirSync(issuesDir).sort()) {
  const issue = JSON.parse(fs.readFileSync(path.join(issuesDir, file), 'utf8'));
  let html = `<h1>${escape(issue.title)}</h1>`;
  for (const section of issue.sections) {
    html += `<h2>${escape(section.title ?? section.slug)}</h2>`;
    for (const group of section.groups) {
      for (const item of group.items) {
        const filters = (item.tags ?? []).map((t) => `<span data-pagefind-filter="tag" hidden>${escape(t)}</span>`).join('');
        const body = (item.body ?? []).map((p) => `<p>${escape(plain(p))}</p>`).join('');
        const one = `<h3 id="${escape(item.id)}">${escape(label(item))}</h3>${body}${filters}`;
        if (perItem) {
          const dir = path.join(outDir, 'issues', String(issue.volume), item.id);
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, 'index.html'), page(label(item), one));
          pages++;
        } else {
          html += one;
        }
      }
    }
  }
  if (!perItem) {
    const dir = path.join(outDir, 'issues', String(issue.volume));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), page(issue.title, html));
    pages++;
  }
}
// The page the benchmark runs Pagefind from; not indexed (no data-pagefind-body).
fs.writeFileSync(path.join(outDir, 'index.html'), '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>bench</title></html>\n');
console.log(`${pages} page(s) in ${outDir}`);
