#!/usr/bin/env bash
# Fleet benchmark: the same traces analysed four ways, in one run, on the same cores:
#   a shell loop of `bmsw analyze TRACE --json` (one JVM per trace, as before the fleet command),
#   `bmsw analyze DIR --summary --jobs 1` and `--jobs 2` (one JVM, worker threads),
#   the Spark job (releng/fleet-spark) in local mode, local[2], as `spark-submit --master local[2]` runs it.
# The three summaries must be identical (checked); the targets: --jobs 2 at least 1.8x --jobs 1, Spark within
# 1.5x of --jobs 2.
#   releng/bench/run-fleet-bench.sh [TRACES]        default 200 traces of 250000 lines (about 2 GB)
# The bmsw runs go through the product's start script, as a user runs them (its JVM options: the parallel collector
# and full tiering for a fleet, the command line's bundle list, class-data sharing); one untimed analysis first
# writes the start script's cached configuration and class-data archive (into the work folder), so no timed run
# pays for them. Each row gives wall time and the CPU time (user+sys) per trace: on a shared machine the CPU
# figures and the CPU/wall ratio still say whether two jobs used two cores.
# BMSW_FLEET_LINES: lines per trace (gen_candump.py, one pack per trace); BMSW_BENCH_RUNS (default 1): runs per
# way, the median is reported; BMSW_BENCH_XMX (default: the start script's 1 GB): the bmsw JVMs' heap;
# BMSW_BENCH_SPARK_XMX (default 1g, as spark-submit): the Spark JVM's;
# BMSW_FLEET_LOOP=0 leaves the shell loop out (it dominates the run time).
# Needs the product and the job jar (./bmsw build, under flock /tmp/bmsw-maven.lock), java 17+, python3,
# /usr/bin/time.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/releng/bench"
RUNS="${BMSW_BENCH_RUNS:-1}"
XMX="${BMSW_BENCH_XMX:-}"
SPARK_XMX="${BMSW_BENCH_SPARK_XMX:-1g}"  # spark-submit's default driver memory; Spark refuses less than 450 MB
TRACES="${1:-200}"
LINES="${BMSW_FLEET_LINES:-250000}"
PRODUCT="$ROOT/releng/org.bmsw.product/target/products/org.bmsw.product/linux/gtk/x86_64/bmsw"
JOB_JAR="$ROOT/releng/fleet-spark/target/bmsw-fleet.jar"
SPARK_CP="$ROOT/releng/fleet-spark/target/spark-classpath.txt"
[ -x "$PRODUCT/bmsw" ] || { echo "bench: no product under $PRODUCT (run ./bmsw build first)" >&2; exit 1; }
[ -f "$JOB_JAR" ] && [ -f "$SPARK_CP" ] || { echo "bench: no $JOB_JAR (run ./bmsw build first)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (Debian: apt-get install time)" >&2; exit 1; }
. "$BENCH/bench-lib.sh"
bench_init fleet  # WORK, and a trap that ends every process started here
CORES=2
# the start script's caches in the work folder: the user's own are neither used nor changed
export BMSW_CLI_CONFIG_DIR="$WORK/cli" BMSW_CDS_DIR="$WORK/cds"
[ -z "$XMX" ] || export BMSW_JAVA_OPTS="-Xmx$XMX"
BMSW=("$PRODUCT/bmsw")
# what spark-submit --master local[2] starts: one JVM with Spark's jars and the job jar, the opens of Java 17
SPARK=(java "-Xmx$SPARK_XMX" --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED "-Dspark.master=local[$CORES]" -Dspark.ui.enabled=false
  -cp "$JOB_JAR:$(cat "$SPARK_CP")" org.bmsw.fleet.spark.FleetSparkJob)

traces="$WORK/traces"
mkdir -p "$traces"
echo "bench: generating $TRACES traces of $LINES lines with gen_candump.py" >&2
seq 1 "$TRACES" | bench_run xargs -P "$CORES" -I{} sh -c \
  'python3 "$1" "$2" "$3/site-$(printf %04d "$4").log" --seed "$4" --packs 1' sh "$BENCH/gen_candump.py" "$LINES" \
  "$traces" {}
