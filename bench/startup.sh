#!/usr/bin/env bash
# Start-up of each app, fork to ready, under several sets of JVM options: one JVM at a time on
# one core (taskset), RUNS times each, medians. Prints a table; results in bench/results/startup/.
#
#   bench/startup.sh                      # every variant below, 5 runs each
#   RUNS=9 STARTUP_CPU=1 APPS=gateway bench/startup.sh old new
#   bench/startup.sh new-fast-jar new     # the two packagings side by side
#
# Columns: ready = fork to the first 200 of /q/health/ready (what a kubelet and `./rollout-lab up`
# wait on); cpu = user+system CPU the JVM used by then, all threads (less noisy than wall time on
# a shared machine); "started" = what Quarkus logs ("started in"). The machine's other load shows
# in wall time first: compare ratios within one run.
#
# Packaging: the apps are built as `aot-jar` (the root pom.xml), which lays out quarkus-app/ like
# `fast-jar` but puts every class on the JVM's class path. The fast-jar variants run a fast-jar
# build of the same sources, which the script makes in target/fast-jar/ of each app when it is
# missing or older than target/quarkus-app/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib.sh
source bench/lib.sh

# A start on a machine busy with other work can take longer than lib.sh's 90 s: START_TIMEOUT (300 s).
START_TIMEOUT=${START_TIMEOUT:-300}

RUNS=${RUNS:-5}
STARTUP_CPU=${STARTUP_CPU:-0}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}

# Each variant: name|java|JVM options|archive kind (none, cds: a dynamic AppCDS archive made by a
# training run, aot: the JDK 25 AOT cache made by a training run)|packaging (fast-jar or aot-jar).
# The old variants are fast-jar, as the pods were then.
VARIANTS=(
  "old|$JAVA17|$OLD_JVM_OPTS|none|fast-jar"
  "old+banner-off|$JAVA17|$OLD_JVM_OPTS -Dquarkus.banner.enabled=false|none|fast-jar"
  "old+c1|$JAVA17|$OLD_JVM_OPTS -XX:TieredStopAtLevel=1|none|fast-jar"
  "old+appcds|$JAVA17|$OLD_JVM_OPTS|cds|fast-jar"
  "new-no-archive|$JAVA17|$IMAGE_JVM_OPTS|none|aot-jar"
  "new-fast-jar|$JAVA17|$IMAGE_JVM_OPTS|cds|fast-jar"
  "new|$JAVA17|$IMAGE_JVM_OPTS|cds|aot-jar"
  "new-jdk25-aot|$JAVA25|$IMAGE_JVM_OPTS|aot|aot-jar"
)

usage_error() { echo "bench/startup.sh: $*" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || usage_error "RUNS must be a whole number above 0, not '$RUNS'"
APPS=${APPS:-sample gateway}
for app in $APPS; do
  case $app in sample | gateway) ;; *) usage_error "APPS: no app '$app'; choose from: sample gateway" ;; esac
done
keep_variants bench/startup.sh "$@"

