#!/usr/bin/env bash
# The repository's fuzz job: runs cargo-fuzz targets from their committed seeds.
#
#   fuzz/run.sh                  every target, 10 minutes each
#   fuzz/run.sh workbook 600     one target, for so many seconds
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and nightly Rust; without a
# nightly toolchain it uses the installed one with RUSTC_BOOTSTRAP=1. New inputs
# go to fuzz/corpus/TARGET, a finding to fuzz/artifacts/TARGET (both ignored by
# git): add it to tests/hostile/ with its expected outcome once fixed. The limits
# are those a hostile file must not reach: 2 GB of memory, 10 s for one input.
set -euo pipefail
cd "$(dirname "$0")"
targets=(${1:-workbook submission number date plan data_file})
seconds=${2:-600}
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  # A target's dictionary (fuzz/TARGET.dict), if it has one: the tokens it needs.
  dict=()
  if [ -f "$target.dict" ]; then dict=(-dict="$target.dict"); fi
  "${fuzz[@]}" run -O "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -print_final_stats=1 "${dict[@]}"
done
