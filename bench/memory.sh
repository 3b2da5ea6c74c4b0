#!/usr/bin/env bash
# Memory of each pod: the sample (v1) and the gateway routing to it, each JVM in a memory cgroup
# of the chart's limit (as a kubelet would make), under a minute of load through the gateway.
# Prints a table per variant of JVM options; results in bench/results/memory/. Needs root and a
# writable memory cgroup (v1 or v2).
#
#   sudo bench/memory.sh                 # old and new, 60 s of load each
#   sudo LOAD_SECONDS=20 bench/memory.sh new
#
# Columns: idle = RSS 5 s after ready; group peak = the cgroup's highest charge (what the kubelet
# and the OOM killer count: anonymous memory plus page cache the group touched first); VmHWM =
# the JVM's peak resident set (includes shared pages of the JDK, the jars and the CDS archive);
# limit hits and OOM kills from the group; req/s = what wrk got through the gateway.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib.sh
source bench/lib.sh

# A start on a machine busy with other work can take longer than lib.sh's 90 s: START_TIMEOUT (300 s).
START_TIMEOUT=${START_TIMEOUT:-300}

LOAD_SECONDS=${LOAD_SECONDS:-60}
# The chart's limits (helm/rollout-lab/values.yaml sample/gateway.resources.limits.memory).
SAMPLE_LIMIT=${SAMPLE_LIMIT:-256M}
GATEWAY_LIMIT=${GATEWAY_LIMIT:-256M}
# The old options without an archive, the images' options with the images' archive.
VARIANTS=("old|$OLD_JVM_OPTS|none" "new|$IMAGE_JVM_OPTS|cds")
keep_variants bench/memory.sh "$@"

