#!/usr/bin/env bash
# Builds the benchmark jar and runs one benchmark: bench/run.sh <name> [--key=value ...]
# Benchmarks: adapter-select, schema-introspect, backup, sync, process (the ./db-adapter launcher as whole
# processes beside psql and pg_dump; it builds the CLI jar too). The server comes from DB_ADAPTER_BENCH_URL
# (default postgresql://postgres@127.0.0.1:5432/postgres); each run creates its own database and drops it.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=../scripts/java-home.sh
. scripts/java-home.sh
export DB_ADAPTER_BENCH_URL="${DB_ADAPTER_BENCH_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"

modules=bench
if [ "${1:-}" = process ]; then modules=cli,bench; fi
./mvnw -q -pl "$modules" -am package -DskipTests
exec "$JAVA_HOME/bin/java" -jar bench/target/db-adapter-bench.jar "$@"
