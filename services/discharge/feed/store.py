"""What the feed keeps beside the episodes, in the discharge service's read-model database
(SQLite embedded, PostgreSQL in production): the messages applied, so a repeat is known, and
every refused message with its reason, for `carebridge feed rejected`. A refused message holds
the patient's details (PID), so its text is kept encrypted with the event stores' key, as the
episodes themselves are."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime

from eventsourcing.cipher import AESCipher
from eventsourcing.utils import Environment
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from events.platform.timeutil import aware_utc, naive_utc

feed_metadata = MetaData()

feed_messages = Table(
    "feed_messages",
    feed_metadata,
    Column("trust", String(10), primary_key=True),
    Column("facility", String(60), primary_key=True),  # MSH-4
    Column("control_id", String(60), primary_key=True),  # MSH-10
    Column("digest", String(24), primary_key=True),  # of the content: a reused id differs
    Column("event", String(10), nullable=False),
    Column("outcome", String(20), nullable=False),  # applied, ignored
    Column("received_at", DateTime, nullable=False),
)

feed_rejected = Table(
    "feed_rejected",
    feed_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trust", String(10), nullable=False),
    Column("received_at", DateTime, nullable=False),
    Column("facility", String(60), nullable=False),
    Column("control_id", String(60), nullable=False),
    Column("event", String(10), nullable=False),
    Column("code", String(2), nullable=False),  # AE or AR
    Column("field", String(20), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("message", Text, nullable=False),
)


@dataclass(frozen=True)
class RejectedMessage:
    received_at: datetime
    trust: str
    facility: str
    control_id: str
    event: str
    code: str
    field: str
    reason: str
    message: str


SEALED = "aes:"  # a kept message's text encrypted with the stores' key, base64


class FeedStore:
    def __init__(self, engine: Engine, key: str | None = None) -> None:
        self.engine = engine
        self.key = key  # the stores' key: the patient index keys its hashes with it too
        self.cipher = AESCipher(Environment(env={"CIPHER_KEY": key})) if key else None
        feed_metadata.create_all(engine)

    def _seal(self, text: str) -> str:
        if self.cipher is None:
            return text
        return SEALED + base64.b64encode(self.cipher.encrypt(text.encode())).decode()

    def _open(self, kept: str) -> str:
        if not kept.startswith(SEALED):
            return kept  # kept before the store had a key
        if self.cipher is None:
            return "(encrypted: give the key to read it)"
        return self.cipher.decrypt(base64.b64decode(kept[len(SEALED) :])).decode()

    def seen(self, trust: str, facility: str, control_id: str, digest: str) -> bool:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(feed_messages.c.outcome).where(
                    feed_messages.c.trust == trust,
                    feed_messages.c.facility == facility[:60],
                    feed_messages.c.control_id == control_id[:60],
                    feed_messages.c.digest == digest,
                )
            ).first()
        return row is not None

    def id_used(self, trust: str, facility: str, control_id: str) -> bool:
        """The control id came before with other content (UCLH's engine reuses them)."""
        with self.engine.connect() as conn:
            n = conn.execute(
                select(func.count()).where(
                    feed_messages.c.trust == trust,
                    feed_messages.c.facility == facility[:60],
                    feed_messages.c.control_id == control_id[:60],
                )
            ).scalar_one()
        return bool(n)

    def remember(
        self,
        trust: str,
        facility: str,
        control_id: str,
        digest: str,
        event: str,
        outcome: str,
        at: datetime,
    ) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    feed_messages.insert().values(
                        trust=trust,
                        facility=facility[:60],
                        control_id=control_id[:60],
                        digest=digest,
                        event=event[:10],
                        outcome=outcome,
                        received_at=naive_utc(at),
                    )
                )
        except IntegrityError:
            pass  # the same message on two connections at once: remembered once is enough

    def reject(self, rejected: RejectedMessage) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                feed_rejected.insert().values(
                    received_at=naive_utc(rejected.received_at),
                    trust=rejected.trust,
                    facility=rejected.facility[:60],
                    control_id=rejected.control_id[:60],
                    event=rejected.event[:10],
                    code=rejected.code,
                    field=rejected.field[:20],
                    reason=rejected.reason[:500],
                    message=self._seal(rejected.message[:100_000]),
                )
            )

    def rejected(self, trust: str | None = None, limit: int = 100) -> list[RejectedMessage]:
        query = select(feed_rejected).order_by(feed_rejected.c.id.desc()).limit(limit)
        if trust:
            query = query.where(feed_rejected.c.trust == trust)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            RejectedMessage(
                aware_utc(r.received_at) or r.received_at,
                r.trust,
                r.facility,
                r.control_id,
                r.event,
                r.code,
                r.field,
                r.reason,
                self._open(r.message),
            )
            for r in rows
        ]
