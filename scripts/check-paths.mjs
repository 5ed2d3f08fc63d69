#!/usr/bin/env node
// Checks that the repository paths the docs and comments name still exist
// (issue 31: "docs describe today").
//
//   node scripts/check-paths.mjs            exit 0, or 1 with file:line and the missing path
//   node scripts/check-paths.mjs --verbose  also print every reference checked
//
// Read: every *.md at the top level and in docs/; the comments (not the
// code or its strings) of src/**/*.rs, crates/**/*.rs, scripts/**,
// tests/**/*.{rs,mjs,sh}, public/*.js, .ci/*, Trunk.toml, the Cargo.toml
// files and index.html.
// A reference is a token that starts with a top-level folder or file of the
// repository (`src/…`, `crates/…`, `scripts/…`, `tests/…`, `public/…`, `issues/…`,
// `fuzz/…`, `.ci/…`, `.cargo/…`, `Cargo.toml`, `Trunk.toml`, `index.html`,
// `BENCHMARKS.md`, `README.md`, …) and is not part of a longer path or URL
// (`dist/index.html`, `/issues/3`, `https://…/src/x` are not references).
// Not checked: what a clean checkout legitimately lacks (build output under
// dist/, target/, node_modules/ never matches a prefix above) and
// placeholders: `{tag}`, `<hash>`, `*`, `…`, `$VAR`, a segment of N's
// (`issues/NNN.md`), `issues/3/…`, a route of the built site rather than a
// source (the sources are `issues/NNN.md`), and names with a content hash
// (`issues/3.0123456789abcdef.json`, `weekly-<16 hex>.js`): build output.
// Plain Node, no dependencies; files and findings in sorted order.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const verbose = process.argv.includes('--verbose');

// ---- which files, read how ------------------------------------------------

/** Every file under `dir` (relative to the root), sorted; none if it is missing. */
function walk(dir) {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  for (const name of readdirSync(abs).sort()) {
    const rel = join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...walk(rel));
    else out.push(rel);
  }
  return out;
}
const top = (re) => readdirSync(ROOT).filter((f) => re.test(f) && statSync(join(ROOT, f)).isFile()).sort();

const FILES = [
  ...top(/\.md$/),
  ...walk('docs').filter((f) => f.endsWith('.md')),
  ...walk('src').filter((f) => f.endsWith('.rs')),
  ...walk('crates').filter((f) => /\.rs$|\/Cargo\.toml$/.test(f)),
  ...walk('scripts'),
  ...walk('tests').filter((f) => /\.(rs|mjs|sh)$/.test(f)),
  ...walk('public').filter((f) => f.endsWith('.js')),
  ...walk('.ci'),
  ...['Trunk.toml', 'Cargo.toml', 'index.html'].filter((f) => existsSync(join(ROOT, f))),
].map((f) => f.split(sep).join('/'));

