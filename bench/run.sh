#!/usr/bin/env bash
# Measures the gateway against the two things it should be compared with, in one run on
# loopback, under the same wrk load:
#   direct   a sample instance (v1) with no proxy in front: the floor for latency
#   nginx    nginx as an equivalent weighted proxy (bench/nginx.conf): the bar for throughput
#   gateway  the gateway with a canary routing config at weight 50 over v1 and v2
#   vertx    the same 50/50 job in plain Vert.x (bench/BareVertxProxy.java): the floor of the
#            gateway's stack, which splits the gateway's distance to nginx into what the JVM
#            and Vert.x cost and what the gateway's own features and Quarkus cost
# and the peers a user would pick instead of the gateway (PEERS), each doing the same 50/50 job:
#   haproxy  HAProxy from Debian (bench/haproxy.cfg): a second C reference beside nginx
#   caddy    Caddy from Debian (bench/Caddyfile): reverse_proxy in Go
#   scg      Spring Cloud Gateway (bench/scg, Spring Boot with Reactor Netty): the JVM peer
# and the gateway's start-up time to ready and its RSS after the load. Two loads per target:
#   saturation  wrk with CONNECTIONS connections as fast as they go: requests/s, CPU/request
#   fixed rate  RATE requests/s, well below every target's capacity: the latency a proxy adds,
#               once with the proxies on the servers' shared core and once on a core of their own
#
#   bench/run.sh
#   DURATION=30s CONNECTIONS=100 THREADS=2 bench/run.sh
#   PEERS="haproxy scg" bench/run.sh          without Caddy
#
# Env: DURATION (15s, in seconds) and WARMUP (8s) per target, CONNECTIONS (50), THREADS (2),
# ROUNDS (3: the targets take turns, DURATION split between the rounds), RATE (2000 requests/s)
# and PACED_CONNECTIONS (20) for the fixed-rate load, JIT_SETTLE_MAX (240s) and JIT_SETTLE_MS (500):
# the JVMs are loaded until their JIT compilers are done (see step 4),
# LOAD_CPUS / SERVER_CPUS: taskset CPU lists for wrk and for every server (see below),
# PEERS ("haproxy caddy scg"; PEERS= for none): the peers to run, HAPROXY and CADDY: their
# commands (a missing haproxy or caddy is installed from Debian, when it can be).
# Raw wrk outputs and logs go to bench/results/<timestamp>/; the summary table to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-8s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
RATE=${RATE:-2000}
PACED_CONNECTIONS=${PACED_CONNECTIONS:-20}
JIT_SETTLE_MAX=${JIT_SETTLE_MAX:-240s}
JIT_SETTLE_MS=${JIT_SETTLE_MS:-500}
PEERS=${PEERS-haproxy caddy scg}
HAPROXY=${HAPROXY:-haproxy}
CADDY=${CADDY:-caddy}

# A bad setting stops the run before anything starts, naming the setting.
usage_error() { echo "bench: $*" >&2; exit 2; }
for name in DURATION WARMUP JIT_SETTLE_MAX; do   # seconds: "15s" or "15"
  [[ ${!name} =~ ^[1-9][0-9]*s?$ ]] || usage_error "$name must be a number of seconds such as 15s, not '${!name}'"
done
for name in CONNECTIONS THREADS ROUNDS RATE PACED_CONNECTIONS JIT_SETTLE_MS; do
  [[ ${!name} =~ ^[1-9][0-9]*$ ]] || usage_error "$name must be a whole number above 0, not '${!name}'"
done
ROUND_SECONDS=$(( ${DURATION%s} / ROUNDS ))
[ "$ROUND_SECONDS" -ge 1 ] || usage_error "DURATION ($DURATION) must give each of the $ROUNDS rounds at least 1 s"
# paced.lua spaces each connection's requests in whole milliseconds.
[ "$RATE" -le $((PACED_CONNECTIONS * 1000)) ] \
  || usage_error "RATE ($RATE) is more than $PACED_CONNECTIONS connections can pace (1000/s each); raise PACED_CONNECTIONS"
# The peers, in a fixed order whatever the order in PEERS, so tables of two runs line up.
ALL_PEERS=(haproxy caddy scg)
for peer in $PEERS; do
  [[ " ${ALL_PEERS[*]} " == *" $peer "* ]] \
    || usage_error "PEERS: no peer '$peer'; choose from: ${ALL_PEERS[*]} (PEERS= for none)"
