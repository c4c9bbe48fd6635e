#!/usr/bin/env bash
# Copies the screenshots the last ./bmsw test took into releng/docs/, where the README shows them: the whole
# window (product tests) and one PNG per view (org.bmsw.ui.tests: Connections, Trace, Signals, Plot, Battery,
# Alarm timeline, Cable, taken inside the running workbench). Run ./bmsw test first, or pass --run to run the
# UI tests now (under the shared Maven lock).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SHOTS="$ROOT/releng/org.bmsw.product.tests/target/screenshots"
VIEWS="$ROOT/bundles/org.bmsw.ui.tests/target/screenshots"
if [ "${1:-}" = "--run" ]; then
  cd "$ROOT"
  run=(flock /tmp/bmsw-maven.lock "$("$ROOT/releng/scripts/bootstrap-maven.sh")" -B -ntp -o verify
    -pl targetplatform,bundles/org.bmsw.profiles.builtin,bundles/org.bmsw.ui,bundles/org.bmsw.ui.tests -am)
  if [ -z "${DISPLAY:-}" ]; then run=(xvfb-run -a "${run[@]}"); fi
  "${run[@]}"
fi
found=0
for dir in "$SHOTS" "$VIEWS"; do
  if ls "$dir"/*.png >/dev/null 2>&1; then
    cp -v "$dir"/*.png "$ROOT/releng/docs/"
    found=1
  fi
done
[ "$found" = 1 ] || { echo "no screenshots in ${SHOTS#"$ROOT"/} or ${VIEWS#"$ROOT"/}: run ./bmsw test first" >&2; exit 1; }
