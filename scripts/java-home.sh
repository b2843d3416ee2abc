#!/usr/bin/env bash
# Sourced by the launcher, CI and the benchmark runner: exports JAVA_HOME for a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough, else takes the newest JDK under /usr/lib/jvm.

java_major() {
  # The JDK's release file answers without starting a JVM (which costs a CLI run ~50 ms per JDK).
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
  fi
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
  export JAVA_HOME
else
  best=""
  best_major=0
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ "$best_major" -lt 21 ]; then
    echo "db-adapter needs a JDK 21 or newer; none found (set JAVA_HOME)." >&2
    return 1 2>/dev/null || exit 1
  fi
  export JAVA_HOME=$best
fi
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's bundled Guice touches sun.misc.Unsafe, which JDK 24+ warns about on every build.
if [ "$(java_major "$JAVA_HOME")" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in
    *"--sun-misc-unsafe-memory-access"*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
