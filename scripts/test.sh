#!/usr/bin/env bash
# Runs the whole test suite (unit and PostgreSQL tests of every module) with a JDK >= 21.
# Tests use the server in DB_ADAPTER_TEST_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=java-home.sh
. "$root/scripts/java-home.sh"
cd "$root"
# the PgBouncer tests need the pgbouncer binary
bash "$root/scripts/pgbouncer.sh"
exec ./mvnw -B -ntp test "$@"
