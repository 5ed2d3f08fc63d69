// What a built site's search index is made of (issue 33: the layout is to
// be chosen by measurement): per kind of term (CJK runs of 1–4 characters,
// words, tag and section labels), how many terms, bytes of their shards'
// JSON, (term, item) pairs and positions.
//   node tests/bench/index-terms.mjs DIST   (default target/dist-long)
import fs from 'node:fs';
import path from 'node:path';

const dist = process.argv[2] ?? 'target/dist-long';
const dir = path.join(dist, 'data/search');
// The app's `is_cjk` (crates/core/src/model/mod.rs).
const isCjk = (c) => {
  const u = c.codePointAt(0);
  return (u >= 0x2e80 && u <= 0x2fdf) || (u >= 0x3000 && u <= 0x303f) || (u >= 0x3040 && u <= 0x33ff)
    || (u >= 0x3400 && u <= 0x4dbf) || (u >= 0x4e00 && u <= 0x9fff) || (u >= 0xac00 && u <= 0xd7af)
    || (u >= 0xf900 && u <= 0xfaff) || (u >= 0xfe30 && u <= 0xfe4f) || (u >= 0xff00 && u <= 0xffef)
    || (u >= 0x20000 && u <= 0x3ffff);
};
const kinds = {};
let bytes = 0;
let files = 0;
for (const file of fs.readdirSync(dir)) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  bytes += Buffer.byteLength(text);
  files++;
  const shard = JSON.parse(text);
  shard.terms.forEach((term, i) => {
    const chars = [...term];
    const kind = /^[#§]/.test(term) ? 'tag or section' : isCjk(chars[0]) ? `CJK, ${chars.length} char.` : 'word';
    const postings = shard.postings[i];
    // Per item: item delta, title count, body count, then the positions.
    let items = 0;
    let positions = 0;
    for (let j = 0; j < postings.length; items++) {
      const found = postings[j + 1] + postings[j + 2];
      positions += found;
      j += 3 + found;
    }
    const k = (kinds[kind] ??= { terms: 0, bytes: 0, pairs: 0, positions: 0 });
    k.terms++;
    k.bytes += Buffer.byteLength(JSON.stringify(term)) + Buffer.byteLength(JSON.stringify(postings)) + 2;
    k.pairs += items;
    k.positions += positions;
  });
}
const total = Object.values(kinds).reduce((a, k) => a + k.bytes, 0);
console.log(`${dir}: ${files} files, ${bytes} bytes of JSON`);
console.log('| terms | count | bytes | share | (term, item) pairs | positions |');
console.log('|---|---|---|---|---|---|');
for (const [kind, k] of Object.entries(kinds).sort()) {
  console.log(`| ${kind} | ${k.terms} | ${k.bytes} | ${((100 * k.bytes) / total).toFixed(1)} % | ${k.pairs} | ${k.positions} |`);
}
