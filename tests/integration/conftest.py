"""The integration tier: a real PostgreSQL and a real Kafka broker on 127.0.0.1.

They are started by `infra/start.sh` (installed by `infra/install.sh`) unless
CAREBRIDGE_TEST_POSTGRES_URL and CAREBRIDGE_TEST_KAFKA_BOOTSTRAP point at running ones.
A server that cannot be reached fails the test run loudly; it is never skipped.
"""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from eventsourcing.cipher import AESCipher
from psycopg import sql

from events.platform.settings import Settings

REPO = Path(__file__).parents[2]
PG_URL = os.environ.get(
    "CAREBRIDGE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:54329/carebridge"
)
KAFKA = os.environ.get("CAREBRIDGE_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
SECRET = "integration-test-secret-integration-test-secret"
TEST_CIPHER_KEY = AESCipher.create_key(32)  # one for the run: every process reads the stores


@dataclass(frozen=True)
class Servers:
    postgres_url: str
    kafka_bootstrap: str


def _reachable() -> bool:
    try:
        with psycopg.connect(PG_URL, connect_timeout=3):
            pass
        host, port = KAFKA.rsplit(":", 1)
        socket.create_connection((host, int(port)), timeout=3).close()
        return True
    except (OSError, psycopg.Error):
        return False


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    started = False
    if not _reachable():
        result = subprocess.run(
            ["bash", str(REPO / "infra" / "start.sh")], capture_output=True, text=True, timeout=300
        )
        if result.returncode != 0 or not _reachable():
            pytest.fail(
                "The integration tier needs PostgreSQL and Kafka on 127.0.0.1 and could not start "
                "them (run infra/install.sh once, then infra/start.sh).\n"
                f"infra/start.sh said:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
                pytrace=False,
            )
        started = True
    yield Servers(PG_URL, KAFKA)
    if started and not os.environ.get("CAREBRIDGE_TEST_KEEP_SERVERS"):
        subprocess.run(["bash", str(REPO / "infra" / "stop.sh")], capture_output=True, timeout=120)


@pytest.fixture
def database(servers: Servers) -> Iterator[str]:
    """A fresh database per test, dropped afterwards."""
    name = f"cb_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(servers.postgres_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = servers.postgres_url.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(servers.postgres_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def production_settings(servers: Servers, database: str, tmp_path: Path) -> Settings:
    """Production mode: PostgreSQL event stores and read models, Kafka between services,
    topics and consumer groups of this test only."""
    prefix = f"t{uuid.uuid4().hex[:8]}."
    # production refuses to start without a key: the suite's own, or the encrypted run's
    cipher = os.environ.get("CAREBRIDGE_TEST_CIPHER_KEY") or TEST_CIPHER_KEY
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path / "data",
        postgres_url=database,
        kafka_bootstrap=servers.kafka_bootstrap,
        topic_prefix=prefix,
        consumer_group_prefix=prefix,
        jwt_secret=SECRET,
        cipher_key=cipher,
        relay_interval_seconds=0.05,
    )


def settings_env(settings: Settings) -> dict[str, str]:
    """The same settings as environment variables, for a service run as its own process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREBRIDGE_")}
    env.update(
        CAREBRIDGE_DATA_DIR=str(settings.data_dir),
        CAREBRIDGE_POSTGRES_URL=settings.postgres_url or "",
        CAREBRIDGE_KAFKA_BOOTSTRAP=settings.kafka_bootstrap or "",
        CAREBRIDGE_TOPIC_PREFIX=settings.topic_prefix,
        CAREBRIDGE_CONSUMER_GROUP_PREFIX=settings.consumer_group_prefix,
        CAREBRIDGE_JWT_SECRET=SECRET,
    )
    if settings.cipher_key is not None:
        env["CAREBRIDGE_CIPHER_KEY"] = settings.cipher_key.get_secret_value()
    return env


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)
