#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile profile, its default) on the release build in
# dist/, served gzip-compressed like a static host that answers every
# pre-rendered route with its page and status 200 (Lighthouse refuses to
# audit a page served with 404). Lighthouse 13 needs Node 22, so 12.2.3 is
# installed into target/lighthouse, outside the project's npm packages.
# Prints each route's scores and timings per run, then the medians.
#   tests/bench/lighthouse.sh [RUNS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
LH=target/lighthouse
# Every reader of a Chinese newsletter has a font for Chinese. Without one,
# Chromium searches the system's fonts for each Han character at every layout
# (a 70-object page took 45 ms to lay out), and the text it measures is not
# the text a reader sees: the figures would be of another page.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "lighthouse.sh: no font for Chinese here; install one first (Debian: apt-get install fonts-noto-cjk)" >&2
  exit 1
fi
[ -x "$LH/node_modules/.bin/lighthouse" ] || npm install --prefix "$LH" --no-audit --no-fund --no-save lighthouse@12.2.3 >/dev/null
node tests/e2e/serve.mjs dist --port 8099 --spa >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1
for path in ${ROUTES:-/ /issues/3/ /tags/envoy/ /glossary/kep/}; do
  reports=()
  for run in $(seq "$RUNS"); do
    out="$LH/report$(echo "$path" | tr / -)$run.json"
    CHROME_PATH=/usr/bin/chromium "$LH/node_modules/.bin/lighthouse" "http://127.0.0.1:8099$path" --quiet \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync" \
      --output=json --output-path="$out" >/dev/null 2>&1
    reports+=("$PWD/$out")
  done
  node -e '
    const [path, ...files] = process.argv.slice(1);
    const runs = files.map((f) => require(f));
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const pick = (r) => ({
      perf: Math.round(r.categories.performance.score * 100),
      a11y: Math.round(r.categories.accessibility.score * 100),
      bp: Math.round(r.categories["best-practices"].score * 100),
      fcp: r.audits["first-contentful-paint"].numericValue,
      lcp: r.audits["largest-contentful-paint"].numericValue,
      tbt: r.audits["total-blocking-time"].numericValue,
      cls: r.audits["cumulative-layout-shift"].numericValue,
    });
    const all = runs.map(pick);
    for (const r of all) console.log(path, JSON.stringify(r));
    const m = Object.fromEntries(Object.keys(all[0]).map((k) => [k, median(all.map((r) => r[k]))]));
    console.log(`${path} median of ${all.length}: Performance ${m.perf}, Accessibility ${m.a11y}, Best practices ${m.bp}, ` +
      `FCP ${(m.fcp / 1000).toFixed(2)} s, LCP ${(m.lcp / 1000).toFixed(2)} s, TBT ${Math.round(m.tbt)} ms, CLS ${m.cls.toFixed(3)}`);
  ' "$path" "${reports[@]}"
done
