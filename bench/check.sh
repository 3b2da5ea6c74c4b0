#!/usr/bin/env bash
# What CI can check of the benchmark without running it (a run takes minutes and needs a quiet
# machine): every bad setting or argument stops bench/run.sh, bench/ab.sh, bench/startup.sh and bench/memory.sh at
# once with exit 2 and names what is wrong, before anything is installed, built or started.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
checked=0
expect_refused() { # "ENV=value ..." "words the message must contain" [script [args...]]
  local settings=$1 expected=$2 output code=0
  shift 2
  checked=$((checked + 1))
  [ $# -gt 0 ] || set -- bench/run.sh
  output=$(env $settings "$@" 2>&1 >/dev/null) || code=$?
  if [ "$code" -ne 2 ] || [[ $output != *"$expected"* ]]; then
    echo "bench/check.sh: '$settings' gave exit $code and: $output" >&2
    status=1
  fi
}
expect_refused "RATE=0" "RATE must be a whole number above 0"
expect_refused "CONNECTIONS=ten" "CONNECTIONS must be a whole number above 0"
expect_refused "DURATION=abc" "DURATION must be a number of seconds"
expect_refused "WARMUP=-5s" "WARMUP must be a number of seconds"
expect_refused "ROUNDS=20 DURATION=15s" "DURATION (15s) must give each of the 20 rounds at least 1 s"
expect_refused "RATE=50000 PACED_CONNECTIONS=20" "RATE (50000) is more than 20 connections can pace"
expect_refused "PEERS=varnish" "PEERS: no peer 'varnish'; choose from: haproxy caddy scg"
expect_refused "PEERS=caddy CADDY=/no/such/caddy" "PEERS has caddy, but there is no '/no/such/caddy' command here"
expect_refused "PEERS=haproxy HAPROXY=/no/such/haproxy" "or leave it out: PEERS=\"\" bench/run.sh"
app=gateway/target/quarkus-app
expect_refused "" "usage: bench/ab.sh A_APP B_APP" bench/ab.sh "$app"
expect_refused "" "/no/such/dir is not a quarkus-app directory" bench/ab.sh /no/such/dir "$app"
expect_refused "ROUNDS=0" "ROUNDS must be a whole number above 0" bench/ab.sh bench bench
expect_refused "B_ROUTING=bench/nope.yaml" "B_ROUTING: no routing file template at 'bench/nope.yaml'" bench/ab.sh bench bench
expect_refused "RUNS=five" "RUNS must be a whole number above 0" bench/startup.sh
expect_refused "APPS=sample-v1" "APPS: no app 'sample-v1'; choose from: sample gateway" bench/startup.sh
expect_refused "" "no variant 'fast-jar'; choose from: old old+banner-off" bench/startup.sh new fast-jar
expect_refused "" "bench/memory.sh: no variant 'newest'; choose from: old new" bench/memory.sh newest
expect_refused "UP_RUNS=0" "UP_RUNS must be a whole number above 0" bench/propagation.sh
echo "bench settings: $checked bad ones checked"
exit "$status"
