// The split step's script edits (scripts/split-glue.mjs) on a checked-in
// excerpt of the pinned wasm-bindgen's glue and wasm-split-cli's loader
// (tests/fixtures/split/): what each edit changes, and that a shape it does
// not know stops it with an error naming what changed. The wasm edits are
// tested natively (crates/wasm-edit/src/tests.rs). Runs in a second:
//   node --test tests/split.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'acorn';
import { applyRenames, bundleShared, dropStreamClasses, renameFile } from '../scripts/split-glue.mjs';

const fixture = (name) => readFileSync(new URL(`fixtures/split/${name}`, import.meta.url), 'utf8');
const GLUE = fixture('glue.js');
const LOADER = fixture('loader.js');
const MODULE = { module: './weekly_bg.js', shortModule: 'w' };
const parses = (code) => parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
// What `weekly-wasm-edit drop-streams` reports for the fixture's wasm: the
// exports of wasm-streams' classes, which the glue reads as `wasm.<name>`.
const STREAM_EXPORTS = [...new Set(GLUE.match(/(?<=wasm\.)\w*intounderlying\w*/g))];

/** The keys of the import object `__wbg_get_imports` builds, in order. */
function importKeys(glue) {
  const get = parses(glue).body.find((s) => s.type === 'FunctionDeclaration' && s.id.name === '__wbg_get_imports');
  return get.body.body[0].declarations[0].init.properties.map((p) => p.key.name ?? p.key.value);
}

test('the fixture is the output of the wasm-bindgen this build pins', () => {
  const lock = readFileSync(new URL('../Cargo.lock', import.meta.url), 'utf8');
  const pinned = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(lock)?.[1];
  const fixtureVersion = /^\/\/ An excerpt of wasm-bindgen (\S+)'s output/.exec(GLUE)?.[1];
  assert.equal(fixtureVersion, pinned,
    `Cargo.lock pins wasm-bindgen ${pinned}, the fixture is of ${fixtureVersion}: regenerate it (tests/fixtures/split/make.mjs) and run this test`);
});

test('the loader is the output of the wasm-split-cli scripts/setup.sh installs', () => {
  const setup = readFileSync(new URL('../scripts/setup.sh', import.meta.url), 'utf8');
  const pinned = /^WASM_SPLIT_VERSION=(\S+)$/m.exec(setup)?.[1];
  const fixtureVersion = /^\/\/ The loader of wasm-split-cli (\S+) /.exec(LOADER)?.[1];
  assert.equal(fixtureVersion, pinned,
    `scripts/setup.sh installs wasm-split-cli ${pinned}, the fixture is of ${fixtureVersion}: regenerate it (tests/fixtures/split/make.mjs) and run this test`);
});

