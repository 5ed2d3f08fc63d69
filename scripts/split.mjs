#!/usr/bin/env node
// Splits the code on demand off the first wasm: the post-build step of a
// release build compiled with `--cfg weekly_split -Clink-args=--emit-relocs`
// (scripts/build.sh). Trunk 0.21 runs cargo and wasm-bindgen in one step
// (trunk-rs/trunk#1022), so the split happens after it, on cargo's own
// output, and replaces the wasm and glue Trunk staged:
//   wasm-split-cli → the main module, one chunk per split point (pages::on_demand)
//                    and the loader that fetches a chunk into the running app;
//   wasm-bindgen   → the glue of the main module (Trunk's flags);
//   wasm-opt       → every module (Trunk's level, the features the modules use);
//   terser         → the glue and the loader, minified (Trunk's own JS
//                    minifier gives up on wasm-bindgen's glue).
// Between them the wasm is edited through a wasm parser and encoder
// (`weekly-wasm-edit`, crates/wasm-edit, every module it writes validated)
// and the scripts on their syntax trees (scripts/split-glue.mjs, acorn),
// each edit checked: a shape they do not know stops the build, naming it.
// Files are named with one hash of the whole output (weekly-<h>.js,
// weekly-<h>_bg.wasm, weekly-split-<h>.js, split_<name>-<h>.wasm), so a
// deploy never mixes with another's chunks, and the page's references and
// integrity hashes are rewritten. A release build without split points
// (`trunk build --release` alone) only gets its wasm optimised here: Trunk's
// own wasm-opt is off (index.html), as it would optimise a module the split
// then throws away.
//   node scripts/split.mjs STAGING_DIR [CARGO_WASM]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minify } from 'terser';
import { applyRenames, bundleShared, dropStreamClasses, renameFile } from './split-glue.mjs';

const [staging, cargoWasmArg] = process.argv.slice(2);
/** Cargo's output, wherever its target folder is (`CARGO_TARGET_DIR`, a workspace's, `target/`). */
function cargoWasmPath() {
  if (cargoWasmArg) return cargoWasmArg;
  const metadata = JSON.parse(execFileSync('cargo', ['metadata', '--format-version=1', '--no-deps'], { encoding: 'utf8' }));
  return join(metadata.target_directory, 'wasm32-unknown-unknown', 'release', 'weekly.wasm');
}
if (!staging) {
  console.error('usage: node scripts/split.mjs STAGING_DIR [CARGO_WASM]');
  process.exit(2);
}
const staged = readdirSync(staging);
const glueName = staged.find((f) => /^weekly-[0-9a-f]+\.js$/.test(f));
const wasmName = staged.find((f) => /^weekly-[0-9a-f]+_bg\.wasm$/.test(f));
if (!glueName || !wasmName) throw new Error(`no weekly-*.js / weekly-*_bg.wasm in ${staging}`);
// The project's wasm-opt 132 (npm binaryen) first, as scripts/env.sh puts it.
const local = (tool) => (existsSync(join('node_modules', '.bin', tool)) ? join('node_modules', '.bin', tool) : tool);
const run = (tool, args) => execFileSync(local(tool), args, { stdio: ['ignore', 'ignore', 'inherit'] });
// Trunk's level (-Oz --converge) with the features the modules use; the
// informational producers and target-features sections go.
// --low-memory-unused lets a constant added to an address become the
// load's or store's offset (0.8 KB brotli of the first wasm): it assumes
// no address below 1024 is reached by an addition that wraps past 2^32.
// Rust's wasm32 layout puts the stack first, growing down from 1 MiB
// towards 0, so those bytes are only ever the last of a full stack, and no
// pointer the program forms wraps.
const optimize = (module) => run('wasm-opt', ['-Oz', '--converge', '--low-memory-unused',
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-reference-types',
  '--enable-sign-ext', '--enable-mutable-globals', '--strip-producers', '--strip-target-features',
  module, '-o', module]);
