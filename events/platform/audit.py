"""The audit of reads: one row per read of patient-level data, who, what, when, from where.

Append-only: this class records and queries, nothing else, and the database itself refuses
any UPDATE or DELETE (`events.platform.audit_schema`). Every text is bounded and scrubbed of
tokens and NHS numbers before it is written (`events.platform.audit_scrub`). The store is
made on first use, like the revocations, so an unreachable one fails the read that needs it
(503), not the process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from events.platform.audit_entry import AuditEntry, bounded, utc
from events.platform.audit_schema import audit_engine, read_ids, reads
from events.platform.settings import Settings
from events.platform.sqlite import for_writes

MAX_LIMIT = 1000
__all__ = ["AuditEntry", "AuditLog"]


class AuditLog:
    def __init__(
        self,
        engine: Callable[[], Engine],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._make_engine, self._clock = engine, clock
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, settings: Settings) -> AuditLog:
        return cls(lambda: audit_engine(settings))

    @property
    def _db(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = self._make_engine()
            return self._engine

    def record(self, entry: AuditEntry) -> AuditEntry:
        """Write one read (bounded and scrubbed); the row as kept, with its `seq`."""
        kept = bounded(entry, self._clock())
        row = {k: v for k, v in vars(kept).items() if k not in ("ids", "seq")}
        with for_writes(self._db).begin() as conn:
            seq = int(conn.execute(reads.insert().values(row).returning(reads.c.seq)).scalar_one())
            if kept.ids:
                conn.execute(read_ids.insert(), [{"seq": seq, "record_id": i} for i in kept.ids])
        return replace(kept, seq=seq)

    def query(
        self,
        *,
        subject: str | None = None,
        organisation: str | None = None,
        patient: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
    ) -> list[AuditEntry]:
        """The reads matching every filter given, newest first, at most `limit` (1 to 1000).
        `patient` is an id among the ids read; `since` and `until` include their bounds."""
        if not 1 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be from 1 to {MAX_LIMIT}")
        q = select(reads)
        if subject is not None:
            q = q.where(reads.c.subject == subject)
        if organisation is not None:
            q = q.where(reads.c.organisation == organisation)
        if patient is not None:
            having = select(read_ids.c.seq).where(read_ids.c.record_id == patient)
            q = q.where(reads.c.seq.in_(having))
        if since is not None:
            q = q.where(reads.c.at >= utc(since))
        if until is not None:
            q = q.where(reads.c.at <= utc(until))
        q = q.order_by(reads.c.at.desc(), reads.c.seq.desc()).limit(limit)
        with self._db.connect() as conn:
            found = [dict(r._mapping) for r in conn.execute(q)]
            ids = _ids_of(conn, [int(r["seq"]) for r in found])
        return [
            AuditEntry(**{**r, "at": utc(r["at"]), "ids": ids.get(int(r["seq"]), ())})
            for r in found
        ]

    def close(self) -> None:
        """Let go of the connections (the rows stay as they are)."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None


def _ids_of(conn: Connection, seqs: Sequence[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    if seqs:
        q = (
            select(read_ids.c.seq, read_ids.c.record_id)
            .where(read_ids.c.seq.in_(seqs))
            .order_by(read_ids.c.seq, read_ids.c.record_id)
        )
        for seq, record_id in conn.execute(q):
            out.setdefault(int(seq), []).append(str(record_id))
    return {seq: tuple(ids) for seq, ids in out.items()}
