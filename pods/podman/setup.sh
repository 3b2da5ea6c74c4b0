#!/usr/bin/env bash
# Sets up rootful podman to run the chart's pods on a plain Debian machine (no Docker, no cluster,
# no registry access) and builds the three app images from the shipped Dockerfiles.
#
#   sudo pods/podman/setup.sh            # then: ./mvnw -B test -pl pods -Dpods.require=true
#
# Idempotent and non-interactive. What it does, each step skipped when already done:
#   1. apt-get install podman runc debootstrap busybox-static (podman 4.3 on Debian 12);
#   2. /etc/containers/containers.conf: runtime runc (crun refuses hybrid cgroup hosts) and
#      default ulimits a restricted host allows (podman's default nofile is above some limits);
#   3. localhost/rollout-lab-jre17: a STAND-IN for registry.access.redhat.com/ubi9/openjdk-17-runtime,
#      which cannot be pulled here: Debian bookworm (debootstrap, minbase) with openjdk-17-jre-headless
#      and a user 185 as in the ubi9 image. The root filesystem is cached as a tarball in
#      $CACHE_DIR (default /var/cache/rollout-lab), so a second run, even on empty podman storage, is fast;
#   4. docker.io/library/busybox:1.36 (the log sidecar's and init container's image) made from
#      Debian's busybox-static: the same applets as the busybox image, not the image itself;
#   5. the app images (pods/podman/build-images.sh), built with `podman build --build-arg BASE_IMAGE=localhost/rollout-lab-jre17`
#      from services/sample-v1, services/sample-v2 and gateway src/main/docker/Dockerfile.jvm, tagged
#      as the chart names them (rollout-lab/sample:1.0.0, rollout-lab/sample:2.0.0,
#      rollout-lab/gateway:<appVersion>). The jars must be built first:
#      ./mvnw -B install -DskipTests -pl services/sample-v1,services/sample-v2,gateway -am
#
# Environment: CACHE_DIR, DEBIAN_MIRROR (default http://deb.debian.org/debian), SKIP_APP_IMAGES=1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE_DIR=${CACHE_DIR:-/var/cache/rollout-lab}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
BASE_IMAGE=localhost/rollout-lab-jre17
BUSYBOX_IMAGE=docker.io/library/busybox:1.36
export DEBIAN_FRONTEND=noninteractive

step() { printf '\n== %s\n' "$*"; }
t0=$(date +%s)

if [ "$(id -u)" != 0 ]; then
  echo "setup.sh: run as root (rootful podman; apt-get; debootstrap)" >&2
  exit 1
fi

# --- 1. packages ------------------------------------------------------------------------------
step "packages: podman runc debootstrap busybox-static"
missing=()
for p in podman runc debootstrap busybox-static; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -q
  apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}"
else
  echo "already installed"
fi
podman --version

