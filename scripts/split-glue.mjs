// The split step's edits of the JavaScript wasm-bindgen and wasm-split-cli
// write (scripts/split.mjs), made on their syntax trees (acorn), never on
// their text's layout. Each function takes a script, finds the nodes it
// edits by what they are (the import object `__wbg_get_imports` returns,
// `wasm.<export>` reads, `makeLoad(…)` calls), checks that it found every
// one it expected and nothing it does not know, and returns the script with
// the edits spliced in. A shape it does not know throws an error naming
// what it looked for; tests/split.test.mjs runs every edit on a
// checked-in excerpt of the pinned wasm-bindgen's output
// (tests/fixtures/split/).
import { parse } from 'acorn';

const options = { ecmaVersion: 'latest', sourceType: 'module', locations: true };

/** Every node under `node` (depth first), with its parent. */
function* nodes(node, parent = null) {
  yield [node, parent];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child.type === 'string') yield* nodes(child, node);
    }
  }
}

/** `code` with each `{ start, end, text }` spliced in (edits may not overlap). */
function splice(code, edits) {
  const sorted = edits.slice().sort((a, b) => b.start - a.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].end > sorted[i - 1].start) throw new Error('two edits of the glue overlap (a bug in scripts/split-glue.mjs)');
  }
  let out = code;
  for (const { start, end, text } of sorted) out = out.slice(0, start) + text + out.slice(end);
  // What is written must still be a module.
  parse(out, options);
  return out;
}

const keyName = (property) => property.key.type === 'Identifier' ? property.key.name : property.key.value;
const at = (node) => `line ${node.loc.start.line}`;

/**
 * The glue without wasm-streams' classes, whose wasm exports `exports`
 * (the names `weekly-wasm-edit drop-streams` reports) were dropped
 * (crates/wasm-edit/src/streams.rs): each `export class IntoUnderlying…`,
 * its `if (Symbol.dispose) …` line and its `…Finalization` registry. The
 * classes must be those of the exports, and nothing may name a dropped
 * export or a class afterwards. Gives the glue and the class names removed.
 */
export function dropStreamClasses(glue, exports) {
  const tree = parse(glue, options);
  const isClass = (name) => /^IntoUnderlying(ByteSource|Sink|Source)$/.test(name);
  const classes = [];
  const edits = [];
  for (const statement of tree.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    const variable = declaration?.type === 'VariableDeclaration' && declaration.declarations.length === 1
      ? declaration.declarations[0].id.name ?? '' : '';
    if (declaration?.type === 'ClassDeclaration' && isClass(declaration.id.name)) {
      classes.push(declaration.id.name);
      edits.push(statement);
    } else if (variable.endsWith('Finalization') && isClass(variable.slice(0, -'Finalization'.length))) {
      edits.push(statement);
    } else if (statement.type === 'IfStatement' && glue.slice(statement.test.start, statement.test.end) === 'Symbol.dispose'
      && [...nodes(statement.consequent)].some(([n]) => n.type === 'Identifier' && isClass(n.name))) {
      edits.push(statement);
    }
  }
  // Each class's exports are `<class>_…` or `__wbg_<class>_free`, lowercased.
  const classOf = (name) => name.replace(/^__wbg_/, '').split('_')[0];
  const exported = new Set(exports.map(classOf));
  const declared = new Set(classes.map((c) => c.toLowerCase()));
  if (exported.size !== declared.size || [...exported].some((c) => !declared.has(c))) {
    throw new Error(`the wasm dropped exports of ${[...exported].join(', ') || 'no class'} and the glue declares ${classes.join(', ') || 'no class'}`);
  }
  const out = splice(glue, edits.map(({ start, end }) => ({ start, end, text: '' })));
  const dropped = new Set(exports);
  const left = [...nodes(parse(out, options))].map(([n]) => n).find((n) => {
    const name = n.type === 'Identifier' ? n.name : n.type === 'Literal' && typeof n.value === 'string' ? n.value : '';
    return dropped.has(name) || /intounderlying/i.test(name);
  });
  if (left) throw new Error(`the glue names wasm-streams' ${left.name ?? left.value} elsewhere (${at(left)}): only its classes, dispose lines and registries are known`);
  return { glue: out, classes };
}

/**
 * The object `__wbg_get_imports` returns, its property keyed `module`
 * (`./weekly_bg.js`), and the object literal that property's variable holds.
 */
