#!/usr/bin/env bash
# What can be checked here without Docker or a cluster: every shell script parses.
# (kind.yaml and the workflow are parsed and checked by ClusterFilesTest in the k8s module.)
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
while IFS= read -r script; do
  bash -n "$script" || { echo "syntax error: $script" >&2; status=1; }
done < <(git ls-files -co --exclude-standard '*.sh' .ci/run rollout-lab)
exit "$status"
