// Deploys for the end-to-end tests: a second version of a built site, its
// service worker compiled for its files, and an upload of it into a served
// folder one file at a time, in an order the test chooses (as `aws s3 sync`,
// rsync or a CI upload would put files up and delete old ones).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createServer } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every file under `dir`, as sorted paths relative to it with `/`. */
function files(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'))
    .sort();
}

/** The build's content hash (FNV-1a 64, 16 hex digits: `content_hash` in crates/compiler). */
function contentHash(bytes) {
  let hash = 0xcbf29ce484222325n;
  for (const b of bytes) {
    hash ^= BigInt(b);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * Runs the compiler with `args` from the project's root: `$WEEKLY_COMPILE`,
 * else `cargo run --bin weekly-compile`. Synchronous; its errors show.
 */
export function weeklyCompile(...args) {
  const [command, ...pre] = process.env.WEEKLY_COMPILE
    ? [process.env.WEEKLY_COMPILE]
    : ['cargo', 'run', '--quiet', '--bin', 'weekly-compile', '--'];
  execFileSync(command, [...pre, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Regenerates `dir/sw.js`: copies public/sw.js over it and writes the
 * precache of `dir`'s files into it with the compiler. Synchronous.
 */
export function compileServiceWorker(dir) {
  fs.copyFileSync(path.join(ROOT, 'public/sw.js'), path.join(dir, 'sw.js'));
  weeklyCompile('--service-worker', path.resolve(dir));
}

/**
 * A static host for `dir` that can be stopped and started again on the
 * same port, from another folder (`start(from)`): a deploy swapped whole,
 * or the host gone for an offline test.
 */
export async function restartableHost(dir, options = {}) {
  let server;
  let port = 0;
  const start = (from = dir) =>
    new Promise((resolve) => {
      server = createServer(from, { spa: true, ...options });
      server.listen(port, '127.0.0.1', () => {
        port = server.address().port;
        resolve();
      });
    });
  await start();
  return {
    origin: `http://127.0.0.1:${port}`,
    start,
    stop: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

/**
 * Copies the site `from` to `to` (removing `to` first) as version `version`:
 * every HTML page gets `<meta name="weekly-test-version" content="N">`
 * (replacing one already there); `boot-*.js` and `style-*.css` get new bytes
 * (a trailing comment naming the version) and new content-hashed names,
 * referenced from every HTML page (with new integrity hashes where a tag
 * carries one); then its worker is compiled. Synchronous.
 * @returns {{dir: string, added: string[], removed: string[]}} paths relative to the sites
 */
export function makeVersion(from, to, { version = 2 } = {}) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
  const renamed = new Map();
  for (const name of fs.readdirSync(to)) {
    const m = name.match(/^(boot|style)-[0-9a-f]{8,16}\.(js|css)$/);
    if (!m) continue;
    const comment = m[2] === 'js' ? `\n// weekly test version ${version}\n` : `\n/* weekly test version ${version} */\n`;
    const bytes = Buffer.concat([fs.readFileSync(path.join(to, name)), Buffer.from(comment)]);
    const next = `${m[1]}-${contentHash(bytes)}.${m[2]}`;
    fs.rmSync(path.join(to, name));
    fs.writeFileSync(path.join(to, next), bytes);
    renamed.set(name, { next, bytes });
  }
  const meta = `<meta name="weekly-test-version" content="${version}">`;
  for (const page of files(to).filter((f) => f.endsWith('.html'))) {
    const file = path.join(to, page);
    let html = fs.readFileSync(file, 'utf8');
    // A tag naming a renamed file carries its new name and, if it had one, a new integrity hash.
    html = html.replace(/<[^>]*>/g, (tag) => {
      for (const [old, { next, bytes }] of renamed) {
        if (!tag.includes(old)) continue;
        tag = tag
          .replaceAll(old, next)
          .replace(/(integrity=["']?)sha(256|384|512)-[A-Za-z0-9+/=]+/, (_, head, bits) => `${head}sha${bits}-${createHash(`sha${bits}`).update(bytes).digest('base64')}`);
      }
      return tag;
    });
    for (const [old, { next }] of renamed) html = html.replaceAll(old, next);
    if (/<meta name="?weekly-test-version"?[^>]*>/.test(html)) html = html.replace(/<meta name="?weekly-test-version"?[^>]*>/g, meta);
    else if (html.includes('</head>')) html = html.replace('</head>', `${meta}</head>`);
    else html = html.replace(/<head[^>]*>/, (head) => head + meta);
    fs.writeFileSync(file, html);
  }
  compileServiceWorker(to);
  const before = new Set(files(from));
  const after = new Set(files(to));
  return {
    dir: to,
    added: [...after].filter((f) => !before.has(f)),
    removed: [...before].filter((f) => !after.has(f)),
  };
}

/**
 * An upload of the site `next` into the served folder `live` (a copy of the
 * old version), a file at a time; each file replaced atomically, as an
 * object store does.
 * - `put(filter)`: copies the files of `next` that differ from `live` (or
 *   are missing there) and match `filter(relPath)`; returns their paths.
 * - `removeOld(filter = () => true)`: deletes the files of `live` that
 *   `next` does not have and that match `filter`; returns their paths.
 * - `done()`: whether `live` now equals `next`.
 */
export function uploader(live, next) {
  const same = (rel) => {
    const a = path.join(live, rel);
    return fs.existsSync(a) && fs.readFileSync(a).equals(fs.readFileSync(path.join(next, rel)));
  };
  return {
    put(filter) {
      const changed = files(next).filter((rel) => !same(rel) && filter(rel));
      for (const rel of changed) {
        const target = path.join(live, rel);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(path.join(next, rel), target + '.uploading');
        fs.renameSync(target + '.uploading', target);
      }
      return changed;
    },
    removeOld(filter = () => true) {
      const keep = new Set(files(next));
      const old = files(live).filter((rel) => !keep.has(rel) && filter(rel));
      for (const rel of old) fs.rmSync(path.join(live, rel));
      return old;
    },
    done() {
      const a = files(live);
      const b = files(next);
      return a.length === b.length && a.every((rel, i) => rel === b[i] && same(rel));
    },
  };
}

/** The page's test version: the number in `meta[name=weekly-test-version]`, 1 when absent. */
export async function siteVersion(page) {
  return page.evaluate(() => Number(document.querySelector('meta[name=weekly-test-version]')?.content ?? 1));
}
