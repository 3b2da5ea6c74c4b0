#!/usr/bin/env bash
# Compares two builds (or two settings) of the gateway side by side, for changes too small to
# see in run.sh's numbers on a shared machine. Both gateways run at the same time, in front of
# the same two samples, each under its own wrk load of the same size, so the machine's changing
# background load hits both alike. Each round reports the CPU each gateway used per request
# (user + system, all threads, from /proc/<pid>/stat) and their ratio; the median ratio of the
# rounds is the result. Two identical builds give ratios within a few % of 1.00 and a median
# close to it; only a median clearly away from 1.00 means something.
#
#   bench/ab.sh A_APP B_APP        quarkus-app directories, e.g. a copy of gateway/target/quarkus-app
#                                  made before a change, and gateway/target/quarkus-app after it
#   A_OPTS=-Dx=1 bench/ab.sh gateway/target/quarkus-app gateway/target/quarkus-app
#                                  one build, two settings (JVM options for A and for B)
#   B_ROUTING=bench/routing-progressive.yaml bench/ab.sh gateway/target/quarkus-app gateway/target/quarkus-app
#                                  one build, two routing files: what a progressive rollout's
#                                  recording and judging cost per request (both split 50/50)
#
# Env: ROUNDS (16) of ROUND_SECONDS (10), after WARMUPS (4) loads of 20 s; CONNECTIONS (25) per
# gateway; A_OPTS, B_OPTS: JVM options; A_ROUTING, B_ROUTING: routing file templates (default:
# canary at 50 without a progressive block; ${V1_PORT} and ${V2_PORT} are filled in).
# Pinning as in run.sh: servers on SERVER_CPUS, wrk on LOAD_CPUS.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

usage_error() { echo "bench/ab.sh: $*" >&2; exit 2; }
[ $# -eq 2 ] || usage_error "usage: bench/ab.sh A_APP B_APP (two quarkus-app directories of the gateway)"
ROUNDS=${ROUNDS:-16}; ROUND_SECONDS=${ROUND_SECONDS:-10}; WARMUPS=${WARMUPS:-4}; CONNECTIONS=${CONNECTIONS:-25}
for name in ROUNDS ROUND_SECONDS WARMUPS CONNECTIONS; do
  [[ ${!name} =~ ^[1-9][0-9]*$ ]] || usage_error "$name must be a whole number above 0, not '${!name}'"
done
for name in A_ROUTING B_ROUTING; do
  [ -z "${!name:-}" ] || [ -f "${!name}" ] || usage_error "$name: no routing file template at '${!name}'"
done
A_ROUTING=${A_ROUTING:+$(realpath "$A_ROUTING")}; B_ROUTING=${B_ROUTING:+$(realpath "$B_ROUTING")}
A_APP=$(realpath -m "$1"); B_APP=$(realpath -m "$2")
for app in "$A_APP" "$B_APP"; do
  [ -f "$app/quarkus-run.jar" ] || usage_error "$app is not a quarkus-app directory (no quarkus-run.jar in it)"
done
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
pin_cpus
start_run "ab-$(date +%Y%m%d-%H%M%S)"

install_tools
build_missing services/sample-v1 "$V1_JAR" services/sample-v2 "$V2_JAR"

start_samples
free_port A_PORT B_PORT
A_FILE=$WORK/routing/routing.yaml; B_FILE=$WORK/routing/routing.yaml
[ -z "$A_ROUTING" ] || { A_FILE=$WORK/routing/routing-a.yaml; routing_from "$A_ROUTING" "$A_FILE"; }
[ -z "$B_ROUTING" ] || { B_FILE=$WORK/routing/routing-b.yaml; routing_from "$B_ROUTING" "$B_FILE"; }
start_gateway gateway-a "$A_APP" "$A_PORT" "${A_OPTS:-}" "$A_FILE"; A_PID=${PIDS[-1]}
start_gateway gateway-b "$B_APP" "$B_PORT" "${B_OPTS:-}" "$B_FILE"; B_PID=${PIDS[-1]}
wait_ok gateway-a "$A_PID" "http://127.0.0.1:$A_PORT/api/identity"
wait_ok gateway-b "$B_PID" "http://127.0.0.1:$B_PORT/api/identity"

# Both gateways under load at once; prints A's and B's request counts.
both() { # seconds name
  taskset -c "$LOAD_CPUS" wrk -t1 -c"$CONNECTIONS" -d"$1s" "http://127.0.0.1:$A_PORT/api/identity" >"$RESULTS/$2-a.txt" &
  local a=$!
  taskset -c "$LOAD_CPUS" wrk -t1 -c"$CONNECTIONS" -d"$1s" "http://127.0.0.1:$B_PORT/api/identity" >"$RESULTS/$2-b.txt"
  wait "$a"
  echo "$(requests "$RESULTS/$2-a.txt") $(requests "$RESULTS/$2-b.txt")"
}
log "A: $A_APP ${A_OPTS:-} ${A_ROUTING:-}; B: $B_APP ${B_OPTS:-} ${B_ROUTING:-}; servers on CPUs $SERVER_CPUS, wrk on CPUs $LOAD_CPUS"
log "warming up: $WARMUPS x 20 s"
for i in $(seq 1 "$WARMUPS"); do both 20 "warmup-$i" >/dev/null; done

RATIOS=()
for round in $(seq 1 "$ROUNDS"); do
  a0=$(cpu_ticks "$A_PID"); b0=$(cpu_ticks "$B_PID")
  read -r na nb < <(both "$ROUND_SECONDS" "round-$round")
  a1=$(cpu_ticks "$A_PID"); b1=$(cpu_ticks "$B_PID")
  ua=$(us_per_request $((a1 - a0)) "$na" 1); ub=$(us_per_request $((b1 - b0)) "$nb" 1)
  ratio=$(awk -v a="$ua" -v b="$ub" 'BEGIN {printf "%.3f", b / a}')
  RATIOS+=("$ratio")
  echo "round $round: A $ua µs/request ($na requests), B $ub µs/request ($nb requests), B/A $ratio"
done
SORTED=($(printf '%s\n' "${RATIOS[@]}" | sort -g))
echo "median B/A CPU per request over $ROUNDS rounds: $(printf '%s\n' "${RATIOS[@]}" | median 3)" \
  "(lowest ${SORTED[0]}, highest ${SORTED[-1]})"
