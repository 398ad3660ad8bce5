#!/usr/bin/env bash
# PostgreSQL on 127.0.0.1:$PG_PORT with trust authentication for local development and tests.
# Usage: infra/pg.sh start|stop|status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

BIN="$(pg_bindir)" || die "PostgreSQL server is not installed: run infra/install.sh"
DATA="$RUN_DIR/pg/data"
LOGFILE="$RUN_DIR/pg/postgres.log"

as_owner() {
  # PostgreSQL will not run as root; run it as the postgres user when we are root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
owner() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }

start() {
  mkdir -p "$RUN_DIR/pg"
  chmod 755 "$RUN_DIR"
  chown "$(owner)" "$RUN_DIR/pg"
  if [ ! -s "$DATA/PG_VERSION" ]; then
    log "initialising a PostgreSQL cluster in $DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    log "PostgreSQL already running"
  else
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 start \
      -o "-h 127.0.0.1 -p $PG_PORT -k /tmp -c max_connections=300 -c fsync=off" >/dev/null
  fi
  wait_for_port "$PG_PORT" 60 PostgreSQL
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $PG_DB" >/dev/null
  fi
  log "PostgreSQL ready: postgresql://postgres@127.0.0.1:$PG_PORT/$PG_DB"
}

stop() {
  if [ -s "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    log "PostgreSQL stopped"
  fi
}

status() { as_owner "$BIN/pg_ctl" -D "$DATA" status; }

case "${1:-}" in
  start) start ;; stop) stop ;; status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
