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

/** An unsigned LEB128 number, as wasm writes it. */
function leb(n) {
  const bytes = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    bytes.push(byte);
  } while (n);
  return Buffer.from(bytes);
}

/** Reads unsigned LEB128 numbers from `bytes`, from `at.p` on. */
function reader(bytes, at) {
  return () => {
    let n = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at.p++];
      n += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return n;
  };
}

/** A wasm custom section (id 0) named `name` holding `payload`. */
function customSection(name, payload) {
  const body = Buffer.concat([leb(Buffer.byteLength(name)), Buffer.from(name), payload]);
  return Buffer.concat([Buffer.from([0]), leb(body.length), body]);
}

/**
 * The split loader with its shared chunks bundled: their own loaders go,
 * and each page's loader compiles its chunk, links the shared parts it
 * carries (once per session) and then the chunk itself. Gives the loader
 * and, by page chunk file (`split_tags.wasm`), the shared chunks it carries.
 */
function bundleShared(loader, shared) {
  const carried = new Map();
  if (shared.size === 0) return { loader, carried };
  for (const name of shared.keys()) {
    const own = new RegExp(`(/\\*[^*]*\\*/\\s*)?const __${name} = makeLoad\\(\\(\\) => \\{[\\s\\S]*?\\n\\}\\n, \\[\\]\\);\\n`);
    if (!own.test(loader)) throw new Error(`the split loader has no loader of its own for ${name}`);
    loader = loader.replace(own, '');
  }
  const page = /makeLoad\(\(\) => \{\n\s*const src = fetch\(new URL\(("\.\/split_[A-Za-z0-9_]+\.wasm"), import\.meta\.url\)\);[\s\S]*?\n\}\n, \[([^\]]*)\]\)/g;
  let pages = 0;
  loader = loader.replace(page, (_, url, deps) => {
    pages++;
    const names = deps.split(',').map((d) => d.trim()).filter(Boolean).map((d) => d.replace(/^__/, ''));
    for (const d of names) if (!shared.has(d)) throw new Error(`the split loader names an unknown chunk ${d}`);
    carried.set(JSON.parse(url).slice(2), names);
    return `makeLoad(bundled(${url}, ${JSON.stringify(names)}), [])`;
  });
  // A split point whose code is all shared (wasm-split-cli then gives it no
  // file of its own) has no chunk to carry its shared code.
  const left = loader.split('\n').filter((line) => /__chunk_\d+/.test(line));
  if (pages === 0 || left.length) {
    throw new Error(`the split loader has a shape this build does not know (a split point with no code of its own?): ${left.join(' ')}`);
  }
  // Once the chunk is compiled everything links in the same task, without
  // a task's wait for each module: each shared part once, before the first
  // page that needs it (a few hundred bytes each), then the page. An engine
  // that refuses to link a large module at once (Chromium before 114) links
  // the page asynchronously. (The loader ships: its comment is one line.)
  loader = `${loader}
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
  return { loader, carried };
}

/** The function names of a module's name section, by function index. */
function functionNames(wasm) {
  const names = new Map();
  const at = { p: 8 };
  const uleb = reader(wasm, at);
  while (at.p < wasm.length) {
    const id = wasm[at.p++];
    const end = uleb() + at.p;
    if (id === 0) {
      const length = uleb();
      const name = wasm.subarray(at.p, at.p + length).toString();
      at.p += length;
      while (name === 'name' && at.p < end) {
        const sub = wasm[at.p++];
        const subEnd = uleb() + at.p;
        for (let n = sub === 1 ? uleb() : 0; n > 0; n--) {
          const index = uleb();
          const length = uleb();
          names.set(index, wasm.subarray(at.p, at.p + length).toString());
          at.p += length;
        }
        at.p = subEnd;
      }
    }
    at.p = end;
  }
  return names;
}

/**
 * An element section without the entries of the functions `dead` picks.
 * In a segment of function indices (flags 0) each becomes `stub`, a
 * function that throws (wasm-bindgen's `__wbindgen_throw`: a call through
 * the entry would fail loudly, and a signature mismatch traps first), so
 * the segment keeps its compact form; in a segment of expressions
 * (flags 4) it becomes `ref.null func`. Other segment kinds and
 * expressions stop the build.
 */
function nullEntries(payload, dead, stub) {
  const at = { p: 0 };
  const uleb = reader(payload, at);
  // A constant expression of one instruction and `end`: i32.const (a
  // signed LEB), global.get, ref.func (an index) or ref.null (a type).
  const expression = () => {
    const start = at.p;
    const op = payload[at.p++];
    let func = null;
    if (op === 0x41) while (payload[at.p++] & 0x80);
    else if (op === 0x23) uleb();
    else if (op === 0xd2) func = uleb();
    else if (op === 0xd0) at.p++;
    else throw new Error(`an element expression this build does not know (opcode ${op})`);
    if (payload[at.p++] !== 0x0b) throw new Error('an element expression of more than one instruction');
    return { bytes: payload.subarray(start, at.p), func };
  };
  const segments = uleb();
  const out = [leb(segments)];
  let nulled = 0;
  for (let s = 0; s < segments; s++) {
    const flags = uleb();
    if (flags !== 0 && flags !== 4) throw new Error(`an element segment of a kind this build does not know (${flags})`);
    const offset = expression().bytes;
    const count = uleb();
    const entries = [];
    for (let i = 0; i < count; i++) {
      if (flags === 0) {
        const f = uleb();
        if (dead(f)) nulled++;
        entries.push(leb(dead(f) ? stub : f));
        continue;
      }
      const entry = expression();
      if (entry.func !== null && dead(entry.func)) {
        nulled++;
        entries.push(Buffer.from([0xd0, 0x70, 0x0b]));
      } else entries.push(entry.bytes);
    }
    out.push(leb(flags), offset, leb(count), ...entries);
  }
  if (at.p !== payload.length) throw new Error('the element section was not read to its end');
  return { section: Buffer.concat(out), nulled };
}

/**
 * Leptos links `server_fn` with its browser client, and with it
 * wasm-streams, whose `#[wasm_bindgen]` classes (IntoUnderlyingSink,
 * IntoUnderlyingSource, IntoUnderlyingByteSource) are exports of every
 * Leptos wasm: roots the optimiser must keep, with the code behind them
 * (7 KB of code and their glue). The reader calls no server function, so
 * nothing reaches them: their exports and their classes in the glue go, and
 * wasm-opt then drops the code. The closures those classes' methods hand to
 * JS (future_to_promise's) sit in the function table, which the split
 * exports, so the optimiser must keep every entry: their entries go
 * (found by name: wasm_streams' own functions; only those classes make a
 * call through them; see `nullEntries`), and their code goes too (2.3 KB
 * brotli). A glue of another shape stops the build.
 */
function dropStreams(wasmPath, gluePath) {
  const streams = /^(__wbg_)?intounderlying(bytesource|sink|source)_/;
  const wasm = readFileSync(wasmPath);
  const names = functionNames(wasm);
  // Names as v0 mangling demangles them on the nightly build
  // (`wasm_bindgen[1a2b…]::__wbindgen_throw`) or as legacy mangling does on
  // stable (`wasm_bindgen::__wbindgen_throw::h0123…`).
  const stub = [...names].find(([, name]) => /^wasm_bindgen(\[[0-9a-f]+\])?::__wbindgen_throw(::h[0-9a-f]{16})?$/.test(name))?.[0];
  if (stub === undefined && names.size > 0) {
    throw new Error(`${wasmPath}: no __wbindgen_throw to stand in for dropped table entries`);
  }
  // A module without function names (a plain `trunk build --release`
  // strips them) keeps the streams' table entries and their code (2.3 KB
  // brotli): without names they cannot be told apart, and a guess could
  // drop a closure that is called.
  // A function of wasm-streams' or of a generic instantiated with its
  // types, by its demangled name. A name left mangled (`_R…`, `_ZN…`) is
  // never picked: a mangled name also shows the crate that instantiated a
  // generic (`JsFuture::from`'s closures end in `wasm_streams` there), and
  // those are called.
  const streamsCode = (f) => {
    const name = names.get(f) ?? '';
    return !/^(_R|_ZN)/.test(name) && /\bwasm_streams(\[[0-9a-f]+\])?::/.test(name);
  };
  const parts = [wasm.subarray(0, 8)];
  let dropped = 0;
  let nulled = 0;
  const at = { p: 8 };
  const uleb = reader(wasm, at);
  while (at.p < wasm.length) {
    const id = wasm[at.p++];
    const length = uleb();
    const payload = wasm.subarray(at.p, at.p + length);
    at.p += length;
    if (id === 9) {
      const table = nullEntries(payload, streamsCode, stub);
      nulled += table.nulled;
      parts.push(Buffer.from([9]), leb(table.section.length), table.section);
      continue;
    }
    if (id !== 7) {
      parts.push(Buffer.from([id]), leb(length), payload);
      continue;
    }
    // The export section: name, kind, index per export.
    const inner = { p: 0 };
    const next = reader(payload, inner);
    const kept = [];
    for (let i = next(); i > 0; i--) {
      const start = inner.p;
      const nameLength = next();
      const name = payload.subarray(inner.p, inner.p + nameLength).toString();
      inner.p += nameLength + 1;
      next();
      if (streams.test(name)) dropped++;
      else kept.push(payload.subarray(start, inner.p));
    }
    const body = Buffer.concat([leb(kept.length), ...kept]);
    parts.push(Buffer.from([7]), leb(body.length), body);
  }
  let glue = readFileSync(gluePath, 'utf8');
  const before = glue;
  glue = glue
    .replace(/export class IntoUnderlying(ByteSource|Sink|Source) \{[\s\S]*?\n\}\n/g, '')
    .replace(/if \(Symbol\.dispose\) IntoUnderlying\w+\.prototype\[Symbol\.dispose\] = IntoUnderlying\w+\.prototype\.free;\n/g, '')
    .replace(/const IntoUnderlying\w+Finalization = \(typeof FinalizationRegistry === 'undefined'\)\n[^\n]*\n[^\n]*\);\n/g, '');
  if (dropped === 0 && glue === before) return;
  if (/intounderlying/i.test(glue) || dropped === 0) {
    throw new Error(`the glue or the wasm has wasm-streams' classes in a shape this build does not know (${dropped} exports found)`);
  }
  if (names.size === 0 || nulled === 0) {
    throw new Error(`${wasmPath}: no function names, or no table entry of wasm-streams' closures (${nulled})`);
  }
  writeFileSync(wasmPath, Buffer.concat(parts));
  writeFileSync(gluePath, glue);
}

