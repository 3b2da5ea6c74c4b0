#!/usr/bin/env bash
# What can be checked here without Docker or a cluster: every shell script parses, and
# kind-up.sh, minikube-up.sh and ansible/save-images.sh, run end to end with fake docker, kind,
# minikube, kubectl and helm, load every image the chart runs and fail loudly (check-scripts.sh).
# (kind.yaml and the workflow are parsed and checked by ClusterFilesTest in the k8s module.)
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
checked=0
while IFS= read -r script; do
  bash -n "$script" || { echo "syntax error: $script" >&2; status=1; }
  checked=$((checked + 1))
done < <(find . -name '*.sh' -not -path './.git/*' -not -path '*/target/*' -not -path '*/node_modules/*'; echo .ci/run; echo rollout-lab)
echo "shell scripts: $checked parsed with bash -n"

cluster/check-scripts.sh || status=1
exit "$status"