done
RUN_PEERS=()
for peer in "${ALL_PEERS[@]}"; do [[ " $PEERS " == *" $peer "* ]] && RUN_PEERS+=("$peer"); done
has_peer() { [[ " ${RUN_PEERS[*]} " == *" $1 "* ]]; }
peer_command() { case $1 in haproxy) echo "$HAPROXY" ;; caddy) echo "$CADDY" ;; scg) echo java ;; esac; }
# (scg needs only the JDK that runs the gateway, so only haproxy and caddy can be missing.)
missing_peer() { # missing_peer PEER: stop, saying how to get it or how to leave it out
  local others
  others=$(for p in "${RUN_PEERS[@]}"; do [ "$p" = "$1" ] || printf '%s ' "$p"; done)
  usage_error "PEERS has $1, but there is no '$(peer_command "$1")' command here: install it" \
    "(Debian: apt-get install -y $1) or set ${1^^} to its path, or leave it out: PEERS=\"${others% }\" bench/run.sh"
}
# A command given as a path must be there now; one found by its name is installed below.
for peer in "${RUN_PEERS[@]}"; do
  command=$(peer_command "$peer")
  [[ $command != */* ]] || [ -x "$command" ] || missing_peer "$peer"
done

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
pin_cpus
start_run "$(date +%Y%m%d-%H%M%S)"

# --- 1. tools and jars ------------------------------------------------------------------------
DEBIAN_PEERS=()
for peer in haproxy caddy; do
  has_peer "$peer" && [ "$(peer_command "$peer")" = "$peer" ] && DEBIAN_PEERS+=("$peer")
done
install_tools "${DEBIAN_PEERS[@]}"
for peer in "${RUN_PEERS[@]}"; do command -v "$(peer_command "$peer")" >/dev/null || missing_peer "$peer"; done

build_missing services/sample-v1 "$V1_JAR" services/sample-v2 "$V2_JAR" gateway "$GW_APP/quarkus-run.jar"
! has_peer scg || build_scg

# --- helpers ----------------------------------------------------------------------------------
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# "1.23ms" / "456.00us" / "1.02s" (wrk's units) -> milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.2f", n }'
}

# What ran, for the summary: the proxies' versions, and the machine's load (1-minute average)
# when the run began, since other work on a shared machine moves every number.
VERSIONS="nginx $(nginx -v 2>&1 | sed 's|.*nginx/||')"
! has_peer haproxy || VERSIONS="$VERSIONS, HAProxy $("$HAPROXY" -v | awk 'NR == 1 {print $3}')"
! has_peer caddy || VERSIONS="$VERSIONS, Caddy $("$CADDY" version | awk '{print $1}')"
! has_peer scg || VERSIONS="$VERSIONS, Spring Cloud Gateway $(jar tf "$SCG_JAR" \
  | sed -n 's|.*/spring-cloud-gateway-server-webflux-\(.*\)\.jar$|\1|p') on Spring Boot $(jar tf "$SCG_JAR" \
  | sed -n 's|.*/spring-boot-\([0-9][^/]*\)\.jar$|\1|p')"
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)

# --- 2. servers -------------------------------------------------------------------------------
log "servers on CPUs $SERVER_CPUS, wrk on CPUs $LOAD_CPUS; temp dir $WORK; results in $RESULTS"
start_samples
free_port GW_PORT NGINX_PORT VERTX_PORT HAPROXY_PORT CADDY_PORT SCG_PORT

# --- 3. gateway start-up time -----------------------------------------------------------------
# Started alone, after the samples are ready, so it does not race them for CPU: the time is
# from fork to the first 200 of /q/health/ready, polled every ~20 ms (+ curl's own cost).
GW_T0=$(now_ms)
start_gateway gateway "$ROOT/$GW_APP" "$GW_PORT"; GW_PID=${PIDS[-1]}
wait_ok gateway "$GW_PID" "http://127.0.0.1:$GW_PORT/q/health/ready"
GW_STARTUP_MS=$(($(now_ms) - GW_T0))
log "gateway ready in $GW_STARTUP_MS ms"
# Ready is not the same as routing: wait until the routing file is loaded and proxying works.
wait_ok gateway "$GW_PID" "http://127.0.0.1:$GW_PORT/api/identity"

# Spring Cloud Gateway alone too, for its start-up time: from fork to its first proxied 200
# (it has no readiness endpoint without the actuator, which this bench leaves out). It took
# 61 s and then over 90 s on this 2-core machine with a load average of 25 to 50: 180 s here.
SCG_STARTUP_MS="–"
if has_peer scg; then
  SCG_T0=$(now_ms)
  start_scg "$SCG_PORT"; SCG_PID=${PIDS[-1]}
  wait_ok scg "$SCG_PID" "http://127.0.0.1:$SCG_PORT/api/identity" 180
  SCG_STARTUP_MS=$(($(now_ms) - SCG_T0))
  log "Spring Cloud Gateway proxying in $SCG_STARTUP_MS ms"
fi

start_nginx "$NGINX_PORT"; NGINX_PID=${PIDS[-1]}
wait_ok nginx "$NGINX_PID" "http://127.0.0.1:$NGINX_PORT/api/identity"
if has_peer haproxy; then
  start_haproxy "$HAPROXY_PORT"; HAPROXY_PID=${PIDS[-1]}
  wait_ok haproxy "$HAPROXY_PID" "http://127.0.0.1:$HAPROXY_PORT/api/identity"
fi
if has_peer caddy; then
  start_caddy "$CADDY_PORT"; CADDY_PID=${PIDS[-1]}
  wait_ok caddy "$CADDY_PID" "http://127.0.0.1:$CADDY_PORT/api/identity"
fi

# Source-file mode: compiled in memory at start, against the gateway's own Vert.x and Netty.
(cd "$WORK" && exec taskset -c "$SERVER_CPUS" java -cp "$ROOT/gateway/target/quarkus-app/lib/main/*" \
  "$ROOT/bench/BareVertxProxy.java" "$VERTX_PORT" "$V1_PORT" "$V2_PORT" >"$WORK/vertx.log" 2>&1) &
VERTX_PID=$!
PIDS+=("$VERTX_PID")
wait_ok vertx "$VERTX_PID" "http://127.0.0.1:$VERTX_PORT/api/identity"

declare -A URL=(
  [direct]="http://127.0.0.1:$V1_PORT/api/identity"
  [nginx]="http://127.0.0.1:$NGINX_PORT/api/identity"
  [gateway]="http://127.0.0.1:$GW_PORT/api/identity"
  [vertx]="http://127.0.0.1:$VERTX_PORT/api/identity"
  [haproxy]="http://127.0.0.1:$HAPROXY_PORT/api/identity"
  [caddy]="http://127.0.0.1:$CADDY_PORT/api/identity"
  [scg]="http://127.0.0.1:$SCG_PORT/api/identity"
)
TARGETS=(direct nginx gateway vertx "${RUN_PEERS[@]}")
PROXIES=("${TARGETS[@]:1}")

# Every proxy must really split 50/50, or the comparison is between different jobs. All but
# Spring Cloud Gateway alternate; its Weight predicate draws at random, so 20 requests give
# about 10 (all 20 on one side is a chance of 2 in a million).
for t in "${PROXIES[@]}"; do
  v2=0
  for _ in $(seq 1 20); do
    curl -fsi "${URL[$t]}" | grep -qi '^X-App-Version: 2' && v2=$((v2 + 1))
  done
  log "$t: $v2 of 20 requests answered by v2"
  [ "$v2" -gt 0 ] && [ "$v2" -lt 20 ] || { log "$t does not split between v1 and v2: stopping"; exit 1; }
done

# --- 4. load ----------------------------------------------------------------------------------
load() {
  taskset -c "$LOAD_CPUS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency "$2"
}
# The same at a fixed rate (bench/paced.lua spaces each connection's requests).
paced_load() {
  RATE=$RATE CONNECTIONS=$PACED_CONNECTIONS taskset -c "$LOAD_CPUS" \
    wrk -t"$THREADS" -c"$PACED_CONNECTIONS" -d"$1" --latency -s "$ROOT/bench/paced.lua" "$2"
}

# Milliseconds a JVM has spent JIT-compiling so far (jstat reads it from the JVM's perf data).
jit_ms() {
  jstat -compiler "$1" 2>/dev/null | awk 'NR == 2 {printf "%d", $4 * 1000}'
}

NGINX_ALL=("$NGINX_PID" $(pgrep -P "$NGINX_PID"))   # master and workers
declare -A PROXY_PIDS=([direct]="" [nginx]="${NGINX_ALL[*]}" [gateway]="$GW_PID" [vertx]="$VERTX_PID"
  [haproxy]="${HAPROXY_PID:-}" [caddy]="${CADDY_PID:-}" [scg]="${SCG_PID:-}")

# JIT warm-up. The gateway first: it needs the most (it proxies through both samples, so
# those warm up too); every target then gets the same warm-up before it is measured.
for t in gateway "${TARGETS[@]}"; do
  log "warm-up $t ($WARMUP)"
  load "$WARMUP" "${URL[$t]}" >>"$RESULTS/warmup-$t.txt"
done
# A fixed warm-up is not enough on a shared core: the JIT compiler threads get a share of it
# with everything else, so tier-4 compilation lags the load by a minute or more, and a JVM
# measured too early runs partly interpreted or in profiling tiers (seen here: the gateway's
# CPU per request halved between 30 s and 90 s of load). So the load goes on in steps of
# 10 s through each JVM proxy (the gateway, plain Vert.x, Spring Cloud Gateway; each reaches
# both samples), until no JVM spent more than JIT_SETTLE_MS compiling per 10 s of its load,
# or JIT_SETTLE_MAX is used up.
JVM_PROXIES=(gateway vertx)
! has_peer scg || JVM_PROXIES+=(scg)
declare -A JVM_PID=([gateway]=$GW_PID [v1]=$V1_PID [v2]=$V2_PID [vertx]=$VERTX_PID [scg]=${SCG_PID:-})
JVMS=(gateway v1 v2 "${JVM_PROXIES[@]:1}")
JIT_SETTLED="not checked (no jstat)"
if command -v jstat >/dev/null; then
  settle_start=$SECONDS
  settle_deadline=$((SECONDS + ${JIT_SETTLE_MAX%s}))
  JIT_SETTLED="not settled after $JIT_SETTLE_MAX"
  while [ $SECONDS -lt $settle_deadline ]; do
    declare -A before=() spent=()
    for jvm in "${JVMS[@]}"; do before[$jvm]=$(jit_ms "${JVM_PID[$jvm]}"); done
    for t in "${JVM_PROXIES[@]}"; do load 10s "${URL[$t]}" >>"$RESULTS/warmup-$t.txt"; done
    settled=yes report=""
    for jvm in "${JVMS[@]}"; do
      spent[$jvm]=$(($(jit_ms "${JVM_PID[$jvm]}") - before[$jvm]))
      report="$report, $jvm ${spent[$jvm]} ms"
      # The samples served every proxy's load: their limit is for all of those 10 s steps.
      limit=$JIT_SETTLE_MS
      [[ $jvm != v[12] ]] || limit=$((${#JVM_PROXIES[@]} * JIT_SETTLE_MS))
      [ "${spent[$jvm]}" -le "$limit" ] || settled=no
    done
    log "JIT time in the last $((10 * ${#JVM_PROXIES[@]})) s: ${report#, }"
    if [ $settled = yes ]; then
      JIT_SETTLED="settled after $((SECONDS - settle_start)) s more"
      break
    fi
  done
fi
log "JIT: $JIT_SETTLED"
# Besides wrk's numbers, the CPU the servers burn per request: on the shared server CPUs that
# is what decides throughput, and it is far less noisy than requests/s on a busy machine.
# The background load of a shared machine changes by the second, so the targets take turns:
# ROUNDS rounds of direct, nginx, gateway, vertx and the peers, DURATION split evenly between them.
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
# Latency at a fixed rate. Under saturation every request queues behind the others on the
# shared core, so the p99 above measures throughput more than what a proxy adds to a request;
# at RATE (far below capacity) the difference to direct is the proxy's own latency.
paced_rounds() { # paced_rounds NAME: the rounds, into $RESULTS/NAME-<target>-<round>.txt
  for round in $(seq 1 "$ROUNDS"); do
    for t in "${TARGETS[@]}"; do
      log "$1 $t, round $round of $ROUNDS (${ROUND_SECONDS}s, $RATE requests/s, $PACED_CONNECTIONS connections)"
      paced_load "${ROUND_SECONDS}s" "${URL[$t]}" >"$RESULTS/$1-$t-$round.txt"
    done
  done
}
paced_rounds paced
# Once more with every proxy moved to wrk's core (all its threads, taskset -a), where a fixed
# rate leaves it nearly alone: wrk pacing RATE requests/s uses a few % of that core. A request
# then no longer waits for the scheduler behind its upstream's work or the other JVMs on the
# shared core, so this p99 is closer to what the proxy itself adds, as with a proxy and its
# upstreams in pods of their own. Skipped when wrk and the servers share their CPUs.
OWN_CORE=no
if [ "$LOAD_CPUS" != "$SERVER_CPUS" ]; then
  OWN_CORE=yes
  for t in "${PROXIES[@]}"; do
    for pid in ${PROXY_PIDS[$t]}; do taskset -a -p -c "$LOAD_CPUS" "$pid" >/dev/null; done
  done
  paced_rounds own-core
fi
rss_mib() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
GW_RSS_MIB=$(rss_mib "$GW_PID")
SCG_RSS_MIB="–"
! has_peer scg || SCG_RSS_MIB=$(rss_mib "$SCG_PID")

# --- 5. summary -------------------------------------------------------------------------------
# Per target over its rounds: requests/s = all requests / all seconds, p50 and p99 = the
# median of the rounds' values (wrk prints percentiles, not histograms, so they cannot be merged).
per_second() {
  awk '/requests in/ {n += $1; sub(/s,$/, "", $4); s += $4} END {printf "%.0f", n / s}' "$@"
}
percentile() { # percentile (50%, 99%) files...
  local p=$1 f; shift
  for f in "$@"; do to_ms "$(awk -v p="$p" '$1 == p {print $2}' "$f")"; echo; done | median
}
# Non-2xx answers and socket errors: a proxy that fails fast must not look fast.
errors() {
  awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/[^0-9 ]/, " "); n += $1 + $2 + $3 + $4} END {print n + 0}' "$@"
}
declare -A RPS P50 P99 ERR PACED_RPS PACED_P50 PACED_P99 PACED_ERR OWN_P50 OWN_P99 PROXY_US
for t in "${TARGETS[@]}"; do
  files=("$RESULTS/$t"-*.txt)
  paced=("$RESULTS/paced-$t"-*.txt)
  n=$(requests "${files[@]}")
  RPS[$t]=$(per_second "${files[@]}")
  P50[$t]=$(percentile 50% "${files[@]}")
  P99[$t]=$(percentile 99% "${files[@]}")
  ERR[$t]=$(errors "${files[@]}")
  PACED_RPS[$t]=$(per_second "${paced[@]}")
  PACED_P50[$t]=$(percentile 50% "${paced[@]}")
  PACED_P99[$t]=$(percentile 99% "${paced[@]}")
  PACED_ERR[$t]=$(errors "${paced[@]}")
  OWN_P50[$t]="–"; OWN_P99[$t]="–"
  if [ "$OWN_CORE" = yes ]; then
    OWN_P50[$t]=$(percentile 50% "$RESULTS/own-core-$t"-*.txt)
    OWN_P99[$t]=$(percentile 99% "$RESULTS/own-core-$t"-*.txt)
  fi
  CPU_SERVERS[$t]=$(us_per_request "${SERVER_TICKS[$t]}" "$n")
  CPU_PROXY[$t]=$(us_per_request "${PROXY_TICKS[$t]}" "$n")
  PROXY_US[$t]=$(us_per_request "${PROXY_TICKS[$t]}" "$n" 2)   # unrounded, for the ratios
  [ -n "${PROXY_PIDS[$t]}" ] || CPU_PROXY[$t]="–"
done
throughput_ratio() { awk -v a="${RPS[$1]}" -v b="${RPS[$2]}" 'BEGIN {printf "%.2f", a / b}'; }
cpu_ratio() { awk -v a="${PROXY_US[$1]}" -v b="${PROXY_US[$2]}" 'BEGIN {printf "%.2f", a / b}'; }
over_direct() { [ "$1" = "–" ] && echo "–" || awk -v a="$1" -v d="$2" 'BEGIN {printf "%+.2f", a - d}'; }
declare -A NAME=([direct]=direct [nginx]=nginx [gateway]=gateway [vertx]="plain Vert.x"
  [haproxy]=HAProxy [caddy]=Caddy [scg]="Spring Cloud Gateway")
reached=""
for t in "${TARGETS[@]}"; do reached="$reached, $t ${PACED_RPS[$t]}"; done

{
  echo "### Gateway benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "$(nproc) cores ($(uname -m)); servers on CPUs $SERVER_CPUS, wrk on CPUs $LOAD_CPUS; GET /api/identity;" \
    "$WARMUP warm-up per target, then load through the JVM proxies until the JITs were done ($JIT_SETTLED);" \
    "$ROUNDS rounds per target and load, taking turns. $VERSIONS; the machine's load average was $LOAD_BEFORE" \
    "when the run began and $(cut -d' ' -f1 /proc/loadavg) at its end."
  echo
  echo "| target | requests/s | p50 ms | p99 ms | errors | server CPU µs/request | of it the proxy | p50 ms at $RATE/s | p99 ms at $RATE/s | errors at $RATE/s | p50 ms at $RATE/s, proxy on its own core | p99 ms at $RATE/s, proxy on its own core |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for t in "${TARGETS[@]}"; do
    echo "| $t | ${RPS[$t]} | ${P50[$t]} | ${P99[$t]} | ${ERR[$t]} | ${CPU_SERVERS[$t]} | ${CPU_PROXY[$t]} |" \
      "${PACED_P50[$t]} | ${PACED_P99[$t]} | ${PACED_ERR[$t]} | ${OWN_P50[$t]} | ${OWN_P99[$t]} |"
  done
  echo
  echo "Saturation: \`wrk -t$THREADS -c$CONNECTIONS -d${ROUND_SECONDS}s --latency\`. Fixed rate:" \
    "\`wrk -t$THREADS -c$PACED_CONNECTIONS -d${ROUND_SECONDS}s --latency -s bench/paced.lua\` at $RATE requests/s" \
    "(reached: ${reached#, })."
  echo
  echo "| measure | value | aim |"
  echo "|---|---:|---|"
  echo "| gateway / plain Vert.x throughput | $(throughput_ratio gateway vertx)× | at least 0.90× |"
  echo "| gateway / plain Vert.x proxy CPU per request | $(cpu_ratio gateway vertx)× | at most 1.10× |"
  echo "| gateway − plain Vert.x p99 at $RATE/s, proxy on its own core | $(over_direct "${OWN_P99[gateway]}" "${OWN_P99[vertx]}") ms | at most +0.5 ms |"
  echo "| gateway / nginx throughput | $(throughput_ratio gateway nginx)× | |"
  echo "| plain Vert.x / nginx throughput (reference) | $(throughput_ratio vertx nginx)× | |"
  # Against each peer: above 1.0× throughput and below 1.0× CPU is the gateway ahead. The aim
  # is to be ahead of the JVM and Go peers; HAProxy, like nginx, is a C reference.
  for t in "${RUN_PEERS[@]}"; do
    aim="ahead: above 1.0×"; cpu_aim="ahead: below 1.0×"
    [ "$t" != haproxy ] || { aim="(reference)"; cpu_aim="(reference)"; }
    echo "| gateway / ${NAME[$t]} throughput | $(throughput_ratio gateway "$t")× | $aim |"
    echo "| gateway / ${NAME[$t]} proxy CPU per request | $(cpu_ratio gateway "$t")× | $cpu_aim |"
  done
  for t in "${PROXIES[@]}"; do
    echo "| ${NAME[$t]} − direct p99 at $RATE/s | $(over_direct "${PACED_P99[$t]}" "${PACED_P99[direct]}") ms | |"
  done
  for t in "${PROXIES[@]}"; do
    echo "| ${NAME[$t]} − direct p99 at $RATE/s, proxy on its own core | $(over_direct "${OWN_P99[$t]}" "${OWN_P99[direct]}") ms | |"
  done
  for t in "${PROXIES[@]}"; do
    echo "| ${NAME[$t]} − direct p50 at $RATE/s | $(over_direct "${PACED_P50[$t]}" "${PACED_P50[direct]}") ms | |"
  done
  echo "| gateway − direct p99 at saturation | $(over_direct "${P99[gateway]}" "${P99[direct]}") ms | |"
  echo "| gateway start-up to ready | $GW_STARTUP_MS ms | |"
  echo "| gateway RSS after the load | $GW_RSS_MIB MiB | |"
  if has_peer scg; then
    echo "| Spring Cloud Gateway start-up to its first proxied answer | $SCG_STARTUP_MS ms | |"
    echo "| Spring Cloud Gateway RSS after the load | $SCG_RSS_MIB MiB | |"
  fi
} | tee "$RESULTS/summary.md"
