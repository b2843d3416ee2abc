#!/usr/bin/env bash
# Sourced by the launcher, CI and the benchmark runner: exports JAVA_HOME for a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough, else takes the newest JDK under /usr/lib/jvm.

# Sets java_major to the major version of the JDK at $1 (empty when unknown). The JDK's release file
# answers without starting a JVM (which costs a CLI run ~50 ms per JDK), read with the shell's own
# builtins and without a subshell: every process started here delays each run of the launcher.
java_major_of() {
  java_major=""
  local line
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=\"*) line=${line#JAVA_VERSION=\"}; java_major=${line%%[!0-9]*}; return ;;
      esac
    done < "$1/release"
  else
    java_major=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
}

# java_home_major: the chosen JDK's major version, for the scripts that source this one
java_home_major=""
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java_major_of "$JAVA_HOME"
  java_home_major=$java_major
fi
if [ "${java_home_major:-0}" -ge 21 ] 2>/dev/null; then
  export JAVA_HOME
else
  best=""
  best_major=0
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    java_major_of "$candidate"
    if [ -n "$java_major" ] && [ "$java_major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$java_major
    fi
  done
  if [ "$best_major" -lt 21 ]; then
    echo "db-adapter needs a JDK 21 or newer; none found (set JAVA_HOME)." >&2
    return 1 2>/dev/null || exit 1
  fi
  export JAVA_HOME=$best
  java_home_major=$best_major
fi
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's bundled Guice touches sun.misc.Unsafe, which JDK 24+ warns about on every build.
if [ "$java_home_major" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in
    *"--sun-misc-unsafe-memory-access"*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
