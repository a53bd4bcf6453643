#!/usr/bin/env bash
# Lines per second of `patchcore compare --batch` on 1M real version pairs per scheme.
#
# Usage: scripts/batch-throughput.sh [LINES]     (default 1000000; uses hyperfine when installed)
#
# The pairs are the benchmark pairs (same-package and random, see benches/src/lib.rs), repeated
# until LINES lines; the output goes to /dev/null, so this measures reading, comparing and
# writing one verdict line per input line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lines="${1:-1000000}"

cargo build --release --quiet -p patchcore-cli -p patchcore-benches
target="${CARGO_TARGET_DIR:-target}/release"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for scheme in deb rpm; do
  for set in same-package random; do
    "$target/versions_callgrind" dump "$scheme" "$set"
  done >"$tmp/pairs.tsv"
  # Repeat the pairs up to the wanted number of lines.
  pairs="$(wc -l <"$tmp/pairs.tsv")"
  for _ in $(seq $(((lines + pairs - 1) / pairs))); do cat "$tmp/pairs.tsv"; done \
    | awk -v n="$lines" 'NR <= n' >"$tmp/$scheme.tsv"
  command=("$target/patchcore" compare --scheme "$scheme" --batch)
  echo "== $scheme: $lines lines, verdicts: $("${command[@]}" <"$tmp/$scheme.tsv" | sort | uniq -c | tr -s ' \n' ' ')"
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs 10 "${command[*]} < $tmp/$scheme.tsv > /dev/null" | tee "$tmp/hyperfine.txt"
    mean_ms="$(sed -n 's/.*Time (mean ± σ): *\([0-9.]*\) ms.*/\1/p' "$tmp/hyperfine.txt")"
    [ -n "$mean_ms" ] && awk -v n="$lines" -v ms="$mean_ms" 'BEGIN { printf "%s: %.2f M lines/s\n", "'"$scheme"'", n / ms / 1000 }'
  else
    /usr/bin/env time -f "%e s" "${command[@]}" <"$tmp/$scheme.tsv" >/dev/null
  fi
done