function importObject(tree, module) {
  const get = tree.body.find((s) => s.type === 'FunctionDeclaration' && s.id.name === '__wbg_get_imports');
  if (!get) throw new Error('the glue has no function __wbg_get_imports');
  const returned = get.body.body.find((s) => s.type === 'ReturnStatement')?.argument;
  if (returned?.type !== 'ObjectExpression') throw new Error('__wbg_get_imports does not return an object literal');
  const keyed = returned.properties.filter((p) => p.type === 'Property' && keyName(p) === module);
  if (keyed.length !== 1 || keyed[0].value.type !== 'Identifier') {
    throw new Error(`the object __wbg_get_imports returns keys ${module} ${keyed.length} times, or not to a variable`);
  }
  const variable = keyed[0].value.name;
  const declarator = [...nodes(get.body)].map(([n]) => n)
    .find((n) => n.type === 'VariableDeclarator' && n.id.name === variable);
  if (declarator?.init?.type !== 'ObjectExpression') throw new Error(`${variable} (the imports of ${module}) is not an object literal`);
  return { key: keyed[0], object: declarator.init };
}

/**
 * The glue after the wasm's names were shortened (`renames` from
 * `weekly-wasm-edit shorten`): the import object keeps only what the wasm
 * still imports, under the short names, keyed `shortModule` instead of
 * `module`; every `wasm.<export>` read uses the short name. An import the
 * object does not give, an import name used anywhere but as its key, or an
 * export named other than as `wasm.<name>` throws.
 */
export function applyRenames(glue, renames, { module, shortModule }) {
  const tree = parse(glue, options);
  const { key, object } = importObject(tree, module);
  const imports = new Map(renames.filter((r) => r.kind === 'import').map((r) => [r.from, r.to]));
  if (imports.size === 0) throw new Error(`no import of ${module} is renamed: the wasm would get an empty import object`);
  const exports = new Map(renames.filter((r) => r.kind === 'export').map((r) => [r.from, r.to]));
  const edits = [{ start: key.key.start, end: key.key.end, text: shortModule }];
  const given = new Set();
  const entries = object.properties.filter((p) => !(p.type === 'Property' && keyName(p) === '__proto__'));
  for (const [i, property] of entries.entries()) {
    if (property.type !== 'Property' || property.computed) throw new Error(`the imports of ${module} hold an entry that is not a plain property (${at(property)})`);
    const name = keyName(property);
    const to = imports.get(name);
    if (to === undefined) {
      // The entry up to the next one, or up to its own trailing comma.
      const comma = /^\s*,/.exec(glue.slice(property.end, object.end));
      const end = i + 1 < entries.length ? entries[i + 1].start : property.end + (comma ? comma[0].length : 0);
      edits.push({ start: property.start, end, text: '' });
    } else {
      given.add(name);
      edits.push({ start: property.key.start, end: property.key.end, text: to });
    }
  }
  const missing = [...imports.keys()].filter((name) => !given.has(name));
  if (missing.length) throw new Error(`the wasm imports ${missing.join(', ')}, which the glue's imports of ${module} do not give`);
  const keys = new Set(entries.map((p) => p.key));
  const dropped = edits.filter((e) => e.text === '');
  for (const [node, parent] of nodes(tree)) {
    if (keys.has(node) || dropped.some((e) => node.start >= e.start && node.end <= e.end)) continue;
    const name = node.type === 'Identifier' ? node.name : node.type === 'Literal' ? node.value : undefined;
    if (typeof name !== 'string') continue;
    if (imports.has(name)) throw new Error(`the glue names the import ${name} outside its imports' object (${at(node)})`);
    if (!exports.has(name)) continue;
    const read = parent?.type === 'MemberExpression' && parent.property === node && !parent.computed
      && parent.object.type === 'Identifier' && parent.object.name === 'wasm';
    if (read) edits.push({ start: node.start, end: node.end, text: exports.get(name) });
    else if (node.type === 'Literal' || parent?.type === 'MemberExpression' || parent?.type === 'Property') {
      // A local function of the same name is the glue's own (the minifier renames it).
      throw new Error(`the glue names the export ${name} other than as wasm.${name} (${at(node)})`);
    }
  }
  return splice(glue, edits);
}

/**
 * The script with every string `from` (a file it names) made `to`: the
 * sources of its `import` declarations with `{ imports: true }`, else the
 * other strings but property keys (the glue's import object is keyed by the
 * module names the wasm imports from, which stay). It must name it.
 */
