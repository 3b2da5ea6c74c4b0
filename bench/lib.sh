# Helpers shared by the bench scripts (run.sh, ab.sh, startup.sh, memory.sh, propagation.sh). The caller sets ROOT (the repository),
# sources this file, calls pin_cpus and then start_run before starting anything.

V1_JAR=services/sample-v1/target/quarkus-app/quarkus-run.jar
V2_JAR=services/sample-v2/target/quarkus-app/quarkus-run.jar
GW_APP=gateway/target/quarkus-app
SCG_JAR=bench/scg/target/scg-bench.jar

# Pinning: LOAD_CPUS for wrk, SERVER_CPUS for every server, unless set already. wrk, nginx, the
# sample JVMs and the proxies share the machine. Left alone, the scheduler moves them across all
# cores and a run measures who got which core. So wrk gets its own core and every server shares
# the rest: each proxy then pays for its own work out of the same CPU budget as the upstream it
# calls, which is what a comparison between proxies should charge it for. On one core there is
# nothing to split.
pin_cpus() {
  local ncpu
  ncpu=$(nproc)
  if [ "$ncpu" -ge 2 ]; then
    LOAD_CPUS=${LOAD_CPUS:-$((ncpu - 1))}
    SERVER_CPUS=${SERVER_CPUS:-0-$((ncpu - 2))}
  else
    LOAD_CPUS=${LOAD_CPUS:-0}
    SERVER_CPUS=${SERVER_CPUS:-0}
  fi
}

log() { echo "bench: $*" >&2; }

# The JVM options the pods ran before (the old jar printed a banner, so "old" turns it on) and
# run now: the images' JDK_JAVA_OPTIONS, which the chart and the generated manifests state too.
OLD_JVM_OPTS="-XX:MaxRAMPercentage=50 -XX:ActiveProcessorCount=2 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Dquarkus.banner.enabled=true"
IMAGE_JVM_OPTS=$(sed -n 's/^ENV JDK_JAVA_OPTIONS="\(.*\)"$/\1/p' "${ROOT:-.}/services/sample-v1/src/main/docker/Dockerfile.jvm")

