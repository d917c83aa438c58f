#!/usr/bin/env bash
# Fuzz the parser and the rollup with cargo-fuzz (libFuzzer), seeded from examples/ and the
# test fixtures. Needs a nightly toolchain and `cargo install cargo-fuzz`.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 600)
#
# A crash is saved in fuzz/artifacts/TARGET/; reproduce it with
# `cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-…` and add it as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"

mkdir -p fuzz/corpus/parse fuzz/corpus/rollup
find examples/notes tests/fixtures -name '*.md' -print0 |
  while IFS= read -r -d '' f; do
    cp "$f" "fuzz/corpus/parse/seed-$(printf '%s' "$f" | md5sum | cut -c1-12)"
  done
# Rollup seeds: each team's weekly notes, consecutive pairs and the whole team, joined by the
# target's separator line.
for team in examples/notes examples/notes/platform-team; do
  mapfile -t weeks < <(find "$team" -maxdepth 1 -name '*.md' | sort)
  for ((i = 0; i + 1 < ${#weeks[@]}; i++)); do
    { cat "${weeks[i]}"; printf '\n---8<---\n'; cat "${weeks[i + 1]}"; } \
      > "fuzz/corpus/rollup/pair-$(basename "$team")-$i"
  done
  for w in "${weeks[@]}"; do cat "$w"; printf '\n---8<---\n'; done \
    > "fuzz/corpus/rollup/team-$(basename "$team")"
done

for target in parse rollup; do
  echo "--- fuzzing $target for ${seconds}s"
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
