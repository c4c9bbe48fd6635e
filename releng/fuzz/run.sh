#!/usr/bin/env bash
# Runs the property tests of the readers (every *PropertyTest of org.bmsw.formats, org.bmsw.protocol and
# org.bmsw.profiles) for longer than ./bmsw test does: the same test classes through quick-test.sh, with every
# input count multiplied and a fresh seed per round, until the time is up or a round fails.
#   releng/fuzz/run.sh [MINUTES] [SCALE]     defaults: 10 minutes, 20 times the regular counts per round
# A failure prints the seed and the input; rerun one round with BMSW_FUZZ_SEED=<seed> releng/fuzz/run.sh 0,
# then keep the input as an example test in the test fragment.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MINUTES="${1:-10}"
SCALE="${2:-20}"
BUNDLES=(org.bmsw.formats org.bmsw.protocol org.bmsw.profiles)
deadline=$(( $(date +%s) + MINUTES * 60 ))
round=0
while :; do
  round=$((round + 1))
  seed="${BMSW_FUZZ_SEED:-$(( (RANDOM << 30) ^ (RANDOM << 15) ^ RANDOM ))}"
  echo "fuzz: round $round, seed $seed, scale $SCALE"
  if ! BMSW_TEST_JAVA_OPTS="-Dbmsw.fuzz.scale=$SCALE -Dbmsw.fuzz.seed=$seed ${BMSW_TEST_JAVA_OPTS:-}" \
      "$ROOT/releng/scripts/quick-test.sh" "${BUNDLES[@]}" -- --include-classname '.*PropertyTest' \
      --details=tree --disable-ansi-colors; then
    echo "fuzz: round $round failed with seed $seed (scale $SCALE)" >&2
    exit 1
  fi
  [ -n "${BMSW_FUZZ_SEED:-}" ] && break
  [ "$(date +%s)" -lt "$deadline" ] || break
done
echo "fuzz: $round rounds passed"
