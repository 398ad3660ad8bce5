"""What the vacancies service publishes about home care agencies (topic `topics.AGENCIES`).

Vocabularies travel as plain strings so a new value does not break older readers: services
`reablement`, `long_term`; time bands `morning`, `lunch`, `tea`, `bed`; zones are a council's
codes of events/reference/zones.csv (`SEF-NORTH`); suspension reasons as for care homes.

Hours are held for the broker's package requests (`events.contracts.packages`) as beds are
for its bed requests: `AgencyHoursHeld` or `AgencyHoursRefused` answers the broker's
`PackageHoursRequested` under the same `hold_id`; `AgencyHoursReleased` and
`AgencyHoursTakenUp` follow the broker's release and start. An agency's free hours in a zone
and band are its last report's, less the hours held there.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from events.registry import Payload, contract

SOURCE = "vacancies"


@contract
class AgencyRegistered(Payload):
    """A home care agency joined a council's market, for the zones it serves."""

    event_type = "vacancies.AgencyRegistered"
    cqc_location_id: str
    name: str
    provider_id: str = Field(description="the provider organisation that runs the agency")
    council_code: str = Field(description="ONS code of the council whose market it is on")
    zones: list[str] = Field(description="the council's zones the agency serves")
    services: list[str] = Field(description="reablement, long_term or both")


@contract
class AgencyCapacityReported(Payload):
    """A full snapshot of the agency's free capacity in one zone at `reported_at`: the hours a
    week it can start from `available_from`, by time band (bands left out have none), and
    whether it can staff double-handed calls. The same figures at a later time: the agency
    said they are still correct."""

    event_type = "vacancies.AgencyCapacityReported"
    zone: str
    hours: dict[str, float] = Field(description="free hours a week by time band")
    available_from: date
    double_handed: bool
    reported_at: datetime


@contract
class AgencyPlacementsSuspended(Payload):
    """The agency takes no new packages of `council_code` until that council resumes them;
    `council_code` None: of every council (an administrator acting for all)."""

    event_type = "vacancies.AgencyPlacementsSuspended"
    reason: str = Field(description="escalating_concerns, safeguarding, other, cqc_inadequate")
    note: str = ""
    council_code: str | None = None


@contract
class AgencyPlacementsResumed(Payload):
    """The agency takes new packages of `council_code` again (None: the suspension for every
    council is lifted)."""

    event_type = "vacancies.AgencyPlacementsResumed"
    note: str = ""
    council_code: str | None = None


class AboutAHold(Payload):
    hold_id: uuid.UUID = Field(description="the broker's hold of hours (its request's)")


@contract
class AgencyHoursHeld(AboutAHold):
    """The agency holds `hours` a week (by time band) in `zone` for a package from
    `start_on`: no one else can have them while they are held."""

    event_type = "vacancies.AgencyHoursHeld"
    reference: str = Field(description="what the hours are held for: a package request id")
    council_code: str = Field(description="the council the hours are held for")
    zone: str
    hours: dict[str, float]
    start_on: date


@contract
class AgencyHoursRefused(AboutAHold):
    """The agency could not hold the hours asked for (not enough free in a band, no
    double-handed calls, suspended, not that service, released before it was asked)."""

    event_type = "vacancies.AgencyHoursRefused"
    reference: str
    council_code: str
    reason: str


@contract
class AgencyHoursReleased(AboutAHold):
    """Hours held are free again (the package fell through or was declined or cancelled)."""

    event_type = "vacancies.AgencyHoursReleased"
    reason: str = ""


@contract
class AgencyHoursTakenUp(AboutAHold):
    """The package started: its hours are the agency's work now, no longer free capacity."""

    event_type = "vacancies.AgencyHoursTakenUp"
    zone: str
    hours: dict[str, float]
