#!/usr/bin/env bash
# Runs kind-up.sh, minikube-up.sh and ansible/save-images.sh end to end with fake docker, kind,
# kubectl, helm, minikube and mvnw that record every call, and checks the calls: each loads every
# image the chart and k8s/ run (read from the chart and the manifests, not from the scripts), the
# fallbacks and the loud failures happen, nothing uses `minikube docker-env`, and every
# `kind load` in the repository names the cluster. Needs only bash and coreutils.
#   cluster/check-scripts.sh [SOURCE]   SOURCE: the tree whose cluster/, ansible/ and chart are run
#                                       (default: this repository; e.g. an older export of it)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
src="$(cd "${1:-$repo}" && pwd)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }

# --- What the chart and the manifests run ------------------------------------------------------

# Images of the chart: every `image:` block of values.yaml with its `repository:`; the tag is the
# block's `tag:`, the chart's appVersion when that is empty, each versions.*.tag when it has none.
# Plus any literal image in a template, and every image in k8s/*.yml and k8s/labs/*.yaml.
chart_images() {
  local chart="$1/helm/rollout-lab" app
  app="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$chart/Chart.yaml")"
  awk -v app="$app" '
    function unq(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); gsub(/^"|"$/, "", s); return s }
    function indent(s) { match(s, /^ */); return RLENGTH }
    function emit(   i) {
      if (repo == "") return
      if (!hastag) { for (i = 1; i <= nv; i++) print repo ":" vtag[i] }
      else if (tag == "") print repo ":" app
      else print repo ":" tag
    }
    /^[ \t]*(#|$)/ { next }
    {
      ind = indent($0)
      if (inimg && ind <= imgind) { emit(); inimg = 0 }
      if (ind == 0) top = $1
      if (top == "versions:" && $1 == "tag:") { sub(/^[^:]*:/, ""); vtag[++nv] = unq($0) }
      if ($1 == "image:" && NF == 1) { inimg = 1; imgind = ind; repo = ""; tag = ""; hastag = 0; next }
      if (inimg && $1 == "repository:") { sub(/^[^:]*:/, ""); repo = unq($0) }
      if (inimg && $1 == "tag:") { sub(/^[^:]*:/, ""); tag = unq($0); hastag = 1 }
    }
    END { if (inimg) emit() }
  ' "$chart/values.yaml" "$chart/values.yaml"
  # values.yaml twice: the versions block is read on the first pass, so every image sees all tags.
  grep -rhE '^[[:space:]]*(- )?image:[[:space:]]*[^[:space:]]' "$chart/templates" "$1/k8s" --include='*.yaml' --include='*.yml' 2>/dev/null |
    grep -v '{{' | sed -E 's/^[[:space:]]*(- )?image:[[:space:]]*//; s/[[:space:]]*(#.*)?$//; s/^"//; s/"$//'
}
normalize() { sed -E 's#^docker\.io/library/##; s#^docker\.io/##'; }
mapfile -t expected < <(chart_images "$src" | normalize | sort -u)
for must in rollout-lab/sample:1.0.0 rollout-lab/sample:2.0.0 busybox:1.36; do
  printf '%s\n' "${expected[@]}" | grep -qx "$must" || fail "reading the chart found no $must (found: ${expected[*]}): fix chart_images()"
done
printf '%s\n' "${expected[@]}" | grep -q '^rollout-lab/gateway:' || fail "reading the chart found no rollout-lab/gateway image"
echo "images the chart and k8s/ run: ${expected[*]}"

# --- Fakes -------------------------------------------------------------------------------------

bin="$work/bin"
mkdir -p "$bin"
# Every fake appends "name args..." to $CALLS; FAKE_* variables choose how it misbehaves.
cat >"$bin/docker" <<'EOF'
#!/usr/bin/env bash
echo "docker $*" >>"$CALLS"
case "$1" in
  version) echo "linux/amd64" ;;
  save)
    if [[ "${2:-}" == --help ]]; then echo "  -o, --output string     Write to a file"; echo "      --platform string   Save only the given platform"; exit 0; fi
    out=""; while [[ $# -gt 0 ]]; do [[ "$1" == -o ]] && out="$2"; shift; done
    [[ -n "$out" ]] || { echo "fake docker: save without -o" >&2; exit 1; }
    echo archive >"$out" ;;
esac
exit 0
EOF
cat >"$bin/kind" <<'EOF'
#!/usr/bin/env bash
echo "kind $*" >>"$CALLS"
case "$1 ${2:-}" in
  "get clusters") [[ -n "${FAKE_KIND_EXISTS:-}" ]] && echo rollout-lab; exit 0 ;;
  "load docker-image")
    image="${*: -1}"
    case "${FAKE_KIND_LOAD:-}" in
      digest) if [[ "$image" == "${FAKE_DIGEST_IMAGE:-}" ]]; then
                echo "ERROR: failed to load image: command \"docker exec --privileged -i rollout-lab-worker ctr --namespace=k8s.io images import --all-platforms --digests --snapshotter=overlayfs -\" failed with error: exit status 1" >&2
                echo "Command Output: ctr: content digest sha256:82014a3cbf22d2e03382cd9b123f4151d956986e727340a466406a206408b7a2: not found" >&2
                exit 1
              fi ;;
      broken) echo "ERROR: no nodes found for cluster \"rollout-lab\"" >&2; exit 1 ;;
    esac
    echo "Image: \"$image\" with ID \"sha256:0123\" not yet present on node \"rollout-lab-worker\", loading..." ;;
  "load image-archive")
    [[ -s "${*: -1}" ]] || { echo "fake kind: no archive ${*: -1}" >&2; exit 1; } ;;