start_run startup
build_missing services/sample-v1 "$V1_JAR" gateway "$GW_APP/quarkus-run.jar"
# The fast-jar builds, when a variant runs one: fast-jar copies MODULE..., each in MODULE/target/fast-jar.
# A package run with the packaging overridden, into a directory of its own beside quarkus-app/.
fast_jar_copies() {
  local stale=() module
  for module in "$@"; do
    [ "$module/target/fast-jar/quarkus-run.jar" -nt "$module/target/quarkus-app/quarkus-run.jar" ] || stale+=("$module")
  done
  [ ${#stale[@]} -gt 0 ] || return 0
  log "building fast-jar copies of ${stale[*]}"
  # Its output to a log (Quarkus's extensions print even under -q), kept with the results.
  ./mvnw -B -q package -DskipTests -pl "$(IFS=,; echo "${stale[*]}")" -am \
    -Dquarkus.package.jar.type=fast-jar -Dquarkus.package.output-directory=fast-jar >"$WORK/fast-jar-build.log" 2>&1 \
    || { log "the fast-jar build failed:"; tail -20 "$WORK/fast-jar-build.log" >&2; exit 1; }
}
case " ${VARIANTS[*]} " in *"|fast-jar "*) fast_jar_copies services/sample-v1 gateway ;; esac
mkdir -p "$WORK/routing"
printf 'strategy: rolling\ngroups: {sample: [http://127.0.0.1:9]}\nrolling: {group: sample}\n' >"$WORK/routing/routing.yaml"
mkdir -p "$WORK/scratch" "$WORK/node" "$WORK/data"

# The app's own properties, so it starts outside a pod: app_props APP PORT.
app_props() {
  local app=$1 port=$2
  echo "-Dquarkus.http.port=$port -Dquarkus.http.host=127.0.0.1"
  if [ "$app" = sample ]; then
    echo "-Dsample.volumes.scratch.path=$WORK/scratch -Dsample.volumes.node.path=$WORK/node"
    echo "-Dsample.volumes.data.path=$WORK/data -Dquarkus.log.handler.file.\"access\".path=$WORK/scratch/access.log"
  else
    echo "-Dgateway.routing.file=$WORK/routing/routing.yaml"
  fi
}

# The jar of an app in a packaging: jar_of APP PACKAGING.
jar_of() {
  local module dir
  module=$([ "$1" = sample ] && echo services/sample-v1 || echo gateway)
  dir=$([ "$2" = fast-jar ] && echo fast-jar || echo quarkus-app)
  echo "$ROOT/$module/target/$dir/quarkus-run.jar"
}

# The archive's options for a run, after a training run made it: archive_opts APP VARIANT JAVA OPTS KIND PACKAGING.
# Training: the app starts, answers ready, and stops on SIGTERM; the JVM writes the archive at
# exit (as the images' build step and local mode's first start do).
archive_opts() {
  local app=$1 name=$2 java=$3 opts=$4 kind=$5 packaging=$6 file train
  [ "$kind" = none ] && return 0
  file="$WORK/$app-$name.$kind"
  if [ ! -f "$file" ]; then
    if [ "$kind" = cds ]; then train="-XX:ArchiveClassesAtExit=$file"; else train="-XX:AOTCacheOutput=$file"; fi
    one_start "$app" "$java" "$opts $train -Xlog:$([ "$kind" = cds ] && echo cds || echo aot)=off" "$packaging" >/dev/null
    [ -f "$file" ] || { log "training $app $name wrote no $file"; tail -20 "$WORK/$app.log" >&2; exit 1; }
  fi
  if [ "$kind" = cds ]; then echo "-XX:SharedArchiveFile=$file"; else echo "-XX:AOTCache=$file"; fi
}

# One start: one_start APP JAVA OPTS PACKAGING prints "ready_ms cpu_ms started_s".
one_start() {
  local app=$1 java=$2 opts=$3 packaging=$4 t0 pid ms ticks started
  free_port START_PORT  # a global: free_port's own locals would shadow a local of this name
  t0=$(date +%s%N)
  # shellcheck disable=SC2046,SC2086
  (cd "$WORK" && exec taskset -c "$STARTUP_CPU" "$java" $opts $(app_props "$app" "$START_PORT") \
    -jar "$(jar_of "$app" "$packaging")" >"$WORK/$app.log" 2>&1) &
  pid=$!
  PIDS+=("$pid")
  wait_ok "$app" "$pid" "http://127.0.0.1:$START_PORT/q/health/ready" "$START_TIMEOUT"
  ms=$((($(date +%s%N) - t0) / 1000000))
  ticks=$(cpu_ticks "$pid")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  PIDS=("${PIDS[@]/$pid}")
  started=$(sed -n 's/.* started in \([0-9.]*\)s.*/\1/p' "$WORK/$app.log" | head -1)
  echo "$ms $((ticks * 1000 / $(getconf CLK_TCK))) ${started:-?}"
}

printf '%s, %s runs each on CPU %s, load average %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$RUNS" \
  "$STARTUP_CPU" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee "$RESULTS/table.txt"
printf '%-8s %-16s %10s %12s %9s %12s\n' app variant "ready ms" "(min-max)" "cpu ms" "started s" | tee -a "$RESULTS/table.txt"
for app in $APPS; do
  for v in "${VARIANTS[@]}"; do
    IFS='|' read -r name java opts kind packaging <<<"$v"
    [ -x "$java" ] || command -v "$java" >/dev/null || { log "no $java: skipping $name"; continue; }
    opts="$opts $(archive_opts "$app" "$name" "$java" "$opts" "$kind" "$packaging")"
    : >"$WORK/runs"
    for _ in $(seq 1 "$RUNS"); do one_start "$app" "$java" "$opts" "$packaging" >>"$WORK/runs"; done
    cp "$WORK/runs" "$RESULTS/$app-$name.runs"
    printf '%-8s %-16s %10s %12s %9s %12s\n' "$app" "$name" "$(cut -d' ' -f1 "$WORK/runs" | median 0)" \
      "($(cut -d' ' -f1 "$WORK/runs" | sort -n | head -1)-$(cut -d' ' -f1 "$WORK/runs" | sort -n | tail -1))" \
      "$(cut -d' ' -f2 "$WORK/runs" | median 0)" "$(cut -d' ' -f3 "$WORK/runs" | grep -v '?' | median 3)" \
      | tee -a "$RESULTS/table.txt"
  done
done
