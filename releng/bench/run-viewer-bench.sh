#!/usr/bin/env bash
# Viewer benchmark: what the Trace view does with a 10-million-frame trace, in a fresh JVM with a small heap.
#   releng/bench/run-viewer-bench.sh [FRAMES] [XMX]        default: 10000000 128m
#   BMSW_BENCH_LOG=trace.log ... reuses a log gen_candump.py wrote before (FRAMES is then what it holds)
# Generates a candump log with gen_candump.py (beside this script), imports it into a trace store (as File > Open
# Trace does, timed), then runs `ViewerBench view` BMSW_BENCH_RUNS times (default 3) with -Xmx$XMX: open, protocol
# detection, first screen (rows read and decoded), jumps to the middle and the end by row and by time, the battery
# state at the end, and two filter passes. Prints each run's steps and the median run's figures; peak RSS from
# /usr/bin/time -v (it counts the mapped store pages the run touched, which are page cache, not heap).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/releng/bench"  # the generator, the C floor and the peers live beside this script
FRAMES="${1:-10000000}"
XMX="${2:-128m}"
RUNS="${BMSW_BENCH_RUNS:-3}"
. "$ROOT/releng/bench/bench-lib.sh"
bench_init viewer  # WORK, and a trap that ends every process started here

[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (Debian: apt-get install time)" >&2; exit 1; }
bench_compile "$ROOT/releng/bench/ViewerBench.java" org.bmsw.core org.bmsw.formats org.bmsw.protocol
CP="$BENCH_CP"

LOG="${BMSW_BENCH_LOG:-}"  # a log gen_candump.py wrote before, to save the minutes of generating it again
if [ -z "$LOG" ]; then
  echo "bench: generating $FRAMES frames with gen_candump.py" >&2
  LOG="$WORK/trace.log"
  bench_run python3 "$BENCH/gen_candump.py" "$FRAMES" "$LOG"
fi
echo "bench: $(du -m "$LOG" | cut -f1) MB of candump log; importing into a trace store" >&2
import_line="$(java -cp "$CP" ViewerBench import "$LOG" "$WORK/trace.bmst" | tail -n 1)"
echo "bench: $import_line" >&2
rm -f "$WORK/trace.log"
cat "$WORK/trace.bmst" > /dev/null  # warm page cache, as after the import in the workbench

results=()
for ((i = 1; i <= RUNS; i++)); do
  start="$(date +%s%N)"
  bench_run /usr/bin/time -v -o "$WORK/time" java -Xmx"$XMX" -cp "$CP" ViewerBench view "$WORK/trace.bmst" > "$WORK/out"
  end="$(date +%s%N)"
  wall="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time")"
  echo "run $i (process wall ${wall} s, peak RSS $((rss / 1024)) MB):"
  sed '$d' "$WORK/out"
  results+=("$(tail -n 1 "$WORK/out") process_wall_s $wall peak_rss_MB $((rss / 1024))")
done
echo
echo "import: $import_line"
echo "median run (by open_to_first_screen_s), -Xmx$XMX:"
printf '%s\n' "${results[@]}" | awk '{ for (i = 1; i < NF; i++) if ($i == "open_to_first_screen_s") print $(i + 1), $0 }' \
  | sort -n | sed -n "$(((RUNS + 1) / 2))p" | cut -d' ' -f2-
