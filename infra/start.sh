#!/usr/bin/env bash
# Starts PostgreSQL and Kafka on 127.0.0.1 (installing them first if needed).
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
bash "$here/install.sh"
bash "$here/pg.sh" start
bash "$here/kafka.sh" start
cat <<MSG
export CAREBRIDGE_POSTGRES_URL=postgresql://postgres@127.0.0.1:$PG_PORT/$PG_DB
export CAREBRIDGE_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
MSG