# The variants named on a script's command line, out of VARIANTS ("name|..." each), in the order
# named; a name that is none of them stops the script with exit 2: keep_variants SCRIPT NAME...
keep_variants() {
  local script=$1 wanted v found kept=()
  shift
  [ $# -gt 0 ] || return 0
  for wanted in "$@"; do
    found=""
    for v in "${VARIANTS[@]}"; do [ "${v%%|*}" = "$wanted" ] && { kept+=("$v"); found=1; }; done
    [ -n "$found" ] || { echo "$script: no variant '$wanted'; choose from: $(printf '%s ' "${VARIANTS[@]%%|*}")" >&2; exit 2; }
  done
  VARIANTS=("${kept[@]}")
}

# The results dir (bench/results/$1), a temp dir for the servers, and the exit trap that
# stops them: RESULTS, WORK and PIDS for the helpers below.
start_run() {
  RESULTS=$ROOT/bench/results/$1
  mkdir -p "$RESULTS"
  WORK=$(mktemp -d /tmp/rollout-lab-bench.XXXXXX)
  PIDS=()
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

# Stop everything the script started, however it ends. TERM first, so the JVMs' graceful
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

# wrk, nginx and the given Debian packages (the peers', see run.sh), those whose command is
# missing: install_tools [package...].
install_tools() {
  local missing=() package sudo
  for package in wrk nginx "$@"; do command -v "$package" >/dev/null || missing+=("$package"); done
  [ ${#missing[@]} -gt 0 ] || return 0
  log "installing ${missing[*]} from Debian"
  sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
  # A stale package index makes apt refuse the packages as unauthenticated: refresh once. A
  # package that cannot be installed is reported by the caller, which knows what it is for.
  $sudo apt-get install -y "${missing[@]}" >>"$WORK/apt.log" 2>&1 \
    || { $sudo apt-get update >>"$WORK/apt.log" 2>&1 && $sudo apt-get install -y "${missing[@]}" >>"$WORK/apt.log" 2>&1; } \
    || log "apt-get install ${missing[*]} failed (see apt.log in the results)"
  # On a machine run by systemd, installing a server starts its service (nginx's and Caddy's
  # listen on :80). The bench runs copies of its own on free ports: stop and disable those.
  if [ -d /run/systemd/system ]; then
    for package in "${missing[@]}"; do
      case $package in nginx | haproxy | caddy) $sudo systemctl disable --now "$package" >>"$WORK/apt.log" 2>&1 || true ;; esac
    done
  fi
}

TAKEN=" "
# Sets each named variable to a port nobody listens on (the connection is refused) and not
# handed out before in this run. Not $(free_port): TAKEN must outlive the call.
free_port() {
  local name port
  for name in "$@"; do
    while :; do
      port=$((20000 + RANDOM % 20000))
      case "$TAKEN" in *" $port "*) continue ;; esac
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        TAKEN="$TAKEN$port "
        printf -v "$name" '%s' "$port"
        break
      fi
    done
  done
}

# Builds what is missing: build_missing MODULE FILE [MODULE FILE ...] builds each MODULE whose
# FILE does not exist.
build_missing() {
  local missing=()
  while [ $# -ge 2 ]; do
    [ -e "$2" ] || missing+=("$1")
    shift 2
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "building ${missing[*]}"
    ./mvnw -B -q package -DskipTests -pl "$(IFS=,; echo "${missing[*]}")" -am
  fi
}

# Spring Cloud Gateway's jar (bench/scg, a build of its own, not a module of the root one), when
# it is missing or older than any of its sources.
build_scg() {
  if [ ! -e "$SCG_JAR" ] || [ -n "$(find bench/scg/pom.xml bench/scg/src -newer "$SCG_JAR" -print -quit)" ]; then
    log "building bench/scg"
    ./mvnw -B -q -f bench/scg/pom.xml package -DskipTests
  fi
}

# Waits until $url answers 200, while process $pid lives; fails after SECONDS_MAX (90) s:
# wait_ok NAME PID URL [SECONDS_MAX].
wait_ok() {
  local name=$1 pid=$2 url=$3 max=${4:-90}
  local deadline=$((SECONDS + max))
  until curl -fs -o /dev/null --max-time 1 "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited during start-up; its log:"; tail -20 "$WORK/$name.log" >&2; exit 1
    fi
    [ $SECONDS -lt $deadline ] || { log "$name not ready after $max s"; tail -20 "$WORK/$name.log" >&2; exit 1; }
    sleep 0.02
  done
}

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

# Both samples on free ports, ready, and the gateway's routing file over them (canary at weight
# 50, in the temp dir): sets V1_PORT, V2_PORT, V1_PID and V2_PID.
start_samples() {
  free_port V1_PORT V2_PORT
  start_sample sample-v1 "$V1_JAR" "$V1_PORT"; V1_PID=${PIDS[-1]}
  start_sample sample-v2 "$V2_JAR" "$V2_PORT"; V2_PID=${PIDS[-1]}
  wait_ok sample-v1 "$V1_PID" "http://127.0.0.1:$V1_PORT/q/health/ready"
  wait_ok sample-v2 "$V2_PID" "http://127.0.0.1:$V2_PORT/q/health/ready"
  # A directory of its own, as a ConfigMap mount and local mode give it: the gateway watches the
  # routing file's directory, and the servers' logs beside it would wake that watch on every line.
  mkdir -p "$WORK/routing"
  cat >"$WORK/routing/routing.yaml" <<ROUTING
strategy: canary
groups:
  v1: [http://127.0.0.1:$V1_PORT]
  v2: [http://127.0.0.1:$V2_PORT]
canary:
  stable: v1
  canary: v2
  weight: 50
ROUTING
}

# A routing file for the samples from a template (bench/routing-*.yaml) whose ${V1_PORT} and
# ${V2_PORT} are filled in: routing_from TEMPLATE OUT.
routing_from() {
  sed -e "s/\${V1_PORT}/$V1_PORT/g" -e "s/\${V2_PORT}/$V2_PORT/g" "$1" >"$2"
}

# A gateway on a routing file: start_gateway NAME APP_DIR PORT [JVM options] [routing file,
# default the canary at 50 of start_samples]. Its pid is ${PIDS[-1]}, its log $WORK/NAME.log.
start_gateway() {
  local name=$1 app=$2 port=$3 opts=${4:-} routing=${5:-$WORK/routing/routing.yaml}
  # shellcheck disable=SC2086  # the options are words
  (cd "$WORK" && exec taskset -c "$SERVER_CPUS" java $opts -Dgateway.routing.file="$routing" \
    -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -jar "$app/quarkus-run.jar" >"$WORK/$name.log" 2>&1) &
  PIDS+=($!)
}

# A config template of bench/ (nginx.conf, haproxy.cfg, Caddyfile) with its placeholders
# filled in: render TEMPLATE OUT PORT. @WORKERS@ is the number of server CPUs.
render() {
  sed -e "s/@V1_PORT@/$V1_PORT/g; s/@V2_PORT@/$V2_PORT/g; s/@PORT@/$3/g" \
    -e "s/@WORKERS@/$(taskset -c "$SERVER_CPUS" nproc)/g" "$1" >"$2"
}

# The proxies besides the gateway, each on the server CPUs with its log in $WORK/NAME.log and
# its pid in ${PIDS[-1]}: start_nginx PORT, start_haproxy PORT, start_caddy PORT, start_scg PORT.
start_nginx() {
  render "$ROOT/bench/nginx.conf" "$WORK/nginx.conf" "$1"
  mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
  # -e: the error log before the config is read (the default is /var/log/nginx/error.log).
  taskset -c "$SERVER_CPUS" nginx -e "$WORK/nginx/logs/error.log" -c "$WORK/nginx.conf" -p "$WORK/nginx/" \
    >"$WORK/nginx.log" 2>&1 &
  PIDS+=($!)
}
start_haproxy() {
  render "$ROOT/bench/haproxy.cfg" "$WORK/haproxy.cfg" "$1"
  # -db: in the foreground, one process (its threads are moved with taskset -a like the JVMs').
  taskset -c "$SERVER_CPUS" "$HAPROXY" -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
  PIDS+=($!)
}
start_caddy() {
  render "$ROOT/bench/Caddyfile" "$WORK/Caddyfile" "$1"
  mkdir -p "$WORK/caddy"
  # Caddy keeps its data and autosaved config under HOME and the XDG directories: the temp dir.
  HOME=$WORK/caddy XDG_DATA_HOME=$WORK/caddy XDG_CONFIG_HOME=$WORK/caddy \
    taskset -c "$SERVER_CPUS" "$CADDY" run --adapter caddyfile --config "$WORK/Caddyfile" >"$WORK/caddy.log" 2>&1 &
  PIDS+=($!)
}
# With the JVM's defaults, as the gateway in this bench: same JDK, same CPUs, no options.
start_scg() {
  (cd "$WORK" && exec taskset -c "$SERVER_CPUS" java -jar "$ROOT/$SCG_JAR" --server.port="$1" \
    --bench.v1-port="$V1_PORT" --bench.v2-port="$V2_PORT" >"$WORK/scg.log" 2>&1) &
  PIDS+=($!)
}

# user+system CPU clock ticks of the given processes, all threads
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

# Requests wrk served, summed over its output files.
requests() { awk '/requests in/ {n += $1} END {print n + 0}' "$@"; }

# The median of the numbers on stdin, with DECIMALS (2) decimals.
median() {
  sort -g | awk -v d="${1:-2}" '{v[NR] = $1} END {printf "%." d "f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# Microseconds of CPU per request: us_per_request TICKS REQUESTS [DECIMALS (0)].
us_per_request() {
  awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" -v d="${3:-0}" 'BEGIN {printf "%." d "f", t * 1e6 / hz / n}'
}
