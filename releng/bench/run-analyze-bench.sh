#!/usr/bin/env bash
# Analysis benchmark: `bmsw analyze` against plain decoding (`bmsw state`: the same reader and decoder, no checks)
# on one log from gen_candump.py, in the same run, both through the built product's launcher with a small heap
# (-Xmx, default 128m) to show the analysis keeps bounded memory.
#   releng/bench/run-analyze-bench.sh [LINES]          default: 10000000
# Needs the product (./bmsw build, under flock /tmp/bmsw-maven.lock), java 17+, python3, /usr/bin/time.
# BMSW_BENCH_RUNS (default 3): runs per tool, the median (by wall time) is reported; BMSW_BENCH_XMX: heap;
# BMSW_BENCH_DECODE=1 adds `bmsw decode --format jsonl > /dev/null` (writes every message, much slower);
# BMSW_BENCH_LOG=FILE reuses a log made before with gen_candump.py instead of generating one.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/releng/bench"  # the generator, the C floor and the peers live beside this script
RUNS="${BMSW_BENCH_RUNS:-3}"
XMX="${BMSW_BENCH_XMX:-128m}"
LINES="${1:-10000000}"
PRODUCT="$ROOT/releng/org.bmsw.product/target/products/org.bmsw.product/linux/gtk/x86_64/bmsw"
LAUNCHER="$(ls "$PRODUCT"/plugins/org.eclipse.equinox.launcher_*.jar 2>/dev/null | head -n 1)"
[ -n "$LAUNCHER" ] || { echo "bench: no product under $PRODUCT (run ./bmsw build first)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (Debian: apt-get install time)" >&2; exit 1; }
. "$ROOT/releng/bench/bench-lib.sh"
bench_init analyze  # WORK, and a trap that ends every process started here
# the product's own command-line start (its bmsw script), with the benchmark's heap instead of 1 GB
BMSW=(java -Xms32m "-Xmx$XMX" -XX:+UseSerialGC -Djava.awt.headless=true -jar "$LAUNCHER"
  -application org.bmsw.cli.application -nosplash -data @none)


if [ -n "${BMSW_BENCH_LOG:-}" ]; then
  log="$BMSW_BENCH_LOG"  # a log generated before (gen_candump.py LINES FILE), kept
  LINES="$(wc -l < "$log")"
else
  log="$WORK/bench-$LINES.log"
  echo "bench: generating $LINES lines with gen_candump.py" >&2
  bench_run python3 "$BENCH/gen_candump.py" "$LINES" "$log"
fi
cat "$log" > /dev/null  # warm the page cache for every tool alike
echo "bench: $LINES lines, $(du -m "$log" | cut -f1) MB, heap -Xmx$XMX" >&2

# interleaved, so a busy machine slows every tool alike
for ((i = 0; i < RUNS; i++)); do
  bench_once state "$i" "${BMSW[@]}" state "$log" --protocol auto
  # millions of JSON lines are counted, not kept
  [ "${BMSW_BENCH_DECODE:-0}" = 1 ] && bench_once decode "$i" sh -c '"$@" | wc -c' sh "${BMSW[@]}" decode "$log" \
    --format jsonl
  bench_once analyze "$i" "${BMSW[@]}" analyze "$log" --json "$WORK/report.json" --report "$WORK/report.html"
done
rows=()
read -r wall rss < <(bench_median state)
state_wall="$wall"
rows+=("bmsw state (plain decoding, one decoder)|$wall|$rss")
if [ "${BMSW_BENCH_DECODE:-0}" = 1 ]; then
  read -r wall rss < <(bench_median decode)
  rows+=("bmsw decode --format jsonl > /dev/null|$wall|$rss")
fi
read -r wall rss < <(bench_median analyze)
rows+=("bmsw analyze --json --report|$wall|$rss")
echo "bench: analyze summary:" >&2
sed -n '1,/^findings/p' "$WORK/out.analyze" >&2
html_kb=$(( $(stat -c %s "$WORK/report.html") / 1024 ))
json_kb=$(( $(stat -c %s "$WORK/report.json") / 1024 ))

echo
echo "| $LINES lines, -Xmx$XMX | wall s (median of $RUNS) | lines/s | peak RSS MB | vs bmsw state |"
echo "|---|---:|---:|---:|---:|"
for r in "${rows[@]}"; do
  IFS='|' read -r tool wall rss <<<"$r"
  awk -v t="$tool" -v w="$wall" -v r="$rss" -v n="$LINES" -v s="$state_wall" 'BEGIN {
    printf "| %s | %.2f | %.2f M | %.0f | %.2fx |\n", t, w, n / w / 1e6, r / 1024, w / s }'
done
echo
echo "JVM start included. Reports written by analyze: HTML ${html_kb} kB, JSON ${json_kb} kB."
echo "vs bmsw state = wall time over bmsw state's (the issue's target: analyze within 2x of plain decoding)."
