# Shared defaults for the infra scripts; every value can be overridden from the environment.
INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_VERSION="${CAREBRIDGE_KAFKA_VERSION:-3.9.1}"
KAFKA_LIBS="${CAREBRIDGE_KAFKA_LIBS:-$INFRA_DIR/kafka/libs}"
# Runtime state lives outside the checkout: PostgreSQL refuses to run as root, so its data
# folder must belong to the postgres user, which cannot always read a checkout under /root.
RUN_DIR="${CAREBRIDGE_INFRA_RUN_DIR:-/tmp/carebridge-infra}"
PG_PORT="${CAREBRIDGE_PG_PORT:-54329}"
PG_DB="${CAREBRIDGE_PG_DB:-carebridge}"
KAFKA_PORT="${CAREBRIDGE_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${CAREBRIDGE_KAFKA_CONTROLLER_PORT:-19093}"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/postgres" ] && { echo "$dir"; return 0; }
  done
  return 1
}

# Wait until a TCP port on 127.0.0.1 accepts connections.
wait_for_port() {
  local port="$1" seconds="$2" name="$3" i
  for ((i = 0; i < seconds * 2; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  die "$name did not open 127.0.0.1:$port within ${seconds}s"
}
