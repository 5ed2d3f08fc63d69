// A shared search link (`/search/?q=…`): the query's index files are asked
// for now, beside the app's code, not after the app and its search code
// have started (issue 33; README "Search"). The rules are the app's, for
// its first pass (Chinese runs as typed): `SearchParams::query`,
// `parse_query`, `part_terms` and `wire::shard_of` in crates/core/src.
// tests/fixtures/search-ahead.json holds cases both are tested against. A
// file asked for in vain costs bytes, never a result: the app asks for what
// it needs itself, and a preloaded file answers that request.
{
  const base = document.baseURI;
  const params = new URLSearchParams(location.search);
  const asked = ['q', 'tag', 'section'].some((key) => (params.get(key) || '').trim());
  if (asked && location.pathname.replace(/\/?$/, '/') === new URL('search/', base).pathname) {
    const catalogPath = new URL('data/catalog.json', base).pathname;
    const carried = [...document.querySelectorAll('script[type="application/json"][data-file]')]
      .find((script) => script.dataset.file === catalogPath);
    const catalog = carried
      ? Promise.resolve().then(() => JSON.parse(carried.textContent))
      : fetch(new URL(catalogPath, base)).then((response) => response.json());
    catalog.then((catalog) => {
      const { shards, hash } = (catalog && catalog.search) || {};
      if (!Number.isInteger(shards) || shards < 1 || !/^[0-9a-f]+$/.test(hash)) return;
      for (const n of weeklySearchShards(location.search, shards)) {
        const link = document.createElement('link');
        link.rel = 'preload';
        link.as = 'fetch';
        link.crossOrigin = 'anonymous';
        link.href = new URL(`data/search/${n}.${hash}.json`, base).href;
        document.head.append(link);
      }
    }).catch(() => {});
  }
}

/** The shards the app's first pass over the query in `search` (`?q=…&tag=…`) reads, sorted. */
function weeklySearchShards(search, shards) {
  const params = new URLSearchParams(search);
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
  const q = [...(params.get('q') || '').trim()].slice(0, 200).join('');
  for (const word of q.split(/\p{White_Space}+/u).filter(Boolean)) {
    const lower = word.toLowerCase();
    if (lower.startsWith('tag:') && lower.length > 4) terms.push('#' + lower.slice(4));
    else if (lower.startsWith('section:') && lower.length > 8) terms.push('§' + lower.slice(8));
    else text += word + ' ';
  }
  for (const [key, sigil] of [['tag', '#'], ['section', '§']]) {
    const value = (params.get(key) || '').trim();
    if (value) terms.push(sigil + value.toLowerCase());
  }
  // Full-width ASCII as ASCII, then runs of CJK and of word characters.
  const chars = [...text].map((c) => {
    const u = c.codePointAt(0);
    return u >= 0xff01 && u <= 0xff5e ? String.fromCodePoint(u - 0xfee0) : c;
  });
  for (let i = 0; i < chars.length; ) {
    const cjk = isCjk(chars[i]) && alnum(chars[i]);
    if (!cjk && !(alnum(chars[i]) && !isCjk(chars[i]))) {
      i++;
      continue;
    }
    const start = i;
    while (i < chars.length && alnum(chars[i]) && isCjk(chars[i]) === cjk) i++;
    const run = chars.slice(start, i);
    if (cjk) {
      // The grams that cover the run: itself up to 4 characters, else one every 4 and one ending it.
      const n = run.length;
      const offsets = [];
      if (n <= 4) offsets.push(0);
      else {
        for (let k = 0; k <= n - 4; k += 4) offsets.push(k);
        if (offsets[offsets.length - 1] !== n - 4) offsets.push(n - 4);
      }
      for (const k of offsets) terms.push(run.slice(k, k + Math.min(n, 4)).join(''));
    } else {
      // A word's shard is chosen by its first three letters (the stem keeps them).
      terms.push([...run.join('').toLowerCase()].slice(0, 3).join(''));
    }
  }
  const bytes = new TextEncoder();
  const found = new Set();
  for (const term of terms) {
    let hash = 0x811c9dc5;
    for (const b of bytes.encode(term)) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
    found.add(hash % shards);
  }
  return [...found].sort((a, b) => a - b);
}
