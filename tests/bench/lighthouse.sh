#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile profile, its default) on the release build in
# dist/, served gzip-compressed like a static host. Lighthouse 13 needs
# Node 22, so 12.2.3 is installed into target/lighthouse, outside the
# project's npm packages. Prints each route's scores and timings.
set -euo pipefail
cd "$(dirname "$0")/../.."
LH=target/lighthouse
[ -x "$LH/node_modules/.bin/lighthouse" ] || npm install --prefix "$LH" --no-audit --no-fund --no-save lighthouse@12.2.3 >/dev/null
node tests/e2e/serve.mjs dist --port 8099 --spa >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1
for path in / /issues/3 /tags/envoy "/search?q=envoy"; do
  CHROME_PATH=/usr/bin/chromium "$LH/node_modules/.bin/lighthouse" "http://127.0.0.1:8099$path" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync" \
    --output=json --output-path="$LH/report.json" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]); const a = r.audits;
    const s = Object.fromEntries(Object.entries(r.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
    console.log(process.argv[2], JSON.stringify(s), "FCP", a["first-contentful-paint"].displayValue,
      "LCP", a["largest-contentful-paint"].displayValue, "TBT", a["total-blocking-time"].displayValue,
      "CLS", a["cumulative-layout-shift"].displayValue);
  ' "$PWD/$LH/report.json" "$path"
done
