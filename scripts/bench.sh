#!/usr/bin/env bash
# Benchmarks recorded in BENCHMARKS.md. Needs a release build in dist/
# (scripts/test.sh makes one) and hyperfine + brotli (apt-get install).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build --release --quiet --bin weekly-compile
C=target/release/weekly-compile
$C --generate 1000 --out target/corpus
echo "== compile time"
hyperfine --warmup 2 --runs 10 "$C --src issues --out target/vol3-site" "$C --src target/corpus --out target/corpus-site"
echo "== sizes of the release build"
scripts/sizes.sh dist
echo "== corpus data sizes"
du -sb target/corpus-site/data/catalog.json target/corpus-site/data/tags/envoy.json | awk '{print $2, $1, "bytes"}'
echo "== render timings on the 1,000-issue corpus"
rm -rf target/dist-corpus && cp -r dist target/dist-corpus && rm -rf target/dist-corpus/data
$C --src target/corpus --out target/dist-corpus
echo "== pre-rendering the 1,000-issue corpus (every route's page)"
rm -rf target/dist-corpus/issues target/dist-corpus/tags target/dist-corpus/glossary
/usr/bin/time -f "%e s, %M KB peak memory" $C --prerender target/dist-corpus
du -sb --apparent-size target/dist-corpus/issues target/dist-corpus/tags target/dist-corpus/glossary | awk '{s+=$1} END {print s, "bytes of pages (issues, tags, glossary)"}'
node tests/bench/render.mjs target/dist-corpus
echo "== offline: reloads with the worker, and saving every issue (Vol. 3, then the corpus)"
node tests/bench/offline.mjs dist dist
node tests/bench/offline.mjs dist target/dist-corpus
echo "== deploys: time to the new version, storage over weekly deploys (needs target/dist-long)"
RUNS=3 DEPLOYS=6 node tests/bench/deploys.mjs dist target/dist-long
echo "== the editor's preview: save to page (Vol. 3, debug compiler as scripts/preview.sh uses)"
cargo build --quiet --bin weekly-compile
node tests/bench/preview.mjs dist target/debug/weekly-compile
echo "== search: ours and Pagefind on the same corpus"
[ -x node_modules/.bin/pagefind ] || npm install --no-save --no-audit --no-fund pagefind@1.6.0
node tests/bench/pagefind-site.mjs target/dist-corpus/data target/pagefind-corpus
echo "indexing time, same corpus: our whole compile (search included) vs Pagefind"
hyperfine --warmup 1 --runs 5 "$C --src target/corpus --out target/corpus-site" "pagefind --site target/pagefind-corpus"
node tests/bench/pagefind-site.mjs target/vol3-site/data target/pagefind-vol3 --per-item
pagefind --site target/pagefind-vol3
echo "index on disk, ours (brotli -q 11, summed per file):"
node -e 'const fs=require("fs"),z=require("zlib"),d=process.argv[1];let n=0,s=0;for(const f of fs.readdirSync(d)){n++;s+=z.brotliCompressSync(fs.readFileSync(d+"/"+f),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length}console.log(n,"files,",s,"bytes")' target/dist-corpus/data/search
echo "index on disk, Pagefind (its files are gzip-compressed already):"
find target/pagefind-corpus/pagefind -type f | xargs stat -c %s | awk '{s+=$1; n++} END {print n, "files,", s, "bytes"}'
node tests/bench/search.mjs target/dist-corpus target/pagefind-corpus target/pagefind-vol3 target/vol3-site/data dist
echo "== Lighthouse (mobile) on the release build"
tests/bench/lighthouse.sh
