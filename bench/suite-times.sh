#!/usr/bin/env bash
# How long the test suite takes: each module (Maven's reactor summary) and the slowest test
# classes (the surefire/failsafe XML reports). Runs `./mvnw -B verify` first, or reads the log of
# an earlier run: bench/suite-times.sh [MAVEN_LOG [TREE]] (TREE: where that build ran, for its
# reports; this checkout by default). With -T (.mvn/maven.config) modules overlap,
# so their times add up to more than the wall time. Other builds on the same cores stretch every
# figure: the load average at the start is printed with them.
set -euo pipefail
cd "$(dirname "$0")/.."

log=${1:-}
tree=${2:-.}
if [ -z "$log" ]; then
  log=$(mktemp /tmp/suite-times-XXXXXX.log)
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  start=$(date +%s)
  if ! ./mvnw -B verify >"$log" 2>&1; then
    echo "bench/suite-times.sh: ./mvnw -B verify failed, see $log" >&2
    exit 1
  fi
  echo "wall: $(($(date +%s) - start)) s (log: $log)"
elif [ ! -f "$log" ]; then
  echo "bench/suite-times.sh: no Maven log at '$log'" >&2
  exit 2
fi

echo "modules:"
sed -n 's/^\[INFO\] rollout-lab :: \(.*[^ .]\) \.\.*.* \[ *\(.*\)\]$/  \1: \2/p; s/^\[INFO\] Total time: *\(.*\)$/  total: \1/p' "$log"

echo "slowest test classes (s):"
for report in $(find "$tree" -path '*/target/*-reports/TEST-*.xml' -not -path './.git/*'); do
  seconds=$(grep -o -m1 '<testsuite [^>]*' "$report" | grep -o ' time="[^"]*"' | head -1 | cut -d'"' -f2)
  echo "$seconds ${report#"$tree"/}"
done | sort -rn | head -"${TOP:-15}" | sed 's#/target/[a-z]*-reports/TEST-# #; s#\.xml$##; s/^/  /'
