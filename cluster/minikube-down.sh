#!/usr/bin/env bash
set -euo pipefail
minikube delete -p rollout-lab
