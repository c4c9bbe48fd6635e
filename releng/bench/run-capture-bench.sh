#!/usr/bin/env bash
# Live capture benchmark (issue 5): SLCAN over a socat pty pair into the trace store and the pylon-can decoder,
# the workbench's own path (slcan: transport + LiveCapture); python-can's slcan reader on the same stream as the peer.
#   releng/bench/run-capture-bench.sh [FRAMES_AT_FULL_SPEED [FRAMES_AT_10K]]     default: 200000 60000
# Rows: full speed (the writer as fast as the pty takes it): frames/s sustained and frames lost; 10,000 frames/s
# (more than a fully loaded 1 Mbit/s bus of 8-byte frames, ~8,700/s): latency from the write of a probe frame to
# the battery state holding its SOC, p50 and p99, after a 2 s warm-up. Each row is the median of 3 runs (BMSW_BENCH_RUNS).
# Needs java/javac 17+, socat; python-can (Debian python3-can) for the peer rows (BMSW_BENCH_PEERS=0 skips them).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUNS="${BMSW_BENCH_RUNS:-3}"
FULL="${1:-200000}"
PACED="${2:-60000}"
. "$ROOT/releng/bench/bench-lib.sh"
bench_init capture  # WORK, and a trap that ends every process started here

command -v socat >/dev/null || { echo "bench: socat missing (apt-get install socat)" >&2; exit 1; }
bench_compile "$ROOT/releng/bench/SlcanCaptureBench.java" org.bmsw.core org.bmsw.formats org.bmsw.protocol org.bmsw.transport
JAVA=(java -XX:+UseSerialGC -cp "$BENCH_CP")  # the JVM options of the product's CLI
pycan="${BMSW_BENCH_PEERS:-1}"  # 0: only the bmsw rows (the python-can rows take minutes)
[ "$pycan" = 0 ] || /usr/bin/python3 -c 'import can, serial' 2>/dev/null || { pycan=0; echo "bench: python-can missing (apt-get install python3-can): peer rows skipped" >&2; }

# The runs below happen inside command substitutions (subshells): socat's pid is kept in a file, not a variable,
# so the next run and the exit trap find it.
pty_close() {
  [ -f "$WORK/socat.pid" ] && bench_stop "$(cat "$WORK/socat.pid")"
  rm -f "$WORK/socat.pid" "$WORK/a" "$WORK/b"
}

pty() {  # a fresh socat pair at $WORK/a, $WORK/b
  pty_close
  bench_bg socat pty,raw,echo=0,link="$WORK/a" pty,raw,echo=0,link="$WORK/b" 2>/dev/null
  echo "$BENCH_LAST_PID" > "$WORK/socat.pid"
  for _ in $(seq 100); do [ -e "$WORK/a" ] && [ -e "$WORK/b" ] && return; sleep 0.05; done
  echo "bench: socat made no pty pair" >&2; exit 1
}

field() { grep -o "$1 [0-9.]*" | awk '{ print $2 }'; }

bmsw_run() {  # FRAMES RATE -> the bench's output
  pty
  rm -f "$WORK/s.bmst"
  bench_run "${JAVA[@]}" SlcanCaptureBench bmsw "$WORK/a" "$WORK/b" "$1" "$2" "$WORK/s.bmst"
  pty_close
}

pycan_run() {  # FRAMES RATE -> "frames_captured N wall_s S frames_per_s F latency_p50_us A latency_p99_us B"
  pty
  bench_bg /usr/bin/python3 "$ROOT/releng/bench/pycan_slcan_read.py" "$WORK/a" "$1" "$WORK/received" > "$WORK/py.out"
  local py=$BENCH_LAST_PID
  sleep 1.5  # python-can opens the port and sends C, S6, O
  bench_run "${JAVA[@]}" SlcanCaptureBench writer "$WORK/b" "$1" "$2" "$WORK/sent"
  wait "$py"
  bench_forget "$py"
  pty_close
  /usr/bin/python3 - "$WORK/sent" "$WORK/received" "$WORK/py.out" <<'PY'
import sys
sent = [int(x) for x in open(sys.argv[1])]
received = [int(x) for x in open(sys.argv[2])]
warm = sent[0] + 2_000_000_000 if sent else 0  # the same 2 s warm-up as the bmsw rows
lat = sorted((r - s) / 1e3 for s, r in zip(sent, received) if s >= warm)
pct = lambda p: lat[min(len(lat) - 1, max(0, -(-p * len(lat) // 100) - 1))] if lat else float('nan')
print(open(sys.argv[3]).read().strip(), "latency_p50_us %.0f latency_p99_us %.0f" % (pct(50), pct(99)))
PY
}

median_of() {  # KEY CMD... : runs RUNS times, prints the output line set of the median run by KEY
  local key="$1"; shift
  local results=()
  for ((i = 0; i < RUNS; i++)); do
    "$@" > "$WORK/run.$i"
    results+=("$(field "$key" < "$WORK/run.$i") $i")
  done
  local median
  median="$(printf '%s\n' "${results[@]}" | sort -g | sed -n "$(((RUNS + 1) / 2))p")"
  cat "$WORK/run.${median##* }"
}

echo "bench: $RUNS runs per row; $FULL frames at full speed, $PACED frames at 10,000/s" >&2
full_bmsw="$(median_of frames_per_s bmsw_run "$FULL" 0)"
paced_bmsw="$(median_of latency_p99_us bmsw_run "$PACED" 10000)"
if [ "$pycan" = 1 ]; then
  full_py="$(median_of frames_per_s pycan_run "$FULL" 0)"
  paced_py="$(median_of latency_p99_us pycan_run "$PACED" 10000)"
fi

printf '\n| run | tool | frames sent | frames received | lost | dropped (counted) | frames/s | latency p50 | latency p99 |\n|---|---|---|---|---|---|---|---|---|\n'
rowb() {
  local sent captured dropped fps p50 p99
  sent="$(field frames_sent <<< "$2")"; captured="$(field frames_stored <<< "$2")"; dropped="$(field dropped <<< "$2")"
  fps="$(field frames_per_s <<< "$2")"; p50="$(field latency_p50_us <<< "$2")"; p99="$(field latency_p99_us <<< "$2")"
  printf '| %s | bmsw (slcan: + LiveCapture + store + pylon-can) | %s | %s | %s | %s | %s | %s µs | %s µs |\n' \
    "$1" "$sent" "$captured" "$((sent - captured))" "$dropped" "$fps" "$p50" "$p99"
}
rowp() {
  local captured fps p50 p99
  captured="$(field frames_captured <<< "$2")"; fps="$(field frames_per_s <<< "$2")"
  p50="$(field latency_p50_us <<< "$2")"; p99="$(field latency_p99_us <<< "$2")"
  printf '| %s | python-can %s slcan reader (no store, no decoding) | %s | %s | %s | - | %s | %s µs | %s µs |\n' \
    "$1" "$(/usr/bin/python3 -c 'import can; print(can.__version__)')" "$3" "$captured" "$(($3 - captured))" "$fps" "$p50" "$p99"
}
rowb "full speed" "$full_bmsw"
[ "$pycan" = 1 ] && rowp "full speed" "$full_py" "$FULL"
rowb "10,000/s" "$paced_bmsw"
[ "$pycan" = 1 ] && rowp "10,000/s" "$paced_py" "$PACED"
echo