size_mb="$(du -sm "$traces" | cut -f1)"
cat "$traces"/* > /dev/null  # warm the page cache for every way alike
echo "bench: $TRACES traces, $size_mb MB, heap ${XMX:-of the start script}, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# untimed: the start script's configuration and class-data archive for analyze (single and fleet alike)
first="$(ls "$traces" | head -n 1)"
bench_run "${BMSW[@]}" analyze "$traces/$first" > /dev/null 2>&1 || true

# fleet_once NAME I CMD...: bench_once, and the run's CPU seconds (user+sys) in $WORK/cpu.NAME.I
fleet_once() {
  bench_once "$@"
  awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f\n", u + s }' "$WORK/time" \
    > "$WORK/cpu.$1.$2"
}
# fleet_median NAME: "wall_s rss_kb cpu_s" of the median run by wall time
fleet_median() {
  local line
  line="$(sort -n "$WORK/results.$1" | sed -n "$(((RUNS + 1) / 2))p")"
  echo "${line% *} $(cat "$WORK/cpu.$1.${line##* }")"
}

# one JVM per trace, as a shell script would do it (a bash -c, so that /usr/bin/time can start it)
LOOP=(bash -c 'out="$1" dir="$2"; shift 2; mkdir -p "$out"
  for f in "$dir"/*; do "$@" analyze "$f" --json "$out/${f##*/}.json" > /dev/null || exit 1; done'
  loop "$WORK/loop" "$traces" "${BMSW[@]}")

for ((i = 0; i < RUNS; i++)); do
  rm -rf "$WORK"/jobs1 "$WORK"/jobs2 "$WORK"/spark "$WORK"/loop
  if [ "${BMSW_FLEET_LOOP:-1}" = 1 ]; then fleet_once loop "$i" "${LOOP[@]}"; fi
  # exit 0: the generated traces are all readable; --fail-on is not given
  fleet_once jobs1 "$i" "${BMSW[@]}" analyze "$traces" --summary "$WORK/jobs1.json" --json-dir "$WORK/jobs1" --jobs 1
  fleet_once jobs2 "$i" "${BMSW[@]}" analyze "$traces" --summary "$WORK/jobs2.json" --json-dir "$WORK/jobs2" --jobs 2
  fleet_once spark "$i" "${SPARK[@]}" "file://$traces" "file://$WORK/spark"
done
cmp "$WORK/jobs1.json" "$WORK/jobs2.json" && cmp "$WORK/jobs1.json" "$WORK/spark/fleet.json" \
  || { echo "bench: the summaries differ" >&2; exit 1; }
echo "bench: --jobs 1, --jobs 2 and Spark wrote the same fleet.json ($(grep -c '"verdict":' "$WORK/jobs1.json")" \
  "entries)" >&2

rows=()
[ "${BMSW_FLEET_LOOP:-1}" = 1 ] && { read -r wall rss cpu < <(fleet_median loop); rows+=("shell loop of bmsw analyze (a JVM per trace)|$wall|$rss|$cpu"); }
read -r wall rss cpu < <(fleet_median jobs1); jobs1="$wall"; rows+=("bmsw analyze DIR --jobs 1|$wall|$rss|$cpu")
read -r wall rss cpu < <(fleet_median jobs2); jobs2="$wall"; rows+=("bmsw analyze DIR --jobs 2|$wall|$rss|$cpu")
read -r wall rss cpu < <(fleet_median spark); spark="$wall"; rows+=("Spark job, local[$CORES]|$wall|$rss|$cpu")

echo
echo "| $TRACES traces, $size_mb MB, heap ${XMX:-1g} (Spark $SPARK_XMX) | wall s (median of $RUNS) | MB/s | CPU s per trace | CPU/wall | peak RSS MB | vs --jobs 1 |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for r in "${rows[@]}"; do
  IFS='|' read -r tool wall rss cpu <<<"$r"
  awk -v t="$tool" -v w="$wall" -v r="$rss" -v c="$cpu" -v n="$TRACES" -v m="$size_mb" -v s="$jobs1" 'BEGIN {
    printf "| %s | %.1f | %.1f | %.3f | %.2f | %.0f | %.2fx |\n", t, w, m / w, c / n, c / w, r / 1024, s / w }'
done
echo
awk -v a="$jobs1" -v b="$jobs2" -v s="$spark" 'BEGIN {
  printf "--jobs 2 is %.2fx --jobs 1 (target >= 1.8x: %s); Spark takes %.2fx the time of --jobs 2 (target <= 1.5x: %s)\n",
    a / b, (a / b >= 1.8 ? "met" : "missed"), s / b, (s / b <= 1.5 ? "met" : "missed") }'
echo "JVM start included in every figure; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
