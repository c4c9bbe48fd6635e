#!/usr/bin/env bash
# Decode benchmark: candump text in, canonical signals out (end to end), against python-can's bare reader and the
# C parse floor in the same run; and decoding alone from the trace store. On logs from gen_candump.py.
#   releng/bench/run-decode-bench.sh [LINES...]        default: 1000000 10000000
# Needs java/javac 17+, python3, gcc, /usr/bin/time; python-can (Debian python3-can) for its row.
# Each measurement is the median of 3 runs of a fresh process (BMSW_BENCH_RUNS): wall time and peak RSS.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/releng/bench"  # the generator, the C floor and the peers live beside this script
RUNS="${BMSW_BENCH_RUNS:-3}"
LINE_COUNTS=("$@")
[ ${#LINE_COUNTS[@]} -gt 0 ] || LINE_COUNTS=(1000000 10000000)
. "$ROOT/releng/bench/bench-lib.sh"
bench_init decode  # WORK, and a trap that ends every process started here

[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (Debian: apt-get install time)" >&2; exit 1; }
bench_compile "$ROOT/releng/bench/DecodeBench.java" org.bmsw.core org.bmsw.formats org.bmsw.protocol
gcc -O2 -o "$WORK/parse_floor" "$BENCH/parse_floor.c"
JAVA=(java -cp "$BENCH_CP")
pycan=1
/usr/bin/python3 -c 'import can' 2>/dev/null || { pycan=0; echo "bench: python-can missing (apt-get install python3-can): its row and ratio skipped" >&2; }

# run NAME CMD...: RUNS runs; prints "wall_s rss_kb" of the median (by wall time) run; its stdout in $WORK/out.NAME
run() {
  local name="$1"; shift
  local results=()
  for ((i = 0; i < RUNS; i++)); do
    local start end wall rss
    start="$(date +%s%N)"
    bench_run /usr/bin/time -v -o "$WORK/time" "$@" > "$WORK/out.$i" 2>"$WORK/err" || { echo "bench: $name failed:" >&2; cat "$WORK/err" >&2; return 1; }
    end="$(date +%s%N)"
    wall="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", (e - s) / 1e9 }')"
    rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time")"
    results+=("$wall $rss $i")
  done
  local median
  median="$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")"
  cp "$WORK/out.${median##* }" "$WORK/out.$name"
  echo "${median% *}"
}

# steady NAME: median frames/s of the last 3 repeats printed by the median process
steady() { grep -o 'frames_per_s [0-9]*' "$WORK/out.$1" | tail -3 | awk '{ print $2 }' | sort -n | sed -n 2p; }

rows=()
row() { rows+=("$1|$2|$3|$4|$5"); }  # lines, tool, wall s, rss kB, frames

for lines in "${LINE_COUNTS[@]}"; do
  log="$WORK/bench-$lines.log"
  echo "bench: generating $lines lines with gen_candump.py" >&2
  bench_run python3 "$BENCH/gen_candump.py" "$lines" "$log"
  cat "$log" > /dev/null  # warm the page cache, as for every tool below
  echo "bench: $lines lines, $(du -m "$log" | cut -f1) MB" >&2

  read -r wall rss < <(run floor "$WORK/parse_floor" "$log")
  frames="$(awk '{ print $2 }' "$WORK/out.floor")"
  row "$lines" "C parse floor (parse_floor.c)" "$wall" "$rss" "$frames"
  if [ "$pycan" = 1 ]; then
    read -r wall rss < <(run python-can /usr/bin/python3 "$BENCH/pycan_read.py" "$log")
    row "$lines" "python-can CanutilsLogReader (pycan_read.py)" "$wall" "$rss" "$frames"
    echo "bench: python-can: $(cat "$WORK/out.python-can")" >&2
  fi
  read -r wall rss < <(run e2e "${JAVA[@]}" DecodeBench e2e "$log")
  row "$lines" "bmsw decode end to end (JVM start included)" "$wall" "$rss" "$frames"
  echo "bench: e2e: $(cat "$WORK/out.e2e")" >&2
  read -r wall rss < <(run e2e-warm "${JAVA[@]}" DecodeBench e2e "$log" 6)
  fps="$(steady e2e-warm)"
  row "$lines" "bmsw decode end to end, in-process after warm-up" "$(awk -v n="$frames" -v f="$fps" 'BEGIN { printf "%.4f", n / f }')" "$rss" "$frames"

  "${JAVA[@]}" DecodeBench import "$log" "$WORK/store.bmst" >&2  # once; not measured here (see the trace bench)
  read -r wall rss < <(run store "${JAVA[@]}" DecodeBench store "$WORK/store.bmst" 10)
  fps="$(steady store)"
  echo "bench: store: $(tail -1 "$WORK/out.store")" >&2
  row "$lines" "bmsw decode from the store, in-process (1 thread)" "$(awk -v n="$frames" -v f="$fps" 'BEGIN { printf "%.4f", n / f }')" "$rss" "$frames"
  row "$lines" "bmsw decode from the store (JVM start, open, 10 passes)" "$wall" "$rss" "$((frames * 10))"
  rm -f "$log" "$WORK/store.bmst"
done

echo
echo "| lines | tool | wall s (median of $RUNS) | frames/s | vs python-can | vs C floor | peak RSS MB |"
echo "|---:|---|---:|---:|---:|---:|---:|"
floor=""; pywall=""
for r in "${rows[@]}"; do
  IFS='|' read -r lines tool wall rss frames <<<"$r"
  [[ "$tool" == C\ parse\ floor* ]] && { floor="$wall"; pywall=""; }
  [[ "$tool" == python-can* ]] && pywall="$wall"
  awk -v l="$lines" -v t="$tool" -v w="$wall" -v r="$rss" -v f="$floor" -v p="$pywall" -v n="$frames" -v fl="$lines" 'BEGIN {
    fps = (w > 0) ? n / w : 0
    py = (p > 0 && w > 0) ? sprintf("%.1fx", (n / w) / (fl / p)) : "-"
    fr = (f > 0 && w > 0) ? sprintf("%.2f", (n / w) / (fl / f)) : "-"
    printf "| %d | %s | %.4f | %.2f M | %s | %s | %.0f |\n", l, t, w, fps / 1e6, py, fr, r / 1024 }'
done
echo
echo "vs python-can / vs C floor = tool frames/s divided by the peer's frames/s on the same file (higher is better)."
echo "In-process rows: wall = frames / steady frames/s (median of the last 3 of the repeats); RSS of that process."
