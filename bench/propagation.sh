#!/usr/bin/env bash
# How fast a routing change takes effect, from outside the gateway (bench/PropagationBench.java):
#   file       from the CLI's write of the routing file (temp file moved over it) to the first
#              answer from the new version, over CHANGES flips of a canary between 0 and 100
#   configmap  from an update of the routing ConfigMap (fabric8's Kubernetes mock server, CRUD
#              mode) to the same, the gateway watching it through the API
# and the wall time of the CLI commands that move a rollout (hyperfine, each on a running local
# mode with one v1 and one v2 instance; every timed run makes a real change, the --prepare
# command undoing it untimed), after the time of `./rollout-lab up --detach` to ready (five JVMs:
# the first `up` on a fresh state directory makes the apps' class archives, then UP_RUNS more
# use them; `down` between).
#
#   bench/propagation.sh
#   CHANGES=50 CLI_RUNS=20 bench/propagation.sh
#   GATEWAY_APP=/old/gateway/target/quarkus-app CLI_HOME=/old bench/propagation.sh   # an older build
#
# Env: CHANGES (30) per path, CLI_RUNS (10) per command, UP_RUNS (3) after the first `up`,
# GATEWAY_APP (gateway/target/quarkus-app) for the propagation paths, CLI_HOME: a directory laid
# out as this repository with built jars (cli/target/rollout-lab-cli.jar, gateway/target/quarkus-app,
# services/sample-v*/target/quarkus-app) whose CLI and local mode are timed instead of this
# repository's (run with java -jar: the entry script is this repository's), SKIP_CLI=1 /
# SKIP_PROPAGATION=1 / SKIP_UP=1 to leave a part out (the `up` timings are part of the CLI's).
# Logs go to bench/results/propagation-<timestamp>/; each table row is also logged when measured.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CHANGES=${CHANGES:-30}
CLI_RUNS=${CLI_RUNS:-10}
UP_RUNS=${UP_RUNS:-3}
GATEWAY_APP=${GATEWAY_APP:-$ROOT/gateway/target/quarkus-app}
usage_error() { echo "bench: $*" >&2; exit 2; }
for name in CHANGES CLI_RUNS UP_RUNS; do
  [[ ${!name} =~ ^[1-9][0-9]*$ ]] || usage_error "$name must be a whole number above 0, not '${!name}'"
done
[ "$CHANGES" -ge 20 ] || usage_error "CHANGES must be at least 20 (a p90 of fewer says little), not $CHANGES"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
pin_cpus
start_run "propagation-$(date +%Y%m%d-%H%M%S)"

if ! command -v hyperfine >/dev/null && [ -z "${SKIP_CLI:-}" ]; then
  log "installing hyperfine from Debian"
  sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
  $sudo apt-get install -y hyperfine >"$WORK/apt.log" 2>&1 \
    || { $sudo apt-get update >>"$WORK/apt.log" 2>&1 && $sudo apt-get install -y hyperfine >>"$WORK/apt.log" 2>&1; }
fi
build_missing services/sample-v1 "$V1_JAR" services/sample-v2 "$V2_JAR" gateway "$GW_APP/quarkus-run.jar" \
  cli cli/target/rollout-lab-cli.jar
[ -f "$GATEWAY_APP/quarkus-run.jar" ] || usage_error "GATEWAY_APP: no quarkus-run.jar in $GATEWAY_APP"

# The measuring program runs in source-file mode on the gateway's test classpath, where fabric8's
# Kubernetes mock server is (quarkus-test-kubernetes-client).
# Kept in gateway/target, resolved again when a pom changed.
CLASSPATH_FILE=$ROOT/gateway/target/propagation-classpath.txt
if [ ! -s "$CLASSPATH_FILE" ] || [ pom.xml -nt "$CLASSPATH_FILE" ] || [ gateway/pom.xml -nt "$CLASSPATH_FILE" ]; then
  log "resolving the gateway's test classpath"
  ./mvnw -B -q -o -pl gateway dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CLASSPATH_FILE" >"$WORK/classpath.log" 2>&1 \
    || ./mvnw -B -q -pl gateway dependency:build-classpath -Dmdep.includeScope=test \
         -Dmdep.outputFile="$CLASSPATH_FILE" >>"$WORK/classpath.log" 2>&1
fi

FILE_LINE="" CM_LINE=""
if [ -z "${SKIP_PROPAGATION:-}" ]; then
  start_samples
  measure() { # measure MODE: one PropagationBench run against GATEWAY_APP, its summary line to stdout
    (cd "$WORK" && taskset -c "$SERVER_CPUS" java -cp "$(cat "$CLASSPATH_FILE")" "$ROOT/bench/PropagationBench.java" \
      "$1" "$GATEWAY_APP" "$WORK" "$V1_PORT" "$V2_PORT" "$CHANGES" 2>"$WORK/propagation-$1.log")
  }
  log "file: $CHANGES changes of the routing file"
  FILE_LINE=$(measure file)
  log "configmap: $CHANGES updates of the ConfigMap"
  CM_LINE=$(measure configmap)
  log "$FILE_LINE / $CM_LINE (mode n median p90 max, ms)"
fi

