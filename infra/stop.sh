#!/usr/bin/env bash
# Stops the servers infra/start.sh started. `--wipe` also deletes their data.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
bash "$here/kafka.sh" stop
bash "$here/pg.sh" stop
if [ "${1:-}" = "--wipe" ]; then rm -rf "$RUN_DIR"; log "wiped $RUN_DIR"; fi
