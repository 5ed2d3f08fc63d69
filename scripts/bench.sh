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
node tests/bench/render.mjs target/dist-corpus