/** `a`, `b`, … `Z`, `ab`, …: the n-th short name (a JS identifier). */
function shortName(n) {
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const rest = `${first}0123456789_$`;
  let name = first[n % first.length];
  for (n = Math.floor(n / first.length); n > 0; n = Math.floor(n / rest.length)) {
    name += rest[n % rest.length];
  }
  return name;
}

/**
 * The glue's import object without the functions the optimised wasm no
 * longer imports (what only dropped code called): each is an entry
 * `<name>: function(…) {…},` at the object's indentation, up to the next
 * entry or the object's end. The minifier then drops what only they used.
 */
function dropUnimported(glue, imported) {
  const object = /^( {4})const import0 = \{\n {8}__proto__: null,\n([\s\S]*?)^\1\};$/m;
  const found = glue.match(object);
  if (!found) throw new Error('the glue has no import object of the shape this build knows');
  const entries = found[2].split(/^(?= {8}[\w$]+: function\b)/m);
  if (entries.some((e) => !/^ {8}[\w$]+: function\b[\s\S]*\},\n$/.test(e))) {
    throw new Error('the glue has an import entry of a shape this build does not know');
  }
  const kept = entries.filter((e) => imported.has(e.match(/^ {8}([\w$]+):/)[1]));
  if (kept.length !== imported.size) throw new Error('the wasm imports a function the glue does not give');
  return glue.replace(found[2], () => kept.join(''));
}

