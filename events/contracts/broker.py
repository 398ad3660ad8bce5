"""What the broker service publishes about placement requests (topic `topics.PLACEMENTS`).

Every payload carries the request's `episode_id` (when the person is in hospital) and the
assessed `registration` (residential or nursing), so that a consumer such as the discharge
service can act on any one event without keeping a join of its own.

The bed reservation is a saga with the vacancies service: `BedReservationRequested` asks it
to hold a bed under `offer_id` (the reservation id); it answers with `vacancies.BedReserved`
or `vacancies.ReservationRefused` carrying the same id. `OfferDeclined`, `OfferFailed` and
`PlacementCancelled` release a held bed; `PlacementAdmitted` occupies it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from events.registry import Payload, contract

SOURCE = "broker"


class PlacementPayload(Payload):
    episode_id: uuid.UUID | None = Field(None, description="the hospital episode, if any")
    registration: str = Field(description="residential or nursing")


@contract
class PlacementRequested(PlacementPayload):
    """A council asked its brokers to find a care home place for a person."""

    event_type = "broker.PlacementRequested"
    council_code: str
    status: str = Field(description="open, or needs_details when opened from a hospital episode")
    location: str = Field(description="hospital or community")
    care_category: str | None = None
    specialisms: list[str] = []
    preferred_localities: list[str] = []
    preferred_home_ids: list[uuid.UUID] = []
    funding: str | None = None
    urgency: str = "routine"


@contract
class PlacementDetailsCompleted(PlacementPayload):
    """The broker completed the assessed needs of a request opened from a hospital episode."""

    event_type = "broker.PlacementDetailsCompleted"
    care_category: str
    specialisms: list[str] = []
    preferred_localities: list[str] = []
    preferred_home_ids: list[uuid.UUID] = []
    funding: str
    urgency: str


@contract
class ReferralSent(PlacementPayload):
    event_type = "broker.ReferralSent"
    referral_id: str
    home_id: uuid.UUID
    answer_by: datetime


@contract
class ReferralAccepted(PlacementPayload):
    """The home agreed to assess the person."""

    event_type = "broker.ReferralAccepted"
    referral_id: str
    home_id: uuid.UUID


@contract
class ReferralDeclined(PlacementPayload):
    event_type = "broker.ReferralDeclined"
    referral_id: str
    home_id: uuid.UUID
    reason: str = Field(
        description="no_suitable_bed, cannot_meet_needs, fee, staffing, out_of_area, other"
    )


@contract
class ReferralEscalated(PlacementPayload):
    """The home did not answer by the deadline."""

    event_type = "broker.ReferralEscalated"
    referral_id: str
    home_id: uuid.UUID


@contract
class AssessmentBooked(PlacementPayload):
    event_type = "broker.AssessmentBooked"
    home_id: uuid.UUID
    assessor: str = Field(description="home or trusted_assessor")
    on: date


@contract
class AssessmentCompleted(PlacementPayload):
    event_type = "broker.AssessmentCompleted"
    home_id: uuid.UUID
    can_meet_needs: bool


@contract
class BedReservationRequested(PlacementPayload):
    """Saga step: the broker asks the vacancies service to hold a bed for an offer."""

    event_type = "broker.BedReservationRequested"
    offer_id: uuid.UUID
    home_id: uuid.UUID
    bed_type: str
    council_code: str
    hold_hours: float


@contract
class OfferConfirmed(PlacementPayload):
    """The bed is held: the offer stands and goes to the person and family."""

    event_type = "broker.OfferConfirmed"
    offer_id: uuid.UUID
    home_id: uuid.UUID
    weekly_fee: float
    top_up: float = 0.0


@contract
class OfferFailed(PlacementPayload):
    """The home had no bed left to hold: the offer falls."""

    event_type = "broker.OfferFailed"
    offer_id: uuid.UUID
    home_id: uuid.UUID
    reason: str


@contract
class OfferAccepted(PlacementPayload):
    event_type = "broker.OfferAccepted"
    offer_id: uuid.UUID
    home_id: uuid.UUID


@contract
class OfferDeclined(PlacementPayload):
    """The person or family declined: the held bed is released."""

    event_type = "broker.OfferDeclined"
    offer_id: uuid.UUID
    home_id: uuid.UUID
    reason: str = Field(description="family_choice, location, fee_top_up, needs, other")


@contract
class AdmissionBooked(PlacementPayload):
    event_type = "broker.AdmissionBooked"
    offer_id: uuid.UUID
    home_id: uuid.UUID
    on: date


@contract
class PlacementAdmitted(PlacementPayload):
    """The person moved into the home: the held bed is occupied. `interim` placements keep
    the request open for the move to the home of their choice."""

    event_type = "broker.PlacementAdmitted"
    offer_id: uuid.UUID
    home_id: uuid.UUID
    home_name: str
    bed_type: str
    interim: bool = False


@contract
class PlacementCancelled(PlacementPayload):
    """No placement needed any more: died, went_home, needs_changed, moved_away,
    admission_cancelled (the hospital cancelled the admission it was for) or pathway_changed
    (the ward now plans for the person to go home). Any held bed is released."""

    event_type = "broker.PlacementCancelled"
    reason: str
    offer_id: uuid.UUID | None = None
    home_id: uuid.UUID | None = None


@contract
class PlacementReopened(PlacementPayload):
    """A cancelled request is open again, because the hospital undid what cancelled it:
    death_cancelled (the death recorded did not happen), readmitted (the person was
    admitted again after a cancelled admission, and is ready again), pathway_changed (ready
    for a care home again after going home was planned instead). It is at `stage`:
    needs_details, seeking or interim. Nothing is held for it until a new offer."""

    event_type = "broker.PlacementReopened"
    reason: str
    stage: str
