"""SQLite engines for read models, each with the pragmas its use wants on every connection.

Transactions are begun by SQLAlchemy, not by the driver. Python's sqlite3 (before 3.12's
`autocommit`) begins a transaction only before an INSERT, UPDATE or DELETE, so a SAVEPOINT
issued first starts a transaction of its own, and releasing it commits: a projection that
rolls back one failed message (`conn.begin_nested()`) would keep or lose the wrong writes.
So, as SQLAlchemy's SQLite documentation prescribes, the driver's own transaction handling is
off (`isolation_level = None`) and every SQLAlchemy transaction emits its BEGIN; a writer asks
for `BEGIN IMMEDIATE` (`for_writes`), which takes the write lock at once, waiting for it up to
the busy timeout, where a deferred BEGIN that reads first could fail on a snapshot another
writer has moved on from.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

# Set on every connection, it only takes effect on a new file (before its first table). A read
# model holds millions of small rows: 16 KiB pages make a rebuild's drop, copy and commit of
# them about 40% cheaper than SQLite's default 4 KiB (measured in the fourth pass: `git show
# 9057ea1:docs/performance.md`). A file made before keeps its pages: it works the same, only
# rebuilds slower.
PAGE_SIZE = 16384
BEGIN = "sqlite_begin"  # the execution option naming the BEGIN a transaction emits


def sqlite_engine(path: Path, *pragmas: str) -> Engine:
    """An engine on the file at `path` that runs `PRAGMA <p>` for each of `pragmas` on every
    new connection (pragmas such as the journal mode are per connection), after
    `page_size` (which must come before the journal mode on a new file)."""
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # SQLAlchemy says when a transaction begins
        cur = dbapi_conn.cursor()
        for pragma in (f"page_size={PAGE_SIZE}", *pragmas):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(BEGIN, "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def for_writes(engine: Engine) -> Engine:
    """The same engine (and pool) for transactions that write: on SQLite they begin with
    the write lock taken (`BEGIN IMMEDIATE`); elsewhere nothing changes."""
    return engine.execution_options(**{BEGIN: "IMMEDIATE"})
