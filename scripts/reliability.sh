#!/usr/bin/env bash
# Runs the reliability and security suite on its own (the JUnit tag "reliability": faults injected,
# bad input tried, secrets kept) and prints its figures, added up over the modules.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=java-home.sh
. "$root/scripts/java-home.sh"
cd "$root"
bash "$root/scripts/pgbouncer.sh"
rm -f ./*/target/reliability-figures.json
./mvnw -B -ntp test -Dgroups=reliability "$@"
sum() {
  cat ./*/target/reliability-figures.json 2>/dev/null | grep -o "\"$1\": [0-9]*" | awk '{ total += $2 } END { print total + 0 }'
}
echo "Reliability: $(sum faults_injected) faults injected and survived, $(sum bad_inputs) bad inputs tried," \
  "$(sum rows_lost) rows lost, $(sum secrets_printed) secrets printed"
