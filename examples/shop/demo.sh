#!/usr/bin/env bash
# The example's whole job in one go, safe to run again: bring the database in line with schema.sql,
# load the sample data for user "demo", connect (validate + row counts), back it up and check the backup.
# Uses the "local" profile (database "test" on 127.0.0.1:5432; set SHOP_DATABASE_URL to use another).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DB_PROFILE=local SHOP_USER_ID="${SHOP_USER_ID:-demo}"
run() {
  echo
  echo "\$ db-adapter $*"
  ../../db-adapter "$@"
}
run fix --confirm
run restore sample-backup.json -y
run connect
run backup -o backups/demo.json
run backup --validate backups/demo.json
