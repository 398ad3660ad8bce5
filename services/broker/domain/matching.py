"""Which homes could take this person now, and why each ranks where it does.

Ranking puts needs, choice and quality first, never price alone: the person's own chosen
homes first, then homes in their preferred localities, then nearer homes, then the freshest
vacancy report, then the better CQC rating. Every candidate carries its reasons in words.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime

RATING_RANK = {"outstanding": 4, "good": 3, "requires_improvement": 2, "inadequate": 1}


@dataclass(frozen=True)
class Needs:
    bed_type: str
    specialisms: tuple[str, ...]
    preferred_localities: tuple[str, ...]
    preferred_home_ids: tuple[uuid.UUID, ...]
    near: tuple[float, float] | None = None  # latitude, longitude


@dataclass(frozen=True)
class Candidate:
    home_id: uuid.UUID
    name: str
    la_code: str
    locality: str
    latitude: float
    longitude: float
    specialisms: tuple[str, ...]
    rating: str | None
    available: int  # free beds of the bed type less the holds in force
    reported_at: datetime | None


@dataclass
class Match:
    candidate: Candidate
    distance_km: float | None
    report_age_hours: float | None
    reasons: list[str] = field(default_factory=list)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def rank(
    needs: Needs, candidates: list[Candidate], now: datetime, fresh_hours: float
) -> list[Match]:
    """Candidates that meet the needs, best first, each with why."""
    matches = []
    for c in candidates:
        if c.available <= 0 or not set(needs.specialisms) <= set(c.specialisms):
            continue
        age = (now - c.reported_at).total_seconds() / 3600 if c.reported_at else None
        if age is None or age > fresh_hours:
            continue  # a vacancy nobody confirmed recently is not a vacancy
        distance = km(needs.near, (c.latitude, c.longitude)) if needs.near else None
        m = Match(c, distance, age)
        if c.home_id in needs.preferred_home_ids:
            m.reasons.append("the person's own choice of home")
        if c.locality in needs.preferred_localities:
            m.reasons.append(f"in a preferred locality ({c.locality})")
        m.reasons.append(f"{c.available} {needs.bed_type} bed(s) free")
        if needs.specialisms:
            m.reasons.append("meets specialist needs: " + ", ".join(needs.specialisms))
        if distance is not None:
            m.reasons.append(f"{distance:.1f} km away")
        m.reasons.append(f"vacancies confirmed {age:.0f} h ago")
        m.reasons.append(f"CQC: {c.rating.replace('_', ' ') if c.rating else 'not yet rated'}")
        matches.append(m)

    def key(m: Match) -> tuple[int, int, float, float, int]:
        c = m.candidate
        return (
            0 if c.home_id in needs.preferred_home_ids else 1,
            0 if c.locality in needs.preferred_localities else 1,
            m.distance_km if m.distance_km is not None else 0.0,
            m.report_age_hours or 0.0,
            -RATING_RANK.get(c.rating or "", 0),
        )

    return sorted(matches, key=key)
