#!/usr/bin/env bash
# Modbus polling benchmark (issue 16): polls per second sustained against the simulated Seplos battery (j2mod's slave
# serving the built-in map, in its own JVM) on loopback TCP and on a socat pty pair at 115200 bit/s, by the workbench's
# path (the modbus-tcp:/modbus-rtu: source's master polled by its ModbusPoller, every request and response recorded into
# a trace store and decoded with the map) and by a plain j2mod master reading the same blocks in a loop. On TCP both run
# in one JVM in alternating slices of a tenth of a second (ModbusPollBench pair; bmsw hands its records to a LiveCapture
# whose writer thread stores and decodes them, as a capture does), so a busy machine slows both alike; on RTU,
# where one port takes one master at a time, each in its own JVM in turn (bmsw: the source with map= and LiveCapture).
# Every block's period is 0: back to back.
#   releng/bench/run-modbus-bench.sh [SECONDS]        default 10 per run; BMSW_BENCH_RUNS (default 3) runs per row
# Each row gives the median of the runs' polls/s and of their overheads.
# Needs java/javac 17+, socat, and the jars of a previous ./bmsw build in the local Maven repository.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUNS="${BMSW_BENCH_RUNS:-3}"
SECONDS_PER_RUN="${1:-10}"
. "$ROOT/releng/bench/bench-lib.sh"
bench_init modbus  # WORK, and a trap that ends every process started here

command -v socat >/dev/null || { echo "bench: socat missing (apt-get install socat)" >&2; exit 1; }
bench_compile "$ROOT/releng/bench/ModbusPollBench.java" org.bmsw.core org.bmsw.formats org.bmsw.protocol org.bmsw.transport \
  org.bmsw.sim
JAVA=(java -XX:+UseSerialGC -cp "$BENCH_CP")  # the JVM options of the product's CLI

field() { grep -o "$1 [0-9.]*" | awk '{ print $2 }'; }

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
start_device() {  # ARGS...: the device in the background, until it says it serves
  bench_bg "${JAVA[@]}" ModbusPollBench "$@" 2> "$WORK/device.err"
  DEVICE_PID=$BENCH_LAST_PID
  for _ in $(seq 200); do grep -q serving "$WORK/device.err" 2>/dev/null && return; sleep 0.05; done
  echo "bench: the simulated device did not start: $(cat "$WORK/device.err")" >&2; exit 1
}

run_rows() {  # URI LABEL MODE: pair (both masters in one JVM, alternating slices) or apart (one JVM each, in turn)
  local i out overheads=() bmsw=() j2mod=() cpu=() b j o c
  for ((i = 0; i < RUNS; i++)); do
    rm -f "$WORK/s.bmst"
    if [ "$3" = pair ]; then
      out="$(bench_run "${JAVA[@]}" ModbusPollBench pair "$1" "$SECONDS_PER_RUN" "$WORK/s.bmst")"
      b="$(field bmsw_polls_per_s <<< "$out")"; j="$(field j2mod_polls_per_s <<< "$out")"
      cpu+=("$(awk -v b="$(field bmsw_cpu_us_per_poll <<< "$out")" -v j="$(field j2mod_cpu_us_per_poll <<< "$out")" \
        -v bp="$(field bmsw_process_cpu_us_per_poll <<< "$out")" -v jp="$(field j2mod_process_cpu_us_per_poll <<< "$out")" \
        'BEGIN { printf "%.1f/%.1f (%.1f/%.1f)", b, j, bp, jp }')")
    else
      b="$(bench_run "${JAVA[@]}" ModbusPollBench bmsw "$1" "$SECONDS_PER_RUN" "$WORK/s.bmst" | field polls_per_s)"
      j="$(bench_run "${JAVA[@]}" ModbusPollBench j2mod "$1" "$SECONDS_PER_RUN" | field polls_per_s)"
    fi
    bmsw+=("$b"); j2mod+=("$j")
    overheads+=("$(awk -v b="$b" -v j="$j" 'BEGIN { printf "%.1f", (j - b) / j * 100 }')")
  done
  b="$(printf '%s\n' "${bmsw[@]}" | sort -g | sed -n "$(((RUNS + 1) / 2))p")"
  j="$(printf '%s\n' "${j2mod[@]}" | sort -g | sed -n "$(((RUNS + 1) / 2))p")"
  o="$(printf '%s\n' "${overheads[@]}" | sort -g | sed -n "$(((RUNS + 1) / 2))p")"
  c="${cpu[*]:-}"
  printf '| %s | %s | %s | %s %% | %s |\n' "$2" "$b" "$j" "$o" "${c:--}"
  echo "bench: $2: bmsw runs ${bmsw[*]}; j2mod runs ${j2mod[*]}; overhead per run ${overheads[*]} %" >&2
}

echo "bench: $RUNS runs of $SECONDS_PER_RUN s per row (after 2 s of warm-up each)" >&2
printf '\n| link | bmsw polls/s (source + poller + records + store + decoder) | plain j2mod loop polls/s | bmsw overhead | CPU µs per poll, bmsw/j2mod, per run: polling thread (whole process) |\n|---|---:|---:|---:|---|\n'
start_device serve-tcp "$PORT"
run_rows "modbus-tcp://127.0.0.1:$PORT" "TCP loopback" pair
bench_stop "$DEVICE_PID"

bench_bg socat pty,raw,echo=0,link="$WORK/a" pty,raw,echo=0,link="$WORK/b" 2>/dev/null
SOCAT_PID=$BENCH_LAST_PID
for _ in $(seq 100); do [ -e "$WORK/a" ] && [ -e "$WORK/b" ] && break; sleep 0.05; done
start_device serve-rtu "$WORK/b" 115200
# one serial port takes one master at a time: each in its own JVM, in turn
run_rows "modbus-rtu:$WORK/a?baud=115200" "RTU pty 115200 bit/s" apart
bench_stop "$DEVICE_PID"
bench_stop "$SOCAT_PID"
echo
