#!/usr/bin/env bash
# Builds the three app images from the shipped Dockerfiles and the packaged jars, on the stand-in
# base that setup.sh makes, tagged as the chart names them:
#   rollout-lab/sample:1.0.0, rollout-lab/sample:2.0.0, rollout-lab/gateway:<Chart appVersion>
# Run by setup.sh, and by the podman tests before they play a pod, so the images always hold the
# jars of the build under test (podman's layer cache makes an unchanged build take seconds).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BASE_IMAGE=localhost/rollout-lab-jre17

step() { printf '\n== %s\n' "$*"; }

if [ "$(id -u)" != 0 ]; then
  echo "build-images.sh: run as root (rootful podman)" >&2
  exit 1
fi
if ! podman image exists "$BASE_IMAGE"; then
  echo "build-images.sh: no $BASE_IMAGE: run pods/podman/setup.sh first" >&2
  exit 1
fi

gateway_tag=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$ROOT/helm/rollout-lab/Chart.yaml")
build() { # module image
  local module=$1 image=$2
  step "app image $image from $module/src/main/docker/Dockerfile.jvm"
  if [ ! -f "$ROOT/$module/target/quarkus-app/quarkus-run.jar" ]; then
    echo "missing $module/target/quarkus-app: build the jars first:" >&2
    echo "  ./mvnw -B install -DskipTests -pl services/sample-v1,services/sample-v2,gateway -am" >&2
    exit 1
  fi
  if ! grep -q '^ARG BASE_IMAGE' "$ROOT/$module/src/main/docker/Dockerfile.jvm"; then
    echo "$module/src/main/docker/Dockerfile.jvm has no 'ARG BASE_IMAGE': it cannot be built on the stand-in base" >&2
    exit 1
  fi
  podman build -q --build-arg BASE_IMAGE="$BASE_IMAGE" \
    -f "$ROOT/$module/src/main/docker/Dockerfile.jvm" -t "localhost/$image" "$ROOT/$module"
}
build services/sample-v1 rollout-lab/sample:1.0.0
build services/sample-v2 rollout-lab/sample:2.0.0
build gateway "rollout-lab/gateway:$gateway_tag"
# Earlier builds of these images, untagged by this one (only images on the stand-in base).
podman image prune -f --filter label=rollout-lab.stand-in-for >/dev/null
