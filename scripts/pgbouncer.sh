#!/usr/bin/env bash
# Makes sure a pgbouncer binary is on this machine (Debian's package), for the tests that run through
# a PgBouncer in transaction mode. The tests start their own pgbouncer process on a free port; the
# package's system service is never needed and is left stopped.
set -euo pipefail
if command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ]; then
  exit 0
fi
echo "Installing pgbouncer..."
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get install -y -q pgbouncer >/dev/null 2>&1 || {
  $sudo_cmd apt-get update -q >/dev/null
  $sudo_cmd apt-get install -y -q pgbouncer >/dev/null
}
# the package may start its service; the tests do not use it
$sudo_cmd service pgbouncer stop >/dev/null 2>&1 || true
