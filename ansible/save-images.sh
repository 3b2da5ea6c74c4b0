#!/usr/bin/env bash
# Makes the archive images.yml copies to every node: builds the three images, pulls the public
# ones the chart and the labs use, and saves them all into ansible/images/rollout-lab-images.tar
# (layers the images share are stored once). Run it on the control machine; needs Docker and a
# JDK 17. The nodes' platform: linux/amd64 unless PLATFORM says otherwise, e.g.
#   PLATFORM=linux/arm64 ansible/save-images.sh
# Keep the list in step with lab_images in inventory/group_vars/all.yml (cluster/check.sh checks).
set -euo pipefail
cd "$(dirname "$0")/.."

platform="${PLATFORM:-linux/amd64}"
archive="ansible/images/rollout-lab-images.tar"
built=(rollout-lab/sample:1.0.0 rollout-lab/sample:2.0.0 rollout-lab/gateway:0.1.0)
pulled=(busybox:1.36 nginx:1.27-alpine)

./mvnw -B -q package -DskipTests -pl services/sample-v1,services/sample-v2,gateway -am
docker build --platform "$platform" -f services/sample-v1/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:1.0.0 services/sample-v1
docker build --platform "$platform" -f services/sample-v2/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:2.0.0 services/sample-v2
docker build --platform "$platform" -f gateway/src/main/docker/Dockerfile.jvm -t rollout-lab/gateway:0.1.0 gateway
for image in "${pulled[@]}"; do
  docker pull --platform "$platform" "$image"
done

mkdir -p "$(dirname "$archive")"
# Only the nodes' platform: on Docker's containerd image store an archive of a pulled image names
# every platform but holds only the pulled one's layers, and `ctr images import` on the node then
# fails with "content digest ... not found". Docker before 28 has no --platform and saves one
# platform anyway.
if docker save --help 2>&1 | grep -q -- '--platform'; then
  docker save --platform "$platform" -o "$archive.partial" "${built[@]}" "${pulled[@]}"
else
  docker save -o "$archive.partial" "${built[@]}" "${pulled[@]}"
fi
mv "$archive.partial" "$archive"
ls -lh "$archive"
echo "Next: cd ansible && ansible-playbook -i my-inventory/hosts.ini images.yml"
