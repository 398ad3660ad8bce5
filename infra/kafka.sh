#!/usr/bin/env bash
# A single-node Apache Kafka broker in KRaft mode (broker and controller in one process) on
# 127.0.0.1:$KAFKA_PORT, run straight from the jars infra/install.sh fetched from Maven Central.
# Usage: infra/kafka.sh start|stop|status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

DIR="$RUN_DIR/kafka"
CONFIG="$DIR/server.properties"
PIDFILE="$DIR/kafka.pid"
LOGFILE="$DIR/kafka.log"
[ -e "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" ] || die "Kafka is not installed: run infra/install.sh"
JAVA=(java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
      "-Dlog4j.configuration=file:$INFRA_DIR/kafka/log4j.properties" -cp "$KAFKA_LIBS/*")

running() { [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

write_config() {
  cat >"$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$DIR/data
num.partitions=4
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=-1
PROPS
}

start() {
  if running; then log "Kafka already running (pid $(cat "$PIDFILE"))"; return 0; fi
  mkdir -p "$DIR"
  write_config
  if [ ! -e "$DIR/data/meta.properties" ]; then
    log "formatting KRaft storage in $DIR/data"
    "${JAVA[@]}" kafka.tools.StorageTool format -t "$("${JAVA[@]}" kafka.tools.StorageTool random-uuid)" \
      -c "$CONFIG" >/dev/null
  fi
  nohup "${JAVA[@]}" kafka.Kafka "$CONFIG" >"$LOGFILE" 2>&1 &
  echo $! >"$PIDFILE"
  wait_for_port "$KAFKA_PORT" 120 Kafka || { tail -40 "$LOGFILE" >&2; exit 1; }
  # The port opens before the broker has registered with its controller; wait for that too.
  for _ in $(seq 1 120); do
    grep -q "Kafka Server started\|\[KafkaRaftServer nodeId=1\] Kafka Server started" "$LOGFILE" && break
    running || { tail -40 "$LOGFILE" >&2; die "Kafka exited during start-up"; }
    sleep 0.5
  done
  log "Kafka ready: 127.0.0.1:$KAFKA_PORT (pid $(cat "$PIDFILE"))"
}

stop() {
  if running; then
    local pid; pid="$(cat "$PIDFILE")"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    log "Kafka stopped"
  fi
  rm -f "$PIDFILE"
}

status() { if running; then echo "Kafka running (pid $(cat "$PIDFILE"))"; else echo "Kafka stopped"; exit 3; fi; }

case "${1:-}" in
  start) start ;; stop) stop ;; status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
