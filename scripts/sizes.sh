#!/usr/bin/env bash
# Prints raw, gzip -9 and brotli -q 11 sizes of what a first visit loads from
# a release build (default: dist/). Brotli through Node's zlib at quality 11,
# as tests/sizes.mjs (the test's size check) measures it.
set -euo pipefail
dir="${1:-dist}"
brotli11() { node -e 'const z=require("zlib");process.stdout.write(String(z.brotliCompressSync(require("fs").readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,[z.constants.BROTLI_PARAM_LGWIN]:24}}).length))' "$1"; }
row() { printf '%-34s %9s %9s %9s\n' "$1" "$2" "$3" "$4"; }
row file raw gzip brotli
total=0
for f in "$dir"/index.html "$dir"/*.js "$dir"/weekly-*_bg.wasm "$dir"/*.css "$dir"/data/catalog.json "$dir"/data/issues/*.json; do
  [ -f "$f" ] || continue
  # The portal's snippet, not part of the reader's first load.
  [ "$f" = "$dir/embed.js" ] && continue
  # The service worker installs after the page has loaded.
  { [ "$f" = "$dir/sw.js" ] || [ "$f" = "$dir/sw-retire.js" ]; } && continue
  raw=$(stat -c%s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli11 "$f")
  row "${f#"$dir"/}" "$raw" "$gz" "$br"
  case "$f" in *.html|*.js|*.wasm|*.css) total=$((total + br));; esac
done
row "first load (html+js+wasm+css)" "" "" "$total"
# Code on demand (scripts/split.mjs): fetched when a page needs it.
for f in "$dir"/split_*.wasm "$dir"/chunk_*.wasm; do
  [ -f "$f" ] || continue
  row "on demand: ${f#"$dir"/}" "$(stat -c%s "$f")" "$(gzip -9 -c "$f" | wc -c)" "$(brotli11 "$f")"
done
