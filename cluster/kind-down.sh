#!/usr/bin/env bash
# Deletes the kind cluster kind-up.sh made, with everything in it.
set -euo pipefail
kind delete cluster --name rollout-lab
