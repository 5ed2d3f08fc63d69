// A shared search link (`/search/?q=…`): the query's index files are asked
// for now, beside the app's code, not after the app and its search code
// have started (issue 33; README "Search"). The rules are the app's, for
// its first pass (Chinese runs as typed): `SearchParams::parse` and
// `query`, `parse_query`, `part_terms` and `wire::shard_of` in
// crates/core/src. tests/fixtures/search-ahead.json holds cases both are
// tested against. A file asked for in vain costs bytes, never a result: the
// app asks for what it needs itself, and a preloaded file answers that
// request. The page's head says where the index is (`weekly-search-index`:
// each segment's shard count and hash, `1150.3fa0… 31.c2d1…`, from the
// deploy the page is of) and how it folds Chinese (`weekly-search-fold`: the
// hash of `search/fold.{hash}.json`, traditional → simplified pairs). A
// Chinese query's fold file is asked for too; the app reads the runs as
// typed while it comes (the same files for simplified text), then, for
// traditional characters, the folded ones.
{
  const base = document.baseURI;
  const index = document.querySelector('meta[name="weekly-search-index"]');
  const fold = document.querySelector('meta[name="weekly-search-fold"]');
  const onSearch = location.pathname.replace(/\/?$/, '/') === new URL('search/', base).pathname;
  const segments = ((index && index.content) || '').split(' ').map((s) => s.split('.'));
  const valid = segments.every(([count, hash]) => /^[1-9][0-9]*$/.test(count) && /^[0-9a-f]+$/.test(hash || ''));
  const ask = (file) => {
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = new URL(`data/search/${file}`, base).href;
    document.head.append(link);
  };
  if (onSearch && valid) {
    for (const [count, hash] of segments) {
      for (const n of weeklySearchShards(location.search, Number(count))) ask(`${n}.${hash}.json`);
    }
    if (fold && /^[0-9a-f]{16}$/.test(fold.content) && weeklySearchShards(location.search, 1, true)) {
      ask(`fold.${fold.content}.json`);
    }
  }
}

/**
 * The shards the app's first pass over the query in `search` (`?q=…&tag=…`)
 * reads, sorted, its Chinese runs as typed; with `hasCjk`, only whether the
 * query has a Chinese run.
 */
function weeklySearchShards(search, shards, hasCjk) {
  // As the app reads the address: every leading `?` goes, a repeated key's
  // last value counts (for a tag or a section, its last one not empty).
  const params = new URLSearchParams(search.replace(/^\?+/, ''));
  const trim = (value) => value.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
  const last = (key, filled) => {
    const values = params.getAll(key).map(trim).filter((v) => !filled || v);
    return values.length ? values[values.length - 1] : '';
  };
  const isCjk = (c) => {
    const u = c.codePointAt(0);
    return (u >= 0x2e80 && u <= 0x2fdf) || (u >= 0x3000 && u <= 0x303f) || (u >= 0x3040 && u <= 0x33ff)
      || (u >= 0x3400 && u <= 0x4dbf) || (u >= 0x4e00 && u <= 0x9fff) || (u >= 0xac00 && u <= 0xd7af)
      || (u >= 0xf900 && u <= 0xfaff) || (u >= 0xfe30 && u <= 0xfe4f) || (u >= 0xff00 && u <= 0xffef)
      || (u >= 0x20000 && u <= 0x3ffff);
  };
  const alnum = (c) => /[\p{Alphabetic}\p{N}]/u.test(c);
  const terms = [];
  let text = '';
  const q = [...last('q', false)].slice(0, 200).join('');
  for (const word of q.split(/\p{White_Space}+/u).filter(Boolean)) {
    const lower = word.toLowerCase();
    if (lower.startsWith('tag:') && lower.length > 4) terms.push('#' + lower.slice(4));
    else if (lower.startsWith('section:') && lower.length > 8) terms.push('§' + lower.slice(8));
    else text += word + ' ';
  }
  for (const [key, sigil] of [['tag', '#'], ['section', '§']]) {
    // Slugs are ASCII: the app lowercases only ASCII letters here.
    const value = last(key, true);
    if (value) terms.push(sigil + value.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  }
  // Full-width ASCII as ASCII, then runs of CJK and of word characters.
  const chars = [...text].map((c) => {
    const u = c.codePointAt(0);
    return u >= 0xff01 && u <= 0xff5e ? String.fromCodePoint(u - 0xfee0) : c;
  });
  // Only the first 12 runs count (`MAX_PARTS`), a Chinese one up to 24 characters (`MAX_RUN_CHARS`).
  for (let i = 0, runs = 0; i < chars.length && runs < 12; ) {
    const cjk = isCjk(chars[i]) && alnum(chars[i]);
    if (!cjk && !(alnum(chars[i]) && !isCjk(chars[i]))) {
      i++;
      continue;
    }
    const start = i;
    while (i < chars.length && alnum(chars[i]) && isCjk(chars[i]) === cjk) i++;
    runs++;
    const run = chars.slice(start, cjk ? Math.min(i, start + 24) : i);
    if (cjk && hasCjk) return true;
    if (cjk) {
      // The grams that cover the run: itself up to 2 characters, else a pair every 2 and one ending it.
      const n = run.length;
      const offsets = [];
      if (n <= 2) offsets.push(0);
      else {
        for (let k = 0; k <= n - 2; k += 2) offsets.push(k);
        if (offsets[offsets.length - 1] !== n - 2) offsets.push(n - 2);
      }
      for (const k of offsets) terms.push(run.slice(k, k + Math.min(n, 2)).join(''));
    } else {
      // A word's shard is chosen by its first three letters (the stem keeps them).
      // Lowercased a character at a time, as the app does (no final-sigma rule).
      terms.push([...run.map((c) => c.toLowerCase()).join('')].slice(0, 3).join(''));
    }
  }
  if (hasCjk) return false;
  const bytes = new TextEncoder();
  const found = new Set();
  // One shard in eight holds single CJK characters (`wire::SINGLES_EVERY`).
  const singles = Math.floor(shards / 8);
  for (const term of terms) {
    let hash = 0x811c9dc5;
    for (const b of bytes.encode(term)) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
    const single = [...term].length === 1 && isCjk(term);
    if (singles === 0) found.add(hash % shards);
    else if (single) found.add(shards - singles + (hash % singles));
    else found.add(hash % (shards - singles));
  }
  return [...found].sort((a, b) => a - b);
}
