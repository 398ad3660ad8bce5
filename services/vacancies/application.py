"""The vacancies service's commands and queries over its event-sourced care homes.

Every command loads the home, lets the aggregate decide, and saves; a concurrent writer
makes it run again on fresh state, so the aggregate's invariants decide the loser's answer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from eventsourcing.application import project_aggregate
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import IntegrityError

from events.platform.application import ServiceApplication, retry_on_conflict
from events.platform.errors import Conflict, NotFound
from events.platform.timeutil import utcnow
from services.vacancies.agency_commands import AgencyCommands
from services.vacancies.domain.care_home import CareHome, care_home_id


class CareHomes(AgencyCommands, ServiceApplication):  # home care agencies: agency_commands.py
    name = "vacancies"

    def register_home(self, *, occurred_at: datetime, **details: Any) -> CareHome:
        home = CareHome.register(occurred_at=occurred_at, **details)
        try:
            self.save(home)
        except IntegrityError:
            existing = self.home(home.id)
            if existing.registered_as(home):
                return existing  # the same registration again (a retried command)
            raise Conflict(
                f"CQC location {details['cqc_location_id']} is already registered"
            ) from None
        return home

    def home(self, home_id: uuid.UUID) -> CareHome:
        try:
            home: CareHome = self.repository.get(home_id)
        except Exception as exc:  # AggregateNotFoundError
            if type(exc).__name__ == "AggregateNotFoundError":
                raise NotFound(f"no care home {home_id}") from None
            raise
        if not isinstance(home, CareHome):  # a home care agency's id
            raise NotFound(f"no care home {home_id}")
        return home

    def home_for_cqc(self, cqc_location_id: str) -> CareHome:
        return self.home(care_home_id(cqc_location_id))

    def history(self, home_id: uuid.UUID) -> list[DomainEventProtocol[uuid.UUID]]:
        self.home(home_id)
        return list(self.events.get(home_id))

    def home_with_history(
        self, home_id: uuid.UUID
    ) -> tuple[CareHome, list[DomainEventProtocol[uuid.UUID]]]:
        """The home and its history from one read of its log (as `home` and `history`, which
        read it twice more: a home's page shows both)."""
        history = list(self.events.get(home_id))
        home = project_aggregate(None, history)
        if not isinstance(home, CareHome):  # none, or a home care agency's id
            raise NotFound(f"no care home {home_id}")
        return home, history

    @retry_on_conflict()
    def change_details(
        self,
        home_id: uuid.UUID,
        *,
        occurred_at: datetime,
        expected_version: int | None = None,
        **changes: Any,
    ) -> CareHome:
        home = self.home(home_id)
        if expected_version is not None and expected_version != home.version:
            raise Conflict(
                f"home is at version {home.version}, not {expected_version}: read it again"
            )
        home.change_details(occurred_at=occurred_at, **changes)
        self.save(home)
        return home

    @retry_on_conflict()
    def change_rating(
        self, home_id: uuid.UUID, *, rating: str, rated_on: str, occurred_at: datetime
    ) -> CareHome:
        home = self.home(home_id)
        home.change_rating(rating=rating, rated_on=rated_on, occurred_at=occurred_at)
        self.save(home)
        return home

    @retry_on_conflict()
    def suspend_placements(
        self,
        home_id: uuid.UUID,
        *,
        reason: str,
        note: str,
        occurred_at: datetime,
        council_code: str | None = None,
    ) -> CareHome:
        home = self.home(home_id)
        home.suspend_placements(
            reason=reason, note=note, occurred_at=occurred_at, council_code=council_code
        )
        self.save(home)
        return home

    @retry_on_conflict()
    def resume_placements(
        self,
        home_id: uuid.UUID,
        *,
        note: str,
        occurred_at: datetime,
        council_code: str | None = None,
    ) -> CareHome:
        home = self.home(home_id)
        home.resume_placements(note=note, occurred_at=occurred_at, council_code=council_code)
        self.save(home)
        return home

    @retry_on_conflict()
    def announce_closure(
        self, home_id: uuid.UUID, *, closing_on: str, occurred_at: datetime
    ) -> CareHome:
        home = self.home(home_id)
        home.announce_closure(closing_on=closing_on, occurred_at=occurred_at)
        self.save(home)
        return home

    @retry_on_conflict()
    def report_vacancies(
        self,
        home_id: uuid.UUID,
        *,
        free_beds: dict[str, int],
        reported_at: datetime,
        check: Callable[[CareHome], None] | None = None,
    ) -> CareHome:
        """`check`: called with the home as loaded, before anything is decided (the API's
        test of who owns it: raises to refuse), so the home is read once, not twice."""
        home = self.home(home_id)
        if check is not None:
            check(home)
        home.report_vacancies(free_beds=free_beds, reported_at=reported_at, now=utcnow())
        self.save(home)
        return home

    @retry_on_conflict()
    def reserve_bed(
        self,
        home_id: uuid.UUID,
        *,
        reservation_id: uuid.UUID,
        bed_type: str,
        reference: str,
        reserved_by: str,
        now: datetime,
        hold: timedelta,
    ) -> CareHome:
        home = self.home(home_id)
        home.reserve_bed(
            reservation_id=reservation_id,
            bed_type=bed_type,
            reference=reference,
            reserved_by=reserved_by,
            now=now,
            expires_at=now + hold,
        )
        self.save(home)
        return home

    @retry_on_conflict()
    def release_reservation(
        self, home_id: uuid.UUID, *, reservation_id: uuid.UUID, reason: str, now: datetime
    ) -> CareHome:
        home = self.home(home_id)
        home.release_reservation(reservation_id=reservation_id, reason=reason, now=now)
        self.save(home)
        return home

    @retry_on_conflict()
    def occupy_bed(
        self, home_id: uuid.UUID, *, reservation_id: uuid.UUID, now: datetime
    ) -> CareHome:
        home = self.home(home_id)
        home.occupy_bed(reservation_id=reservation_id, now=now)
        self.save(home)
        return home

    @retry_on_conflict()
    def expire_reservations(self, home_id: uuid.UUID, *, now: datetime) -> int:
        home = self.home(home_id)
        home.expire_reservations(now=now)
        pending = len(home.pending_events)
        self.save(home)
        return pending
