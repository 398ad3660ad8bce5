"""SQLAlchemy engines for read models, and the tracking that makes projections exactly-once.

A projection writes its rows and the position it has reached in one transaction; a message
at or below the recorded position is a duplicate and changes nothing.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    MetaData,
    String,
    Table,
    bindparam,
    create_engine,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from events.platform.eventstore import ensure_schema
from events.platform.settings import Settings
from events.platform.sqlite import sqlite_engine


def readmodel_engine(settings: Settings, service: str) -> Engine:
    """The service's read-model database: `<service>_views` schema or its own SQLite file."""
    if settings.postgres_url:
        schema = f"{service}_views"
        ensure_schema(settings.postgres_url, schema)
        url = settings.postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_size=5,
            connect_args={"connect_timeout": max(1, settings.postgres_connect_timeout)},
        )
        return engine.execution_options(schema_translate_map={None: schema})
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / f"{service}-views.sqlite"
    # NORMAL: in WAL mode a commit is atomic and consistent without waiting for the disk;
    # a power cut may lose the last commits, which the next catch-up applies again from the
    # log (the positions are in the same database, written with the rows).
    return sqlite_engine(path, "journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000")


def positions_table(metadata: MetaData, name: str = "positions") -> Table:
    """One row per (projection, stream): the last upstream position applied."""
    return Table(
        name,
        metadata,
        Column("projection", String(100), primary_key=True),
        Column("stream", String(200), primary_key=True),
        Column("position", BigInteger, nullable=False),
    )


class Positions:
    """Read and advance a projection's positions inside the caller's transaction."""

    def __init__(self, table: Table, projection: str) -> None:
        self.table = table
        self.projection = projection
        # Built once, run with the stream bound: made anew on each call, a statement cost
        # more than its run (its construction and cache key), and these run on every read
        # that catches a projection up and in every batch a consumer applies.
        mine = (table.c.projection == projection) & (table.c.stream == bindparam("of_stream"))
        self._get = select(table.c.position).where(mine)
        self._claim = self._get.with_for_update()
        self._advance = update(table).where(mine).values(position=bindparam("new_position"))

    def get(self, conn: Connection, stream: str) -> int:
        row = conn.execute(self._get, {"of_stream": stream}).first()
        return int(row[0]) if row else 0

    def claim(self, conn: Connection, stream: str) -> int:
        """The stream's position, with its row locked until the caller's transaction ends: a
        second replica catching up the same stream waits here, then sees the new position,
        instead of writing the same rows again."""
        position = conn.execute(self._claim, {"of_stream": stream}).scalar_one_or_none()
        if position is not None:
            return int(position)
        # A stream's first message: the row is created (by whichever replica is first) so
        # there is a row to lock; SQLite has one writer at a time already.
        row = {"projection": self.projection, "stream": stream, "position": 0}
        upsert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        conn.execute(upsert(self.table).values(**row).on_conflict_do_nothing())
        return int(conn.execute(self._claim, {"of_stream": stream}).scalar_one())

    def advance(self, conn: Connection, stream: str, position: int) -> bool:
        """Move to `position`; False (and nothing written) if it was already reached. The row
        is claimed (locked) first, so a writer that did not claim it waits for one that did."""
        if position <= self.claim(conn, stream):
            return False
        conn.execute(self._advance, {"of_stream": stream, "new_position": position})
        return True
