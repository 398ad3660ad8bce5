"""A person waiting in hospital for a care home: their assessed needs and the broker's file.

Needs are drawn so that Di (residential) and Dii (nursing) come out about equal, as in the
published months, and are always needs some home in the borough could meet: a borough that
cannot meet a need at all would only pile people up (that is unmet demand, a different
story from delay).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from services.broker.domain.placement_request import request_id_for_episode
from services.simulation import calibration as cal
from services.simulation.clock import pick
from services.simulation.market import CareMarket, Home
from services.simulation.patients import Patient


@dataclass
class Placement:
    patient: Patient
    registration: str
    category: str
    specialisms: tuple[str, ...]
    localities: tuple[str, ...]
    funding: str
    referred: dict[str, Home] = field(default_factory=dict)  # referral id -> home
    asked: set[uuid.UUID] = field(default_factory=set)  # homes not to ask again (for now)
    assessed: list[Home] = field(default_factory=list)  # homes that can meet the needs
    pending: int = 0  # referrals accepted whose assessment is not done yet
    offer: tuple[uuid.UUID, Home] | None = None  # the live offer
    offers: int = 0
    done: bool = False  # admitted, or died

    @property
    def request_id(self) -> uuid.UUID:
        return request_id_for_episode(self.patient.episode_id)

    @property
    def bed_type(self) -> str:
        return f"{self.registration}-{self.category}"


def assessed_needs(patient: Patient, market: CareMarket) -> Placement:
    rng = patient.rng
    registration = pick(rng, cal.NEEDS_REGISTRATION)
    category = pick(rng, cal.NEEDS_CATEGORY)
    specialisms: list[str] = []
    if registration == "nursing" and category == "dementia" and rng.random() < 0.5:
        specialisms.append("dementia_nursing")
    for specialism in ("bariatric", "complex_needs"):
        if rng.random() < 0.03:
            specialisms.append(specialism)
    bed_type = f"{registration}-{category}"
    if not any(bed_type in h.spec.beds for h in market.homes):  # a small test borough
        registration, category = sorted(rng.choice(market.homes).spec.beds)[0].split("-", 1)
        bed_type = f"{registration}-{category}"
    if not any(h.suits(bed_type, tuple(specialisms)) for h in market.homes):
        specialisms = []
    locality = rng.choice(cal.LOCALITIES)[0]
    return Placement(
        patient,
        registration,
        category,
        tuple(specialisms),
        (locality,),
        pick(rng, cal.FUNDING),
    )
