#!/usr/bin/env bash
# Command-line benchmark: the built product's commands, whole process (JVM start included), beside the C parse
# floor and python-can's reader, on one generated 4-pack candump log, in one run, interleaved.
#   releng/bench/run-cli-bench.sh [LINES]         default: BMSW_BENCH_LINES or 10000000
# Rows: the C floor (parse_floor.c), python-can's CanutilsLogReader (Debian python3-can; skipped when missing),
# bmsw info, bmsw state, bmsw analyze --json A --report R, bmsw decode --format jsonl | wc -c (byte count
# printed), bmsw state of the same frames already in a trace store (the convert is not timed), and bmsw state
# of the 16-frame bundles/org.bmsw.testdata/traces/ecoworthy_cubix100_pylon_can_candump.txt.
# Each bmsw runs through the product's own start script with BMSW_JAVA_OPTS=-Xmx128m (BMSW_BENCH_XMX to
# change); wall time around the process, peak RSS from /usr/bin/time -v, median of BMSW_BENCH_RUNS (default 3).
# The table gives each row's ratio to the floor's wall time, the target and PASS/FAIL; the ratios are meant for
# 10 M lines (on a small log the floor takes milliseconds and every JVM row fails its ratio).
# BMSW_BENCH_LOG=FILE reuses a log made with gen_candump.py; BMSW_BENCH_STRICT=1 exits 1 when a row fails.
# Needs the product (./bmsw build), java 17+, python3, gcc, /usr/bin/time.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/releng/bench"
RUNS="${BMSW_BENCH_RUNS:-3}"
XMX="${BMSW_BENCH_XMX:-128m}"
LINES="${1:-${BMSW_BENCH_LINES:-10000000}}"
PRODUCT="${BMSW_PRODUCT_DIR:-$ROOT/releng/org.bmsw.product/target/products/org.bmsw.product/linux/gtk/x86_64/bmsw}"
SMALL_TRACE="$ROOT/bundles/org.bmsw.testdata/traces/ecoworthy_cubix100_pylon_can_candump.txt"
. "$BENCH/bench-lib.sh"

[ -x "$PRODUCT/bmsw" ] || { echo "bench: no product at $PRODUCT: run ./bmsw build first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (Debian: apt-get install time)" >&2; exit 1; }
command -v gcc >/dev/null || { echo "bench: gcc missing, needed for the C parse floor (apt-get install gcc)" >&2; exit 1; }
[[ "$LINES" =~ ^[1-9][0-9]*$ ]] || { echo "bench: LINES must be a positive number, not '$LINES'" >&2; exit 2; }
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: BMSW_BENCH_RUNS must be a positive number, not '$RUNS'" >&2; exit 2; }
bench_init cli  # WORK, and a trap that ends every process started here

gcc -O2 -o "$WORK/parse_floor" "$BENCH/parse_floor.c"
pycan=1
/usr/bin/python3 -c 'import can' 2>/dev/null || {
  pycan=0; echo "bench: python-can missing (Debian: apt-get install python3-can): its row is skipped" >&2; }
export BMSW_JAVA_OPTS="-Xmx$XMX ${BMSW_JAVA_OPTS:-}"
BMSW="$PRODUCT/bmsw"


if [ -n "${BMSW_BENCH_LOG:-}" ]; then
  log="$BMSW_BENCH_LOG"  # a log generated before (gen_candump.py LINES FILE), kept
  LINES="$(wc -l < "$log")"
else
  log="$WORK/bench-$LINES.log"
  echo "bench: generating $LINES lines with gen_candump.py" >&2
  bench_run python3 "$BENCH/gen_candump.py" "$LINES" "$log"
fi
echo "bench: converting the log into a trace store (not timed)" >&2
bench_run "$BMSW" convert "$log" "$WORK/bench.bmst" --to store > /dev/null
cat "$log" "$WORK/bench.bmst" > /dev/null  # warm the page cache for every tool alike
echo "bench: $LINES lines, $(du -m "$log" | cut -f1) MB; store $(du -m "$WORK/bench.bmst" | cut -f1) MB; bmsw with -Xmx$XMX" >&2

