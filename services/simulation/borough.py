"""The borough's care homes as they would appear on the CQC register, made from the seed.

Sized like Sefton by default (131 homes, about 3,750 beds); a home's beds are split across
the bed types it is registered for, so the simulated market can fill and free them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields
from typing import Any

from services.simulation import calibration as cal
from services.simulation.clock import Ids, pick

FIRST = ("Rose", "Oak", "Willow", "Beech", "Elm", "Ash", "Holly", "Maple", "Cedar", "Laurel",
         "Birch", "Heather", "Ivy", "Meadow")  # fmt: skip
SECOND = ("Lodge", "House", "Court", "Grange", "Manor", "View", "Gardens", "Hall", "Lea")


@dataclass(frozen=True)
class HomeSpec:
    cqc_location_id: str
    name: str
    provider_id: str
    locality: str
    postcode: str
    latitude: float
    longitude: float
    registered_beds: int
    registrations: tuple[str, ...]
    care_categories: tuple[str, ...]
    specialisms: tuple[str, ...]
    rating: str | None
    beds: dict[str, int]  # the bed plan: beds by bed type, summing to registered_beds

    def details(self) -> dict[str, Any]:
        """The keyword arguments of the vacancies service's `register_home` command."""
        code, name = cal.COUNCIL
        own = {f.name: getattr(self, f.name) for f in fields(self)}
        del own["rating"], own["beds"]
        lists = {k: list(v) for k, v in own.items() if isinstance(v, tuple)}
        return {**own, **lists, "local_authority_code": code, "local_authority_name": name}


def _registrations(rng: random.Random) -> tuple[str, ...]:
    shares = {"residential": 0.6, "nursing": 0.15, "nursing residential": 0.25}  # guess
    return tuple(pick(rng, shares).split())


def _categories(rng: random.Random, registrations: tuple[str, ...]) -> tuple[str, ...]:
    if "nursing" not in registrations and rng.random() < 0.08:
        return ("learning_disability_autism",)  # small specialist homes
    chosen = ["older_people"]
    for category, chance in (
        ("dementia", 0.65),
        ("physical_disability_sensory", 0.10),
        ("mental_health", 0.08),
    ):
        if rng.random() < chance:
            chosen.append(category)
    return tuple(chosen)


def _specialisms(
    rng: random.Random, regs: tuple[str, ...], cats: tuple[str, ...]
) -> tuple[str, ...]:
    found = []
    if "nursing" in regs and "dementia" in cats and rng.random() < 0.7:
        found.append("dementia_nursing")
    if rng.random() < 0.10:
        found.append("bariatric")
    if rng.random() < 0.10:
        found.append("complex_needs")
    return tuple(found)


def _rating(rng: random.Random) -> str | None:
    roll, total = rng.random(), 0.0
    for rating, share in cal.RATINGS.items():
        total += share
        if roll < total:
            return rating
    return None


def _split(rng: random.Random, beds: int, types: list[str]) -> dict[str, int]:
    """Beds by bed type: random shares, largest remainder, every type at least one bed."""
    weights = [rng.uniform(0.5, 1.5) for _ in types]
    raw = [1 + (beds - len(types)) * w / sum(weights) for w in weights]
    plan = {t: int(r) for t, r in zip(types, raw, strict=True)}
    order = sorted(range(len(types)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in order[: beds - sum(plan.values())]:
        plan[types[i]] += 1
    return plan


def care_homes(ids: Ids, homes: int = cal.HOMES, beds: int | None = None) -> list[HomeSpec]:
    rng = ids.rng("borough")
    target = beds or round(homes * cal.BEDS / cal.HOMES)
    drafts = []
    for _ in range(homes):
        regs = _registrations(rng)
        cats = _categories(rng, regs)
        size = (
            rng.randint(6, 12)
            if cats == ("learning_disability_autism",)
            else (rng.randint(28, 70) if "nursing" in regs else rng.randint(12, 40))
        )
        drafts.append((regs, cats, size))
    scale = target / sum(size for *_, size in drafts)
    specs = []
    for n, (regs, cats, size) in enumerate(drafts):
        types = sorted(f"{r}-{c}" for r in regs for c in cats)
        registered = max(len(types), round(size * scale))
        locality, district, lat, lon = rng.choice(cal.LOCALITIES)
        letters = "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
        specs.append(
            HomeSpec(
                cqc_location_id=f"1-{ids.seed}{n + 1:06d}",
                name=f"{rng.choice(FIRST)} {rng.choice(SECOND)} ({locality})",
                provider_id=f"SIM-P{rng.randint(1, max(2, homes * 2 // 3)):04d}",
                locality=locality,
                postcode=f"{district} {rng.randint(1, 9)}{letters}",
                latitude=round(lat + rng.uniform(-0.012, 0.012), 5),
                longitude=round(lon + rng.uniform(-0.012, 0.012), 5),
                registered_beds=registered,
                registrations=regs,
                care_categories=cats,
                specialisms=_specialisms(rng, regs, cats),
                rating=_rating(rng),
                beds=_split(rng, registered, types),
            )
        )
    return specs
