"""Where a service's event store lives: the `eventsourcing` environment for its Application.

Each service has its own store: its own SQLite file on the embedded default, its own
PostgreSQL schema in production. The recorder is a process recorder, so the outbox relay's
position and a consumer's upstream positions are tracked in the same database, atomically
with the events they cause.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import unquote, urlparse

import psycopg
from psycopg import sql

from events.platform.datadir import secure
from events.platform.settings import Settings


def eventstore_env(settings: Settings, service: str) -> dict[str, str]:
    env: dict[str, str] = {"IS_SNAPSHOTTING_ENABLED": "n"}
    if settings.postgres_url:
        url = urlparse(settings.postgres_url)
        ensure_schema(settings.postgres_url, service)
        env.update(
            PERSISTENCE_MODULE="eventsourcing.postgres",
            POSTGRES_DBNAME=url.path.lstrip("/") or "postgres",
            POSTGRES_HOST=url.hostname or "127.0.0.1",
            POSTGRES_PORT=str(url.port or 5432),
            POSTGRES_USER=unquote(url.username or "postgres"),
            POSTGRES_PASSWORD=unquote(url.password or ""),
            POSTGRES_SCHEMA=service,
            POSTGRES_CONNECT_TIMEOUT=str(max(1, settings.postgres_connect_timeout)),
            POSTGRES_PRE_PING="y",
        )
    else:
        secure(settings.data_dir)
        env.update(
            PERSISTENCE_MODULE="eventsourcing.sqlite",
            SQLITE_DBNAME=str(settings.data_dir / f"{service}-events.sqlite"),
            SQLITE_LOCK_TIMEOUT="10",
        )
    key = settings.store_key
    if key is not None:
        env.update(CIPHER_TOPIC="eventsourcing.cipher:AESCipher", CIPHER_KEY=key)
    return env


def ensure_schema(postgres_url: str, schema: str) -> None:
    """The library creates tables, not schemas."""
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


# One key for every Carebridge process on a database (the letters CBSC).
_TABLES_LOCK = 0x43425343


@contextmanager
def creating_tables(settings: Settings) -> Iterator[None]:
    """Make tables one process at a time (production): replicas started together on a fresh
    database would otherwise race, since PostgreSQL's CREATE ... IF NOT EXISTS fails against
    another session creating the same table (a duplicate pg_type row), and so does the
    library's record of its migration. A session-level advisory lock, held while a process
    builds its services; released when the block ends or the process dies."""
    if not settings.postgres_url:
        yield
        return
    with psycopg.connect(settings.postgres_url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_TABLES_LOCK,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_TABLES_LOCK,))