/** A script, minified: exports, imports and property names stay as they are. */
async function small(code) {
  const { code: out } = await minify(code, { module: true, ecma: 2020, compress: { passes: 2 },
    mangle: true, format: { comments: false } });
  if (!out) throw new Error('terser returned nothing');
  return out;
}
const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;
/** Every staged page that names `from` names `to` (the file `data`), with its integrity hash. */
function rename(from, to, data) {
  for (const file of staged.filter((f) => f.endsWith('.html'))) {
    const path = join(staging, file);
    const html = readFileSync(path, 'utf8');
    if (!html.includes(from)) continue;
    // Trunk's preload links carry an integrity hash of the file.
    const link = new RegExp(`(<link[^>]*?${from.replace('.', '\\.')}[^>]*?integrity=["']?)sha(256|384|512)-[A-Za-z0-9+/=]+`, 'g');
    const rewritten = html.replace(link, (_, head) => head + sri(data)).replaceAll(from, to);
    // A stale integrity hash would keep the page from starting: every link
    // that names the file must carry the new one (or none).
    for (const tag of rewritten.match(/<link[^>]*>/g) ?? []) {
      if (tag.includes(to) && /integrity=/.test(tag) && !tag.includes(sri(data))) {
        throw new Error(`${file}: ${tag} names ${to} with another integrity hash`);
      }
    }
    writeFileSync(path, rewritten);
  }
}

/**
 * Runs a wasm edit of `weekly-wasm-edit` (crates/wasm-edit: wasmparser and
 * wasm-encoder, each module it writes validated) natively with the default
 * toolchain, whatever toolchain and flags built the wasm: its JSON report.
 */
function wasmEdit(...args) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name === 'RUSTUP_TOOLCHAIN' || name === 'CARGO_BUILD_TARGET' || name.startsWith('CARGO_UNSTABLE_')) delete env[name];
  }
  const out = execFileSync('cargo', ['run', '--quiet', '-p', 'weekly-wasm-edit', '--', ...args],
    { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out);
}

// wasm-bindgen's glue gives the wasm its imports under this module name
// (`--out-name weekly`); they move to the short module the tool reports.
const GLUE_MODULE = './weekly_bg.js';

/**
 * Leptos links wasm-streams' classes, which the reader never calls: their
 * exports and table entries go from the wasm (crates/wasm-edit/src/streams.rs
 * says why and what it saves), their classes from the glue. The two must
 * agree.
 */
function dropStreams(wasmPath, gluePath) {
  const { exports } = wasmEdit('drop-streams', wasmPath);
  writeFileSync(gluePath, dropStreamClasses(readFileSync(gluePath, 'utf8'), exports).glue);
}

/**
 * wasm-bindgen's long import and export names become short ones in the wasm
 * (crates/wasm-edit/src/shorten.rs) and, from the renames it reports, in
 * the glue, whose import object also drops what the optimised wasm no
 * longer imports (the minifier then drops what only those used).
 */
function shortenNames(wasmPath, gluePath) {
  const { module, renames } = wasmEdit('shorten', wasmPath, GLUE_MODULE);
  writeFileSync(gluePath, applyRenames(readFileSync(gluePath, 'utf8'), renames, { module: GLUE_MODULE, shortModule: module }));
}

/**
 * The split loader with its shared chunks bundled (scripts/split-glue.mjs
 * edits the calls): each page's loader compiles its chunk, links the shared
 * parts it carries (once per session), then the chunk itself. Once the chunk
 * is compiled everything links in the same task, without a task's wait for
 * each module: each shared part once, before the first page that needs it
 * (a few hundred bytes each), then the page. An engine that refuses to link
 * a large module at once (Chromium before 114) links the page
 * asynchronously. (The loader ships: its comment is one line.)
 */
const BUNDLED = `
// Shared code travels inside each page's chunk (scripts/split.mjs).
const linked = new Set();
function bundled(url, shared) {
  return () => {
    const src = WebAssembly.compileStreaming(fetch(new URL(url, import.meta.url)));
    src.catch(() => {});
    return async (imports) => {
      const module = await src;
      for (const name of shared) {
        if (linked.has(name)) continue;
        const [bytes] = WebAssembly.Module.customSections(module, \`weekly:\${name}\`);
        if (!bytes) throw new Error(\`\${url} does not carry weekly:\${name}\`);
        new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
        linked.add(name);
      }
      try {
        return new WebAssembly.Instance(module, imports);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        return WebAssembly.instantiate(module, imports);
      }
    };
  };
}
`;

