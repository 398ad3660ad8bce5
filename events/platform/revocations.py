"""Revoked token ids, in one table every process of the deployment reads.

Embedded: `revocations.sqlite` in the data folder (the CLI and `carebridge serve` share it).
Production: the `revoked_tokens` table in the `tokens` schema of the PostgreSQL database.

Each process keeps the revoked set in memory and reads it again at most every few seconds, so
a verification costs a set lookup; a revocation made by another process is seen within that
time, one made through this object at once. Only the revocations of the last `max_hours`
(plus a margin for clocks) are read: a token revoked before then has expired anyway, since
none lives longer. The store is made on first use, so a process that verifies no token
never opens it. An unreachable store refuses the request (503), it does not let it through.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, DateTime, Engine, MetaData, String, Table, create_engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from events.platform.eventstore import ensure_schema
from events.platform.settings import Settings
from events.platform.sqlite import for_writes, sqlite_engine

SCHEMA = "tokens"
CLOCK_MARGIN = timedelta(hours=1)

metadata = MetaData()
revoked_tokens = Table(
    "revoked_tokens",
    metadata,
    Column("token_id", String(36), primary_key=True),
    Column("revoked_at", DateTime(timezone=True), nullable=False, index=True),
)


def revocations_engine(settings: Settings) -> Engine:
    """The deployment's revocation store, with its table."""
    if settings.postgres_url:
        ensure_schema(settings.postgres_url, SCHEMA)
        url = settings.postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
        timeout = max(1, settings.postgres_connect_timeout)
        pooled = create_engine(
            url, pool_pre_ping=True, pool_size=2, connect_args={"connect_timeout": timeout}
        )
        engine: Engine = pooled.execution_options(schema_translate_map={None: SCHEMA})
        metadata.create_all(engine)
        return engine
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "revocations.sqlite"
    engine = sqlite_engine(path, "journal_mode=WAL", "busy_timeout=10000")
    metadata.create_all(engine)
    path.chmod(0o600)  # like the secret beside it
    return engine


class Revocations:
    def __init__(
        self,
        engine: Callable[[], Engine],
        *,
        max_hours: float,
        cache_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._make_engine = engine
        self._engine: Engine | None = None
        self.max_hours, self.cache_seconds, self._clock = max_hours, cache_seconds, clock
        self._revoked: frozenset[str] = frozenset()
        self._read_at: float | None = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, settings: Settings) -> Revocations:
        return cls(
            lambda: revocations_engine(settings),
            max_hours=settings.token_max_hours,
            cache_seconds=settings.token_revocation_cache_seconds,
        )

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = self._make_engine()
            return self._engine

    def revoke(self, token_id: str) -> bool:
        """Record the revocation of `token_id` (a UUID); False if it was revoked already."""
        token_id = str(uuid.UUID(token_id))
        engine = self.engine
        insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
        row = {"token_id": token_id, "revoked_at": datetime.now(UTC)}
        statement = insert(revoked_tokens).values(row).on_conflict_do_nothing()
        with for_writes(engine).begin() as conn:
            added = conn.execute(statement.returning(revoked_tokens.c.token_id)).first()
        self._read_at = None  # this process sees it at once
        return added is not None

    def is_revoked(self, token_id: str) -> bool:
        now = self._clock()
        read_at = self._read_at
        if read_at is None or now - read_at >= self.cache_seconds:
            self._revoked, self._read_at = self._read(), now
        return token_id in self._revoked

    def _read(self) -> frozenset[str]:
        since = datetime.now(UTC) - timedelta(hours=self.max_hours) - CLOCK_MARGIN
        query = select(revoked_tokens.c.token_id).where(revoked_tokens.c.revoked_at >= since)
        with self.engine.connect() as conn:
            return frozenset(conn.execute(query).scalars())

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
