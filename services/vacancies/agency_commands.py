"""The vacancies service's commands and queries over home care agencies, mixed into its
application (application.py): the same event store, outbox and retry-on-conflict as its care
homes. A council's zones are looked up here, in the shipped reference data, and handed to the
aggregate, which reads no file."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import IntegrityError

from events.platform.application import retry_on_conflict
from events.platform.errors import Conflict, NotFound
from events.platform.timeutil import utcnow
from events.reference.zones import zones_of
from services.vacancies.domain.home_care_agency import HomeCareAgency

if TYPE_CHECKING:
    from events.platform.application import ServiceApplication as _Base
else:
    _Base = object


class AgencyCommands(_Base):
    def register_agency(self, *, occurred_at: datetime, **details: Any) -> HomeCareAgency:
        council_zones = frozenset(z.code for z in zones_of(details["council_code"]))
        agency = HomeCareAgency.register(
            council_zones=council_zones, occurred_at=occurred_at, **details
        )
        try:
            self.save(agency)
        except IntegrityError:
            existing = self.agency(agency.id)
            if existing.registered_as(agency):
                return existing  # the same registration again (a retried command)
            raise Conflict(
                f"CQC location {details['cqc_location_id']} is already registered"
            ) from None
        return agency

    def agency(self, agency_id: uuid.UUID) -> HomeCareAgency:
        try:
            found: object = self.repository.get(agency_id)
        except Exception as exc:  # AggregateNotFoundError
            if type(exc).__name__ == "AggregateNotFoundError":
                raise NotFound(f"no home care agency {agency_id}") from None
            raise
        if not isinstance(found, HomeCareAgency):  # a care home's id
            raise NotFound(f"no home care agency {agency_id}")
        return found

    def agency_history(self, agency_id: uuid.UUID) -> list[DomainEventProtocol[uuid.UUID]]:
        self.agency(agency_id)
        return list(self.events.get(agency_id))

    @retry_on_conflict()
    def report_capacity(
        self,
        agency_id: uuid.UUID,
        *,
        zone: str,
        hours: dict[str, float],
        available_from: date,
        double_handed: bool,
        reported_at: datetime,
    ) -> HomeCareAgency:
        agency = self.agency(agency_id)
        agency.report_capacity(
            zone=zone,
            hours=hours,
            available_from=available_from,
            double_handed=double_handed,
            reported_at=reported_at,
            now=utcnow(),
        )
        self.save(agency)
        return agency

    @retry_on_conflict()
    def confirm_capacity(
        self, agency_id: uuid.UUID, *, confirmed_at: datetime, zones: list[str] | None = None
    ) -> HomeCareAgency:
        agency = self.agency(agency_id)
        agency.confirm_capacity(confirmed_at=confirmed_at, zones=zones, now=utcnow())
        self.save(agency)
        return agency

    @retry_on_conflict()
    def suspend_agency(
        self,
        agency_id: uuid.UUID,
        *,
        reason: str,
        note: str,
        occurred_at: datetime,
        council_code: str | None = None,
    ) -> HomeCareAgency:
        agency = self.agency(agency_id)
        agency.suspend_placements(
            reason=reason, note=note, occurred_at=occurred_at, council_code=council_code
        )
        self.save(agency)
        return agency

    @retry_on_conflict()
    def resume_agency(
        self,
        agency_id: uuid.UUID,
        *,
        note: str,
        occurred_at: datetime,
        council_code: str | None = None,
    ) -> HomeCareAgency:
        agency = self.agency(agency_id)
        agency.resume_placements(note=note, occurred_at=occurred_at, council_code=council_code)
        self.save(agency)
        return agency