[ "$(id -u)" = 0 ] || { echo "bench/memory.sh: run as root (it makes memory cgroups)" >&2; exit 1; }
if [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then CG=/sys/fs/cgroup/memory V=1
elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then CG=/sys/fs/cgroup V=2
else echo "bench/memory.sh: no memory cgroup" >&2; exit 1; fi

pin_cpus
start_run memory
install_tools
build_missing services/sample-v1 "$V1_JAR" gateway "$GW_APP/quarkus-run.jar"
GROUPS_MADE=()
# Stops the JVMs first (a group with tasks cannot be removed), then lib.sh's cleanup.
finish() {
  local status=$?
  [ ${#PIDS[@]} -gt 0 ] && { kill -TERM "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
  PIDS=()
  for g in "${GROUPS_MADE[@]}"; do rmdir "$g" 2>/dev/null || true; done
  (exit "$status")
  cleanup
}
trap finish EXIT

# make_group NAME LIMIT: a fresh group, memory and memory+swap limited; prints its path.
make_group() {
  local dir=$CG/rollout-lab-bench-$1-$$
  mkdir "$dir"
  if [ $V = 1 ]; then
    echo "$2" >"$dir/memory.limit_in_bytes"
    [ -f "$dir/memory.memsw.limit_in_bytes" ] && echo "$2" >"$dir/memory.memsw.limit_in_bytes"
  else
    echo "$2" >"$dir/memory.max"
    [ -f "$dir/memory.swap.max" ] && echo 0 >"$dir/memory.swap.max"
  fi
  GROUPS_MADE+=("$dir")
  echo "$dir"
}
group_peak() { if [ $V = 1 ]; then cat "$1/memory.max_usage_in_bytes"; else cat "$1/memory.peak" 2>/dev/null || cat "$1/memory.current"; fi; }
group_hits() { if [ $V = 1 ]; then cat "$1/memory.failcnt"; else awk '$1 == "max" {print $2}' "$1/memory.events"; fi; }
group_ooms() { if [ $V = 1 ]; then awk '$1 == "oom_kill" {print $2}' "$1/memory.oom_control"; else awk '$1 == "oom_kill" {print $2}' "$1/memory.events"; fi; }
status_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
mib() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1048576}'; }

# in_group GROUP NAME OPTS PORT -D...: java in GROUP on SERVER_CPUS; its pid is ${PIDS[-1]}.
in_group() {
  local group=$1 name=$2 opts=$3 port=$4 jar=$5
  shift 5
  # shellcheck disable=SC2086  # options are words
  (cd "$WORK" && echo "$BASHPID" >"$group/cgroup.procs" && exec taskset -c "$SERVER_CPUS" java $opts \
    -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 "$@" -jar "$jar" >"$WORK/$name.log" 2>&1) &
  PIDS+=($!)
}

# The images' archive: one training start of each app, stopped on SIGTERM, as the Dockerfiles do.
SAMPLE_PROPS=(-Dsample.volumes.scratch.path="$WORK/scratch" -Dsample.volumes.node.path="$WORK/node"
  -Dsample.volumes.data.path="$WORK/data" "-Dquarkus.log.handler.file.\"access\".path=$WORK/scratch/access.log")
mkdir -p "$WORK/scratch" "$WORK/node" "$WORK/data"
train() { # train NAME JAR OPTS -D...
  local name=$1 jar=$2 opts=$3 pid
  shift 3
  free_port TRAIN_PORT
  # shellcheck disable=SC2086
  (cd "$WORK" && exec java $opts -XX:ArchiveClassesAtExit="$WORK/$name.jsa" -Xlog:cds=off \
    -Dquarkus.http.port="$TRAIN_PORT" -Dquarkus.http.host=127.0.0.1 "$@" -jar "$jar" >"$WORK/train-$name.log" 2>&1) &
  pid=$!
  wait_ok "train-$name" "$pid" "http://127.0.0.1:$TRAIN_PORT/q/health/ready" "$START_TIMEOUT"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}

printf '%s, %s s of load each, limits sample %s gateway %s (cgroup v%s), load average %s\n' \
  "$(date -u '+%Y-%m-%d %H:%M UTC')" "$LOAD_SECONDS" "$SAMPLE_LIMIT" "$GATEWAY_LIMIT" "$V" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" | tee "$RESULTS/table.txt"
printf '%-8s %-8s %9s %11s %9s %11s %5s %6s\n' variant app "idle MiB" "group peak" "VmHWM" "limit hits" OOM "req/s" \
  | tee -a "$RESULTS/table.txt"
for v in "${VARIANTS[@]}"; do
  IFS='|' read -r name opts kind <<<"$v"
  sample_opts=$opts gateway_opts=$opts
  if [ "$kind" = cds ]; then
    [ -f "$WORK/sample.jsa" ] || train sample "$ROOT/$V1_JAR" "$opts" "${SAMPLE_PROPS[@]}"
    printf 'strategy: rolling\ngroups: {sample: [http://127.0.0.1:9]}\nrolling: {group: sample}\n' >"$WORK/train.yaml"
    [ -f "$WORK/gateway.jsa" ] || train gateway "$ROOT/$GW_APP/quarkus-run.jar" "$opts" -Dgateway.routing.file="$WORK/train.yaml"
    sample_opts="$opts -XX:SharedArchiveFile=$WORK/sample.jsa"
    gateway_opts="$opts -XX:SharedArchiveFile=$WORK/gateway.jsa"
  fi
  sg=$(make_group "sample-$name" "$SAMPLE_LIMIT")
  gg=$(make_group "gateway-$name" "$GATEWAY_LIMIT")
  free_port SAMPLE_PORT GATEWAY_PORT
  in_group "$sg" sample "$sample_opts" "$SAMPLE_PORT" "$ROOT/$V1_JAR" "${SAMPLE_PROPS[@]}"; spid=${PIDS[-1]}
  wait_ok sample "$spid" "http://127.0.0.1:$SAMPLE_PORT/q/health/ready" "$START_TIMEOUT"
  mkdir -p "$WORK/routing" # a directory of its own, away from the logs (see lib.sh)
  printf 'strategy: rolling\ngroups: {sample: [http://127.0.0.1:%s]}\nrolling: {group: sample}\n' "$SAMPLE_PORT" >"$WORK/routing/routing.yaml"
  in_group "$gg" gateway "$gateway_opts" "$GATEWAY_PORT" "$ROOT/$GW_APP/quarkus-run.jar" -Dgateway.routing.file="$WORK/routing/routing.yaml"
  gpid=${PIDS[-1]}
  wait_ok gateway "$gpid" "http://127.0.0.1:$GATEWAY_PORT/api/identity" "$START_TIMEOUT"
  sleep 5
  sidle=$(status_kib "$spid" VmRSS) gidle=$(status_kib "$gpid" VmRSS)
  taskset -c "$LOAD_CPUS" wrk -t1 -c32 -d"${LOAD_SECONDS}s" "http://127.0.0.1:$GATEWAY_PORT/api/identity" >"$RESULTS/wrk-$name.txt"
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$RESULTS/wrk-$name.txt")
  for app in sample gateway; do
    if [ $app = sample ]; then g=$sg pid=$spid idle=$sidle; else g=$gg pid=$gpid idle=$gidle; fi
    kill -0 "$pid" 2>/dev/null || { log "$app died under load (OOM kill?)"; tail -5 "$WORK/$app.log" >&2; }
    printf '%-8s %-8s %9s %11s %9s %11s %5s %6s\n' "$name" "$app" "$(mib $((idle * 1024)))" "$(mib "$(group_peak "$g")")" \
      "$(mib $(($(status_kib "$pid" VmHWM 2>/dev/null || echo 0) * 1024)))" "$(group_hits "$g")" "$(group_ooms "$g")" "$rps" \
      | tee -a "$RESULTS/table.txt"
  done
  kill -TERM "$spid" "$gpid"; wait "$spid" "$gpid" 2>/dev/null || true
  PIDS=()
done