# name;label (Markdown: a | in it as \|);target ratio to the floor, or "<S s" for an absolute wall time
rows=(
  "floor;C parse floor (parse_floor.c);-"
  "pycan;python-can CanutilsLogReader (pycan_read.py);-"
  "info;bmsw info FILE;5"
  "state;bmsw state FILE;5"
  "analyze;bmsw analyze --json A --report R FILE;7"
  "decode;bmsw decode --format jsonl FILE \\| wc -c;12"
  "store;bmsw state STORE (same frames, trace store);4"
  "small;bmsw state (16-frame ecoworthy trace);<1.0 s"
)
run_row() {  # NAME I
  case "$1" in
    floor) bench_once floor "$2" "$WORK/parse_floor" "$log" ;;
    pycan) [ "$pycan" = 1 ] && bench_once pycan "$2" /usr/bin/python3 "$BENCH/pycan_read.py" "$log" ;;
    info) bench_once info "$2" "$BMSW" info "$log" ;;
    state) bench_once state "$2" "$BMSW" state "$log" ;;
    analyze) bench_once analyze "$2" "$BMSW" analyze --json "$WORK/report.json" --report "$WORK/report.html" "$log" ;;
    decode) bench_once decode "$2" sh -c '"$1" decode --format jsonl "$2" | wc -c' sh "$BMSW" "$log" ;;
    store) bench_once store "$2" "$BMSW" state "$WORK/bench.bmst" ;;
    small) bench_once small "$2" "$BMSW" state "$SMALL_TRACE" ;;
  esac
  return 0
}
# interleaved, so a busy machine slows every tool alike
for ((i = 0; i < RUNS; i++)); do
  for r in "${rows[@]}"; do run_row "${r%%;*}" "$i"; done
done

read -r floor_wall floor_rss < <(bench_median floor)
failed=0
table=()
for r in "${rows[@]}"; do
  IFS=';' read -r name label target <<<"$r"
  [ -f "$WORK/results.$name" ] || continue
  read -r wall rss < <(bench_median "$name")
  verdict="$(awk -v w="$wall" -v f="$floor_wall" -v t="$target" 'BEGIN {
    ratio = (f > 0) ? w / f : 0
    if (t == "-") { printf "%.1fx|-|-", ratio; exit }
    if (t ~ /^</) { limit = substr(t, 2) + 0; printf "%.1fx|under %.1f s|%s", ratio, limit, (w < limit) ? "PASS" : "FAIL"; exit }
    printf "%.1fx|%gx|%s", ratio, t, (ratio <= t) ? "PASS" : "FAIL" }')"
  [[ "$verdict" == *FAIL ]] && failed=1
  table+=("| $label | $wall | ${verdict//|/ | } | $((rss / 1024)) |")
done
bytes="$(tr -d ' \n' < "$WORK/out.decode")"
[[ "$bytes" =~ ^[0-9]+$ ]] || { echo "bench: decode | wc -c printed '$bytes', not a byte count" >&2; exit 1; }

echo
echo "| $LINES lines, bmsw -Xmx$XMX | wall s (median of $RUNS) | vs C floor | target | result | peak RSS MB |"
echo "|---|---:|---:|---:|---|---:|"
printf '%s\n' "${table[@]}"
echo
echo "bmsw decode --format jsonl wrote $bytes bytes. Floor: $(cat "$WORK/out.floor")"
[ "$pycan" = 1 ] && echo "python-can $(/usr/bin/python3 -c 'import can; print(can.__version__)'): $(cat "$WORK/out.pycan")"
echo "vs C floor = wall time over the floor's (JVM start included). $(uptime | sed 's/.*load/load/'), $(nproc) cores."
[ "$failed" = 0 ] || [ "${BMSW_BENCH_STRICT:-0}" != 1 ] || exit 1
exit 0
