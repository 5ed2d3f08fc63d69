#!/usr/bin/env bash
# The release build of the site: `trunk build --release` with any extra
# Trunk arguments (`--dist DIR`, `--public-url /weekly/`). With the pinned
# nightly installed (scripts/setup.sh), the standard library is compiled for
# size and panics abort without formatting a message: about 12 % less wasm.
# Without it, stable Rust builds the same app.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/toolchain.sh
if rustup component list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -q '^rust-src'; then
  export RUSTUP_TOOLCHAIN="$NIGHTLY"
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  # Replaces the rustflags of .cargo/config.toml for the wasm target: keep its cfg.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort"
else
  echo "[build] $NIGHTLY not installed: building with stable Rust" >&2
fi
exec trunk build --release "$@"
