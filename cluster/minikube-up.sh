#!/usr/bin/env bash
# The minikube equivalent of kind-up.sh: minikube-up.sh [recreate|rolling|bluegreen|canary]
set -euo pipefail
cd "$(dirname "$0")/.."

scenario="${1:-canary}"
values="helm/rollout-lab/values-${scenario}.yaml"
[[ -f "$values" ]] || { echo "no scenario '$scenario' ($values is missing)" >&2; exit 2; }

minikube status -p rollout-lab >/dev/null 2>&1 || minikube start -p rollout-lab --nodes 3 --driver docker
./mvnw -B -q package -DskipTests -pl services/sample-v1,services/sample-v2,gateway -am
# Build with minikube's Docker engine (docker driver): the images are then already in the cluster.
eval "$(minikube -p rollout-lab docker-env)"
docker build -f services/sample-v1/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:1.0.0 services/sample-v1
docker build -f services/sample-v2/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:2.0.0 services/sample-v2
docker build -f gateway/src/main/docker/Dockerfile.jvm -t rollout-lab/gateway:0.1.0 gateway

helm upgrade --install rl helm/rollout-lab -f "$values" --wait --timeout 5m
kubectl rollout status deployment --selector app.kubernetes.io/instance=rl --timeout 300s
