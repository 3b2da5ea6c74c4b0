#!/usr/bin/env bash
# Creates a kind cluster, builds and loads the three images, and installs the chart with one
# scenario: cluster/kind-up.sh [recreate|rolling|bluegreen|canary]   (default: canary)
# Needs docker, kind, kubectl and helm on the PATH, and a JDK 17.
set -euo pipefail
cd "$(dirname "$0")/.."

scenario="${1:-canary}"
values="helm/rollout-lab/values-${scenario}.yaml"
[[ -f "$values" ]] || { echo "no scenario '$scenario' ($values is missing)" >&2; exit 2; }
cluster="rollout-lab"

if ! kind get clusters | grep -qx "$cluster"; then
  kind create cluster --config cluster/kind.yaml --wait 120s
fi

./mvnw -B -q package -DskipTests -pl services/sample-v1,services/sample-v2,gateway -am
docker build -f services/sample-v1/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:1.0.0 services/sample-v1
docker build -f services/sample-v2/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:2.0.0 services/sample-v2
docker build -f gateway/src/main/docker/Dockerfile.jvm -t rollout-lab/gateway:0.1.0 gateway
# The chart pulls IfNotPresent: images copied into every node are never pulled from a registry.
kind load docker-image --name "$cluster" rollout-lab/sample:1.0.0 rollout-lab/sample:2.0.0 rollout-lab/gateway:0.1.0

helm upgrade --install rl helm/rollout-lab -f "$values" --wait --timeout 5m
kubectl rollout status deployment --selector app.kubernetes.io/instance=rl --timeout 300s
kubectl get pods -o wide
echo "Ready. Reach the gateway with: kubectl port-forward svc/rl-gateway 8080:80"
