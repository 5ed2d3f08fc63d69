#!/usr/bin/env bash
# The release build of the site: `trunk build --release` with any extra
# Trunk arguments (`--dist DIR`, `--public-url /weekly/`). With the pinned
# nightly installed (scripts/setup.sh), the standard library is compiled for
# size and panics abort without formatting a message: about 12 % less wasm;
# `Debug` formatting compiles to nothing and panics carry no source
# locations (-Zfmt-debug=none -Zlocation-detail=none: 3.3 KB brotli less
# on the first load; nothing the reader sees is formatted with `Debug`).
# Without it, stable Rust builds the same app. Either way the pages whose
# code arrives on demand are split off the first wasm (--cfg weekly_split;
# the post-build hook runs scripts/split.mjs on cargo's output, which the
# split needs with its relocations: --emit-relocs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/toolchain.sh
SPLIT_FLAGS="--cfg weekly_split -Clink-args=--emit-relocs"
if [ "${WEEKLY_SPLIT:-1}" = 0 ]; then
  SPLIT_FLAGS=""  # one wasm, for measuring what the split changes
elif ! command -v wasm-split-cli >/dev/null; then
  echo "[build] wasm-split-cli not installed (scripts/setup.sh): one wasm without code on demand" >&2
  SPLIT_FLAGS=""
fi
if rustup component list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -q '^rust-src'; then
  export RUSTUP_TOOLCHAIN="$NIGHTLY"
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  # Replaces the rustflags of .cargo/config.toml for the wasm target: keep its cfg.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none $SPLIT_FLAGS"
else
  echo "[build] $NIGHTLY not installed: building with stable Rust" >&2
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components $SPLIT_FLAGS"
fi
exec trunk build --release "$@"