esac
exit 0
EOF
cat >"$bin/minikube" <<'EOF'
#!/usr/bin/env bash
echo "minikube $*" >>"$CALLS"
args=" $* "
case "$args" in
  *" status "*) exit 7 ;;
  *" docker-env "*)
    echo "X Exiting due to ENV_MULTINODE_CONFLICT: The docker-env command is incompatible with multi-node clusters. Use the 'registry' add-on: https://minikube.sigs.k8s.io/docs/handbook/registry/" >&2
    exit 80 ;;
  *" image load "*)
    [[ "${FAKE_MINIKUBE_LOAD:-}" == broken ]] && { echo "X Exiting due to GUEST_IMAGE_LOAD: failed" >&2; exit 80; }
    echo "${*: -1}" >>"$CALLS.loaded" ;;
  *" node list "*) printf 'rollout-lab\t192.168.49.2\nrollout-lab-m02\t192.168.49.3\nrollout-lab-m03\t192.168.49.4\n' ;;
  *" ssh "*)
    node=""; set -- "$@"; while [[ $# -gt 0 ]]; do [[ "$1" == -n ]] && node="$2"; shift; done
    [[ "$node" == "${FAKE_MINIKUBE_MISSING_NODE:-none}" ]] && { echo "FATA no such image" >&2; exit 1; }
    for image in $(sed -n 's/.*crictl inspecti -q //p' "$CALLS" | tail -1); do
      grep -qx "$image" "$CALLS.loaded" 2>/dev/null || { echo "FATA no such image \"$image\" present" >&2; exit 1; }
    done ;;
esac
exit 0
EOF
for tool in kubectl helm; do
  printf '#!/usr/bin/env bash\necho "%s $*" >>"$CALLS"\n' "$tool" >"$bin/$tool"
done
chmod +x "$bin"/*

# A copy of the scripts and the chart with a fake Maven wrapper (the scripts run ./mvnw from the root).
root="$work/root"
mkdir -p "$root"
# Not ansible/images/ (a real archive is large) nor anyone's my-inventory/.
(cd "$src" && tar -cf - --exclude=ansible/images --exclude=ansible/my-inventory cluster ansible helm/rollout-lab) | (cd "$root" && tar -xf -)
printf '#!/usr/bin/env bash\necho "mvnw $*" >>"$CALLS"\n' >"$root/mvnw"
chmod +x "$root/mvnw"

# run NAME SCRIPT ARGS...: runs a script with the fakes, in a clean call log; sets $status.
run() {
  local name="$1"; shift
  export CALLS="$work/$name.calls"
  : >"$CALLS"
  rm -f "$CALLS.loaded"
  status=0
  PATH="$bin:$PATH" "$@" >"$work/$name.out" 2>&1 </dev/null || status=$?
  out="$work/$name.out"
}
calls() { cat "$CALLS"; }
# loads PREFIX OPTION IMAGE: some recorded call starts with PREFIX, has OPTION and IMAGE as a word.
loads() {
  local line
  while IFS= read -r line; do
    [[ "$line" == "$1 "* && (-z "$2" || " $line " == *" $2 "*) && " $line " == *" $3 "* ]] && return 0
  done <"$CALLS"
  return 1
}
show() { sed 's/^/    | /' "$out" | tail -20 >&2; }

# --- kind-up.sh --------------------------------------------------------------------------------

if [[ ! -f "$root/cluster/kind-up.sh" ]]; then
  fail "cluster/kind-up.sh is missing"
else
  run kind-plain bash "$root/cluster/kind-up.sh" canary
  if [[ $status -ne 0 ]]; then fail "kind-up.sh canary exits $status with working tools"; show; fi
  for image in "${expected[@]}"; do
    loads "kind load docker-image" "--name rollout-lab" "$image" ||
      fail "kind-up.sh never runs 'kind load docker-image --name rollout-lab $image'"
  done
  for image in $(calls | sed -n 's/^docker build .* -t \([^ ]*\) .*/\1/p'); do
    printf '%s\n' "${expected[@]}" | grep -qx "$image" || fail "kind-up.sh builds $image, which the chart does not run (its tag differs?)"
  done
  calls | grep -q '^helm upgrade --install rl helm/rollout-lab -f helm/rollout-lab/values-canary.yaml .*--wait' ||
    fail "kind-up.sh does not 'helm upgrade --install rl helm/rollout-lab -f helm/rollout-lab/values-canary.yaml --wait'"
  calls | grep -q '^docker save' && fail "kind-up.sh saves an archive although kind load docker-image worked"
  [[ $failures -eq 0 ]] && pass "kind-up.sh loads ${#expected[@]} images into cluster rollout-lab and installs release rl"

  before=$failures
  busybox="$(printf '%s\n' "${expected[@]}" | grep '^busybox:' | head -1)"
  FAKE_KIND_LOAD=digest FAKE_DIGEST_IMAGE="$busybox" run kind-digest bash "$root/cluster/kind-up.sh" canary
  if [[ $status -ne 0 ]]; then fail "kind-up.sh exits $status when kind load docker-image $busybox fails with 'content digest ... not found'"; show; fi
  archive="$(calls | sed -n "s#^docker save --platform linux/amd64 -o \([^ ]*\) $busybox\$#\1#p" | head -1)"
  if [[ -z "$archive" ]]; then
    fail "after 'content digest ... not found' kind-up.sh does not 'docker save --platform linux/amd64 -o FILE $busybox'"
  else
    calls | grep -qx "kind load image-archive --name rollout-lab $archive" ||
      fail "kind-up.sh saves $archive but does not 'kind load image-archive --name rollout-lab $archive'"
  fi
  [[ $failures -eq $before ]] && pass "kind-up.sh falls back to docker save --platform + kind load image-archive on 'content digest not found'"

  before=$failures
  FAKE_KIND_LOAD=broken run kind-broken bash "$root/cluster/kind-up.sh" canary
  [[ $status -ne 0 ]] || fail "kind-up.sh exits 0 although every kind load docker-image fails"
  calls | grep -q '^helm ' && fail "kind-up.sh runs helm after a failed kind load"
  calls | grep -q '^docker save' && fail "kind-up.sh falls back to an archive on an error other than 'content digest not found'"
  [[ $failures -eq $before ]] && pass "kind-up.sh stops on any other kind load error"
fi

# --- minikube-up.sh ----------------------------------------------------------------------------

if [[ ! -f "$root/cluster/minikube-up.sh" ]]; then
  fail "cluster/minikube-up.sh is missing"
else
  before=$failures
  run minikube-plain bash "$root/cluster/minikube-up.sh" canary
  if [[ $status -ne 0 ]]; then fail "minikube-up.sh canary exits $status with working tools"; show; fi
  calls | grep -q '^minikube .*docker-env' && fail "minikube-up.sh runs 'minikube docker-env' (minikube refuses it for a multi-node cluster)"
  for image in "${expected[@]}"; do
    loads "minikube -p rollout-lab image load" "" "$image" ||
      fail "minikube-up.sh never runs 'minikube -p rollout-lab image load $image'"
  done
  calls | grep -q '^helm upgrade --install rl helm/rollout-lab -f helm/rollout-lab/values-canary.yaml .*--wait' ||
    fail "minikube-up.sh does not 'helm upgrade --install rl helm/rollout-lab -f helm/rollout-lab/values-canary.yaml --wait'"
  [[ $failures -eq $before ]] && pass "minikube-up.sh builds with the host's Docker and loads ${#expected[@]} images with minikube image load"

  # What the labs assume and kind has: local-path the default class, the control-plane taint; both
  # before the chart is installed (its claim is made with the default class).
  before=$failures
  helm_at="$(grep -n '^helm upgrade --install' "$CALLS" | head -1 | cut -d: -f1 || true)"
  must_before_helm() { # DESCRIPTION EXTENDED-REGEX
    local at
    at="$(grep -nE "$2" "$CALLS" | head -1 | cut -d: -f1 || true)"
    if [[ -z "$at" ]]; then fail "minikube-up.sh does not $1"
    elif [[ -n "$helm_at" && "$at" -gt "$helm_at" ]]; then fail "minikube-up.sh does $1 only after helm installs the chart"
    fi
  }
  must_before_helm "enable the local-path provisioner (minikube -p rollout-lab addons enable storage-provisioner-rancher)" \
    '^minikube -p rollout-lab addons enable storage-provisioner-rancher$'
  must_before_helm "make local-path the default StorageClass" \
    '^kubectl patch storageclass local-path .*"storageclass.kubernetes.io/is-default-class":"true"'
  must_before_helm "stop minikube's own default class (addons disable default-storageclass)" \
    '^minikube -p rollout-lab addons disable default-storageclass$'
  must_before_helm "taint the control-plane node NoSchedule, as kubeadm and kind do" \
    '^kubectl taint nodes? (-l|--selector) node-role.kubernetes.io/control-plane node-role.kubernetes.io/control-plane:NoSchedule'
  [[ $failures -eq $before ]] && pass "minikube-up.sh makes local-path the default StorageClass and taints the control plane, before the install"

  before=$failures
  FAKE_MINIKUBE_LOAD=broken run minikube-broken bash "$root/cluster/minikube-up.sh" canary
  [[ $status -ne 0 ]] || fail "minikube-up.sh exits 0 although minikube image load fails"
  calls | grep -q '^helm ' && fail "minikube-up.sh runs helm after a failed minikube image load"
  FAKE_MINIKUBE_MISSING_NODE=rollout-lab-m03 run minikube-missing bash "$root/cluster/minikube-up.sh" canary
  [[ $status -ne 0 ]] || fail "minikube-up.sh exits 0 although node rollout-lab-m03 lacks the images"
  grep -q 'rollout-lab-m03' "$out" || fail "minikube-up.sh does not name the node that lacks the images"
  calls | grep -q '^helm ' && fail "minikube-up.sh runs helm although a node lacks the images"
  [[ $failures -eq $before ]] && pass "minikube-up.sh stops when an image load fails or a node lacks an image"
fi

# --- ansible: save-images.sh and lab_images ----------------------------------------------------

before=$failures
if [[ ! -f "$root/ansible/save-images.sh" ]]; then
  fail "ansible/save-images.sh is missing: nothing makes the image archive for the kubeadm nodes"
else
  run save-images bash "$root/ansible/save-images.sh"
  if [[ $status -ne 0 ]]; then fail "ansible/save-images.sh exits $status with working tools"; show; fi
  saved="$(calls | grep '^docker save .*-o ' | grep -v -- '--help' | tail -1)"
  [[ "$saved" == *"-o ansible/images/rollout-lab-images.tar.partial "* ]] || fail "save-images.sh does not save to ansible/images/rollout-lab-images.tar: $saved"
  [[ -s "$root/ansible/images/rollout-lab-images.tar" ]] || fail "save-images.sh leaves no ansible/images/rollout-lab-images.tar"
  for image in "${expected[@]}"; do
    [[ " $saved " == *" $image "* ]] || fail "save-images.sh does not save $image ($saved)"
  done
fi
vars="$root/ansible/inventory/group_vars/all.yml"
mapfile -t listed < <(awk '/^lab_images:/ { on = 1; next } on && /^  - / { sub(/^  - */, ""); gsub(/"/, ""); print; next } on && !/^ *#/ { on = 0 }' "$vars" 2>/dev/null | sort -u)
[[ "$(printf '%s\n' "${listed[@]}")" == "$(printf '%s\n' "${expected[@]}")" ]] ||
  fail "lab_images in ansible/inventory/group_vars/all.yml (${listed[*]:-none}) differs from the images the chart and k8s/ run (${expected[*]})"
[[ -f "$root/ansible/images.yml" ]] || fail "ansible/images.yml is missing"
[[ $failures -eq $before ]] && pass "ansible/save-images.sh saves, and images.yml imports, the ${#expected[@]} images"

# --- The repository's text ---------------------------------------------------------------------

before=$failures
# Every `kind load` run by a script, a workflow or a document's command line names the cluster
# (kind's default is "kind"): a line where `kind load` starts a command, not prose or a comment.
command_start='(^[[:space:]]*(-[[:space:]]*)?(run:[[:space:]]*)?|\$\(|;|&&|\|\||(then|do|if|!)[[:space:]]+)'
while IFS= read -r hit; do
  fail "kind load without --name: $hit"
done < <(grep -rnE "${command_start}kind load (docker-image|image-archive)" "$src" --include='*.sh' --include='*.md' --include='*.yml' --include='*.yaml' \
           --exclude-dir=target --exclude-dir=.git --exclude=check-scripts.sh | grep -v -- '--name' | sed "s#^$src/##")
# No script runs `minikube docker-env` (comments may say why not).
while IFS= read -r hit; do
  fail "a script uses minikube docker-env: $hit"
done < <(grep -rnE '^[^#]*minikube.*docker-env' "$src" --include='*.sh' --exclude-dir=target --exclude-dir=.git --exclude=check-scripts.sh | sed "s#^$src/##")
[[ $failures -eq $before ]] && pass "every kind load names --name; no script uses minikube docker-env"

if [[ $failures -gt 0 ]]; then
  echo "cluster scripts: $failures problem(s)" >&2
  exit 1
fi
echo "cluster scripts: kind-up.sh, minikube-up.sh and save-images.sh load what the chart runs"
