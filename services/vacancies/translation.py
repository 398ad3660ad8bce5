"""Domain events of a CareHome or a HomeCareAgency <-> the published integration events of
`events.contracts` (care homes on `topics.CARE_HOMES`, agencies on `topics.AGENCIES`).

The one place where the service's inner vocabulary meets the published contract: a domain
event not listed here stays inside the service.
"""

from __future__ import annotations

from typing import Any

from events import topics
from events.contracts import homecare as h
from events.contracts import vacancies as v
from events.delivery.translation import ContractTranslator
from events.delivery.translation import payload_of as _payload_of
from events.envelope import Envelope
from events.registry import Payload

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
AGENCY_PUBLISHED: dict[str, type[Payload]] = {
    "HomeCareAgency.Registered": h.AgencyRegistered,
    "HomeCareAgency.CapacityReported": h.AgencyCapacityReported,
    "HomeCareAgency.PlacementsSuspended": h.AgencyPlacementsSuspended,
    "HomeCareAgency.PlacementsResumed": h.AgencyPlacementsResumed,
    "HomeCareAgency.HoursHeld": h.AgencyHoursHeld,
    "HomeCareAgency.HoursRefused": h.AgencyHoursRefused,
    "HomeCareAgency.HoursReleased": h.AgencyHoursReleased,
    "HomeCareAgency.HoursTakenUp": h.AgencyHoursTakenUp,
}
EVERY = {**PUBLISHED, **AGENCY_PUBLISHED}


def payload_of(domain_event: Any) -> Payload | None:
    return _payload_of(EVERY, domain_event)


def to_integration(domain_event: Any) -> list[tuple[str, Envelope]]:
    return Translator(None).to_integration(domain_event)


def Translator(mapper: Any) -> ContractTranslator:  # noqa: N802 - reads as the class it makes
    """Turns the service's stored notifications into integration events."""
    return _ByAggregate(mapper, EVERY, SOURCE, topics.CARE_HOMES)


class _ByAggregate(ContractTranslator):
    """Each aggregate type's events on its own topic: an agency's on `topics.AGENCIES`."""

    def to_integration(self, domain_event: Any) -> list[tuple[str, Envelope]]:
        found = super().to_integration(domain_event)
        if type(domain_event).__qualname__ in AGENCY_PUBLISHED:
            return [(topics.AGENCIES, envelope) for _, envelope in found]
        return found


AGENCY_TOPIC = ":HomeCareAgency."  # in a stored event's topic: module:HomeCareAgency.Event


def is_agencys(topic: str) -> bool:
    """Whether a stored event (by its topic) is a home care agency's: known without
    decoding it."""
    return AGENCY_TOPIC in topic


def AgencyTranslator(mapper: Any) -> ContractTranslator:  # noqa: N802 - reads as the class it makes
    """The translator of the agencies' read model: the care homes' notifications (most of the
    log) are passed by on their topic, never decoded."""
    return _AgenciesOnly(mapper, EVERY, SOURCE, topics.CARE_HOMES)


class _AgenciesOnly(_ByAggregate):
    def __call__(self, notification: Any) -> list[tuple[str, Envelope]]:
        if not is_agencys(notification.topic):
            return []
        return self.to_integration(self.mapper.to_domain_event(notification))
