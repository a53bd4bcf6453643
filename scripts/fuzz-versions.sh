#!/usr/bin/env bash
# Fuzzes the four version targets one after the other and prints their exec counts.
#
# Usage: scripts/fuzz-versions.sh [SECONDS]      (default 600 per target; needs cargo-fuzz)
#
# One job at a time (-jobs=1): the targets run in turn, not in parallel, so that the run takes
# one core. Seeds come from the synthetic benchmark corpus; crashes land in
# fuzz/artifacts/TARGET/ (see fuzz/README.md to reproduce and minimise them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../fuzz"
seconds="${1:-600}"
export RUSTC_BOOTSTRAP=1

seed() { # seed TARGET FILE: one version per corpus file, the second column of FILE
  mkdir -p "corpus/$1"
  cut -f2 "$2" | awk -v dir="corpus/$1" '{ printf "%s", $0 > (dir "/seed-" NR); close(dir "/seed-" NR) }'
}
seed version_deb ../benches/data/deb-versions.tsv
seed version_rpm ../benches/data/rpm-versions.tsv

status=0
for target in version_rpm version_deb version_windows version_dotted; do
  start="$(date -u +%H:%M:%S)"
  if cargo fuzz run "$target" -- -max_total_time="$seconds" -jobs=1 >"fuzz-$target.out" 2>&1; then
    verdict=ok
  else
    verdict="FAILED (see fuzz/fuzz-$target.out and fuzz/fuzz-0.log)"
    status=1
  fi
  echo "$target: started $start UTC, $(grep -h '^Done' fuzz-0.log || echo 'no Done line'): $verdict"
done
exit "$status"
