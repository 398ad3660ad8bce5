"""Which failures of applying a message are the message's fault, and which are the
infrastructure's.

A message that cannot be applied (a value its read model cannot store, a rule that raises
on it) will fail the same way every time: it is set aside as a dead letter so the ones after
it go on. A failure of the infrastructure (the database unreachable or locked, a pool
exhausted, a connection lost, another writer first) says nothing about the message: it must
propagate, so the message is retried once the infrastructure is back.
"""

from __future__ import annotations

import sqlite3

import psycopg
from eventsourcing import persistence as es
from sqlalchemy import exc as sa

# The database's message for a value SQLite's own arithmetic cannot hold: the statement's
# fault, although SQLite reports it as an operational error.
_SQLITE_DATA_ERRORS = ("integer overflow",)

_TRANSIENT: tuple[type[BaseException], ...] = (
    sa.OperationalError,  # unreachable, locked, timed out, serialisation failure
    sa.InterfaceError,
    sa.DisconnectionError,
    sa.TimeoutError,  # SQLAlchemy's pool exhausted
    sa.PendingRollbackError,
    psycopg.OperationalError,  # raised raw by COPY; psycopg_pool.PoolTimeout too
    psycopg.InterfaceError,
    sqlite3.OperationalError,  # raised raw by executemany
    sqlite3.InterfaceError,
    es.OperationalError,  # the event store's, pool timeouts included
    es.InterfaceError,
    es.RecordConflictError,  # another writer saved the aggregate first
    es.ConnectionPoolClosedError,
    OSError,  # sockets, files
    MemoryError,
)


def is_transient(exc: BaseException) -> bool:
    """Whether `exc` (or the error it was raised from) is the infrastructure's failure: the
    message must be retried, not set aside."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _TRANSIENT) and not _sqlite_data_error(current):
            return True
        if isinstance(current, sa.DBAPIError) and current.connection_invalidated:
            return True
        transient = getattr(current, "transient", None)  # a failure reported from a worker
        if isinstance(transient, bool):
            return transient
        current = current.__cause__
    return False


def _sqlite_data_error(exc: BaseException) -> bool:
    if isinstance(exc, sa.OperationalError):
        exc = exc.orig  # type: ignore[assignment]
    return isinstance(exc, sqlite3.OperationalError) and str(exc) in _SQLITE_DATA_ERRORS


def describe(exc: BaseException, limit: int = 2000) -> str:
    """The error as a dead letter keeps it: its type and message, bounded."""
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else text[: limit - 1] + "…"
