#!/usr/bin/env bash
# Runs Carebridge on the embedded default (SQLite in ./.carebridge, in-process event bus):
# no servers needed. Extra arguments go to `carebridge serve`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/venv.sh
exec .venv/bin/carebridge serve "$@"
