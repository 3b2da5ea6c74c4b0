#!/usr/bin/env bash
# The minikube equivalent of kind-up.sh: minikube-up.sh [recreate|rolling|bluegreen|canary]
# A 3-node cluster (docker driver); the images are built with the host's Docker and copied into
# every node with `minikube image load`. It also gives the cluster what the labs assume and kind has:
# local-path as the default StorageClass, and the control-plane taint. Any failing step stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

scenario="${1:-canary}"
values="helm/rollout-lab/values-${scenario}.yaml"
[[ -f "$values" ]] || { echo "no scenario '$scenario' ($values is missing)" >&2; exit 2; }
profile="rollout-lab"

# Built here, and pulled from Docker Hub (busybox: log sidecar and chown-volumes; nginx: Lab 07).
built=(rollout-lab/sample:1.0.0 rollout-lab/sample:2.0.0 rollout-lab/gateway:0.1.0)
pulled=(busybox:1.36 nginx:1.27-alpine)

minikube status -p "$profile" >/dev/null 2>&1 || minikube start -p "$profile" --nodes 3 --driver docker
# kubectl and helm below (and every lab) talk to the current context: make it this cluster.
kubectl config use-context "$profile"

# Storage as on kind: minikube's default class `standard` makes root-owned hostPath volumes on the
# first node only, without nodeAffinity; the app (uid 185) cannot write its claim there (Lab 08's
# visit answers 409) and a pod on another node gets an empty directory. Rancher's local-path
# provisioner (the addon storage-provisioner-rancher) is what kind ships: a 0777 directory on the
# node of the first pod, the volume pinned there. Make it the only default class.
minikube -p "$profile" addons enable storage-provisioner-rancher
minikube -p "$profile" addons disable default-storageclass
timeout 60 bash -c 'until kubectl get storageclass local-path >/dev/null 2>&1; do sleep 2; done'
kubectl patch storageclass local-path -p '{"metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"}}}'
if kubectl get storageclass standard >/dev/null 2>&1; then
  kubectl patch storageclass standard -p '{"metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"false"}}}'
fi
# The taint kubeadm and kind put on the control-plane node, which minikube leaves out: without it
# ordinary pods land there too (Lab 10's taint and anti-affinity steps count on two worker nodes).
kubectl taint nodes -l node-role.kubernetes.io/control-plane node-role.kubernetes.io/control-plane:NoSchedule --overwrite

./mvnw -B -q package -DskipTests -pl services/sample-v1,services/sample-v2,gateway -am
# Not `minikube docker-env`: minikube refuses it for a multi-node cluster (it would build on one
# node only). Build with the host's Docker, then copy each image into every node.
docker build -f services/sample-v1/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:1.0.0 services/sample-v1
docker build -f services/sample-v2/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:2.0.0 services/sample-v2
docker build -f gateway/src/main/docker/Dockerfile.jvm -t rollout-lab/gateway:0.1.0 gateway
for image in "${pulled[@]}"; do
  docker pull "$image"
done
for image in "${built[@]}" "${pulled[@]}"; do
  minikube -p "$profile" image load "$image"
done

# `minikube image load` has been seen to skip nodes of a multi-node cluster and still succeed:
# ask each node's container runtime for every image, and stop naming the node if one is missing.
mapfile -t nodes < <(minikube -p "$profile" node list | awk '{print $1}')
[[ ${#nodes[@]} -gt 0 ]] || { echo "minikube node list -p $profile printed no node" >&2; exit 1; }
for node in "${nodes[@]}"; do
  if ! minikube -p "$profile" ssh -n "$node" -- sudo crictl inspecti -q "${built[@]}" "${pulled[@]}" >/dev/null; then
    echo "node $node is missing one of: ${built[*]} ${pulled[*]} (minikube image load did not reach it)" >&2
    exit 1
  fi
done

# upgrade --install: a release `rl` already there (an earlier run, a lab) is replaced, not refused.
helm upgrade --install rl helm/rollout-lab -f "$values" --wait --timeout 5m
kubectl rollout status deployment --selector app.kubernetes.io/instance=rl --timeout 300s
kubectl get pods -o wide
echo "Ready: release rl with values-${scenario}.yaml. Reach the gateway with: kubectl port-forward svc/rl-gateway 8080:80"
