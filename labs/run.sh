#!/usr/bin/env bash
# Runs the commands of one or more labs on a real cluster, in order, and checks what the labs
# promise. Read labs/README.md, "Running a lab with labs/run.sh", for the conventions it reads.
#   labs/run.sh 03                 run Lab 03 on the cluster kubectl points at
#   labs/run.sh 01 02 03           several labs, in the order given
#   labs/run.sh --dry-run 03       list the steps only (no cluster needed); the build calls this
#   labs/run.sh --script 03        print the bash script it would run (no cluster needed)
#   labs/run.sh --timeout 1200 10  seconds one lab may take before it is stopped (default 900)
# Fenced blocks: ```bash runs and must succeed; ```bash fails must end non-zero; ```bash watch runs
# in the background until the lab ends (another terminal for a learner); ```bash local is local mode
# and skipped. <!-- check: CMD --> after a block: CMD must succeed (hidden on GitHub).
# Each lab runs in one bash session (cd, variables and background jobs carry from block to block);
# everything it leaves running is stopped when it ends, on failure, on timeout and on Ctrl-C.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
dry_run=0
print_script=0
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
# KIND: run, fails, watch, local (blocks, LINE = the fence) or check (LINE = the comment).
steps() {
  local file="$1" n=0 line fence=0 kind="" start=0 body="" info
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
          case "${words[1]:-}" in
            "") kind=run ;;
            fails|watch|local) kind="${words[1]}" ;;
            *) echo "error: $file:$n: unknown block kind '${words[1]}' (known: bash, bash fails, bash watch, bash local)" >&2; return 2 ;;
          esac
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
      printf '%s\t%s\t%s\n' "$n" check "${check//\\/\\\\}"
    fi
  done < "$file"
  if [ $fence = 1 ]; then
    echo "error: $file: a fence opened at line $start is never closed" >&2
    return 2
  fi
}

# One script per lab: the blocks in order, in one shell.
script_of() {
  local file="$1" rel="$2" line kind text
  cat <<'EOF'
set -o pipefail
cd "$LAB_ROOT" || exit 2
__where=""
__on_err() { echo "FAILED: $__where: \`$1\` exited $2" >&2; }
EOF
  while IFS=$'\t' read -r line kind text; do
    local body
    body="$(printf '%b' "$text")"
    printf '\n__where=%q\n' "$rel:$line"
    printf 'printf "\\n==> %%s [%s]\\n" "$__where"\n' "$kind"
    printf 'printf "%%s\\n" %q | sed "s/^/+ /"\n' "$body"
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
      local)
        printf 'echo "(skipped: local mode, not the cluster)"\n' ;;
      check)
        printf 'if ! ( %s\n); then echo "FAILED: $__where: this check does not hold:" %q >&2; exit 1; fi\n' "$body" "$body"
        printf 'echo "(holds)"\n' ;;
    esac
  done < <(steps "$file")
  printf '\necho\necho "lab passed: %s"\n' "$rel"
}

# Parse every named lab first: a parse error stops before anything runs.
for file in "${files[@]}"; do
  steps "$file" > /dev/null || exit 2
done

if [ $dry_run = 1 ]; then
  for file in "${files[@]}"; do
    rel="${file#"$root"/}"
    steps "$file" | while IFS=$'\t' read -r line kind text; do
      first="$(printf '%b' "$text" | head -n 1)"
      printf '%s:%s\t%s\t%s\n' "$rel" "$line" "$kind" "$first"
    done
  done
  exit 0
fi

if [ $print_script = 1 ]; then
  work='$LAB_WORK'
  for file in "${files[@]}"; do
    script_of "$file" "${file#"$root"/}"
  done
  exit 0
fi

for tool in kubectl helm curl timeout; do
  command -v "$tool" > /dev/null || { echo "error: $tool is not on the PATH; the labs need it" >&2; exit 2; }
done
if ! kubectl cluster-info --request-timeout=10s > /dev/null 2>&1; then
  echo "error: no cluster reachable with kubectl (context: $(kubectl config current-context 2>/dev/null || echo none)); make one with Lab 00 (cluster/kind-up.sh)" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/lab-run.XXXXXX")"
group=""
stop_lab() {
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
  script_of "$file" "$rel" > "$script"
  echo "=== $rel (timeout ${timeout_s}s)"
  LAB_ROOT="$root" timeout --kill-after=10s "${timeout_s}s" bash "$script" < /dev/null &
  group=$!
  wait "$group"
  rc=$?
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
