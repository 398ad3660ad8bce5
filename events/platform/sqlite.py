"""SQLite engines for read models, each with the pragmas its use wants on every connection."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

# Set on every connection, it only takes effect on a new file (before its first table). A read
# model holds millions of small rows: 16 KiB pages make a rebuild's drop, copy and commit of
# them about 40% cheaper than SQLite's default 4 KiB (docs/performance.md). A file made
# before keeps its pages: it works the same, only rebuilds slower.
PAGE_SIZE = 16384


def sqlite_engine(path: Path, *pragmas: str) -> Engine:
    """An engine on the file at `path` that runs `PRAGMA <p>` for each of `pragmas` on every
    new connection (pragmas such as the journal mode are per connection), after
    `page_size` (which must come before the journal mode on a new file)."""
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        for pragma in (f"page_size={PAGE_SIZE}", *pragmas):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    return engine
