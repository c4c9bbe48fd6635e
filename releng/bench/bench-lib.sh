# Sourced by the run-*-bench.sh scripts: a work folder, and an exit trap that ends every process the script
# started, also on Ctrl-C or kill, also those started inside command substitutions (subshells, where a variable
# set by the child would never reach the trap: the pids go into a file instead).
#   bench_init NAME        WORK=a fresh temporary folder; traps EXIT, INT and TERM
#   bench_run CMD...       runs CMD in the foreground, but so that INT/TERM still reach the trap at once
#   bench_bg CMD...        starts CMD in the background; its pid in BENCH_LAST_PID
#   bench_stop PID         ends PID (and what it started) now and forgets it

bench_init() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/bmsw-$1-bench.XXXXXX")"
  BENCH_PIDS="$WORK/.pids"
  : > "$BENCH_PIDS"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# bench_tree PID: PID and its descendants, parents first
bench_tree() {
  local child
  echo "$1"
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do bench_tree "$child"; done
}

bench_forget() { sed -i "/^$1\$/d" "$BENCH_PIDS" 2>/dev/null || true; }

bench_stop() {
  local pids
  pids="$(bench_tree "$1")"
  # shellcheck disable=SC2086  # a list of pids
  kill $pids 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  bench_forget "$1"
}

bench_bg() {
  "$@" &
  BENCH_LAST_PID=$!
  echo "$BENCH_LAST_PID" >> "$BENCH_PIDS"
}

bench_run() {
  local pid status=0
  "$@" &
  pid=$!
  echo "$pid" >> "$BENCH_PIDS"
  wait "$pid" || status=$?
  bench_forget "$pid"
  return "$status"
}

bench_cleanup() {
  local status=$? pid pids=""
  trap - EXIT INT TERM
  if [ -f "${BENCH_PIDS:-}" ]; then
    while read -r pid; do pids="$pids $(bench_tree "$pid")"; done < "$BENCH_PIDS"
  fi
  # direct children too (a process substitution, a pipeline still running)
  for pid in $(ps -o pid= --ppid $$ 2>/dev/null); do pids="$pids $(bench_tree "$pid")"; done
  # shellcheck disable=SC2086
  [ -z "${pids// /}" ] || kill $pids 2>/dev/null || true  # some have ended meanwhile
  [ -z "${WORK:-}" ] || rm -rf "$WORK"
  exit "$status"
}
