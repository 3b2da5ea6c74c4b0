#!/usr/bin/env bash
# Creates a kind cluster, builds the three images, loads them and the public images the chart and
# k8s/labs use into every node, and installs (or replaces) release `rl` with one scenario:
#   cluster/kind-up.sh [recreate|rolling|bluegreen|canary]   (default: canary)
# Needs docker, kind, kubectl and helm on the PATH, and a JDK 17. Any failing step stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

scenario="${1:-canary}"
values="helm/rollout-lab/values-${scenario}.yaml"
[[ -f "$values" ]] || { echo "no scenario '$scenario' ($values is missing)" >&2; exit 2; }
cluster="rollout-lab"

# The images the chart and k8s/ run: built here, and pulled from Docker Hub (the log sidecar and the
# chown-volumes init container use busybox, Lab 07's ambassador nginx). Loading the pulled ones too
# means the nodes never pull them: no Docker Hub rate limit, and it works behind a proxy.
built=(rollout-lab/sample:1.0.0 rollout-lab/sample:2.0.0 rollout-lab/gateway:0.1.0)
pulled=(busybox:1.36 nginx:1.27-alpine)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# kind load docker-image runs `docker save` and pipes the archive into `ctr images import
# --all-platforms` on each node. On Docker's containerd image store (the default since Docker 29)
# `docker save` of a pulled multi-platform image lists every platform but holds the layers of only
# the one pulled, and the import fails with "ctr: content digest sha256:...: not found". An archive
# of the nodes' platform alone (`docker save --platform`, Docker 28+) imports fine. Any other
# failure stops the script.
load_image() {
  local image="$1" out platform archive
  if out="$(kind load docker-image --name "$cluster" "$image" 2>&1)"; then
    printf '%s\n' "$out"
    return 0
  fi
  printf '%s\n' "$out" >&2
  if ! grep -q 'content digest .*not found' <<<"$out"; then
    echo "kind load docker-image $image failed" >&2
    return 1
  fi
  platform="$(docker version --format '{{.Server.Os}}/{{.Server.Arch}}')"
  archive="$work/image.tar"
  echo "$image: retrying with a $platform-only archive (docker save --platform + kind load image-archive)" >&2
  docker save --platform "$platform" -o "$archive" "$image"
  kind load image-archive --name "$cluster" "$archive"
  rm -f "$archive"
}

if ! kind get clusters | grep -qx "$cluster"; then
  kind create cluster --config cluster/kind.yaml --wait 120s
fi
# kubectl and helm below (and every lab) talk to the current context: make it this cluster.
kind export kubeconfig --name "$cluster"

./mvnw -B -q package -DskipTests -pl services/sample-v1,services/sample-v2,gateway -am
docker build -f services/sample-v1/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:1.0.0 services/sample-v1
docker build -f services/sample-v2/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:2.0.0 services/sample-v2
docker build -f gateway/src/main/docker/Dockerfile.jvm -t rollout-lab/gateway:0.1.0 gateway
for image in "${pulled[@]}"; do
  docker pull "$image"
done
# The chart pulls IfNotPresent: images copied into every node are never pulled from a registry.
for image in "${built[@]}" "${pulled[@]}"; do
  load_image "$image"
done

# upgrade --install: a release `rl` already there (an earlier run, a lab) is replaced, not refused.
helm upgrade --install rl helm/rollout-lab -f "$values" --wait --timeout 5m
kubectl rollout status deployment --selector app.kubernetes.io/instance=rl --timeout 300s
kubectl get pods -o wide
echo "Ready: release rl with values-${scenario}.yaml. Reach the gateway with: kubectl port-forward svc/rl-gateway 8080:80"
