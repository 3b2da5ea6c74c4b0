#!/usr/bin/env bash
# Runs the commands of one or more labs on a real cluster, in order, and checks what the labs
# promise. Read labs/README.md, "Running a lab with labs/run.sh", for the conventions it reads.
#   labs/run.sh 03                 run Lab 03 on the cluster kubectl points at
#   labs/run.sh 01 02 03           several labs, in the order given
#   labs/run.sh --local 03         run Lab 03's local-mode part instead (no cluster; a JDK 17)
#   labs/run.sh --dry-run 03       list the steps only (no cluster needed); the build calls this
#   labs/run.sh --script 03        print the bash script it would run (no cluster needed)
#   labs/run.sh --timeout 1200 10  seconds one lab may take before it is stopped (default 900)
# Fenced blocks: ```bash runs and must succeed; ```bash fails must end non-zero; ```bash watch runs
# in the background until the lab ends (another terminal for a learner); ```bash local,
# ```bash local fails and ```bash local watch are the same for local mode: skipped on a cluster, the
# only blocks --local runs. <!-- check: CMD --> after a block: CMD must succeed (hidden on GitHub);
# it belongs to the mode of the block before it.
# With --local, `./rollout-lab up` runs with --detach (it returns once everything is ready), each lab
# has a state directory of its own ($ROLLOUT_LAB_STATE_DIR) and, where unshare can make one, a
# network namespace of its own (its ports 8080-8084 do not meet a local mode already running);
# `./rollout-lab down` runs when the lab ends, whatever happened.
# Each lab runs in one bash session (cd, variables and background jobs carry from block to block);
# everything it leaves running is stopped when it ends, on failure, on timeout and on Ctrl-C.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
dry_run=0
print_script=0
local_mode=0
timeout_s=900
labs=()

usage() {
  # the header comment, up to the first line that is not one
  sed -n '2,/^[^#]/p' "$0" | sed -n 's/^# \{0,1\}//p' >&2
  exit "${1:-2}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --script) print_script=1 ;;
    --local) local_mode=1 ;;
    --timeout)
      [ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]] || { echo "error: --timeout needs a number of seconds" >&2; exit 2; }
      timeout_s="$2"; shift ;;
    -h|--help) usage 0 ;;
    -*) echo "error: unknown option $1" >&2; usage ;;
    *) labs+=("$1") ;;
  esac
  shift
