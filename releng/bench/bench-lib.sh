# Sourced by the run-*-bench.sh scripts: a work folder, and an exit trap that ends every process the script
# started, also on Ctrl-C or kill, also those started inside command substitutions (subshells, where a variable
# set by the child would never reach the trap: the pids go into a file instead).
#   bench_init NAME        WORK=a fresh temporary folder; traps EXIT, INT and TERM
#   bench_run CMD...       runs CMD in the foreground, but so that INT/TERM still reach the trap at once
#   bench_bg CMD...        starts CMD in the background; its pid in BENCH_LAST_PID
#   bench_stop PID         ends PID (and what it started) now and forgets it
#   bench_once NAME I CMD...  one timed run (wall time around the process, peak RSS from /usr/bin/time -v):
#                          appends "wall_s rss_kb I" to $WORK/results.NAME, its stdout kept in $WORK/out.NAME.I
#   bench_median NAME      "wall_s rss_kb" of the median run by wall time (of RUNS); its stdout becomes
#                          $WORK/out.NAME
#   bench_compile BENCH.java BUNDLE...  compiles the bundles' sources and the bench main with javac into
#                          $WORK/classes (their other source files copied beside: DBCs, maps, service entries);
#                          BENCH_CP is the class path to run it with (the jars of a previous ./bmsw build)

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

bench_once() {
  local name="$1" i="$2"; shift 2
  local start end wall rss
  start="$(date +%s%N)"
  bench_run /usr/bin/time -v -o "$WORK/time" "$@" > "$WORK/out.$name.$i" 2>"$WORK/err" || {
    echo "bench: $name failed:" >&2; tail -n 20 "$WORK/err" >&2; exit 1; }
  end="$(date +%s%N)"
  wall="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time")"
  echo "$wall $rss $i" >> "$WORK/results.$name"
  echo "bench: $name run $((i + 1)): ${wall} s, $((rss / 1024)) MB" >&2
}

bench_median() {
  local line
  line="$(sort -n "$WORK/results.$1" | sed -n "$(((RUNS + 1) / 2))p")"
  cp "$WORK/out.$1.${line##* }" "$WORK/out.$1"
  echo "${line% *}"
}

# The plain-Java bundles' dependencies, at the target platform's versions, from the local Maven repository.
BENCH_JARS=(com/google/code/gson/gson/2.11.0/gson-2.11.0.jar com/ghgande/j2mod/3.2.1/j2mod-3.2.1.jar
  com/fazecast/jSerialComm/2.11.0/jSerialComm-2.11.0.jar org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar
  org/osgi/org.osgi.service.component.annotations/1.5.1/org.osgi.service.component.annotations-1.5.1.jar
  tel/schich/javacan-core/3.5.0/javacan-core-3.5.0.jar org/eclipse/platform/org.eclipse.osgi/3.24.0/org.eclipse.osgi-3.24.0.jar)

bench_compile() {
  local main="$1" repo="${BMSW_LOCAL_REPO:-$HOME/.m2/repository}" jars="" jar bundle sources=()
  shift
  for jar in "${BENCH_JARS[@]}"; do
    [ -f "$repo/$jar" ] || { echo "bench: missing $repo/$jar (run ./bmsw build once)" >&2; exit 1; }
    jars="$jars:$repo/$jar"
  done
  for bundle in "$@"; do sources+=("$ROOT/bundles/$bundle/src"); done
  echo "bench: compiling $* and $(basename "$main" .java) with javac" >&2
  mkdir -p "$WORK/classes"
  # shellcheck disable=SC2046  # one word per source file
  javac -encoding UTF-8 --release 17 -nowarn -d "$WORK/classes" -cp "${jars#:}" \
    $(find "${sources[@]}" -name '*.java') "$main"
  for bundle in "$@"; do
    (cd "$ROOT/bundles/$bundle/src" && find . -type f ! -name '*.java' -exec cp --parents {} "$WORK/classes/" \;)
  done
  BENCH_CP="$WORK/classes$jars"
}
