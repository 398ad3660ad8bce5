"""Domain events of a PlacementRequest <-> the published contracts of `events.contracts.broker`,
and of a PackageRequest <-> those of `events.contracts.packages` (the same topic).

A domain event's fields the contract lacks (fees, request id) stay inside the service.
"""

from __future__ import annotations

from typing import Any

from events import topics
from events.contracts import broker as b
from events.contracts import packages as pk
from events.delivery.translation import ContractTranslator
from events.delivery.translation import payload_of as _payload_of
from events.registry import Payload

SOURCE = b.SOURCE

PUBLISHED: dict[str, type[Payload]] = {
    "PlacementRequest.PlacementRequested": b.PlacementRequested,
    "PlacementRequest.PlacementDetailsCompleted": b.PlacementDetailsCompleted,
    "PlacementRequest.ReferralSent": b.ReferralSent,
    "PlacementRequest.ReferralAccepted": b.ReferralAccepted,
    "PlacementRequest.ReferralDeclined": b.ReferralDeclined,
    "PlacementRequest.ReferralEscalated": b.ReferralEscalated,
    "PlacementRequest.AssessmentBooked": b.AssessmentBooked,
    "PlacementRequest.AssessmentCompleted": b.AssessmentCompleted,
    "PlacementRequest.BedReservationRequested": b.BedReservationRequested,
    "PlacementRequest.OfferConfirmed": b.OfferConfirmed,
    "PlacementRequest.OfferFailed": b.OfferFailed,
    "PlacementRequest.OfferAccepted": b.OfferAccepted,
    "PlacementRequest.OfferDeclined": b.OfferDeclined,
    "PlacementRequest.AdmissionBooked": b.AdmissionBooked,
    "PlacementRequest.PlacementAdmitted": b.PlacementAdmitted,
    "PlacementRequest.PlacementCancelled": b.PlacementCancelled,
    "PlacementRequest.PlacementReopened": b.PlacementReopened,
}
PACKAGES: dict[str, type[Payload]] = {
    "PackageRequest.PackageRequested": pk.PackageRequested,
    "PackageRequest.PackageNeedsRecorded": pk.PackageNeedsRecorded,
    "PackageRequest.PackageOffered": pk.PackageOffered,
    "PackageRequest.PackageOfferAccepted": pk.PackageOfferAccepted,
    "PackageRequest.PackageOfferDeclined": pk.PackageOfferDeclined,
    "PackageRequest.PackageOfferEscalated": pk.PackageOfferEscalated,
    "PackageRequest.PackageHoursRequested": pk.PackageHoursRequested,
    "PackageRequest.PackageHoursConfirmed": pk.PackageHoursConfirmed,
    "PackageRequest.PackageHoursFailed": pk.PackageHoursFailed,
    "PackageRequest.PackageAccepted": pk.PackageAccepted,
    "PackageRequest.PackageDeclined": pk.PackageDeclined,
    "PackageRequest.PackageStartBooked": pk.PackageStartBooked,
    "PackageRequest.PackageStarted": pk.PackageStarted,
    "PackageRequest.PackageFellThrough": pk.PackageFellThrough,
    "PackageRequest.PackageHoursReleased": pk.PackageHoursReleased,
    "PackageRequest.PackageCancelled": pk.PackageCancelled,
    "PackageRequest.PackageReopened": pk.PackageReopened,
}
PUBLISHED.update(PACKAGES)  # each domain event is published under its own contract's name


def payload_of(domain_event: Any) -> Payload | None:
    return _payload_of(PUBLISHED, domain_event)


def Translator(mapper: Any) -> ContractTranslator:  # noqa: N802 - reads as the class it makes
    """Turns the service's stored notifications into integration events."""
    # A request opened for a hospital episode belongs to that episode's journey.
    return ContractTranslator(
        mapper,
        PUBLISHED,
        SOURCE,
        topics.PLACEMENTS,
        journey=lambda e: getattr(e, "episode_id", None) or e.originator_id,
    )
