#!/usr/bin/env bash
# The fast inner loop for the plain-Java bundles: compiles the named bundles (with their test fragments and
# org.bmsw.testdata) on one flat class path and runs their JUnit 5 tests, without Tycho or OSGi.
# ./bmsw test stays the judge: it runs the same tests inside OSGi, and everything else.
#   releng/scripts/quick-test.sh org.bmsw.core [org.bmsw.formats ...] [-- JUNIT-CONSOLE-OPTIONS]
# Needs the jars of a previous ./bmsw build in the local Maven repository. Tests that need a running OSGi
# framework (FrameworkUtil, services) fail here and pass under ./bmsw test.
# BMSW_TEST_JAVA_OPTS passes JVM options to the test run, e.g. -Dbmsw.fuzz.scale=50 (see releng/fuzz/).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
REPO="${BMSW_LOCAL_REPO:-$HOME/.m2/repository}"
bundles=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do bundles+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#bundles[@]} -gt 0 ] || { echo "usage: $0 BUNDLE... [-- JUNIT-OPTIONS]" >&2; exit 2; }

jar() { local path="$REPO/$1"; [ -f "$path" ] || { echo "quick-test: missing $path (run ./bmsw build once)" >&2; exit 1; }; echo "$path"; }
LIBS="$(jar com/google/code/gson/gson/2.11.0/gson-2.11.0.jar)"
LIBS="$LIBS:$(jar com/ghgande/j2mod/3.2.1/j2mod-3.2.1.jar)"
LIBS="$LIBS:$(jar com/fazecast/jSerialComm/2.11.0/jSerialComm-2.11.0.jar)"
LIBS="$LIBS:$(jar org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar)"
LIBS="$LIBS:$(jar info/picocli/picocli/4.7.7/picocli-4.7.7.jar)"
LIBS="$LIBS:$(jar org/slf4j/slf4j-simple/1.7.36/slf4j-simple-1.7.36.jar)"
LIBS="$LIBS:$(jar tel/schich/javacan-core/3.5.0/javacan-core-3.5.0.jar):$(jar tel/schich/javacan-core/3.5.0/javacan-core-3.5.0-x86_64.jar)"
# OSGi APIs, for bundles that also register services or run as an application (no framework is started)
LIBS="$LIBS:$(jar org/eclipse/platform/org.eclipse.osgi/3.24.0/org.eclipse.osgi-3.24.0.jar)"
LIBS="$LIBS:$(jar org/eclipse/platform/org.eclipse.equinox.app/1.7.500/org.eclipse.equinox.app-1.7.500.jar)"
LIBS="$LIBS:$(jar org/eclipse/platform/org.eclipse.equinox.registry/3.12.600/org.eclipse.equinox.registry-3.12.600.jar)"
LIBS="$LIBS:$(jar org/eclipse/platform/org.eclipse.equinox.common/3.20.300/org.eclipse.equinox.common-3.20.300.jar)"
LIBS="$LIBS:$(jar org/osgi/org.osgi.service.component.annotations/1.5.1/org.osgi.service.component.annotations-1.5.1.jar)"
# p2's API, for org.bmsw.cli's plugins commands (compiled here; they need the running installation's p2 to run)
for p2 in p2.core/2.13.200 p2.engine/2.11.0 p2.metadata/2.9.600 p2.operations/2.7.700 p2.repository/2.9.600 \
    p2.director/2.6.800; do
  LIBS="$LIBS:$(jar org/eclipse/platform/org.eclipse.equinox.${p2%/*}/${p2#*/}/org.eclipse.equinox.${p2%/*}-${p2#*/}.jar)"
done
LIBS="$LIBS:$(jar org/eclipse/platform/org.eclipse.core.jobs/3.15.700/org.eclipse.core.jobs-3.15.700.jar)"
LIBS="$LIBS:$(jar org/bouncycastle/bcpg-jdk18on/1.82/bcpg-jdk18on-1.82.jar)"
# jqwik, a generator library for the property tests; its version is the parent pom's jqwik.version
JQWIK_VERSION="$(sed -n 's:.*<jqwik.version>\(.*\)</jqwik.version>.*:\1:p' "$ROOT/pom.xml")"
LIBS="$LIBS:$(jar net/jqwik/jqwik-api/$JQWIK_VERSION/jqwik-api-$JQWIK_VERSION.jar)"
LIBS="$LIBS:$(jar net/jqwik/jqwik-engine/$JQWIK_VERSION/jqwik-engine-$JQWIK_VERSION.jar)"
CONSOLE="$(jar org/junit/platform/junit-platform-console-standalone/1.11.4/junit-platform-console-standalone-1.11.4.jar)"

OUT="$(mktemp -d "${TMPDIR:-/tmp}/bmsw-quick.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
sources=()
for bundle in org.bmsw.core org.bmsw.testdata "${bundles[@]}"; do
  for dir in "$ROOT/bundles/$bundle/src" "$ROOT/bundles/$bundle.tests/src"; do
    [ -d "$dir" ] && while IFS= read -r -d '' f; do sources+=("$f"); done < <(find "$dir" -name '*.java' -print0)
  done
done
javac -encoding UTF-8 --release 17 -Xlint:all -nowarn -d "$OUT/classes" -cp "$LIBS:$CONSOLE" "${sources[@]}"
# test data is read from the class path root, as inside the org.bmsw.testdata bundle
for dir in "$ROOT"/bundles/org.bmsw.testdata/*/; do
  case "$(basename "$dir")" in src|META-INF|target) ;; *) cp -r "$dir" "$OUT/classes/" ;; esac
done
for bundle in "${bundles[@]}"; do  # non-Java files in source folders (DBC files, ...), as Tycho packs them
  for dir in "$ROOT/bundles/$bundle/src" "$ROOT/bundles/$bundle.tests/src"; do
    [ -d "$dir" ] && (cd "$dir" && find . -type f ! -name '*.java' -exec cp --parents {} "$OUT/classes/" \;)
  done
done
for bundle in "${bundles[@]}"; do  # resource folders at a bundle's root (scenarios/, ...), as bin.includes packs them
  for dir in "$ROOT/bundles/$bundle"/*/; do
    case "$(basename "$dir")" in src|META-INF|OSGI-INF|target) ;; *) cp -r "$dir" "$OUT/classes/" ;; esac
  done
done
packages=()
for bundle in "${bundles[@]}"; do packages+=(--select-package "$bundle"); done
# only Jupiter: the property tests use jqwik's generators, as under tycho-surefire, not its engine
# shellcheck disable=SC2086
java ${BMSW_TEST_JAVA_OPTS:-} -jar "$CONSOLE" execute --class-path "$OUT/classes:$LIBS" "${packages[@]}" \
  --include-engine=junit-jupiter --details=summary --disable-banner "$@"
