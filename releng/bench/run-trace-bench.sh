#!/usr/bin/env bash
# Trace benchmark: our candump parse and store import against the peers, in the same run, on generated logs.
#   releng/bench/run-trace-bench.sh [LINES...]        default: 1000000 10000000
# Needs java/javac 17+, python3, gcc. Peers are used when installed and named when missing:
#   C parse floor (parse_floor.c, beside this script), can-utils log2asc, python-can (python3-can), tshark.
# BMSW_BENCH_PEERS="log2asc python-can tshark" (the default) picks peers; "" measures the floor and bmsw only.
# Each measurement is the median of 3 runs of a fresh process: wall time and peak RSS from /usr/bin/time -v.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/releng/bench"  # the generator, the C floor and the peers live beside this script
RUNS="${BMSW_BENCH_RUNS:-3}"
LINE_COUNTS=("$@")
[ ${#LINE_COUNTS[@]} -gt 0 ] || LINE_COUNTS=(1000000 10000000)
. "$ROOT/releng/bench/bench-lib.sh"
bench_init trace  # WORK, and a trap that ends every process started here

[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (Debian: apt-get install time)" >&2; exit 1; }
echo "bench: compiling org.bmsw.core + org.bmsw.formats + TraceBench with javac" >&2
mkdir -p "$WORK/classes"
javac -encoding UTF-8 --release 17 -nowarn -d "$WORK/classes" \
  $(find "$ROOT/bundles/org.bmsw.core/src" "$ROOT/bundles/org.bmsw.formats/src" -name '*.java') \
  "$ROOT/releng/bench/TraceBench.java"
gcc -O2 -o "$WORK/parse_floor" "$BENCH/parse_floor.c"
JAVA=(java -cp "$WORK/classes")

peers=()
wanted=" ${BMSW_BENCH_PEERS-log2asc python-can tshark} "
command -v log2asc >/dev/null && peers+=(log2asc) || echo "bench: can-utils log2asc missing (apt-get install can-utils): skipped" >&2
/usr/bin/python3 -c 'import can' 2>/dev/null && peers+=(python-can) || echo "bench: python-can missing (apt-get install python3-can): skipped" >&2
command -v tshark >/dev/null && peers+=(tshark) || echo "bench: tshark missing (apt-get install tshark): skipped" >&2

# run NAME CMD...: RUNS runs; prints "wall_s rss_kb" of the median (by wall time) run; last stdout in $WORK/out
run() {
  local name="$1"; shift
  local results=()
  for ((i = 0; i < RUNS; i++)); do
    local start end wall rss
    start="$(date +%s%N)"
    bench_run /usr/bin/time -v -o "$WORK/time" "$@" > "$WORK/out" 2>"$WORK/err" || { echo "bench: $name failed:" >&2; cat "$WORK/err" >&2; return 1; }
    end="$(date +%s%N)"
    wall="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", (e - s) / 1e9 }')"  # /usr/bin/time has 10 ms steps
    rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time")"
    results+=("$wall $rss $(tail -n 1 "$WORK/out")")  # the last line: TraceBench's result
  done
  printf '%s\n' "${results[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

rows=()
row() { rows+=("$1|$2|$3|$4"); }  # lines, tool, wall, rss

for lines in "${LINE_COUNTS[@]}"; do
  log="$WORK/bench-$lines.log"
  echo "bench: generating $lines lines with gen_candump.py" >&2
  bench_run python3 "$BENCH/gen_candump.py" "$lines" "$log"
  cat "$log" > /dev/null  # warm the page cache, as for every tool below
  echo "bench: $lines lines, $(du -m "$log" | cut -f1) MB" >&2

  read -r wall rss _ < <(run floor "$WORK/parse_floor" "$log"); row "$lines" "C parse floor (parse_floor.c)" "$wall" "$rss"
  floor_wall="$wall"
  read -r wall rss _ < <(run parse "${JAVA[@]}" TraceBench parse "$log"); row "$lines" "bmsw parse (JVM start included)" "$wall" "$rss"
  read -r wall rss _ < <(run parse-warm "${JAVA[@]}" TraceBench parse "$log" 6)
  steady="$(awk '{ print $NF }' <(grep -o 'lines_per_s [0-9]*' "$WORK/out" | tail -3 | sort -n -k2 | sed -n 2p))"
  rows+=("$lines|bmsw parse, in-process, median of passes 4-6 of one JVM|$(awk -v n="$lines" -v s="$steady" 'BEGIN { printf "%.4f", n / s }')|-")
  read -r wall rss out < <(run import "${JAVA[@]}" TraceBench import "$log" "$WORK/store.bmst"); row "$lines" "bmsw import into the store (JVM start included)" "$wall" "$rss"
  import_inproc="$(grep -o 'seconds [0-9.]*' <<<"$out" | awk '{ print $2 }')"
  rows+=("$lines|bmsw import, in-process (timed inside the median run's JVM)|$import_inproc|-")
  read -r wall rss open_line < <(run open java -Xmx256m -cp "$WORK/classes" TraceBench open "$WORK/store.bmst" 10000)
  echo "bench: store open with -Xmx256m: $open_line" >&2
  opens+=("$lines lines: $open_line (process wall ${wall}s, peak RSS ${rss} kB)")
  for peer in "${peers[@]}"; do
    [[ "$wanted" == *" $peer "* ]] || continue
    case "$peer" in
      log2asc) read -r wall rss _ < <(run log2asc log2asc -I "$log" -O "$WORK/out.asc" can0 can1 can2 can3) ;;
      python-can) read -r wall rss _ < <(run python-can /usr/bin/python3 "$BENCH/pycan_read.py" "$log") ;;
      tshark) read -r wall rss _ < <(run tshark tshark -r "$log" -T fields -e can.id) ;;
    esac
    row "$lines" "$peer" "$wall" "$rss"
  done
  rm -f "$log" "$WORK/store.bmst" "$WORK/out.asc"
done

echo
echo "| lines | tool | wall s (median of $RUNS) | lines/s | vs C floor | peak RSS MB |"
echo "|---:|---|---:|---:|---:|---:|"
floor=""
for r in "${rows[@]}"; do
  IFS='|' read -r lines tool wall rss <<<"$r"
  [[ "$tool" == C\ parse\ floor* ]] && floor="$wall"
  awk -v l="$lines" -v t="$tool" -v w="$wall" -v r="$rss" -v f="$floor" 'BEGIN {
    lps = (w > 0) ? l / w : 0; ratio = (w > 0 && f > 0) ? f / w : 0
    printf "| %d | %s | %.4f | %.2f M | %.2f | %s |\n", l, t, w, lps / 1e6, ratio, (r == "-") ? "-" : sprintf("%.0f", r / 1024) }'
done
echo
echo "vs C floor = floor wall time / tool wall time (1.00 = as fast as the floor)."
echo "Store open + reads (-Xmx256m):"
printf '  %s\n' "${opens[@]}"
