"""The availability index's rules, once: how the rows of one care home, or of one hospital
episode, change with each published event.

`HomeRows` holds one home's rows (`homes`, `free_beds`, the `holds` on it a batch names),
`EpisodeRows` one `hospital_episodes` row; `apply` moves them on by one event. `Availability`
routes a batch's events to them in order, by aggregate, except that a hold is named by its
reservation alone (the index always ended it, or re-announced it, wherever it was), so those
go to the home the hold is on. The live path is in availability.py.
"""

from __future__ import annotations

from typing import Any

from events.contracts import discharge as d
from events.contracts import vacancies as v
from events.delivery.projectors import Recorded
from events.platform.timeutil import naive_utc
from events.registry import Payload

Row = dict[str, Any]

HOLD_ENDED: dict[type[Payload], str] = {
    v.ReservationReleased: "released",
    v.ReservationExpired: "expired",
    v.BedOccupied: "occupied",
}
EPISODE_EVENTS = (
    d.EpisodeAdmitted,
    d.BecameReady,
    d.ReadinessWithdrawn,
    d.EpisodeEnded,
    # the hospital feed's corrections: the council completed, a move, the compensations
    d.EpisodeDetailsChanged,
    d.EpisodeMoved,
    d.EpisodeWithdrawn,
    d.EpisodeReadmitted,
    d.EndingCancelled,
)
# The events that read or write a home's own `homes` row (a batch loads those rows).
HOME_ROW_EVENTS = (
    v.CareHomeRegistered,
    v.CareHomeDetailsChanged,
    v.CqcRatingChanged,
    v.PlacementsSuspended,
    v.PlacementsResumed,
    v.ClosureAnnounced,
    v.VacanciesReported,
)


class DuplicateRow(Exception):
    """A home registered, or an episode admitted, twice: its insert always failed the batch."""


class HomeRows:
    """One home's rows. `row` is None until registered (events before then change nothing of
    it); `free` is None unless the batch reported vacancies (then it replaces every row);
    `councils`: the councils that suspended their own placements here (its
    `council_suspensions` rows, replaced when `councils_changed`)."""

    __slots__ = ("home_id", "row", "row_changed", "free", "holds", "councils", "councils_changed")

    def __init__(
        self, home_id: str, row: Row | None = None, councils: set[str] | None = None
    ) -> None:
        self.home_id = home_id
        self.row = row
        self.row_changed = False
        self.free: dict[str, int] | None = None
        self.holds: dict[str, Row] = {}  # reservation id -> hold row
        self.councils: set[str] = councils or set()
        self.councils_changed = False

    def apply(self, event: Recorded) -> None:
        p = event.payload
        if isinstance(p, v.CareHomeRegistered):
            self._register(p)
        elif isinstance(p, v.VacanciesReported):
            self.free = {bed_type: n for bed_type, n in p.free_beds.items() if n > 0}
            self._change(last_reported_at=naive_utc(p.reported_at))
        elif isinstance(p, v.BedReserved):
            rid = str(p.reservation_id)
            self.holds[rid] = {
                "reservation_id": rid,
                "home_id": self.home_id,
                "bed_type": p.bed_type,
                "reference": p.reference,
                "status": "held",
                "expires_at": naive_utc(p.expires_at),
            }
        elif type(p) in HOLD_ENDED:
            hold = self.holds.get(str(p.reservation_id))  # type: ignore[attr-defined]
            if hold is not None:  # any status: a later ending overwrites an earlier one
                hold["status"] = HOLD_ENDED[type(p)]
        elif isinstance(p, v.CareHomeDetailsChanged):
            changes = {k: val for k, val in p.model_dump().items() if val is not None}
            changes.pop("registered_beds", None)  # not a column here
            self._change(**changes)
        elif isinstance(p, v.CqcRatingChanged):
            inadequate = {"suspended": True} if p.rating == "inadequate" else {}
            self._change(rating=p.rating, **inadequate)  # inadequate: no new placements
        elif isinstance(p, (v.PlacementsSuspended, v.PlacementsResumed)):
            suspended = isinstance(p, v.PlacementsSuspended)
            if p.council_code is None:  # the whole home, for every council
                self._change(suspended=suspended)
            else:
                self._suspend_for(p.council_code, suspended)
        elif isinstance(p, v.ClosureAnnounced):
            self._change(closing_on=p.closing_on)

    def _register(self, p: v.CareHomeRegistered) -> None:
        if self.row is not None:
            raise DuplicateRow(f"home {self.home_id} registered twice")
        self.row_changed = True
        self.row = {
            "home_id": self.home_id,
            "name": p.name,
            "provider_id": p.provider_id,
            "la_code": p.local_authority_code,
            "la_name": p.local_authority_name,
            "locality": p.locality,
            "postcode": p.postcode,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "registrations": p.registrations,
            "care_categories": p.care_categories,
            "specialisms": p.specialisms,
            "rating": None,
            "suspended": False,
            "closing_on": None,
            "last_reported_at": None,
        }

    def _change(self, **values: Any) -> None:
        # An update of a home never registered matches no row: nothing changes.
        if self.row is not None and values:
            self.row.update(values)
            self.row_changed = True

    def _suspend_for(self, council: str, suspended: bool) -> None:
        if self.row is None:  # a home never registered: nothing to suspend
            return
        (self.councils.add if suspended else self.councils.discard)(council)
        self.councils_changed = True

    def council_rows(self) -> list[Row]:
        return [{"home_id": self.home_id, "council_code": c} for c in sorted(self.councils)]

    def free_rows(self) -> list[Row]:
        return [
            {"home_id": self.home_id, "bed_type": bed_type, "free": n}
            for bed_type, n in (self.free or {}).items()
        ]