if (!readFileSync(join(staging, glueName), 'utf8').includes('__wasm_split_placeholder__')) {
  // Built without split points: one module, optimised in place, its glue minified.
  dropStreams(join(staging, wasmName), join(staging, glueName));
  optimize(join(staging, wasmName));
  shortenNames(join(staging, wasmName), join(staging, glueName));
  rename(wasmName, wasmName, readFileSync(join(staging, wasmName)));
  const glue = await small(readFileSync(join(staging, glueName), 'utf8'));
  writeFileSync(join(staging, glueName), glue);
  rename(glueName, glueName, glue);
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'weekly-split-'));
try {
  const split = join(work, 'split');
  const pkg = join(work, 'pkg');
  run('wasm-split-cli', [cargoWasmPath(), split, '--out-name', 'weekly']);
  run('wasm-bindgen', ['--target=web', '--no-typescript', '--keep-lld-exports', `--out-dir=${pkg}`,
    '--out-name=weekly', join(split, 'weekly.wasm')]);
  const chunks = readdirSync(split).filter((f) => f.endsWith('.wasm') && f !== 'weekly.wasm');
  dropStreams(join(pkg, 'weekly_bg.wasm'), join(pkg, 'weekly.js'));
  const modules = [join(pkg, 'weekly_bg.wasm'), ...chunks.map((c) => join(split, c))];
  for (const module of modules) optimize(module);
  shortenNames(join(pkg, 'weekly_bg.wasm'), join(pkg, 'weekly.js'));

  const hash = createHash('sha256');
  // This step's own rewriting (the loader, bundled chunks, the minifier) is in the output too.
  hash.update(readFileSync(new URL(import.meta.url)));
  hash.update(readFileSync(new URL('split-glue.mjs', import.meta.url)));
  const tool = new URL('../crates/wasm-edit/src/', import.meta.url);
  for (const file of readdirSync(tool).sort()) hash.update(readFileSync(new URL(file, tool)));
  hash.update(readFileSync(new URL('../node_modules/terser/package.json', import.meta.url)));
  for (const file of [...modules, join(pkg, 'weekly.js'), join(split, '__wasm_split.js')]) {
    hash.update(readFileSync(file));
  }
  const h = hash.digest('hex').slice(0, 16);
  const names = {
    glue: `weekly-${h}.js`,
    wasm: `weekly-${h}_bg.wasm`,
    loader: `weekly-split-${h}.js`,
  };
  const out = {};
  out[names.wasm] = readFileSync(join(pkg, 'weekly_bg.wasm'));
  // The glue imports the loader under its new name (the wasm still names
  // its imports `./__wasm_split.js`: the keys of the glue's import object).
  const glue = readFileSync(join(pkg, 'weekly.js'), 'utf8');
  out[names.glue] = renameFile(renameFile(glue, './__wasm_split.js', `./${names.loader}`, { imports: true }), 'weekly_bg.wasm', names.wasm);
  let loader = renameFile(readFileSync(join(split, '__wasm_split.js'), 'utf8'), './weekly.js', `./${names.glue}`, { imports: true });
  // One request per page: the code a page shares with another page on
  // demand (wasm-split's `chunk_<n>`, a few hundred bytes each) travels
  // inside the page's own chunk as custom sections, which instantiation
  // ignores; the loader links each shared part once, before the first page
  // that needs it (wasm-split-cli 0.2.4 cannot fold shared code itself).
  const shared = new Set(chunks.filter((c) => /^chunk_\d+\.wasm$/.test(c)).map((c) => c.replace(/\.wasm$/, '')));
  const bundled = bundleShared(loader, shared);
  loader = bundled.loader + BUNDLED;
  for (const chunk of chunks.filter((c) => !shared.has(c.replace(/\.wasm$/, '')))) {
    const named = `${chunk.replace(/\.wasm$/, '')}-${h}.wasm`;
    loader = renameFile(loader, `./${chunk}`, `./${named}`);
    const carried = bundled.carried.get(chunk) ?? [];
    if (carried.length) wasmEdit('carry', join(split, chunk), ...carried.map((d) => `${d}=${join(split, `${d}.wasm`)}`));
    out[named] = readFileSync(join(split, chunk));
  }
  out[names.loader] = await small(loader);
  out[names.glue] = await small(out[names.glue]);

  // Trunk's files go; every page that names them names the new ones.
  rename(glueName, names.glue, out[names.glue]);
  rename(wasmName, names.wasm, out[names.wasm]);
  unlinkSync(join(staging, glueName));
  unlinkSync(join(staging, wasmName));
  for (const [file, data] of Object.entries(out)) writeFileSync(join(staging, file), data);
  console.log(`[split] ${Object.keys(out).sort().join(', ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
