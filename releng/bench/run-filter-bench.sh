#!/usr/bin/env bash
# Filter benchmark: the Trace view's signal filter over every row of a trace store, whole process (JVM start,
# store open, protocol detection and any cache the filter builds included), beside the C parse floor on the text
# log the store was made from, in one run, interleaved.
#   releng/bench/run-filter-bench.sh [LINES]       default: BMSW_BENCH_LINES or 10000000
# Rows: the C floor (parse_floor.c on the log), `FilterBench filter STORE 'soc_pct < 40'` (decodes every row the
# filter needs) and `FilterBench filter STORE 'id == 0x351'` (frame fields only), each with -Xmx128m
# (BMSW_BENCH_XMX). FilterBench runs TraceRows.filter, the code of the Trace view's filter job; it is compiled
# with javac from org.bmsw.core, org.bmsw.formats and org.bmsw.protocol (no Maven). Median of BMSW_BENCH_RUNS
# (default 3); the table gives each row's ratio to the floor's wall time and the target (4x for the signal
# filter, issue 13). BMSW_BENCH_LOG=FILE reuses a log made with gen_candump.py.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/releng/bench"
RUNS="${BMSW_BENCH_RUNS:-3}"
XMX="${BMSW_BENCH_XMX:-128m}"
LINES="${1:-${BMSW_BENCH_LINES:-10000000}}"
. "$BENCH/bench-lib.sh"

[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (Debian: apt-get install time)" >&2; exit 1; }
command -v gcc >/dev/null || { echo "bench: gcc missing, needed for the C parse floor (apt-get install gcc)" >&2; exit 1; }
[[ "$LINES" =~ ^[1-9][0-9]*$ ]] || { echo "bench: LINES must be a positive number, not '$LINES'" >&2; exit 2; }
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: BMSW_BENCH_RUNS must be a positive number, not '$RUNS'" >&2; exit 2; }
bench_init filter  # WORK, and a trap that ends every process started here

gcc -O2 -o "$WORK/parse_floor" "$BENCH/parse_floor.c"
bench_compile "$BENCH/FilterBench.java" org.bmsw.core org.bmsw.formats org.bmsw.protocol
CP="$BENCH_CP"

if [ -n "${BMSW_BENCH_LOG:-}" ]; then
  log="$BMSW_BENCH_LOG"
  LINES="$(wc -l < "$log")"
else
  log="$WORK/bench-$LINES.log"
  echo "bench: generating $LINES lines with gen_candump.py" >&2
  bench_run python3 "$BENCH/gen_candump.py" "$LINES" "$log"
fi
echo "bench: importing the log into a trace store (not timed)" >&2
bench_run java -cp "$CP" FilterBench import "$log" "$WORK/bench.bmst" > /dev/null
cat "$log" "$WORK/bench.bmst" > /dev/null  # warm the page cache for every tool alike
echo "bench: $LINES lines, $(du -m "$log" | cut -f1) MB; store $(du -m "$WORK/bench.bmst" | cut -f1) MB; -Xmx$XMX" >&2

# name;label;target ratio to the floor
rows=(
  "floor;C parse floor (parse_floor.c, text log);-"
  "signal;filter soc_pct < 40 over the store (FilterBench);4"
  "fields;filter id == 0x351 over the store (FilterBench);-"
)
run_row() {  # NAME I
  case "$1" in
    floor) bench_once floor "$2" "$WORK/parse_floor" "$log" ;;
    signal) bench_once signal "$2" java -Xmx"$XMX" -XX:+UseSerialGC -cp "$CP" FilterBench filter "$WORK/bench.bmst" 'soc_pct < 40' ;;
    fields) bench_once fields "$2" java -Xmx"$XMX" -XX:+UseSerialGC -cp "$CP" FilterBench filter "$WORK/bench.bmst" 'id == 0x351' ;;
  esac
}
for ((i = 0; i < RUNS; i++)); do
  for r in "${rows[@]}"; do run_row "${r%%;*}" "$i"; done
done

read -r floor_wall floor_rss < <(bench_median floor)
echo
echo "| $LINES rows, -Xmx$XMX | wall s (median of $RUNS) | vs C floor | target | result | peak RSS MB |"
echo "|---|---:|---:|---:|---|---:|"
for r in "${rows[@]}"; do
  IFS=';' read -r name label target <<<"$r"
  read -r wall rss < <(bench_median "$name")
  awk -v l="$label" -v w="$wall" -v f="$floor_wall" -v t="$target" -v m="$((rss / 1024))" 'BEGIN {
    ratio = (f > 0) ? w / f : 0
    if (t == "-") printf "| %s | %s | %.1fx | - | - | %d |\n", l, w, ratio, m
    else printf "| %s | %s | %.1fx | %gx | %s | %d |\n", l, w, ratio, t, (ratio <= t) ? "PASS" : "FAIL", m }'
done
echo
echo "soc_pct < 40: $(cat "$WORK/out.signal"); id == 0x351: $(cat "$WORK/out.fields")"
echo "vs C floor = wall time over the floor's (JVM start included). $(uptime | sed 's/.*load/load/'), $(nproc) cores."
