#!/usr/bin/env bash
# Measures the gateway against the two things it should be compared with, in one run on
# loopback, under the same wrk load:
#   direct   a sample instance (v1) with no proxy in front: the floor for latency
#   nginx    nginx as an equivalent weighted proxy (bench/nginx.conf): the bar for throughput
#   gateway  the gateway with a canary routing config at weight 50 over v1 and v2
# and the gateway's start-up time to ready and its RSS after the load.
#
#   bench/run.sh
#   DURATION=30s CONNECTIONS=100 THREADS=2 bench/run.sh
#
# Env: DURATION (15s, in seconds) and WARMUP (8s) per target, CONNECTIONS (50), THREADS (2),
# ROUNDS (3: the targets take turns, DURATION split between the rounds),
# LOAD_CPUS / SERVER_CPUS: taskset CPU lists for wrk and for every server (see below).
# Raw wrk outputs and logs go to bench/results/<timestamp>/; the summary table to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-8s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
ROUND_SECONDS=$(( ${DURATION%s} / ROUNDS ))   # DURATION in seconds: "15s" or "15"

# Pinning. wrk, nginx, two sample JVMs and the gateway share the machine. Left alone, the
# scheduler moves them across all cores and a run measures who got which core. So wrk gets
# its own core and every server shares the rest: each proxy then pays for its own work out
# of the same CPU budget as the upstream it calls, which is what a throughput comparison
# between proxies should charge it for. On one core there is nothing to split.
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then
  LOAD_CPUS=${LOAD_CPUS:-$((NCPU - 1))}
  SERVER_CPUS=${SERVER_CPUS:-0-$((NCPU - 2))}
else
  LOAD_CPUS=${LOAD_CPUS:-0}
  SERVER_CPUS=${SERVER_CPUS:-0}
fi
SERVER_NCPU=$(taskset -c "$SERVER_CPUS" nproc)

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$ROOT/bench/results/$STAMP
mkdir -p "$RESULTS"
WORK=$(mktemp -d /tmp/rollout-lab-bench.XXXXXX)
PIDS=()

log() { echo "bench: $*" >&2; }