# --- 2. containers.conf ------------------------------------------------------------------------
step "containers.conf: runtime runc, ulimits"
CONF=/etc/containers/containers.conf
MARK="# written by rollout-lab pods/podman/setup.sh"
want="$MARK
[containers]
default_ulimits = [\"nofile=20000:20000\", \"nproc=4096:4096\"]

[engine]
runtime = \"runc\"
cgroup_manager = \"cgroupfs\"
events_logger = \"file\""
mkdir -p /etc/containers
if [ -f "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
  cp "$CONF" "$CONF.before-rollout-lab"
  echo "kept the old file as $CONF.before-rollout-lab"
fi
if [ "$(cat "$CONF" 2>/dev/null)" != "$want" ]; then
  printf '%s\n' "$want" > "$CONF"
  echo "wrote $CONF"
else
  echo "unchanged"
fi

# --- 3. stand-in JRE base ----------------------------------------------------------------------
step "base image $BASE_IMAGE"
echo "NOTE: $BASE_IMAGE is a STAND-IN for registry.access.redhat.com/ubi9/openjdk-17-runtime:1.23,"
echo "      which cannot be pulled on this machine: Debian bookworm + openjdk-17-jre-headless, user 185."
echo "      The images built on it run the shipped Dockerfiles' layers and entrypoint, not ubi9's JDK."
mkdir -p "$CACHE_DIR"
ROOTFS_TAR=$CACHE_DIR/jre17-bookworm-rootfs.tar
if podman image exists "$BASE_IMAGE"; then
  echo "present"
else
  if [ ! -s "$ROOTFS_TAR" ]; then
    dir=$CACHE_DIR/jre17-rootfs.tmp
    rm -rf "$dir"
    echo "debootstrap bookworm (about 1-2 min)"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$dir" "$DEBIAN_MIRROR" \
      > "$CACHE_DIR/debootstrap.log" 2>&1 || { tail -20 "$CACHE_DIR/debootstrap.log"; exit 1; }
    # As in the ubi9 openjdk images: user 185 (jboss), home /home/jboss, /deployments owned by it.
    grep -q '^jboss:' "$dir/etc/passwd" || echo 'jboss:x:185:185:JBoss user:/home/jboss:/sbin/nologin' >> "$dir/etc/passwd"
    grep -q '^jboss:' "$dir/etc/group" || echo 'jboss:x:185:' >> "$dir/etc/group"
    mkdir -p "$dir/home/jboss" "$dir/deployments"
    chown 185:185 "$dir/home/jboss" "$dir/deployments"
    # Nothing the runtime needs: apt lists and caches, docs, man pages.
    rm -rf "$dir"/var/cache/apt/* "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/* \
      "$dir"/usr/share/info/* "$dir"/var/log/*.log
    tar -C "$dir" --numeric-owner -cf "$ROOTFS_TAR.tmp" .
    mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
    rm -rf "$dir"
  else
    echo "using cached root filesystem $ROOTFS_TAR"
  fi
  podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'ENV HOME=/home/jboss' \
    --change 'WORKDIR /home/jboss' \
    --change 'USER 185' \
    --change 'LABEL rollout-lab.stand-in-for=registry.access.redhat.com/ubi9/openjdk-17-runtime:1.23' \
    "$ROOTFS_TAR" "$BASE_IMAGE" >/dev/null
  echo "imported"
fi
java_version=$(podman run --rm --network none "$BASE_IMAGE" java -version 2>&1)
echo "${java_version%%$'\n'*}"

# --- 4. busybox ------------------------------------------------------------------------------
step "busybox image $BUSYBOX_IMAGE (from Debian's busybox-static)"
if podman image exists "$BUSYBOX_IMAGE"; then
  echo "present"
else
  bb=$(dpkg -L busybox-static | grep -E '/bin/busybox$' | head -1)
  dir=$(mktemp -d)
  mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc"
  cp "$bb" "$dir/bin/busybox"
  for applet in $("$dir/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$dir/bin/$applet"
  done
  chmod 1777 "$dir/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' > "$dir/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' > "$dir/etc/group"
  tar -C "$dir" --numeric-owner -c . | podman import --quiet \
    --change 'ENV PATH=/bin' --change 'CMD ["sh"]' \
    --change 'LABEL rollout-lab.stand-in-for=docker.io/library/busybox:1.36' \
    - "$BUSYBOX_IMAGE" >/dev/null
  rm -rf "$dir"
  echo "imported"
fi

# --- 5. app images -----------------------------------------------------------------------------
# The pods tests run build-images.sh themselves (from the jars of the build under test), so CI
# sets SKIP_APP_IMAGES=1 here, before the jars exist.
if [ "${SKIP_APP_IMAGES:-}" = 1 ]; then
  step "app images skipped (SKIP_APP_IMAGES=1)"
else
  "$ROOT/pods/podman/build-images.sh"
fi

step "done in $(( $(date +%s) - t0 )) s"
podman images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'rollout-lab|busybox' || true
echo "Images on $BASE_IMAGE run on a stand-in for ubi9's openjdk-17-runtime (not pullable here)."
