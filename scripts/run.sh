#!/usr/bin/env bash
# Runs Carebridge on the embedded default (SQLite, in-process event bus; no servers needed):
# seeds a synthetic borough, simulates its last 60 days, keeps it going in accelerated time and
# serves the dashboard on http://127.0.0.1:8000, printing the URL and a login token.
# Extra arguments go to `carebridge demo` (e.g. --days 30 --seed 7 --no-serve).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/venv.sh
exec .venv/bin/carebridge demo "$@"
