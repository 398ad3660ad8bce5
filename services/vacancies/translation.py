"""Domain events of a CareHome <-> the published integration events of `events.contracts`.

The one place where the service's inner vocabulary meets the published contract: a domain
event not listed here stays inside the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Notification

from events import topics
from events.contracts import vacancies as v
from events.envelope import Envelope
from events.registry import Payload
from events.serialisation import build

SOURCE = v.SOURCE

# Keyed by the domain event's qualified name: the `@event` classes are made at run time.
PUBLISHED: dict[str, type[Payload]] = {
    "CareHome.Registered": v.CareHomeRegistered,
    "CareHome.DetailsChanged": v.CareHomeDetailsChanged,
    "CareHome.RatingChanged": v.CqcRatingChanged,
    "CareHome.PlacementsSuspended": v.PlacementsSuspended,
    "CareHome.PlacementsResumed": v.PlacementsResumed,
    "CareHome.ClosureAnnounced": v.ClosureAnnounced,
    "CareHome.VacanciesReported": v.VacanciesReported,
    "CareHome.BedReserved": v.BedReserved,
    "CareHome.ReservationReleased": v.ReservationReleased,
    "CareHome.ReservationExpired": v.ReservationExpired,
    "CareHome.BedOccupied": v.BedOccupied,
    "CareHome.ReservationRefused": v.ReservationRefused,
}


def payload_of(domain_event: Any) -> Payload | None:
    contract = PUBLISHED.get(type(domain_event).__qualname__)
    if contract is None:
        return None
    # The domain events were named after the contract's fields on purpose; a field the
    # contract lacks stays private to the service.
    fields = {
        name: getattr(domain_event, name)
        for name in contract.model_fields
        if hasattr(domain_event, name)
    }
    return contract.model_validate(fields)


def to_integration(domain_event: Any) -> list[tuple[str, Envelope]]:
    payload = payload_of(domain_event)
    if payload is None:
        return []
    envelope = build(
        payload,
        source=SOURCE,
        aggregate_id=domain_event.originator_id,
        aggregate_version=domain_event.originator_version,
        occurred_at=domain_event.occurred_at,
        recorded_at=domain_event.timestamp,
    )
    return [(topics.CARE_HOMES, envelope)]


class Translator:
    """Turns the service's stored notifications into integration events."""

    def __init__(self, mapper: Any) -> None:
        self.mapper = mapper

    def __call__(self, notification: Notification) -> Sequence[tuple[str, Envelope]]:
        return to_integration(self.mapper.to_domain_event(notification))