/** How a file's comments are found, by its name (or its `#!` line). */
function kind(file, text) {
  if (file.endsWith('.md')) return 'all';
  if (file.endsWith('.rs')) return 'rust';
  if (/\.(m?js|css)$/.test(file)) return 'js';
  if (file.endsWith('.html')) return 'html';
  if (file.endsWith('.toml')) return 'hash';
  if (file.endsWith('.sh') || /^#!.*\b(ba|da)?sh\b/.test(text)) return 'hash';
  if (/^#!.*\bnode\b/.test(text)) return 'js';
  return null; // not text we know how to read comments of
}

// ---- comments -------------------------------------------------------------
// Each reader returns the text with everything but comments blanked out
// (newlines kept), so line numbers stay the file's.

function blank(text, keep) {
  let out = '';
  for (let i = 0; i < text.length; i++) out += keep[i] || text[i] === '\n' ? text[i] : ' ';
  return out;
}

// Rust: `//…` (doc comments too) and nested block comments, outside
// strings and char literals.
function rustComments(s) {
  const keep = new Uint8Array(s.length);
  const ident = (c) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('//', i)) {
      while (i < s.length && s[i] !== '\n') keep[i++] = 1;
    } else if (s.startsWith('/*', i)) {
      let depth = 0;
      do {
        if (s.startsWith('/*', i)) { depth++; keep[i] = keep[i + 1] = 1; i += 2; }
        else if (s.startsWith('*/', i)) { depth--; keep[i] = keep[i + 1] = 1; i += 2; }
        else keep[i++] = 1;
      } while (depth > 0 && i < s.length);
    } else if ((s[i] === 'r' || s.startsWith('br', i)) && !ident(s[i - 1]) && /^b?r(#*)"/.test(s.slice(i, i + 260))) {
      const [open, hashes] = /^b?r(#*)"/.exec(s.slice(i, i + 260));
      const end = s.indexOf('"' + hashes, i + open.length);
      i = end < 0 ? s.length : end + 1 + hashes.length;
    } else if (s[i] === '"') {
      i++;
      while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
      i++;
    } else if (s[i] === "'") {
      // A char literal ('x', '\n', '\u{1F600}', '"') or a lifetime ('a).
      const m = /^'(\\(u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n][\uDC00-\uDFFF]?)'/.exec(s.slice(i, i + 14));
      i += m ? m[0].length : 1;
    } else i++;
  }
  return blank(s, keep);
}

// JavaScript and CSS: `//…` and block comments, outside strings,
// templates and regular expressions.
function jsComments(s) {
  const keep = new Uint8Array(s.length);
  // After these, a `/` starts a regular expression rather than dividing.
  const beforeRegex = /(^|[(,=:[!&|?{};+\-*%<>~^]|\b(return|typeof|case|in|of|delete|void|throw|new|else|do|yield|await))\s*$/;
  let last = 0; // where the code since the last regex decision starts
  function code(i, closeBrace) {
    let depth = 0;
    while (i < s.length) {
      const c = s[i];
      if (s.startsWith('//', i)) {
        while (i < s.length && s[i] !== '\n') keep[i++] = 1;
      } else if (s.startsWith('/*', i)) {
        const end = s.indexOf('*/', i + 2);
        const stop = end < 0 ? s.length : end + 2;
        while (i < stop) keep[i++] = 1;
      } else if (c === '"' || c === "'") {
        i++;
        while (i < s.length && s[i] !== c && s[i] !== '\n') i += s[i] === '\\' ? 2 : 1;
        i++;
      } else if (c === '`') {
        i = template(i + 1);
      } else if (c === '/' && beforeRegex.test(s.slice(Math.max(last, i - 40), i))) {
        let inClass = false;
        i++;
        while (i < s.length && s[i] !== '\n' && (s[i] !== '/' || inClass)) {
          if (s[i] === '\\') i++;
          else if (s[i] === '[') inClass = true;
          else if (s[i] === ']') inClass = false;
          i++;
        }
        i++;
      } else if (c === '{') { depth++; i++; }
      else if (c === '}') {
        if (closeBrace && depth === 0) return i + 1;
        depth--; i++;
      } else i++;
    }
    return i;
  }
  function template(i) {
    while (i < s.length && s[i] !== '`') {
      if (s[i] === '\\') i += 2;
      else if (s.startsWith('${', i)) i = code(i + 2, true);
      else i++;
    }
    return i + 1;
  }
  code(0, false);
  return blank(s, keep);
}

/** Shell and TOML: `#…` outside quotes, where a word starts (not `$#`, `${#x}`). */
function hashComments(s) {
  const keep = new Uint8Array(s.length);
  let quote = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s|;/.test(s[i - 1]))) {
      while (i < s.length && s[i] !== '\n') keep[i++] = 1;
      i--;
    }
  }
  return blank(s, keep);
}

/** HTML: `<!-- … -->`. */
function htmlComments(s) {
  const keep = new Uint8Array(s.length);
  const re = /<!--[\s\S]*?-->/g;
  for (let m; (m = re.exec(s)); ) keep.fill(1, m.index, m.index + m[0].length);
  return blank(s, keep);
}

const READ = { all: (s) => s, rust: rustComments, js: jsComments, hash: hashComments, html: htmlComments };

// ---- references -----------------------------------------------------------

const FOLDERS = ['src', 'crates', 'scripts', 'tests', 'public', 'issues', 'fuzz', '\\.ci', '\\.cargo'];
const NAMES = ['Cargo\\.toml', 'Cargo\\.lock', 'Trunk\\.toml', 'index\\.html', 'BENCHMARKS\\.md', 'README\\.md',
  'package\\.json', 'package-lock\\.json', 'style\\.css', 'clippy\\.toml'];
// Not preceded by a path or word character: `dist/index.html`, `/issues/3`,
// `a.ci/x` and URLs are not references to the repository.
const REFERENCE = new RegExp(
  `(?<![\\w./\\-@~$])(?:(?:${FOLDERS.join('|')})/[\\w.\\-/{}<>*…$@+~%#:]*|(?:${NAMES.join('|')})(?![\\w.\\-/]))`,
  'g',
);

/** The path a token names, or null when it is a placeholder or the built site's. */
function pathOf(token) {
  let p = token.replace(/[.,:;!?]+$/, ''); // sentence punctuation
  p = p.replace(/#.*$/, ''); // a Markdown anchor
  p = p.replace(/:\d+(:\d+)?$/, ''); // file:line
  if (/[{}<>*…$]/.test(p)) return null;
  if (p.split('/').some((part) => /^N+(\.\w+)?$/.test(part))) return null;
  if (/^issues\/\d+(\/|$)/.test(p)) return null;
  if (/[.-][0-9a-f]{16}[._]/.test(p)) return null; // a content-hashed name: build output
  return p;
}

const missing = [];
let checked = 0;
for (const file of FILES) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const how = kind(file, text);
  if (!how) continue;
  const lines = READ[how](text).split('\n');
  lines.forEach((line, n) => {
    for (const m of line.matchAll(REFERENCE)) {
      const p = pathOf(m[0]);
      if (p === null) continue;
      checked++;
      const ok = existsSync(join(ROOT, p));
      if (verbose) console.log(`${ok ? 'ok     ' : 'MISSING'} ${file}:${n + 1}: ${p}`);
      if (!ok) missing.push(`${file}:${n + 1}: ${p}`);
    }
  });
}

if (missing.length) {
  console.error(`${missing.length} reference(s) to paths that do not exist:\n${missing.join('\n')}`);
  process.exit(1);
}
console.log(`check-paths: ${checked} references in ${FILES.length} files, every path exists (${relative(process.cwd(), ROOT) || '.'})`);