class EpisodeRows:
    """One hospital episode's row, None until admitted."""

    __slots__ = ("episode_id", "row", "changed")

    def __init__(self, episode_id: str, row: Row | None = None) -> None:
        self.episode_id = episode_id
        self.row = row
        self.changed = False

    def apply(self, event: Recorded) -> None:
        p = event.payload
        if isinstance(p, d.EpisodeAdmitted):
            if self.row is not None:
                raise DuplicateRow(f"episode {self.episode_id} admitted twice")
            self.row = {
                "episode_id": self.episode_id,
                "provider_code": p.provider_code,
                "provider_name": p.provider_name,
                "ward": p.ward,
                "la_code": p.la_code,
                "ready_since": None,
                "pathway": None,
                "ended": None,
            }
            self.changed = True
            return
        row = self.row
        if row is None:  # an update of an episode never admitted changes nothing
            return
        if isinstance(p, d.BecameReady):
            if row["ready_since"] is None:  # readiness already known keeps its start
                row["ready_since"] = naive_utc(event.occurred_at)
            if p.pathway:
                row["pathway"] = p.pathway
        elif isinstance(p, d.ReadinessWithdrawn):
            row["ready_since"] = None
        elif isinstance(p, d.EpisodeEnded):
            row["ended"] = p.kind
        elif isinstance(p, d.EpisodeDetailsChanged):
            row["la_code"] = p.la_code or row["la_code"]
            row["ward"] = p.ward or row["ward"]
        elif isinstance(p, d.EpisodeMoved):
            row["ward"] = p.ward
        elif isinstance(p, d.EndingCancelled):
            row["ended"] = None
        elif isinstance(p, d.EpisodeWithdrawn):
            row["ended"] = "withdrawn"  # counted nowhere, as if it had never been
        elif isinstance(p, d.EpisodeReadmitted):  # a new stay: nothing of the withdrawn one
            row.update(ward=p.ward, la_code=p.la_code, ready_since=None, pathway=None, ended=None)
        self.changed = True


class Availability:
    """The rows one batch touches, with where each named hold is."""

    def __init__(self) -> None:
        self.homes: dict[str, HomeRows] = {}
        self.episodes: dict[str, EpisodeRows] = {}
        self.hold_on: dict[str, str] = {}  # reservation id -> the home its hold is on

    def home(self, home_id: str) -> HomeRows:
        if home_id not in self.homes:
            self.homes[home_id] = HomeRows(home_id)
        return self.homes[home_id]

    def add_hold(self, hold: Row) -> None:
        """A hold read back from the table."""
        self.home(hold["home_id"]).holds[hold["reservation_id"]] = hold
        self.hold_on[hold["reservation_id"]] = hold["home_id"]

    def apply(self, event: Recorded) -> None:
        p, aggregate = event.payload, str(event.aggregate_id)
        if isinstance(p, EPISODE_EVENTS):
            self.episodes[aggregate].apply(event)
        elif isinstance(p, v.BedReserved):
            # the same hold announced twice is one hold, on the home that announced it last
            rid = str(p.reservation_id)
            was_on = self.hold_on.get(rid)
            if was_on is not None:
                del self.homes[was_on].holds[rid]
            self.home(aggregate).apply(event)
            self.hold_on[rid] = aggregate
        elif type(p) in HOLD_ENDED:
            on = self.hold_on.get(str(p.reservation_id))  # type: ignore[attr-defined]
            if on is not None:  # a hold never announced: nothing to end
                self.homes[on].apply(event)
        elif isinstance(p, HOME_ROW_EVENTS):
            self.home(aggregate).apply(event)
