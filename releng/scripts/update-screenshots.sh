#!/usr/bin/env bash
# Copies the screenshots the product tests took in the last ./bmsw test into releng/docs/, where the
# README shows them. Run ./bmsw test first.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SHOTS="$ROOT/releng/org.bmsw.product.tests/target/screenshots"
ls "$SHOTS"/*.png >/dev/null 2>&1 || { echo "no screenshots in ${SHOTS#"$ROOT"/}: run ./bmsw test first" >&2; exit 1; }
cp -v "$SHOTS"/*.png "$ROOT/releng/docs/"
