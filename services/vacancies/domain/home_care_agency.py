"""A home care agency on a council's market: its registration, the zones it serves and the
free capacity it reports in each (hours a week by time band, from a date, with or without
double-handed calls), the councils that stopped placing with it, and the hours it holds for
the broker's package requests (their decisions in agency_hours.py).

Every time is passed in: the aggregate never reads a clock. The council's zones are reference
data the application looks up and passes in, so the domain reads no file either.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from eventsourcing.domain import Aggregate, event

from events.bounds.times import CLOCK_SKEW, UK
from services.vacancies.domain.agency_hours import AgencyHours, HeldHours
from services.vacancies.domain.agency_words import HomeCareService
from services.vacancies.domain.capacity import ZoneCapacity, checked_hours, checked_start
from services.vacancies.domain.errors import Conflict, InvalidInput, StaleReport
from services.vacancies.domain.suspensions import Suspensions, checked_reason
from services.vacancies.domain.vocabulary import parse_all

NAMESPACE = uuid.UUID("5d0e8c1b-7f3a-4c62-b1e9-0a4d2f6c8e31")


def agency_id(cqc_location_id: str) -> uuid.UUID:
    """One id per CQC location (an agency's registered office), so registering twice collides."""
    return uuid.uuid5(NAMESPACE, cqc_location_id.strip().upper())


class HomeCareAgency(AgencyHours, Aggregate):
    @staticmethod
    def create_id(cqc_location_id: str, **_: object) -> uuid.UUID:  # type: ignore[override]
        return agency_id(cqc_location_id)

    @classmethod
    def register(
        cls,
        *,
        cqc_location_id: str,
        name: str,
        provider_id: str,
        council_code: str,
        zones: list[str],
        services: list[str],
        council_zones: frozenset[str],
        occurred_at: datetime,
    ) -> HomeCareAgency:
        """`council_zones`: the zones the council has (events/reference/zones.csv)."""
        if not name.strip():
            raise InvalidInput("name", "must not be blank")
        if not zones:
            raise InvalidInput("zones", "name at least one zone the agency serves")
        for i, zone in enumerate(zones):
            if zone not in council_zones:
                known = ", ".join(sorted(council_zones)) or "none in the reference data"
                raise InvalidInput(
                    f"zones.{i}", f"{zone!r} is not a zone of {council_code}: {known}"
                )
        if not services:
            raise InvalidInput("services", "reablement, long_term or both")
        return cls(
            cqc_location_id=cqc_location_id,
            name=name.strip(),
            provider_id=provider_id,
            council_code=council_code,
            zones=sorted(set(zones)),
            services=sorted(set(parse_all(HomeCareService, services, "services"))),
            occurred_at=occurred_at,
        )

    @event("Registered")
    def __init__(
        self,
        *,
        cqc_location_id: str,
        name: str,
        provider_id: str,
        council_code: str,
        zones: list[str],
        services: list[str],
        occurred_at: datetime,
    ) -> None:
        self.cqc_location_id = cqc_location_id
        self.name = name
        self.provider_id = provider_id
        self.council_code = council_code
        self.zones = list(zones)
        self.services = list(services)
        self.capacity: dict[str, ZoneCapacity] = {}  # zone -> its last report
        self.suspensions = Suspensions()
        self.held: dict[uuid.UUID, HeldHours] = {}  # hours held for packages, by hold id
        self.released_early: set[uuid.UUID] = set()
        self.refused: set[uuid.UUID] = set()

    REGISTERED = ("cqc_location_id", "name", "provider_id", "council_code", "zones", "services")

    def registered_as(self, other: HomeCareAgency) -> bool:
        """Whether `other` (a new registration of the same CQC location) says what this agency
        says of itself: a retried registration, not a clash."""
        return all(getattr(self, a) == getattr(other, a) for a in self.REGISTERED)

    # -- capacity ----------------------------------------------------------------------

    def report_capacity(
        self,
        *,
        zone: str,
        hours: dict[str, float],
        available_from: date,
        double_handed: bool,
        reported_at: datetime,
        now: datetime | None = None,
    ) -> None:
        """A full snapshot of the zone's free hours a week by time band (bands left out have
        none). `now`, when known, refuses a report from the future."""
        if zone not in self.zones:
            raise InvalidInput("zone", f"the agency does not serve {zone!r}")
        if now is not None and reported_at > now + CLOCK_SKEW:
            raise InvalidInput("reported_at", "is in the future")
        by_band = checked_hours(hours)
        start = checked_start(available_from, reported_at)
        held = self.capacity.get(zone)
        if held is not None:
            if now is not None and held.reported_at > now + CLOCK_SKEW:
                held = None  # a date that has not come yet is no newer report to defer to
            elif reported_at < held.reported_at:
                raise StaleReport(f"a newer report ({held.reported_at.isoformat()}) is held")
            elif held == ZoneCapacity(by_band, start, double_handed, reported_at):
                return  # the same report again (a retried command)
        self._capacity_reported(
            zone=zone,
            hours=by_band,
            available_from=start.isoformat(),
            double_handed=double_handed,
            reported_at=reported_at,
            occurred_at=reported_at,
        )

    @event("CapacityReported")
    def _capacity_reported(
        self,
        *,
        zone: str,
        hours: dict[str, float],
        available_from: str,
        double_handed: bool,
        reported_at: datetime,
        occurred_at: datetime,
    ) -> None:
        start = date.fromisoformat(available_from)
        self.capacity[zone] = ZoneCapacity(dict(hours), start, double_handed, reported_at)

    def confirm_capacity(
        self, *, confirmed_at: datetime, zones: list[str] | None = None, now: datetime | None = None
    ) -> list[str]:
        """The figures are still correct: each zone's report (of `zones`, or of every zone
        reported) made again at `confirmed_at`, which is what freshness reads. Returns the
        zones confirmed."""
        wanted = sorted(self.capacity) if zones is None else sorted(set(zones))
        if not wanted:
            raise Conflict("no capacity has been reported yet: report it first")
        for i, zone in enumerate(wanted):
            if zone not in self.capacity:
                raise InvalidInput(f"zones.{i}", f"no capacity has been reported in {zone!r}")
        for zone in wanted:
            held = self.capacity[zone]
            self.report_capacity(
                zone=zone,
                hours=held.hours,
                available_from=max(held.available_from, confirmed_at.astimezone(UK).date()),
                double_handed=held.double_handed,
                reported_at=confirmed_at,
                now=now,
            )
        return wanted

    def free_hours(self, zone: str, band: str) -> float:
        """The zone's reported hours in the band, less those held for packages."""
        report = self.capacity.get(zone)
        return report.hours.get(band, 0.0) - self.held_hours(zone, band) if report else 0.0

    # -- suspension by councils ----------------------------------------------------------

    def suspended_for(self, council_code: str | None) -> bool:
        return self.suspensions.suspended_for(council_code)

    def suspend_placements(
        self, *, reason: str, note: str, occurred_at: datetime, council_code: str | None = None
    ) -> None:
        """A council's commissioning decision (`council_code`): no new packages of its own with
        this agency; None: for every council (an administrator acting for all)."""
        reason = checked_reason(reason)
        self.suspensions.check_suspend(council_code)
        self._placements_suspended(
            reason=reason, note=note, council_code=council_code, occurred_at=occurred_at
        )

    @event("PlacementsSuspended")
    def _placements_suspended(
        self, *, reason: str, note: str, council_code: str | None, occurred_at: datetime
    ) -> None:
        self.suspensions.suspend(council_code, reason)

    def resume_placements(
        self, *, note: str, occurred_at: datetime, council_code: str | None = None
    ) -> None:
        self.suspensions.check_resume(council_code)
        self._placements_resumed(note=note, council_code=council_code, occurred_at=occurred_at)

    @event("PlacementsResumed")
    def _placements_resumed(
        self, *, note: str, council_code: str | None, occurred_at: datetime
    ) -> None:
        self.suspensions.resume(council_code)

    # -- hours held for packages (decided in agency_hours.AgencyHours) ---------------------

    class HoursHeld(Aggregate.Event):
        hold_id: uuid.UUID
        reference: str
        council_code: str
        zone: str
        hours: dict[str, float]
        start_on: date
        occurred_at: datetime

        def apply(self, agency: HomeCareAgency) -> None:
            agency.held[self.hold_id] = HeldHours(
                self.reference, self.council_code, self.zone, dict(self.hours), self.start_on
            )

    class HoursRefused(Aggregate.Event):
        hold_id: uuid.UUID
        reference: str
        council_code: str
        reason: str
        occurred_at: datetime

        def apply(self, agency: HomeCareAgency) -> None:
            agency.refused.add(self.hold_id)

    class HoursReleased(Aggregate.Event):
        hold_id: uuid.UUID
        reason: str
        occurred_at: datetime

        def apply(self, agency: HomeCareAgency) -> None:
            held = agency.held.get(self.hold_id)
            if held is None:
                agency.released_early.add(self.hold_id)
            else:
                held.status = "released"

    class HoursTakenUp(Aggregate.Event):
        hold_id: uuid.UUID
        zone: str
        hours: dict[str, float]
        occurred_at: datetime

        def apply(self, agency: HomeCareAgency) -> None:
            agency.held[self.hold_id].status = "taken_up"
            # the package is now the agency's work, which its last report counted free
            report = agency.capacity.get(self.zone)
            if report is not None:
                for band, hours in self.hours.items():
                    report.hours[band] = max(report.hours.get(band, 0.0) - hours, 0.0)
