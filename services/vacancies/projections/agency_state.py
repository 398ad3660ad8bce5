"""The agency index's rules, once: how one agency's rows change with each of its events.

`AgencyRows` holds every row that belongs to one agency (its `agencies` row, its
`agency_capacity` rows and the `agency_held` rows of the hours it holds) and `apply` moves
them on by one published event. The live path loads the rows of the agencies a batch
touches, applies and writes them back; a rebuild keeps every agency's rows in memory and
writes them once (agency_index.py)."""

from __future__ import annotations

from typing import Any

from events.contracts import homecare as h
from events.delivery.projectors import Recorded
from events.platform.timeutil import naive_utc
from services.vacancies.projections.home_state import councils_with, words

Row = dict[str, Any]
AGENCY_EVENTS = (
    h.AgencyRegistered,
    h.AgencyCapacityReported,
    h.AgencyPlacementsSuspended,
    h.AgencyPlacementsResumed,
    h.AgencyHoursHeld,
    h.AgencyHoursReleased,
    h.AgencyHoursTakenUp,
)


class AgencyRows:
    __slots__ = ("agency_id", "agency", "capacity", "held")

    def __init__(self, agency_id: str) -> None:
        self.agency_id = agency_id
        self.agency: Row | None = None  # the agencies row, once registered
        self.capacity: dict[tuple[str, str], Row] = {}  # (zone, band) -> row
        self.held: dict[tuple[str, str], Row] = {}  # (hold id, band) -> row

    def apply(self, event: Recorded) -> None:
        p = event.payload
        if isinstance(p, h.AgencyRegistered):
            self.agency = {
                "agency_id": self.agency_id,
                "cqc_location_id": p.cqc_location_id,
                "name": p.name,
                "provider_id": p.provider_id,
                "council_code": p.council_code,
                "zones": words(p.zones),
                "services": words(p.services),
                "suspended": False,
                "suspension_reason": None,
                "suspended_for": words([]),
                "version": event.aggregate_version,
            }
            return
        agency = self.agency
        if agency is None:  # nothing happens to an agency before it is registered
            return
        agency["version"] = event.aggregate_version
        if isinstance(p, h.AgencyCapacityReported):
            for band, hours in p.hours.items():
                self.capacity[(p.zone, band)] = {
                    "agency_id": self.agency_id,
                    "zone": p.zone,
                    "band": band,
                    "hours": hours,
                    "available_from": p.available_from.isoformat(),
                    "double_handed": p.double_handed,
                    "reported_at": naive_utc(p.reported_at),
                }
        elif isinstance(p, h.AgencyHoursHeld):
            for band, hours in p.hours.items():
                self.held[(str(p.hold_id), band)] = {
                    "hold_id": str(p.hold_id),
                    "band": band,
                    "agency_id": self.agency_id,
                    "zone": p.zone,
                    "hours": hours,
                    "reference": p.reference,
                }
        elif isinstance(p, (h.AgencyHoursReleased, h.AgencyHoursTakenUp)):
            for key in [k for k in self.held if k[0] == str(p.hold_id)]:
                del self.held[key]
            if isinstance(p, h.AgencyHoursTakenUp):  # now the agency's work, not free
                for band, hours in p.hours.items():
                    row = self.capacity.get((p.zone, band))
                    if row is not None:
                        row["hours"] = max(row["hours"] - hours, 0.0)
        elif isinstance(p, h.AgencyPlacementsSuspended):
            if p.council_code is None:
                agency.update(suspended=True, suspension_reason=p.reason)
            else:
                agency["suspended_for"] = councils_with(agency["suspended_for"], p.council_code)
        elif isinstance(p, h.AgencyPlacementsResumed):
            if p.council_code is None:
                agency.update(suspended=False, suspension_reason=None)
            else:
                agency["suspended_for"] = councils_with(
                    agency["suspended_for"], p.council_code, False
                )

    def load(self, agency: Row | None, capacity: list[Row], held: list[Row]) -> None:
        """Start from rows read back from the tables (the live path)."""
        self.agency = agency
        self.capacity = {(r["zone"], r["band"]): r for r in capacity}
        self.held = {(r["hold_id"], r["band"]): r for r in held}