/**
 * wasm-bindgen names each import the glue gives the wasm
 * `__wbg_<name>_<16 hex digits>`, from the module `./weekly_bg.js`, and
 * each closure adapter it exports after its Rust path (up to 400
 * characters): the names travel twice, in the wasm and in the glue, and
 * their hashes do not compress. They become short names in both. Exports
 * the split loader or a page reads (`memory`, the function table, the
 * split's shared globals) keep theirs. Every name must appear in the glue
 * as this step expects (an import once, as its key; an export read only as
 * `wasm.<name>`): a glue of another shape stops the build.
 */
function shortenNames(wasmPath, gluePath) {
  const keep = (name) => name === 'memory' || name.startsWith('__indirect_function_table')
    || name.startsWith('__wasm_split');
  const escape = (s) => s.replace(/[$]/g, '\\$');
  const wasm = readFileSync(wasmPath);
  let glue = readFileSync(gluePath, 'utf8');
  const renames = [];
  let count = 0;
  const parts = [wasm.subarray(0, 8)];
  const at = { p: 8 };
  const uleb = reader(wasm, at);
  const text = (s) => Buffer.concat([leb(Buffer.byteLength(s)), Buffer.from(s)]);
  const read = () => {
    const n = uleb();
    const s = wasm.subarray(at.p, at.p + n).toString();
    at.p += n;
    return s;
  };
  while (at.p < wasm.length) {
    const id = wasm[at.p++];
    const length = uleb();
    const end = at.p + length;
    if (id !== 2 && id !== 7) {
      parts.push(Buffer.from([id]), leb(length), wasm.subarray(at.p, end));
      at.p = end;
      continue;
    }
    const entries = [];
    const n = uleb();
    for (let i = 0; i < n; i++) {
      if (id === 2) {
        // Module, name, then the description: function (type), table
        // (reference type, limits), memory (limits), global (type,
        // mutability) or tag (attribute, type); limits: flags, min, max if flags & 1.
        const module = read();
        const name = read();
        const start = at.p;
        const kind = wasm[at.p++];
        if (kind === 0) uleb();
        else if (kind === 1 || kind === 2) {
          if (kind === 1) at.p++;
          if (uleb() & 1) uleb();
          uleb();
        } else if (kind === 3) at.p += 2;
        else if (kind === 4) { at.p++; uleb(); }
        else throw new Error(`${wasmPath} has an import of a kind this build does not know (${kind})`);
        let to = [module, name];
        if (module === './weekly_bg.js') {
          to = ['w', shortName(count++)];
          renames.push({ from: name, to: to[1], as: 'import' });
        }
        entries.push(text(to[0]), text(to[1]), wasm.subarray(start, at.p));
      } else {
        const name = read();
        const start = at.p;
        at.p++;
        uleb();
        let to = name;
        if (!keep(name)) {
          to = shortName(count++);
          renames.push({ from: name, to, as: 'export' });
        }
        entries.push(text(to), wasm.subarray(start, at.p));
      }
    }
    if (at.p !== end) throw new Error(`section ${id} of ${wasmPath} was not read to its end`);
    const body = Buffer.concat([leb(n), ...entries]);
    parts.push(Buffer.from([id]), leb(body.length), body);
  }
  glue = dropUnimported(glue, new Set(renames.filter((r) => r.as === 'import').map((r) => r.from)));
  const module = /(["'])\.\/weekly_bg\.js\1:/g;
  if ((glue.match(module) ?? []).length !== 1) {
    throw new Error('the glue names ./weekly_bg.js other than once, as its import key');
  }
  glue = glue.replace(module, 'w:');
  for (const { from, to, as } of renames) {
    const name = escape(from);
    if (as === 'import') {
      // Its key in the import object, and nowhere else.
      const all = glue.match(new RegExp(`(?<![\\w$])${name}(?![\\w$])`, 'g')) ?? [];
      const key = new RegExp(`(?<![\\w$.])${name}:`);
      if (all.length !== 1 || !key.test(glue)) {
        throw new Error(`the glue names the import ${from} in a shape this build does not know`);
      }
      glue = glue.replace(key, () => `${to}:`);
    } else {
      // Read as `wasm.<name>` only (the glue's own wrapper functions of the
      // same name are local: the minifier renames them).
      const seen = glue.match(new RegExp(`[.'"\`]${name}(?![\\w$])`, 'g')) ?? [];
      const access = new RegExp(`(?<![\\w$])wasm\\.${name}(?![\\w$])`, 'g');
      if ((glue.match(access) ?? []).length !== seen.length) {
        throw new Error(`the glue names the export ${from} in a shape this build does not know`);
      }
      glue = glue.replace(access, () => `wasm.${to}`);
    }
  }
  writeFileSync(wasmPath, Buffer.concat(parts));
  writeFileSync(gluePath, glue);
}

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
  const glue = readFileSync(join(pkg, 'weekly.js'), 'utf8');
  // The module is imported under the new name; the wasm still names its
  // imports `./__wasm_split.js` (the keys of the glue's import object).
  const importing = /(from\s*)(["'])\.\/__wasm_split\.js\2/g;
  if (!importing.test(glue)) throw new Error('the glue does not import ./__wasm_split.js');
  out[names.glue] = glue.replace(importing, (_, from, q) => `${from}${q}./${names.loader}${q}`)
    .replaceAll('weekly_bg.wasm', names.wasm);
  let loader = readFileSync(join(split, '__wasm_split.js'), 'utf8');
  if (!loader.includes('"./weekly.js"')) throw new Error('the split loader does not import ./weekly.js');
  loader = loader.replaceAll('"./weekly.js"', `"./${names.glue}"`);
  // One request per page: the code a page shares with another page on
  // demand (wasm-split's `chunk_<n>`, a few hundred bytes each) travels
  // inside the page's own chunk as custom sections, which instantiation
  // ignores; the loader links each shared part once, before the first page
  // that needs it (wasm-split-cli 0.2.4 cannot fold shared code itself).
  const shared = new Map(chunks.filter((c) => /^chunk_\d+\.wasm$/.test(c))
    .map((c) => [c.replace(/\.wasm$/, ''), readFileSync(join(split, c))]));
  const bundled = bundleShared(loader, shared);
  loader = bundled.loader;
  for (const chunk of chunks.filter((c) => !shared.has(c.replace(/\.wasm$/, '')))) {
    const named = `${chunk.replace(/\.wasm$/, '')}-${h}.wasm`;
    if (!loader.includes(`"./${chunk}"`)) throw new Error(`the split loader does not name ${chunk}`);
    loader = loader.replaceAll(`"./${chunk}"`, `"./${named}"`);
    out[named] = Buffer.concat([readFileSync(join(split, chunk)),
      ...(bundled.carried.get(chunk) ?? []).map((d) => customSection(`weekly:${d}`, shared.get(d)))]);
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