# Stop everything this script started, however it ends. TERM first, so the JVMs' graceful
# shutdown runs (at most a few seconds, in parallel), then KILL whatever is still there.
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ ${#PIDS[@]} -gt 0 ]; then
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    for _ in $(seq 1 150); do
      local alive=0
      for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ $alive -eq 0 ] && break
      sleep 0.1
    done
    kill -KILL "${PIDS[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
  fi
  # Keep the servers' logs next to the wrk outputs: they explain a bad run.
  cp "$WORK"/*.log "$RESULTS"/ 2>/dev/null || true
  cp "$WORK"/nginx/logs/error.log "$RESULTS"/nginx-error.log 2>/dev/null || true
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. tools and jars ------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  log "installing wrk and nginx from Debian"
  SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
  # A stale package index makes apt refuse the packages as unauthenticated: refresh once.
  $SUDO apt-get install -y wrk nginx >"$WORK/apt.log" 2>&1 \
    || { $SUDO apt-get update >>"$WORK/apt.log" 2>&1 && $SUDO apt-get install -y wrk nginx >>"$WORK/apt.log" 2>&1; }
fi

V1_JAR=services/sample-v1/target/quarkus-app/quarkus-run.jar
V2_JAR=services/sample-v2/target/quarkus-app/quarkus-run.jar
GW_JAR=gateway/target/quarkus-app/quarkus-run.jar
missing=()
[ -f "$V1_JAR" ] || missing+=(services/sample-v1)
[ -f "$V2_JAR" ] || missing+=(services/sample-v2)
[ -f "$GW_JAR" ] || missing+=(gateway)
if [ ${#missing[@]} -gt 0 ]; then
  log "building ${missing[*]}"
  ./mvnw -B -q package -DskipTests -pl "$(IFS=,; echo "${missing[*]}")" -am
fi

# --- helpers ----------------------------------------------------------------------------------
TAKEN=" "
# A port nobody listens on (the connection is refused) and not handed out before in this run.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    case "$TAKEN" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      TAKEN="$TAKEN$port "
      echo "$port"
      return
    fi
  done
}

# Waits until $url answers 200, while process $pid lives; fails after 90 s.
wait_ok() {
  local name=$1 pid=$2 url=$3
  local deadline=$((SECONDS + 90))
  until curl -fs -o /dev/null --max-time 1 "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited during start-up; its log:"; tail -20 "$WORK/$name.log" >&2; exit 1
    fi
    [ $SECONDS -lt $deadline ] || { log "$name not ready after 90 s"; tail -20 "$WORK/$name.log" >&2; exit 1; }
    sleep 0.02
  done
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# A sample instance, in the temp dir: its local profile keeps volumes and access log under
# ./.rollout-lab/ (relative to the working directory), so nothing lands in the repository.
start_sample() {
  local name=$1 jar=$2 port=$3
  mkdir -p "$WORK/.rollout-lab/volumes/$port/scratch" "$WORK/.rollout-lab/volumes/node" "$WORK/.rollout-lab/volumes/data"
  (cd "$WORK" && POD_NAME="$name-bench" exec taskset -c "$SERVER_CPUS" \
    java -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 \
    -jar "$ROOT/$jar" >"$WORK/$name.log" 2>&1) &
  PIDS+=($!)
}

# "1.23ms" / "456.00us" / "1.02s" (wrk's units) -> milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.2f", n }'
}

# --- 2. servers -------------------------------------------------------------------------------
V1_PORT=$(free_port); V2_PORT=$(free_port); GW_PORT=$(free_port); NGINX_PORT=$(free_port)
log "servers on CPUs $SERVER_CPUS, wrk on CPUs $LOAD_CPUS; temp dir $WORK; results in $RESULTS"

start_sample sample-v1 "$V1_JAR" "$V1_PORT"; V1_PID=${PIDS[-1]}
start_sample sample-v2 "$V2_JAR" "$V2_PORT"; V2_PID=${PIDS[-1]}
wait_ok sample-v1 "$V1_PID" "http://127.0.0.1:$V1_PORT/q/health/ready"
wait_ok sample-v2 "$V2_PID" "http://127.0.0.1:$V2_PORT/q/health/ready"

cat >"$WORK/routing.yaml" <<EOF
strategy: canary
groups:
  v1: [http://127.0.0.1:$V1_PORT]
  v2: [http://127.0.0.1:$V2_PORT]
canary:
  stable: v1
  canary: v2
  weight: 50
EOF

# --- 3. gateway start-up time -----------------------------------------------------------------
# Started alone, after the samples are ready, so it does not race them for CPU: the time is
# from fork to the first 200 of /q/health/ready, polled every ~20 ms (+ curl's own cost).
GW_T0=$(now_ms)
(cd "$WORK" && exec taskset -c "$SERVER_CPUS" java -Dgateway.routing.file="$WORK/routing.yaml" \
  -Dquarkus.http.port="$GW_PORT" -Dquarkus.http.host=127.0.0.1 -jar "$ROOT/$GW_JAR" >"$WORK/gateway.log" 2>&1) &
GW_PID=$!
PIDS+=("$GW_PID")
wait_ok gateway "$GW_PID" "http://127.0.0.1:$GW_PORT/q/health/ready"
GW_STARTUP_MS=$(($(now_ms) - GW_T0))
log "gateway ready in $GW_STARTUP_MS ms"
# Ready is not the same as routing: wait until the routing file is loaded and proxying works.
wait_ok gateway "$GW_PID" "http://127.0.0.1:$GW_PORT/api/identity"

sed -e "s/@V1_PORT@/$V1_PORT/; s/@V2_PORT@/$V2_PORT/; s/@PORT@/$NGINX_PORT/; s/@WORKERS@/$SERVER_NCPU/" \
  "$ROOT/bench/nginx.conf" >"$WORK/nginx.conf"
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
# -e: the error log before the config is read (the default is /var/log/nginx/error.log).
taskset -c "$SERVER_CPUS" nginx -e "$WORK/nginx/logs/error.log" -c "$WORK/nginx.conf" -p "$WORK/nginx/" \
  >"$WORK/nginx.log" 2>&1 &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
wait_ok nginx "$NGINX_PID" "http://127.0.0.1:$NGINX_PORT/api/identity"

declare -A URL=(
  [direct]="http://127.0.0.1:$V1_PORT/api/identity"
  [nginx]="http://127.0.0.1:$NGINX_PORT/api/identity"
  [gateway]="http://127.0.0.1:$GW_PORT/api/identity"
)
TARGETS=(direct nginx gateway)

# Both proxies must really split 50/50, or the comparison is between different jobs.
for t in nginx gateway; do
  v2=0
  for _ in $(seq 1 20); do
    curl -fsi "${URL[$t]}" | grep -qi '^X-App-Version: 2' && v2=$((v2 + 1))
  done
  log "$t: $v2 of 20 requests answered by v2"
done

# --- 4. load ----------------------------------------------------------------------------------
load() {
  taskset -c "$LOAD_CPUS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency "$2"
}

# CPU time (user + system, in clock ticks) the given processes and their threads have used.
cpu_ticks() {
  local sum=0 pid
  for pid in "$@"; do
    sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$sum"
}
HZ=$(getconf CLK_TCK)
NGINX_ALL=("$NGINX_PID" $(pgrep -P "$NGINX_PID"))   # master and workers
declare -A PROXY_PIDS=([direct]="" [nginx]="${NGINX_ALL[*]}" [gateway]="$GW_PID")

# JIT warm-up. The gateway first: it needs the most (it proxies through both samples, so
# those warm up too); every target then gets the same warm-up before it is measured.
for t in gateway "${TARGETS[@]}"; do
  log "warm-up $t ($WARMUP)"
  load "$WARMUP" "${URL[$t]}" >>"$RESULTS/warmup-$t.txt"
done
# Besides wrk's numbers, the CPU the servers burn per request: on the shared server CPUs that
# is what decides throughput, and it is far less noisy than requests/s on a busy machine.
# The background load of a shared machine changes by the second, so the targets take turns:
# ROUNDS rounds of direct, nginx, gateway, DURATION split evenly between them.
declare -A CPU_SERVERS CPU_PROXY SERVER_TICKS PROXY_TICKS
for t in "${TARGETS[@]}"; do SERVER_TICKS[$t]=0; PROXY_TICKS[$t]=0; done
for round in $(seq 1 "$ROUNDS"); do
  for t in "${TARGETS[@]}"; do
    log "load $t, round $round of $ROUNDS (${ROUND_SECONDS}s, $THREADS threads, $CONNECTIONS connections)"
    # shellcheck disable=SC2206
    proxy=(${PROXY_PIDS[$t]})
    s0=$(cpu_ticks "$V1_PID" "$V2_PID" "${proxy[@]}"); p0=$(cpu_ticks "${proxy[@]}")
    load "${ROUND_SECONDS}s" "${URL[$t]}" >"$RESULTS/$t-$round.txt"
    s1=$(cpu_ticks "$V1_PID" "$V2_PID" "${proxy[@]}"); p1=$(cpu_ticks "${proxy[@]}")
    SERVER_TICKS[$t]=$((SERVER_TICKS[$t] + s1 - s0)); PROXY_TICKS[$t]=$((PROXY_TICKS[$t] + p1 - p0))
  done
done
GW_RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$GW_PID/status")

# --- 5. summary -------------------------------------------------------------------------------
# Per target over its rounds: requests/s = all requests / all seconds, p50 and p99 = the
# median of the rounds' values (wrk prints percentiles, not histograms, so they cannot be merged).
median() { sort -g | awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
declare -A RPS P50 P99 ERR
for t in "${TARGETS[@]}"; do
  files=("$RESULTS/$t"-*.txt)
  n=$(awk '/requests in/ {n += $1} END {print n}' "${files[@]}")
  secs=$(awk '/requests in/ {sub(/s,$/, "", $4); s += $4} END {print s}' "${files[@]}")
  RPS[$t]=$(awk -v n="$n" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')
  P50[$t]=$(for f in "${files[@]}"; do to_ms "$(awk '$1 == "50%" {print $2}' "$f")"; echo; done | median)
  P99[$t]=$(for f in "${files[@]}"; do to_ms "$(awk '$1 == "99%" {print $2}' "$f")"; echo; done | median)
  # Non-2xx answers and socket errors: a proxy that fails fast must not look fast.
  ERR[$t]=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/[^0-9 ]/, " "); n += $1 + $2 + $3 + $4} END {print n + 0}' "${files[@]}")
  CPU_SERVERS[$t]=$(awk -v t="${SERVER_TICKS[$t]}" -v n="$n" -v hz="$HZ" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}')
  CPU_PROXY[$t]=$(awk -v t="${PROXY_TICKS[$t]}" -v n="$n" -v hz="$HZ" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}')
  [ -n "${PROXY_PIDS[$t]}" ] || CPU_PROXY[$t]="–"
done
ratio=$(awk -v g="${RPS[gateway]}" -v n="${RPS[nginx]}" 'BEGIN {printf "%.2f", g / n}')
added=$(awk -v g="${P99[gateway]}" -v d="${P99[direct]}" 'BEGIN {printf "%+.2f", g - d}')
nginx_added=$(awk -v g="${P99[nginx]}" -v d="${P99[direct]}" 'BEGIN {printf "%+.2f", g - d}')

{
  echo "### Gateway benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "$NCPU cores ($(uname -m)); servers on CPUs $SERVER_CPUS, wrk on CPUs $LOAD_CPUS;" \
    "\`wrk -t$THREADS -c$CONNECTIONS -d${ROUND_SECONDS}s --latency\` × $ROUNDS rounds per target, taking turns," \
    "after a $WARMUP warm-up each; GET /api/identity"
  echo
  echo "| target | requests/s | p50 ms | p99 ms | errors | server CPU µs/request | of it the proxy |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for t in "${TARGETS[@]}"; do
    echo "| $t | ${RPS[$t]} | ${P50[$t]} | ${P99[$t]} | ${ERR[$t]} | ${CPU_SERVERS[$t]} | ${CPU_PROXY[$t]} |"
  done
  echo
  echo "| measure | value | aim |"
  echo "|---|---:|---|"
  echo "| gateway / nginx throughput | ${ratio}× | 1.0× (below 0.8× is a defect) |"
  echo "| gateway − direct p99 | $added ms | at most +1 ms (above +2 ms is a defect) |"
  echo "| nginx − direct p99 (reference) | $nginx_added ms | |"
  echo "| gateway start-up to ready | $GW_STARTUP_MS ms | |"
  echo "| gateway RSS after the load | $((GW_RSS_KB / 1024)) MiB | |"
} | tee "$RESULTS/summary.md"
