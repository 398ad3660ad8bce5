"""Dead letters: the messages a projection or a consumer could not apply, set aside so the
ones after them go on.

One table per read-model database, beside (not among) the projections' tables: a rebuild
drops and switches in a projection's own tables and leaves this one, then replaces that
projection's rows in it with what the rebuild itself could not apply (`replace`). A row is
keyed by the consumer (projection, policy or subscription name), the stream it read and the
position there: the own log's notification id, or the publisher's position on a topic
partition. `message` keeps the envelope as it arrived from a topic, so it can be applied
again later (`carebridge deadletters retry`); the own log is read again instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from events.delivery.failures import describe, is_transient
from events.platform.sqlite import for_writes
from events.platform.timeutil import naive_utc, utcnow

log = logging.getLogger(__name__)
dead_letter_metadata = MetaData()

dead_letters = Table(
    "dead_letters",
    dead_letter_metadata,
    Column("consumer", String(100), primary_key=True),
    Column("stream", String(300), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("aggregate_id", String(100), nullable=False),
    Column("error", Text, nullable=False),
    Column("failed_at", DateTime, nullable=False),  # naive UTC, like every time stored here
    Column("message", Text),  # the envelope's JSON, for a message that came from a topic
)


@dataclass(frozen=True)
class DeadLetter:
    """One message set aside: who could not apply it, where it was read, what it was, why."""

    consumer: str
    stream: str
    position: int
    event_id: str
    event_type: str
    aggregate_id: str
    error: str
    failed_at: datetime
    message: str | None = None


def letter(
    consumer: str,
    stream: str,
    position: int,
    *,
    event_id: object,
    event_type: str,
    aggregate_id: object,
    error: str,
    message: str | None = None,
) -> DeadLetter:
    """A dead letter failed now."""
    return DeadLetter(
        consumer,
        stream,
        position,
        str(event_id),
        event_type,
        str(aggregate_id),
        error,
        naive_utc(utcnow()),
        message,
    )


def failed_again(found: DeadLetter, error: Exception) -> DeadLetter:
    """The same letter, failed now with `error` (a retry that did not apply)."""
    return replace(found, error=describe(error), failed_at=naive_utc(utcnow()))


def log_set_aside(found: DeadLetter) -> None:
    """Say, as an error, that a consumer set a message aside (the operator's first sign)."""
    log.error(
        "%s set aside %s at %s #%s: %s",
        found.consumer,
        found.event_type,
        found.stream,
        found.position,
        found.error,
        extra={"consumer": found.consumer, "event_id": found.event_id},
    )


class DeadLetters:
    """The dead-letter table of one read-model database, read and written in the caller's
    transaction (a projection records a letter with the batch it skipped it in)."""

    table = dead_letters

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        dead_letter_metadata.create_all(engine)

    def record(self, conn: Connection, found: DeadLetter) -> None:
        """Set a message aside; one already set aside keeps its place with the new error."""
        row = vars(found)
        upsert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        statement = upsert(dead_letters).values(**row)
        keys = ("consumer", "stream", "position")
        changes = {k: statement.excluded[k] for k in row if k not in keys}
        conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=changes))

    def remove(self, conn: Connection, found: DeadLetter) -> None:
        t = dead_letters
        conn.execute(
            delete(t).where(
                t.c.consumer == found.consumer,
                t.c.stream == found.stream,
                t.c.position == found.position,
            )
        )

    def of(self, conn: Connection, consumer: str | None = None) -> list[DeadLetter]:
        """Every letter (of one consumer), oldest position first."""
        t = dead_letters
        query = select(t).order_by(t.c.consumer, t.c.stream, t.c.position)
        if consumer is not None:
            query = query.where(t.c.consumer == consumer)
        return [DeadLetter(**row._mapping) for row in conn.execute(query)]

    def counts(self, conn: Connection) -> dict[str, int]:
        """How many letters each consumer has set aside (consumers with none left out)."""
        t = dead_letters
        rows = conn.execute(select(t.c.consumer, func.count()).group_by(t.c.consumer))
        return {consumer: int(n) for consumer, n in rows}

    def replace(self, conn: Connection, consumer: str, found: list[DeadLetter]) -> None:
        """After a rebuild: the consumer's letters are exactly what the rebuild set aside
        (the ones it no longer hits are gone)."""
        conn.execute(delete(dead_letters).where(dead_letters.c.consumer == consumer))
        for each in found:
            self.record(conn, each)

    def retried(self, found: DeadLetter, attempt: Callable[[], None]) -> str | None:
        """Run `attempt` (the letter's message applied again): None when it went through and
        the letter is gone, else the error, which the letter now says. A transient failure
        propagates and leaves the letter as it was."""
        try:
            attempt()
        except Exception as exc:
            if is_transient(exc):
                raise
            with for_writes(self.engine).begin() as conn:
                self.record(conn, failed_again(found, exc))
            return describe(exc)
        with for_writes(self.engine).begin() as conn:
            self.remove(conn, found)
        return None

    def reset(self) -> None:
        """An empty table (a rebuild's shadow starts with none)."""
        dead_letter_metadata.drop_all(self.engine)
        dead_letter_metadata.create_all(self.engine)


class Retries(Protocol):
    """A projection or consumer that can apply its dead letters again."""

    name: str

    def retry(self, found: DeadLetter) -> str | None:
        """None when it applied (its letter gone), else the error its letter now says."""
        ...
