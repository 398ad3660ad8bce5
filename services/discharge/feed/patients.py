"""Which of a trust's stays the feed recorded for which patient: each hospital number and NHS
number a message named, with the episode reference it was about. An A40 (merge) finds the
prior patient's stays here.

Kept beside `feed_messages` in the discharge service's read-model database. The episodes'
published events carry no patient identifier (events/contracts/discharge.py), so no read
model of them can answer "which stays are this patient's": the feed notes it as it applies
each message. Only a keyed hash of each identifier is kept (HMAC with the stores' key): the
index is looked up by equality alone, and an NHS number stays out of the database in clear,
as the event store keeps it encrypted. A row is never removed: a merge adds the surviving
patient's rows, and a resent merge still finds the stays it relabelled (their commands are
idempotent).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from sqlalchemy import Column, MetaData, String, Table, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

_LABEL = b"carebridge feed patients v1"
MEMO = 100_000  # pairs remembered in memory before starting afresh
patients_metadata = MetaData()

feed_patients = Table(
    "feed_patients",
    patients_metadata,
    Column("trust", String(10), primary_key=True),
    Column("patient", String(80), primary_key=True),  # hash of "MRN 40800000", "NHS 94..."
    Column("reference", String(100), primary_key=True),  # the episode reference
)


class PatientIndex:
    def __init__(self, engine: Engine, key: str | None = None) -> None:
        self.engine = engine
        self._key = hmac.new((key or "").encode(), _LABEL, hashlib.sha256).digest()
        self._noted: set[tuple[str, str, str]] = set()  # this process's, to skip the database
        patients_metadata.create_all(engine)

    def note(self, trust: str, patients: Iterable[str], references: Iterable[str]) -> None:
        """These patient keys are those of these stays (known pairs are left as they are)."""
        keys = {self.hashed(p) for p in patients}
        wanted = {(trust, p, r[:100]) for p in keys for r in references} - self._noted
        if not wanted:
            return  # every message of a stay names the same patient: known already
        try:
            with self.engine.begin() as conn:  # one transaction: one commit a message
                known = self._known(conn, trust, {p for _, p, _ in wanted})
                rows = [{"trust": t, "patient": p, "reference": r} for t, p, r in wanted]
                rows = [row for row in rows if (row["patient"], row["reference"]) not in known]
                if rows:
                    conn.execute(feed_patients.insert(), rows)
        except IntegrityError:
            pass  # noted at the same moment by another connection's message of the patient
        if len(self._noted) > MEMO:
            self._noted.clear()
        self._noted |= wanted

    def hashed(self, patient: str) -> str:
        """What the index keeps of a patient key ("MRN 40800000"): 'h-' and 40 hex digits."""
        return "h-" + hmac.new(self._key, patient.encode(), hashlib.sha256).hexdigest()[:40]

    @staticmethod
    def _known(conn: Connection, trust: str, patients: set[str]) -> set[tuple[str, str]]:
        query = select(feed_patients.c.patient, feed_patients.c.reference).where(
            feed_patients.c.trust == trust, feed_patients.c.patient.in_(patients)
        )
        return {(row.patient, row.reference) for row in conn.execute(query)}

    def stays_of(self, trust: str, patients: Iterable[str]) -> list[str]:
        """The episode references noted for any of these patient keys, in order."""
        keys = {self.hashed(p) for p in patients}
        if not keys:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(feed_patients.c.reference)
                .where(feed_patients.c.trust == trust, feed_patients.c.patient.in_(keys))
                .distinct()
                .order_by(feed_patients.c.reference)
            )
            return [row.reference for row in rows]
