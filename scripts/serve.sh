#!/usr/bin/env bash
# Builds the reader with the bundled issues and serves it on a local port.
#   scripts/serve.sh [PORT]     (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --build
scripts/build.sh
source scripts/env.sh
exec node tests/e2e/serve.mjs dist --port "${1:-8080}" --spa
