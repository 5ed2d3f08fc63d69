#!/usr/bin/env bash
# The editor's preview: builds the reader once, then serves it at
# http://127.0.0.1:PORT/ with the issues in issues/ (drafts included and
# marked) and recompiles them on every save. A save reaches the open page in
# well under a second (only the data is compiled; the wasm is not rebuilt);
# when the sources have errors, the page shows them. Changing the reader's
# own code (src/) needs a restart.
#   scripts/preview.sh [PORT]     (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --build
source scripts/env.sh
cargo build --quiet --bin weekly-compile
# The preview compiles the data itself (with drafts, and showing errors in
# the browser): the build only makes the app, so broken sources do not stop it.
WEEKLY_SKIP_DATA=1 scripts/build.sh --dist target/preview
exec node scripts/preview/server.mjs target/preview --src issues --compiler target/debug/weekly-compile --port "${1:-8080}"
