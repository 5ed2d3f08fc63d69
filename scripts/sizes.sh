#!/usr/bin/env bash
# Prints raw, gzip -9 and brotli -q 11 sizes of what a first visit loads from
# a release build (default: dist/). Needs `brotli` (apt-get install brotli).
set -euo pipefail
dir="${1:-dist}"
row() { printf '%-34s %9s %9s %9s\n' "$1" "$2" "$3" "$4"; }
row file raw gzip brotli
total=0
for f in "$dir"/index.html "$dir"/*.js "$dir"/weekly-*_bg.wasm "$dir"/*.css "$dir"/data/catalog.json "$dir"/data/issues/*.json; do
  [ -f "$f" ] || continue
  # The portal's snippet, not part of the reader's first load.
  [ "$f" = "$dir/embed.js" ] && continue
  # The service worker installs after the page has loaded.
  [ "$f" = "$dir/sw.js" ] && continue
  raw=$(stat -c%s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  row "${f#"$dir"/}" "$raw" "$gz" "$br"
  case "$f" in *.html|*.js|*.wasm|*.css) total=$((total + br));; esac
done
row "first load (html+js+wasm+css)" "" "" "$total"
# Code on demand (scripts/split.mjs): fetched when a page needs it.
for f in "$dir"/split_*.wasm "$dir"/chunk_*.wasm; do
  [ -f "$f" ] || continue
  row "on demand: ${f#"$dir"/}" "$(stat -c%s "$f")" "$(gzip -9 -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
done
