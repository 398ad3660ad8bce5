#!/usr/bin/env bash
# Installs what the integration tier needs on a fresh Debian machine: the PostgreSQL server
# (Debian's package), a Java runtime and Maven, and the Apache Kafka broker jars from Maven
# Central. Safe to run again: each step is skipped when already done.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

need_apt=()
pg_bindir >/dev/null || need_apt+=(postgresql)
command -v java >/dev/null || need_apt+=(default-jre-headless)
command -v mvn >/dev/null || need_apt+=(maven)
# The dashboard's browser tests drive Debian's headless Chromium.
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
if ((${#need_apt[@]})); then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# Debian's package starts a cluster of its own on 5432; we run ours on $PG_PORT instead.
pg_bindir >/dev/null || die "PostgreSQL server binaries not found after install"

if ! ls "$KAFKA_LIBS"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1; then
  log "fetching Apache Kafka $KAFKA_VERSION and its dependencies from Maven Central"
  rm -rf "$KAFKA_LIBS"
  mvn -q -B -f "$INFRA_DIR/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS"
fi
log "installed: PostgreSQL $("$(pg_bindir)"/postgres --version | awk '{print $3}'), Kafka $KAFKA_VERSION ($(ls "$KAFKA_LIBS" | wc -l) jars)"
