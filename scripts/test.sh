#!/usr/bin/env bash
# Runs every test: formatting, lints, native tests, wasm component tests in
# headless Chromium, and Playwright end-to-end tests against the release
# build served from `/` and from `/weekly/`. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step "cargo fmt --check";            cargo fmt --all -- --check
step "docs and comments name paths that exist"; node scripts/check-paths.mjs
step "views follow the size dialect";  node scripts/check-dialect.mjs
step "cargo clippy";                 cargo clippy --workspace --all-targets -- -D warnings
# The browser's code too, with the split points of the release build.
step "cargo clippy (wasm32, with the split cfg)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components --cfg weekly_split" \
  cargo clippy --target wasm32-unknown-unknown --workspace --exclude weekly-compiler --exclude weekly-derive --exclude weekly-wasm-edit --lib --bins -- -D warnings
# The pure crates first, on their own: they build no Leptos.
step "native tests: weekly-core, weekly-compiler, weekly-derive, weekly-wasm-edit (no Leptos)"
cargo test --quiet -p weekly-core -p weekly-compiler -p weekly-derive -p weekly-wasm-edit
step "the split step's script edits on the pinned wasm-bindgen's output (tests/fixtures/split)"
node --test tests/split.test.mjs
step "native tests: the app and the page renderer"; cargo test --quiet -p weekly
step "wasm component tests (headless Chromium)"
cargo test --target wasm32-unknown-unknown --test web
step "wasm component tests (headless Firefox ESR)"
env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON=tests/webdriver-firefox.json \
  cargo test --target wasm32-unknown-unknown --test web
step "release build at /";           scripts/build.sh --dist dist
step "sizes of the first load against tests/sizes.json (fails on growth over 2 KB not recorded there)"
node tests/sizes.mjs dist
step "release build at /weekly/";    scripts/build.sh --dist target/dist-weekly --public-url /weekly/
step "the plain build a Trunk user runs first: trunk build --release on stable Rust (one wasm, no split), and the reader's tests on it"
trunk build --release --dist target/dist-plain
WEEKLY_DIST=target/dist-plain node --test --test-concurrency=1 tests/e2e/reader.test.mjs
step "a generated 120-issue site for the long-list tests"
cargo run --quiet --bin weekly-compile -- --generate 120 --out target/corpus-120
rm -rf target/dist-long && cp -r dist target/dist-long && rm -rf target/dist-long/data
cargo run --quiet --bin weekly-compile -- --src target/corpus-120 --out target/dist-long
rm -rf target/dist-long/issues target/dist-long/tags target/dist-long/glossary
cargo run --quiet --bin weekly-compile -- --prerender target/dist-long
# Its own worker: the copied one names dist's catalog, whose bytes these are not.
cp public/sw.js target/dist-long/sw.js
cargo run --quiet --bin weekly-compile -- --service-worker target/dist-long
step "end-to-end tests (Playwright, headless Chromium)"
node --test --test-concurrency=1 tests/e2e/*.test.mjs
step "route, data-failure and sub-path tests on a GitHub-Pages-like host (no SPA fallback, max-age, nosniff)"
WEEKLY_HOST=pages node --test --test-concurrency=1 tests/e2e/reader.test.mjs tests/e2e/routes.test.mjs tests/e2e/hardening.test.mjs
step "the shared scenarios in Firefox ESR and WebKitGTK (WebDriver; Chromium ran them above)"
WEEKLY_ENGINES=firefox,webkit node --test --test-concurrency=1 tests/e2e/engines.test.mjs
step "without service workers (Firefox with them turned off) the reader reads online, cleanly"
WEEKLY_ENGINES=firefox-nosw node --test --test-concurrency=1 --test-name-pattern=offline tests/e2e/engines.test.mjs
