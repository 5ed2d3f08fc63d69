# Sourced by setup.sh and build.sh: the nightly that release builds use to
# compile the standard library for size (-Z build-std, optimize_for_size,
# -Cpanic=immediate-abort). Pinned so that builds are reproducible.
NIGHTLY=nightly-2026-10-30