# --- the CLI -----------------------------------------------------------------------------------
CLI_TABLE="" UP_TABLE=""
if [ -z "${SKIP_CLI:-}" ]; then
  STATE=$WORK/state
  free_port CLI_PORT
  CLI_HOME=${CLI_HOME:-$ROOT}
  jar="java -Drollout-lab.home=$CLI_HOME -jar $CLI_HOME/cli/target/rollout-lab-cli.jar --state-dir $STATE"
  if [ "$CLI_HOME" = "$ROOT" ]; then RL=("$ROOT/rollout-lab" --state-dir "$STATE"); else read -r -a RL <<<"$jar"; fi
  if [ -z "${SKIP_UP:-}" ]; then
    # The same CLI on a state directory of its own (RL's last word is its state directory).
    UP_RL=("${RL[@]}")
    UP_RL[-1]=$WORK/up-state
    # One `up --detach` to ready and `down`: prints "wall_ms ready_in" (what up says: "ready in 3.2s").
    time_up() {
      local t0 ms
      t0=$(date +%s%N)
      "${UP_RL[@]}" up --port "$CLI_PORT" --detach >"$WORK/up.log" 2>&1 \
        || { log "up failed:"; tail -20 "$WORK/up.log" >&2; exit 1; }
      ms=$((($(date +%s%N) - t0) / 1000000))
      PIDS+=($(jq -r '(.gateway, .instances[].process) | select(. != null) | .pid' "$WORK/up-state/state.json"))
      "${UP_RL[@]}" down --timeout 10s >"$WORK/down.log" 2>&1
      echo "$ms $(sed -n 's/.*ready in \([0-9.]*\)s.*/\1/p' "$WORK/up.log" | head -1)"
    }
    log "up, five JVMs: once making the class archives, then $UP_RUNS times with them"
    read -r first_ms first_ready <<<"$(time_up)"
    : >"$WORK/up.runs"
    for _ in $(seq 1 "$UP_RUNS"); do time_up >>"$WORK/up.runs"; done
    UP_TABLE="| \`up\` (first after a build: makes the class archives) | 1 | $first_ms | $first_ready s |"$'\n'
    UP_TABLE+="| \`up\` (class archives made) | $UP_RUNS | $(cut -d' ' -f1 "$WORK/up.runs" | median 0) | $(cut -d' ' -f2 "$WORK/up.runs" | median 1) s |"$'\n'
    log "$UP_TABLE"
  fi
  log "local mode on :$CLI_PORT (one v1, one v2) for the CLI's commands"
  "${RL[@]}" up --port "$CLI_PORT" --instances 1 --detach >"$WORK/up.log" 2>&1
  PIDS+=($(jq -r '(.gateway, .supervisor, .instances[].process) | select(. != null) | .pid' "$STATE/state.json" 2>/dev/null || true))
  rl="${RL[*]}"
  "${RL[@]}" canary --auto --hold manual --revision bench-1 >/dev/null
  "${RL[@]}" abort >/dev/null
  # name|prepare (untimed: undoes the last run, so each timed run makes a real change)|command (timed).
  # The first three split a command's time: the JVM alone, the CLI doing nothing, the CLI without
  # the entry script (which checks Java and whether to rebuild). An undo that finds nothing to undo
  # (the first abort's rollout still runs; the first promote's is aborted already) is no failure
  # (`;`, not `||`: a `|` would split the entry).
  cases=(
    "java -version (a bare JVM)|true|java -Xshare:auto -version"
    "java -jar cli --version (JVM + picocli)|true|$jar --version"
    "canary 20 (java -jar, no entry script)|$rl canary 0|$jar canary 20"
    "canary 20|$rl canary 0|$rl canary 20"
    "bluegreen green|$rl bluegreen blue|$rl bluegreen green"
    "canary --auto|$rl canary 0|$rl canary --auto --hold manual --revision bench-\$RANDOM\$RANDOM"
    "abort|$rl retry; true|$rl abort"
    "promote|$rl abort; $rl retry|$rl promote"
  )
  for entry in "${cases[@]}"; do
    IFS='|' read -r name prepare command <<<"$entry"
    hyperfine --shell bash --runs "$CLI_RUNS" --warmup 1 --prepare "$prepare" --export-json "$WORK/cli.json" "$command" \
      >"$WORK/hyperfine.log" 2>&1 || { log "hyperfine failed on '$name':"; tail -20 "$WORK/hyperfine.log" >&2; exit 1; }
    row=$(jq -r --arg name "$name" '.results[0].times | sort | . as $t
      | "| `\($name)` | \(length) | \($t[(length / 2 | floor)] * 1000 | round) | \($t[-1] * 1000 | round) |"' "$WORK/cli.json")
    log "$row"
    CLI_TABLE+=$row$'\n'
  done
  "${RL[@]}" down --timeout 10s >"$WORK/down.log" 2>&1 || true
fi

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
row() { awk '{printf "| %s | %d | %.1f | %.1f | %.1f |\n", $1, $2, $3, $4, $5}' <<<"$1"; }
echo
echo "$(date -u '+%Y-%m-%d %H:%M') UTC, load average at the end $LOAD"
if [ -n "$FILE_LINE" ]; then
  echo "routing change -> first answer from the new version, ms ($GATEWAY_APP)"
  echo "| path | changes | median | p90 | max |"
  echo "|---|---|---|---|---|"
  row "$FILE_LINE"
  row "$CM_LINE"
fi
if [ -n "$UP_TABLE" ]; then
  echo
  echo "./rollout-lab up --detach to ready, five JVMs (wall ms, median; and the time up reports)"
  echo "| command | runs | wall ms | \"ready in\" |"
  echo "|---|---|---|---|"
  printf '%s' "$UP_TABLE"
fi
if [ -n "$CLI_TABLE" ]; then
  echo
  echo "CLI command wall time, ms (hyperfine, $CLI_RUNS runs each; CLI and local mode from $CLI_HOME)"
  echo "| command | runs | median | max |"
  echo "|---|---|---|---|"
  printf '%s' "$CLI_TABLE"
fi
