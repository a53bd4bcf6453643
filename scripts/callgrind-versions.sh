#!/usr/bin/env bash
# Instructions per version compare, counted by valgrind's callgrind (deterministic, where wall
# time is noisy): patchcore against debversion and rpm-version, for same-package and random pairs.
#
# Usage: scripts/callgrind-versions.sh            (needs valgrind; builds the harness in release)
#
# Each run collects only inside `measured_compares` of benches/src/bin/versions_callgrind.rs, so
# loading and pre-parsing are not counted. "per compare" includes the harness loop; the `noop`
# row (a length comparison in the same loop) shows how much that is, and "net" subtracts it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v valgrind >/dev/null || { echo "callgrind-versions: valgrind is not installed" >&2; exit 1; }

cargo build --release --quiet -p patchcore-benches --bin versions_callgrind
bin="${CARGO_TARGET_DIR:-target}/release/versions_callgrind"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

printf '%-4s %-13s %-20s %8s %13s %12s %8s\n' family set implementation compares instructions per-compare net
for family in deb rpm; do
  case "$family" in
    deb) impls=(noop ours-str ours-parsed sortkey debversion debversion-parsed) ;;
    rpm) impls=(noop ours-str ours-parsed sortkey rpm-version rpm-version-parsed rpm-version-sortkey) ;;
  esac
  for set in same-package random; do
    pairs="$tmp/$family-$set.tsv"
    "$bin" dump "$family" "$set" >"$pairs"
    noop=0
    for impl in "${impls[@]}"; do
      valgrind --tool=callgrind --toggle-collect='*measured_compares*' \
        --callgrind-out-file="$tmp/callgrind.out" \
        "$bin" "$impl" "$family" "$set" "$pairs" >"$tmp/stdout" 2>"$tmp/stderr" \
        || { cat "$tmp/stderr" >&2; exit 1; }
      instructions="$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/stderr")"
      compares="$(awk '$1 == "compares" { print $2 }' "$tmp/stdout")"
      per="$(awk -v i="$instructions" -v n="$compares" 'BEGIN { printf "%.1f", (n > 0 ? i / n : 0) }')"
      [ "$impl" = noop ] && noop="$per"
      net="$(awk -v p="$per" -v o="$noop" 'BEGIN { printf "%.1f", p - o }')"
      printf '%-4s %-13s %-20s %8s %13s %12s %8s\n' "$family" "$set" "$impl" "$compares" "$instructions" "$per" "$net"
    done
  done
done
