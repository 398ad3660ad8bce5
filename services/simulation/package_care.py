"""A person going home on pathway 1 with a package of care: what care they need (drawn from
`calibration`), and the simulated broker's file on the package as it is sourced."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events.reference.zones import zone_of
from services.broker.domain.package_request import package_id_for_episode
from services.simulation import calibration as cal
from services.simulation.agencies import Agency
from services.simulation.clock import pick
from services.simulation.patients import Patient


@dataclass
class Package:
    patient: Patient
    zone: str
    bands: tuple[str, ...]
    minutes: int
    double_handed: bool
    service: str
    offered: dict[str, Agency] = field(default_factory=dict)  # offer id -> agency
    answered: set[str] = field(default_factory=set)  # offer ids answered
    declined: set[str] = field(default_factory=set)  # offer ids declined: asked again later
    accepted: list[Agency] = field(default_factory=list)  # agencies that said yes, in order
    turned_down: set[uuid.UUID] = field(default_factory=set)  # agencies not to ask again now
    start_on: date | None = None  # as recorded on the request
    hold: tuple[uuid.UUID, Agency] | None = None  # the live hold
    holds: int = 0
    looks: int = 0  # the broker's looks for agencies: a stale follow-up is skipped
    done: bool = False  # started

    @property
    def request_id(self) -> uuid.UUID:
        return package_id_for_episode(self.patient.episode_id)

    def hours(self) -> dict[str, float]:
        """Carer hours a week by band, as the broker works them out (care_needed.py)."""
        each = round(self.minutes * 7 * (2 if self.double_handed else 1) / 60, 2)
        return dict.fromkeys(self.bands, each)

    def care(self, start_on: date) -> dict[str, Any]:
        """The care needed as the broker's `record_needs` command takes it."""
        return {
            "calls_a_day": len(self.bands),
            "call_bands": list(self.bands),
            "minutes_a_call": self.minutes,
            "double_handed": self.double_handed,
            "service": self.service,
            "start_on": start_on,
            "zone": self.zone,
        }


def brokered_here(patient: Patient) -> bool:
    """Only the council's own residents' packages are sourced from its agencies."""
    return patient.pathway == "P1" and patient.la_code == cal.COUNCIL[0]


def care_needed(patient: Patient) -> Package:
    """Drawn from the person's own random stream: where they live and the calls they need."""
    rng = patient.rng
    district = rng.choice(cal.LOCALITIES)[1]
    zone = zone_of(cal.COUNCIL[0], district)
    assert zone is not None, f"{district} is in none of the council's zones"  # reference data
    pattern = rng.choices(list(cal.CALL_PATTERNS), list(cal.CALL_PATTERNS.values()))[0]
    minutes = rng.choices(list(cal.CALL_MINUTES), list(cal.CALL_MINUTES.values()))[0]
    return Package(
        patient=patient,
        zone=zone,
        bands=pattern,
        minutes=minutes,
        double_handed=rng.random() < cal.DOUBLE_HANDED,
        service=pick(rng, cal.SERVICES),
    )
