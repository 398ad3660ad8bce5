"""SQLite engines for read models, each with the pragmas its use wants on every connection."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event


def sqlite_engine(path: Path, *pragmas: str) -> Engine:
    """An engine on the file at `path` that runs `PRAGMA <p>` for each of `pragmas` on every
    new connection (pragmas such as the journal mode are per connection)."""
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        for pragma in pragmas:
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    return engine