test("wasm-streams' classes leave the glue, and nothing else does", () => {
  assert.equal(STREAM_EXPORTS.length, 13);
  const { glue, classes } = dropStreamClasses(GLUE, STREAM_EXPORTS);
  assert.deepEqual(classes, ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource']);
  assert.doesNotMatch(glue, /IntoUnderlying|intounderlying/);
  assert.deepEqual(importKeys(glue), importKeys(GLUE));
  assert.match(glue, /function __wbg_init\b/);
  // Without the classes there is nothing to drop.
  assert.deepEqual(dropStreamClasses(glue, []).classes, []);
  // A class or a dropped export named elsewhere, or classes that are not
  // those of the exports, are refused.
  assert.throws(() => dropStreamClasses(`${GLUE}\nnew IntoUnderlyingSink();\n`, STREAM_EXPORTS), /names wasm-streams' IntoUnderlyingSink elsewhere/);
  assert.throws(() => dropStreamClasses(`${GLUE}\nwasm.__wbg_intounderlyingsink_free(0, 1);\n`, STREAM_EXPORTS), /names wasm-streams' __wbg_intounderlyingsink_free elsewhere/);
  assert.throws(() => dropStreamClasses(GLUE, STREAM_EXPORTS.filter((e) => !/sink/.test(e))), /dropped exports of intounderlyingbytesource, intounderlyingsource and the glue declares/);
  assert.throws(() => dropStreamClasses(GLUE, []), /dropped exports of no class and the glue declares IntoUnderlyingByteSource/);
});

test('renames: the import object keeps what the wasm imports, under short names; wasm.<export> reads follow', () => {
  const { glue } = dropStreamClasses(GLUE, STREAM_EXPORTS);
  const keys = importKeys(glue).filter((k) => k !== '__proto__');
  const renames = [
    ...keys.slice(0, 4).map((from, i) => ({ from, to: `i${i}`, kind: 'import' })),
    { from: keys[keys.length - 1], to: 'i4', kind: 'import' },
    { from: '__wbindgen_externrefs', to: 'e0', kind: 'export' },
    { from: '__externref_table_alloc', to: 'e1', kind: 'export' },
  ];
  const out = applyRenames(glue, renames, MODULE);
  assert.deepEqual(importKeys(out), ['__proto__', 'i0', 'i1', 'i2', 'i3', 'i4']);
  assert.match(out, /\bw: import0\b/);
  assert.doesNotMatch(out, /"\.\/weekly_bg\.js"/);
  assert.doesNotMatch(out, /wasm\.__wbindgen_externrefs|wasm\.__externref_table_alloc\b/);
  assert.match(out, /wasm\.e0\.set\(/);
  assert.match(out, /wasm\.e1\(\)/);
  // Exports not renamed (memory, the split's globals) stay.
  assert.match(out, /wasm\.memory\.buffer/);
  parses(out);
});

test('renames that do not fit the glue name what is wrong', () => {
  const { glue } = dropStreamClasses(GLUE, STREAM_EXPORTS);
  const [first] = importKeys(glue).filter((k) => k !== '__proto__');
  assert.throws(() => applyRenames(glue, [{ from: '__wbg_gone_0123456789abcdef', to: 'a', kind: 'import' }], MODULE),
    /the wasm imports __wbg_gone_0123456789abcdef, which the glue's imports of \.\/weekly_bg\.js do not give/);
  assert.throws(() => applyRenames(glue, [{ from: first, to: 'a', kind: 'import' }], { ...MODULE, module: './other_bg.js' }),
    /keys \.\/other_bg\.js 0 times/);
  assert.throws(() => applyRenames(`${glue}\nconsole.log(${JSON.stringify(first)});\n`, [{ from: first, to: 'a', kind: 'import' }], MODULE),
    new RegExp(`names the import ${first} outside`));
  assert.throws(() => applyRenames(`${glue}\nconsole.log(wasm["__wbindgen_start"]);\n`,
    [{ from: first, to: 'a', kind: 'import' }, { from: '__wbindgen_start', to: 'b', kind: 'export' }], MODULE),
  /names the export __wbindgen_start other than as wasm\.__wbindgen_start/);
  assert.throws(() => applyRenames(glue, [{ from: '__wbindgen_start', to: 'b', kind: 'export' }], MODULE),
    /no import of \.\/weekly_bg\.js is renamed/);
  const renamedObject = glue.replace('"./weekly_bg.js": import0', '"./weekly_bg.js": imports');
  assert.throws(() => applyRenames(renamedObject, [{ from: first, to: 'a', kind: 'import' }], MODULE),
    /imports \(the imports of \.\/weekly_bg\.js\) is not an object literal/);
});

test('file names: import sources, or the other strings but property keys', () => {
  const glue = renameFile(GLUE, './__wasm_split.js', './weekly-split-0123.js', { imports: true });
  assert.equal((glue.match(/from "\.\/weekly-split-0123\.js"/g) ?? []).length, 6);
  // The import object's keys are the module names the wasm imports from.
  assert.match(glue, /"\.\/__wasm_split\.js": import1/);
  assert.match(renameFile(GLUE, 'weekly_bg.wasm', 'weekly-0123_bg.wasm'), /new URL\('?"?weekly-0123_bg\.wasm/);
  assert.throws(() => renameFile(GLUE, './nothing.js', './x.js', { imports: true }), /does not import \.\/nothing\.js/);
  // Re-exports and dynamic imports are imports too; any other use is refused.
  const more = `${LOADER}\nexport * from "./weekly.js";\nconst later = () => import("./weekly.js");\n`;
  assert.equal((renameFile(more, './weekly.js', './weekly-0123.js', { imports: true }).match(/"\.\/weekly-0123\.js"/g) ?? []).length, 3);
  assert.throws(() => renameFile(`${LOADER}\nfetch("./weekly.js");\n`, './weekly.js', './weekly-0123.js', { imports: true }),
    /names \.\/weekly\.js other than in an import/);
});

test('the loader carries shared chunks inside page chunks: one request per page', () => {
  const shared = new Set(['chunk_7', 'chunk_8', 'chunk_9', 'chunk_10', 'chunk_11', 'chunk_12', 'chunk_13']);
  const { loader, carried } = bundleShared(LOADER, shared);
  assert.deepEqual(Object.fromEntries(carried), {
    'split_tags.wasm': ['chunk_8'],
    'split_search.wasm': ['chunk_7', 'chunk_12', 'chunk_13'],
    'split_offline.wasm': ['chunk_10', 'chunk_11', 'chunk_13'],
    'split_memory.wasm': ['chunk_9', 'chunk_10', 'chunk_11', 'chunk_12'],
    'split_keys.wasm': ['chunk_9', 'chunk_10'],
    'split_glossary.wasm': ['chunk_7', 'chunk_8'],
  });
  assert.doesNotMatch(loader, /__chunk_\d+|chunk_\d+\.wasm/);
  assert.match(loader, /makeLoad\(bundled\("\.\/split_tags\.wasm", \["chunk_8"\]\), \[\]\)/);
  parses(loader);
  assert.throws(() => bundleShared(LOADER, new Set([...shared, 'chunk_99'])), /no loader of its own for chunk_99/);
  assert.throws(() => bundleShared(LOADER, new Set(['chunk_7'])), /unknown chunk chunk_8/);
  const nested = LOADER.replace(/(const __chunk_9 = makeLoad\([\s\S]*?\n\}\n, )\[\]/, '$1[__chunk_7]');
  assert.notEqual(nested, LOADER);
  assert.throws(() => bundleShared(nested, shared), /the shared chunk chunk_9\.wasm depends on __chunk_7/);
  const reshaped = LOADER.replace(', [__chunk_8]));', ', deps));');
  assert.throws(() => bundleShared(reshaped, shared), /a makeLoad call of a shape this build does not know/);
});
