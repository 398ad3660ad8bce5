"""The availability index as it was before batches: one message at a time, each with its own
INSERT/UPDATE/DELETE statements. Kept only as the parity tests' oracle."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from events.contracts import discharge as d
from events.contracts import vacancies as v
from events.platform.timeutil import naive_utc
from events.registry import Payload
from events.serialisation import Message
from services.broker.projections.tables import (
    council_suspensions,
    free_beds,
    holds,
    homes,
    hospital_episodes,
)

HOLD_ENDED = {
    v.ReservationReleased: "released",
    v.ReservationExpired: "expired",
    v.BedOccupied: "occupied",
}


class MessageByMessage:
    """The old per-message projector, verbatim."""

    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        p, aggregate = message.payload, str(message.envelope.aggregate_id)
        if isinstance(p, (d.EpisodeAdmitted, d.BecameReady, d.ReadinessWithdrawn, d.EpisodeEnded)):
            self._episode(conn, aggregate, p, message)
            return
        home = homes.c.home_id == aggregate
        if isinstance(p, v.CareHomeRegistered):
            conn.execute(
                homes.insert().values(
                    home_id=aggregate,
                    name=p.name,
                    provider_id=p.provider_id,
                    la_code=p.local_authority_code,
                    la_name=p.local_authority_name,
                    locality=p.locality,
                    postcode=p.postcode,
                    latitude=p.latitude,
                    longitude=p.longitude,
                    registrations=p.registrations,
                    care_categories=p.care_categories,
                    specialisms=p.specialisms,
                    suspended=False,
                )
            )
        elif isinstance(p, v.CareHomeDetailsChanged):
            changes = {k: val for k, val in p.model_dump().items() if val is not None}
            changes.pop("registered_beds", None)
            if changes:
                conn.execute(update(homes).where(home).values(**changes))
        elif isinstance(p, v.CqcRatingChanged):
            values: dict[str, Any] = {"rating": p.rating}
            if p.rating == "inadequate":
                values["suspended"] = True  # Inadequate homes take no new placements
            conn.execute(update(homes).where(home).values(**values))
        elif isinstance(p, (v.PlacementsSuspended, v.PlacementsResumed)):
            suspended = isinstance(p, v.PlacementsSuspended)
            if p.council_code is None:
                conn.execute(update(homes).where(home).values(suspended=suspended))
            else:
                self._council(conn, aggregate, p.council_code, suspended)
        elif isinstance(p, v.ClosureAnnounced):
            conn.execute(update(homes).where(home).values(closing_on=p.closing_on))
        elif isinstance(p, v.VacanciesReported):
            conn.execute(delete(free_beds).where(free_beds.c.home_id == aggregate))
            rows = [
                {"home_id": aggregate, "bed_type": bt, "free": n}
                for bt, n in p.free_beds.items()
                if n > 0
            ]
            if rows:
                conn.execute(free_beds.insert(), rows)
            conn.execute(
                update(homes).where(home).values(last_reported_at=naive_utc(p.reported_at))
            )
        elif isinstance(p, v.BedReserved):
            # a tolerant reader: the same hold announced twice is one hold
            conn.execute(delete(holds).where(holds.c.reservation_id == str(p.reservation_id)))
            conn.execute(
                holds.insert().values(
                    reservation_id=str(p.reservation_id),
                    home_id=aggregate,
                    bed_type=p.bed_type,
                    reference=p.reference,
                    status="held",
                    expires_at=naive_utc(p.expires_at),
                )
            )
        elif type(p) in HOLD_ENDED:
            rid = str(p.reservation_id)  # type: ignore[attr-defined]
            conn.execute(
                update(holds)
                .where(holds.c.reservation_id == rid)
                .values(status=HOLD_ENDED[type(p)])
            )

    def _council(self, conn: Connection, home: str, council: str, suspended: bool) -> None:
        """A council's suspension of its own placements, at a registered home only."""
        if conn.execute(select(homes.c.home_id).where(homes.c.home_id == home)).first() is None:
            return
        s = council_suspensions.c
        conn.execute(
            delete(council_suspensions).where(s.home_id == home, s.council_code == council)
        )
        if suspended:
            conn.execute(council_suspensions.insert().values(home_id=home, council_code=council))

    def _episode(
        self, conn: Connection, episode: str, p: Payload, message: Message[Payload]
    ) -> None:
        row = hospital_episodes.c.episode_id == episode
        if isinstance(p, d.EpisodeAdmitted):
            conn.execute(
                hospital_episodes.insert().values(
                    episode_id=episode,
                    provider_code=p.provider_code,
                    provider_name=p.provider_name,
                    ward=p.ward,
                    la_code=p.la_code,
                )
            )
        elif isinstance(p, d.BecameReady):
            conn.execute(
                update(hospital_episodes)
                .where(row, hospital_episodes.c.ready_since.is_(None))
                .values(ready_since=naive_utc(message.envelope.occurred_at))
            )
            if p.pathway:
                conn.execute(update(hospital_episodes).where(row).values(pathway=p.pathway))
        elif isinstance(p, d.ReadinessWithdrawn):
            conn.execute(update(hospital_episodes).where(row).values(ready_since=None))
        elif isinstance(p, d.EpisodeEnded):
            conn.execute(update(hospital_episodes).where(row).values(ended=p.kind))
