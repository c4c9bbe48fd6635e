#!/usr/bin/env bash
# Prints the path of a Maven that can run Tycho 4 (>= 3.9), fetching one if needed.
# Tycho 4 needs Maven 3.9; Debian 12 ships 3.8.7. The distribution is fetched as an ordinary artifact
# (org.apache.maven:apache-maven:<v>:tar.gz:bin) through the repository the machine's own mvn already
# uses, so no repository host is written down anywhere (the Maven Wrapper would need one).
set -euo pipefail
MAVEN_VERSION="${BMSW_MAVEN_VERSION:-3.9.16}"
HERE="$(cd "$(dirname "$0")" && pwd)"
DEST="$(dirname "$HERE")/tools"           # releng/tools, ignored by git
MVN_HOME="$DEST/apache-maven-$MAVEN_VERSION"

version_at_least_3_9() {  # "$1" = output of mvn -v
  local v
  v="$(printf '%s\n' "$1" | sed -n 's/^Apache Maven \([0-9][0-9.]*\).*/\1/p' | head -n 1)"
  [ -n "$v" ] || return 1
  local major minor
  major="${v%%.*}"; minor="${v#*.}"; minor="${minor%%.*}"
  [ "$major" -gt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -ge 9 ]; }
}

if [ -x "$MVN_HOME/bin/mvn" ]; then
  echo "$MVN_HOME/bin/mvn"; exit 0
fi
if command -v mvn >/dev/null 2>&1; then
  # strip ANSI colours that some Maven builds print even when not on a terminal
  SYSTEM_VERSION="$(cd / && mvn -v 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' || true)"
  if version_at_least_3_9 "$SYSTEM_VERSION"; then
    command -v mvn; exit 0
  fi
else
  echo "bmsw: no 'mvn' found. Install Maven (Debian: apt-get install maven) so that a newer one can be fetched." >&2
  exit 1
fi

echo "bmsw: the machine's Maven is older than 3.9; fetching Apache Maven $MAVEN_VERSION into releng/tools/ ..." >&2
mkdir -p "$DEST"
# Run from a folder without a pom.xml: in the project root Maven 3.8 would load the Tycho 4 build
# extension and die before it could fetch anything.
(cd "$DEST" && mvn -B -q -ntp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="org.apache.maven:apache-maven:$MAVEN_VERSION:tar.gz:bin" \
  -DoutputDirectory="$DEST" -Dmdep.overWriteReleases=true >&2)
tar -xzf "$DEST/apache-maven-$MAVEN_VERSION-bin.tar.gz" -C "$DEST"
rm -f "$DEST/apache-maven-$MAVEN_VERSION-bin.tar.gz"
echo "$MVN_HOME/bin/mvn"
