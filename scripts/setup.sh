#!/usr/bin/env bash
# Installs whatever is missing to build and test Weekly on a Debian machine
# with Rust (rustup), Node 20 and npm. Idempotent: installed tools are kept.
#   scripts/setup.sh            everything (build + browser tests)
#   scripts/setup.sh --build    only what building and serving needs
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=1
[ "${1:-}" = "--build" ] && want_browser=0

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

source scripts/toolchain.sh
TRUNK_WBG=$(sed -n 's/^wasm_bindgen = "\(.*\)"/\1/p' Trunk.toml)
if [ "$TRUNK_WBG" != "$WBG_VERSION" ]; then
  echo "[setup] Trunk.toml pins wasm_bindgen = \"$TRUNK_WBG\" but Cargo.lock has wasm-bindgen $WBG_VERSION: make them equal" >&2
  exit 1
fi
log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    log "adding the $component component"
    rustup component add "$component"
  fi
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Release builds compile the standard library for size with a pinned nightly
# (scripts/build.sh); without it they fall back to stable, about 12 % larger
# (BENCHMARKS.md, "Nightly build-std").
if ! rustup component list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -q '^rust-src'; then
  log "installing $NIGHTLY with rust-src (size-optimised release builds)"
  rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src \
    || log "could not install $NIGHTLY: release builds will use stable Rust"
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (takes several minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG_VERSION"; then
  log "installing wasm-bindgen-cli $WBG_VERSION"
  # Not --locked: some of its locked dependency versions are not served by the registry.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# Splits code on demand off the first wasm (scripts/split.mjs); 0.2.2 and
# older do not understand wasm-bindgen 0.2.128 and later.
WASM_SPLIT_VERSION=0.2.4
if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "installing wasm-split-cli $WASM_SPLIT_VERSION (a few minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

# wasm-opt 132 (npm binaryen), playwright-core and axe-core, from the committed lockfile.
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
fi

# The browsers of the tests, from Debian: Chromium (Playwright and the
# component tests), Firefox ESR and WebKitGTK's WebDriver with its
# MiniBrowser, under Xvfb (the shared scenarios of tests/e2e/engines.test.mjs).
if [ "$want_browser" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] \
    || [ ! -x /usr/bin/firefox-esr ] || [ ! -x /usr/bin/WebKitWebDriver ] || [ ! -x /usr/bin/xvfb-run ]; }; then
  log "installing Debian chromium, chromium-driver, firefox-esr, webkit2gtk-driver and xvfb"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    chromium chromium-driver firefox-esr webkit2gtk-driver xvfb xauth >/dev/null
fi

GECKODRIVER_VERSION=0.37.1
if [ "$want_browser" = 1 ] && ! geckodriver --version 2>/dev/null | grep -q "^geckodriver $GECKODRIVER_VERSION"; then
  log "installing geckodriver $GECKODRIVER_VERSION (a few minutes)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
fi
log "ready"
