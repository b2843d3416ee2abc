#!/usr/bin/env bash
# Builds the benchmark jar and runs one benchmark: bench/run.sh <name> [--key=value ...]
# Benchmarks: adapter-select, schema-introspect, backup, sync. The server comes from DB_ADAPTER_BENCH_URL
# (default postgresql://postgres@127.0.0.1:5432/postgres); each run creates its own database and drops it.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=../scripts/java-home.sh
. scripts/java-home.sh
export DB_ADAPTER_BENCH_URL="${DB_ADAPTER_BENCH_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"

./mvnw -q -pl bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" -jar bench/target/db-adapter-bench.jar "$@"