export function renameFile(code, from, to, { imports = false } = {}) {
  const edits = [];
  for (const [node, parent] of nodes(parse(code, options))) {
    if (node.type !== 'Literal' || node.value !== from) continue;
    const isSource = ['ImportDeclaration', 'ExportAllDeclaration', 'ExportNamedDeclaration', 'ImportExpression']
      .includes(parent?.type) && parent.source === node;
    const isKey = parent?.type === 'Property' && parent.key === node;
    if (imports ? isSource : !isSource && !isKey) edits.push({ start: node.start, end: node.end, text: JSON.stringify(to) });
  }
  if (edits.length === 0) throw new Error(`the script does not ${imports ? 'import' : 'name'} ${from}`);
  const out = splice(code, edits);
  // Whatever still names the file other than as a key is a place this
  // step does not know (a 404 at run time if left).
  const left = [...nodes(parse(out, options))]
    .find(([n, parent]) => n.type === 'Literal' && n.value === from && !(parent?.type === 'Property' && parent.key === n));
  if (left && imports) throw new Error(`the script names ${from} other than in an import (${at(left[0])})`);
  return out;
}

/** `makeLoad(() => { … fetch(new URL("<file>", import.meta.url)) … }, [deps])` calls, with their file and deps. */
function loads(tree) {
  const found = [];
  for (const [node] of nodes(tree)) {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'makeLoad') continue;
    const [fetcher, deps] = node.arguments;
    const url = [...nodes(fetcher)].map(([n]) => n).find((n) => n.type === 'NewExpression' && n.callee.name === 'URL');
    const file = url?.arguments[0]?.type === 'Literal' ? url.arguments[0].value : undefined;
    if (typeof file !== 'string' || deps?.type !== 'ArrayExpression' || deps.elements.some((d) => d?.type !== 'Identifier')) {
      throw new Error(`a makeLoad call of a shape this build does not know (${at(node)})`);
    }
    found.push({ node, file: file.replace(/^\.\//, ''), deps: deps.elements.map((d) => d.name) });
  }
  return found;
}

/**
 * The split loader with its shared chunks (`chunk_<n>.wasm`, the names in
 * `shared`) bundled: their own loaders (`const __chunk_<n> = makeLoad(…)`)
 * go, and each page's `makeLoad(…, [__chunk_…])` becomes
 * `makeLoad(bundled("./split_<page>.wasm", ["chunk_<n>", …]), [])`; the
 * caller appends `bundled`. Gives the loader and, by page chunk file, the
 * shared chunks it carries.
 */
export function bundleShared(loader, shared) {
  const tree = parse(loader, options);
  const carried = new Map();
  const edits = [];
  const own = new Set();
  for (const statement of tree.body) {
    const [declarator] = statement.type === 'VariableDeclaration' ? statement.declarations : [];
    const name = declarator?.id.name?.replace(/^__/, '');
    if (name && shared.has(name)) {
      edits.push({ start: statement.start, end: statement.end, text: '' });
      own.add(name);
    }
  }
  for (const name of shared) if (!own.has(name)) throw new Error(`the split loader has no loader of its own for ${name}`);
  for (const { node, file, deps } of loads(tree)) {
    const names = deps.map((d) => d.replace(/^__/, ''));
    if (shared.has(file.replace(/\.wasm$/, ''))) {
      // A shared part that needs another would have to be linked after it.
      if (deps.length) throw new Error(`the shared chunk ${file} depends on ${deps.join(', ')}: this step links shared parts in any order (${at(node)})`);
      continue;
    }
    for (const d of names) if (!shared.has(d)) throw new Error(`the split loader names an unknown chunk ${d} (${at(node)})`);
    carried.set(file, names);
    edits.push({ start: node.start, end: node.end, text: `makeLoad(bundled(${JSON.stringify(`./${file}`)}, ${JSON.stringify(names)}), [])` });
  }
  if (carried.size === 0) throw new Error('the split loader loads no page chunk');
  const out = splice(loader, edits);
  const left = [...nodes(parse(out, options))].find(([n]) => n.type === 'Identifier' && /^__chunk_\d+$/.test(n.name));
  if (left) throw new Error(`the split loader still uses ${left[0].name} (a split point with no code of its own?)`);
  return { loader: out, carried };
}