done
[ ${#labs[@]} -gt 0 ] || { echo "error: name at least one lab number, e.g. labs/run.sh 03" >&2; usage; }

# Lab numbers to files; refuse anything unknown before running anything.
files=()
for n in "${labs[@]}"; do
  if ! [[ "$n" =~ ^[0-9]{1,2}$ ]]; then
    echo "error: '$n' is not a lab number (two digits, e.g. 03)" >&2; exit 2
  fi
  n=$(printf '%02d' "$((10#$n))")
  match=("$here/$n"-*.md)
  if [ ! -f "${match[0]}" ]; then
    echo "error: no lab $n; the labs are: $(cd "$here" && ls [0-9][0-9]-*.md | cut -c1-2 | tr '\n' ' ')" >&2
    exit 2
  fi
  files+=("${match[0]}")
done

# The steps of a lab, one per line: LINE<TAB>KIND<TAB>TEXT, TEXT with \n for newlines (printf %b).
# KIND: run, fails, watch, local, local fails, local watch (blocks, LINE = the fence) or check,
# local check (LINE = the comment; local when the block before it is).
steps() {
  local file="$1" n=0 line fence=0 kind="" start=0 body="" info mode=""
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    if [[ "$line" =~ ^[[:space:]]*\`\`\` ]]; then
      if [ $fence = 1 ]; then
        fence=0
        if [ -n "$kind" ]; then
          printf '%s\t%s\t%s\n' "$start" "$kind" "$body"
        fi
        kind=""
      else
        fence=1
        info="${line#*\`\`\`}"
        read -r -a words <<< "$info"
        if [ "${words[0]:-}" = bash ]; then
          case "${words[*]:1}" in
            "") kind=run ;;
            fails|watch|local|"local fails"|"local watch") kind="${words[*]:1}" ;;
            *) echo "error: $file:$n: unknown block kind '${words[*]:1}' (known: bash, bash fails, bash watch, bash local, bash local fails, bash local watch)" >&2; return 2 ;;
          esac
          mode=""
          [[ "$kind" == local* ]] && mode="local "
          start=$n
          body=""
        fi
      fi
      continue
    fi
    if [ $fence = 1 ]; then
      if [ -n "$kind" ]; then
        local escaped="${line//\\/\\\\}"
        body="${body:+$body\\n}$escaped"
      fi
    elif [[ "$line" =~ ^\<\!--\ check:\ (.*)\ --\>$ ]]; then
      local check="${BASH_REMATCH[1]}"
      printf '%s\t%s\t%s\n' "$n" "${mode}check" "${check//\\/\\\\}"
    fi
  done < "$file"
  if [ $fence = 1 ]; then
    echo "error: $file: a fence opened at line $start is never closed" >&2
    return 2
  fi
}

# A local block as --local runs it: `./rollout-lab up` (a learner's first terminal, which stays
# in the foreground) with --detach, so it returns once everything is ready.
detached() {
  local line out="" re='^([[:space:]]*\./rollout-lab[[:space:]]+up)([[:space:]].*)?$'
  while IFS= read -r line; do
    if [[ "$line" =~ $re ]] && [[ " ${BASH_REMATCH[2]:-} " != *" --detach "* ]]; then
      line="${BASH_REMATCH[1]} --detach${BASH_REMATCH[2]:-}"
    fi
    out="${out:+$out$'\n'}$line"
  done <<< "$1"
  printf '%s' "$out"
}

# One script per lab: the blocks in order, in one shell. $3 = local: the local-mode blocks run and
# the cluster's are skipped; otherwise the other way round.
script_of() {
  local file="$1" rel="$2" mode="${3:-cluster}" line kind text
  cat <<'EOF'
set -o pipefail
cd "$LAB_ROOT" || exit 2
__where=""
__on_err() { echo "FAILED: $__where: \`$1\` exited $2" >&2; }
EOF
  while IFS=$'\t' read -r line kind text; do
    local body ran
    body="$(printf '%b' "$text")"
    printf '\n__where=%q\n' "$rel:$line"
    printf 'printf "\\n==> %%s [%s]\\n" "$__where"\n' "$kind"
    if [ "$mode" = local ]; then
      if [[ "$kind" != local* ]]; then
        printf 'echo "(skipped: the cluster part, not local mode)"\n'
        continue
      fi
      kind="${kind#local}"
      kind="${kind# }"
      [ -n "$kind" ] || kind=run
    elif [[ "$kind" == local* ]]; then
      printf 'echo "(skipped: local mode, not the cluster)"\n'
      continue
    fi
    printf 'printf "%%s\\n" %q | sed "s/^/+ /"\n' "$body"
    if [ "$mode" = local ]; then
      ran="$(detached "$body")"
      if [ "$ran" != "$body" ]; then
        printf 'echo "(./rollout-lab up runs with --detach here: it returns once everything is ready)"\n'
        body="$ran"
      fi
    fi
    case "$kind" in
      run)
        printf "set -e; trap '__on_err \"\$BASH_COMMAND\" \$?' ERR\n%s\nset +e; trap - ERR\n" "$body" ;;
      fails)
        printf '%s\n__rc=$?\n' "$body"
        printf 'if [ "$__rc" = 0 ]; then echo "FAILED: $__where: the lab says this fails (a non-zero exit), it exited 0" >&2; exit 1; fi\n'
        printf 'echo "(exited $__rc, as the lab says)"\n' ;;
      watch)
        printf '( %s\n) > %q 2>&1 < /dev/null &\n' "$body" "$work/watch-${rel//\//_}-$line.log"
        printf 'echo "(running in the background until the lab ends; output: %s)"\n' "$work/watch-${rel//\//_}-$line.log" ;;
      check)
        printf 'if ! ( %s\n); then echo "FAILED: $__where: this check does not hold:" %q >&2; exit 1; fi\n' "$body" "$body"
        printf 'echo "(holds)"\n' ;;
    esac
  done < <(steps "$file")
  printf '\necho\necho "lab passed: %s"\n' "$rel${3:+ (local mode)}"
}

# Parse every named lab first: a parse error stops before anything runs.
for file in "${files[@]}"; do
  steps "$file" > /dev/null || exit 2
  if [ $local_mode = 1 ] && ! steps "$file" | cut -f2 | grep -q '^local'; then
    echo "error: ${file#"$root"/} has no local-mode part (no \`\`\`bash local block); run it on a cluster, without --local" >&2
    exit 2
  fi
done

if [ $dry_run = 1 ]; then
  for file in "${files[@]}"; do
    rel="${file#"$root"/}"
    steps "$file" | while IFS=$'\t' read -r line kind text; do
      if [ $local_mode = 1 ] && [[ "$kind" != local* ]]; then
        continue
      fi
      first="$(printf '%b' "$text" | head -n 1)"
      printf '%s:%s\t%s\t%s\n' "$rel" "$line" "$kind" "$first"
    done
  done
  exit 0
fi

mode=""
[ $local_mode = 1 ] && mode=local
if [ $print_script = 1 ]; then
  work='$LAB_WORK'
  for file in "${files[@]}"; do
    script_of "$file" "${file#"$root"/}" $mode
  done
  exit 0
fi

run=(bash)
if [ $local_mode = 1 ]; then
  for tool in curl timeout; do
    command -v "$tool" > /dev/null || { echo "error: $tool is not on the PATH; the labs need it" >&2; exit 2; }
  done
  if ! command -v java > /dev/null && [ -z "${JAVA_HOME:-}" ]; then
    echo "error: Java is not on the PATH (nor JAVA_HOME set); local mode needs a JDK 17" >&2; exit 2
  fi
  # A network namespace of its own (root, or user namespaces allowed): the lab's ports 8080-8084
  # (and 18482, Lab 06's) are its own, whatever runs on the machine. Else the machine's ports.
  netns=(unshare --net)
  [ "$(id -u)" = 0 ] || netns=(unshare --user --map-root-user --net)
  if command -v unshare > /dev/null && command -v ip > /dev/null && "${netns[@]}" -- ip link set lo up 2> /dev/null; then
    run=("${netns[@]}" -- bash -c 'ip link set lo up || exit 2; exec bash "$1"' lab)
    echo "local mode runs in a network namespace of its own: ports 8080-8084 are its own"
  else
    for port in 8080 8081 8082 8083 8084 18482; do
      if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
        echo "error: port $port is taken, and no network namespace of its own is possible here (unshare --net needs root, or user namespaces, and ip); stop what listens there (./rollout-lab down?) and try again" >&2
        exit 2
      fi
    done
    echo "local mode runs on this machine's ports 8080-8084 (no network namespace possible here: unshare --net needs root, or user namespaces, and ip)"
  fi
else
  for tool in kubectl helm curl timeout; do
    command -v "$tool" > /dev/null || { echo "error: $tool is not on the PATH; the labs need it" >&2; exit 2; }
  done
  if ! kubectl cluster-info --request-timeout=10s > /dev/null 2>&1; then
    echo "error: no cluster reachable with kubectl (context: $(kubectl config current-context 2>/dev/null || echo none)); make one with Lab 00 (cluster/kind-up.sh)" >&2
    exit 2
  fi
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/lab-run.XXXXXX")"
group=""
state=""
stop_lab() {
  # Local mode first, gracefully, as a learner ends it: ./rollout-lab down with the lab's state.
  if [ -n "$state" ]; then
    ROLLOUT_LAB_STATE_DIR="$state" "$root/rollout-lab" down --timeout 10s > /dev/null 2>&1
    state=""
  fi
  # Everything the lab started runs in the process group of its `timeout`: stop the whole group.
  if [ -n "$group" ]; then
    kill -TERM -- "-$group" 2>/dev/null
    sleep 1
    kill -KILL -- "-$group" 2>/dev/null
    group=""
  fi
}
trap 'stop_lab; rm -rf "$work"' EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

failed=0
for file in "${files[@]}"; do
  rel="${file#"$root"/}"
  script="$work/$(basename "$file" .md).sh"
  rm -f "$work"/watch-*.log
  script_of "$file" "$rel" $mode > "$script"
  if [ $local_mode = 1 ]; then
    # Its own local mode: state, routing file, logs and volumes (counters start at 0).
    state="$work/state-$(basename "$file" .md)"
    mkdir -p "$state"
    echo "=== $rel, local mode (timeout ${timeout_s}s; state in $state)"
    LAB_ROOT="$root" ROLLOUT_LAB_STATE_DIR="$state" timeout --kill-after=10s "${timeout_s}s" "${run[@]}" "$script" < /dev/null &
  else
    echo "=== $rel (timeout ${timeout_s}s)"
    LAB_ROOT="$root" timeout --kill-after=10s "${timeout_s}s" bash "$script" < /dev/null &
  fi
  group=$!
  wait "$group"
  rc=$?
  if [ $rc != 0 ] && [ -n "$state" ] && [ -d "$state/logs" ]; then
    for log in "$state"/logs/*.log; do
      [ -f "$log" ] || continue
      echo "--- last lines of local mode's $(basename "$log"):" >&2
      tail -n 10 "$log" >&2
    done
  fi
  stop_lab
  if [ $rc = 124 ] || [ $rc = 137 ]; then
    echo "FAILED: $rel took longer than ${timeout_s}s and was stopped" >&2
  fi
  if [ $rc != 0 ]; then
    for log in "$work"/watch-*.log; do
      [ -f "$log" ] || continue
      echo "--- last lines of the watch $(basename "$log" .log | sed 's/^watch-//'):" >&2
      tail -n 20 "$log" >&2
    done
    echo "=== $rel FAILED (exit $rc)" >&2
    failed=1
    break
  fi
done
exit $failed
