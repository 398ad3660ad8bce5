"""What the broker service publishes about home care package requests (topic
`topics.PLACEMENTS`, beside its bed requests; the message key is the request id).

Every payload carries the request's `episode_id` (when the person is in hospital) and the
`council_code` that funds the care, so that the discharge service can set the delay reason
from any one event. Vocabularies travel as plain strings: time bands `morning`, `lunch`,
`tea`, `bed`; services `reablement`, `long_term`; zones a council's codes
(events/reference/zones.csv).

Holding hours is a saga with the vacancies service: `PackageHoursRequested` asks it to hold
`hours` (a week, by time band) at the agency under `hold_id`; it answers with
`homecare.AgencyHoursHeld` or `homecare.AgencyHoursRefused` carrying the same id.
`PackageHoursReleased` frees them (the person declined, the package fell through, the
request was cancelled); `PackageStarted` takes them up for good.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from events.registry import Payload, contract

SOURCE = "broker"


class PackagePayload(Payload):
    episode_id: uuid.UUID | None = Field(None, description="the hospital episode, if any")
    council_code: str = Field(description="ONS code of the council funding the care")


class AboutAnAgencyOffer(PackagePayload):
    offer_id: str = Field(description="the offer, unique within the request")
    agency_id: uuid.UUID


class AboutHours(PackagePayload):
    hold_id: uuid.UUID = Field(description="the hold of hours, as the vacancies service knows it")
    agency_id: uuid.UUID


@contract
class PackageRequested(PackagePayload):
    """A council asked its brokers to find a package of home care for a person: opened from
    the ward when a patient is ready on pathway 1 (`needs_details` until the care needed is
    recorded), or by hand with the care needed (`sourcing`)."""

    event_type = "broker.PackageRequested"
    status: str = Field(description="needs_details or sourcing")
    location: str = Field(description="hospital or community")
    urgency: str = "urgent"
    follows: uuid.UUID | None = Field(None, description="the request this one follows")
    calls_a_day: int | None = None
    call_bands: list[str] | None = None
    minutes_a_call: int | None = None
    double_handed: bool | None = None
    service: str | None = None
    start_on: date | None = None
    zone: str | None = None


@contract
class PackageNeedsRecorded(PackagePayload):
    """The care needed, all of it: calls a day in their time bands, minutes a call, whether
    each call needs two carers, the service, the start and the person's zone."""

    event_type = "broker.PackageNeedsRecorded"
    calls_a_day: int
    call_bands: list[str]
    minutes_a_call: int
    double_handed: bool
    service: str
    start_on: date
    zone: str
    urgency: str


@contract
class PackageOffered(AboutAnAgencyOffer):
    """The package was offered to an agency, which should answer by `answer_by`."""

    event_type = "broker.PackageOffered"
    zone: str
    hours: dict[str, float] = Field(description="carer hours a week by time band")
    answer_by: datetime


@contract
class PackageOfferAccepted(AboutAnAgencyOffer):
    """The agency can cover the calls."""

    event_type = "broker.PackageOfferAccepted"


@contract
class PackageOfferDeclined(AboutAnAgencyOffer):
    """The agency declined: no_capacity_in_zone, no_staff_for_time_band, no_double_handed,
    cannot_meet_needs or other."""

    event_type = "broker.PackageOfferDeclined"
    reason: str


@contract
class PackageOfferEscalated(AboutAnAgencyOffer):
    """The agency did not answer by its deadline: the cascade moves on."""

    event_type = "broker.PackageOfferEscalated"


@contract
class PackageHoursRequested(AboutHours):
    """Asks the vacancies service to hold the agency's hours for this person."""

    event_type = "broker.PackageHoursRequested"
    zone: str
    hours: dict[str, float] = Field(description="carer hours a week by time band")
    start_on: date
    double_handed: bool
    service: str


@contract
class PackageHoursConfirmed(AboutHours):
    """The broker heard that the hours are held: the package is offered to the person."""

    event_type = "broker.PackageHoursConfirmed"


@contract
class PackageHoursFailed(AboutHours):
    """The agency's hours could not be held: sourcing goes on."""

    event_type = "broker.PackageHoursFailed"
    reason: str


@contract
class PackageAccepted(AboutHours):
    """The person (or family) accepted the package held for them."""

    event_type = "broker.PackageAccepted"


@contract
class PackageDeclined(AboutHours):
    """The person (or family) declined: family_choice, call_times, agency, needs or other.
    `PackageHoursReleased` follows."""

    event_type = "broker.PackageDeclined"
    reason: str


@contract
class PackageStartBooked(AboutHours):
    """The day of the first call, agreed with the agency."""

    event_type = "broker.PackageStartBooked"
    on: date


@contract
class PackageStarted(AboutHours):
    """The first call happened: the person is home with the care (a hospital episode ends,
    discharged on pathway 1) and the agency's hours are taken up."""

    event_type = "broker.PackageStarted"
    agency_name: str
    zone: str
    hours: dict[str, float] = Field(description="carer hours a week by time band")


@contract
class PackageFellThrough(AboutHours):
    """The package agreed with the agency will not start: agency_withdrew, staffing,
    person_not_ready, needs_changed, other, or not_started (the broker's sweeper: not started
    days after it was due, its hours lapse). `PackageHoursReleased` follows."""

    event_type = "broker.PackageFellThrough"
    reason: str


@contract
class PackageHoursReleased(AboutHours):
    """The hours held (or asked for) under `hold_id` are no longer needed: free them. One
    that arrives before its request is remembered, so the late request is refused."""

    event_type = "broker.PackageHoursReleased"
    reason: str


@contract
class PackageCancelled(PackagePayload):
    """No package is needed any more (died, needs_changed, went_to_a_bed, no_longer_needed,
    moved_away, left_hospital, admission_cancelled); the hold live then, if any, is named
    (its release follows)."""

    event_type = "broker.PackageCancelled"
    reason: str
    hold_id: uuid.UUID | None = None
    agency_id: uuid.UUID | None = None


@contract
class PackageReopened(PackagePayload):
    """A cancelled package request is open again: pathway_changed (the person, moved to
    another pathway, is ready to go home with support again). It is at `stage`:
    needs_details or sourcing. Nothing is held for it until hours are asked for again."""

    event_type = "broker.PackageReopened"
    reason: str
    stage: str
