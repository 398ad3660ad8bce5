"""Who is admitted each day, where, and when they will be ready to leave.

Each patient has a random stream of their own (from the seed, the day and their number),
so what happens to one never depends on how many others came before.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random
from typing import Any

from services.discharge.domain.identity import episode_id_for
from services.simulation import calibration as cal
from services.simulation.clock import Ids, nhs_number, pick, uk_day, uk_time


@dataclass
class Patient:
    reference: str
    provider_code: str
    provider_name: str
    care_type: str
    site: str
    ward: str
    la_code: str
    la_name: str
    nhs_number: str | None
    admitted_at: datetime
    ready_at: datetime
    pathway: str
    rng: Random

    @property
    def episode_id(self) -> uuid.UUID:
        return episode_id_for(self.provider_code, self.reference)

    def admission(self) -> dict[str, Any]:
        """The keyword arguments of the discharge service's `admit` command."""
        return dict(
            reference=self.reference,
            provider_code=self.provider_code,
            provider_name=self.provider_name,
            site=self.site,
            ward=self.ward,
            care_type=self.care_type,
            la_code=self.la_code,
            la_name=self.la_name,
            nhs_number=self.nhs_number,
            occurred_at=self.admitted_at,
        )


def poisson(rng: Random, mean: float) -> int:
    if mean > 30:  # a normal approximation: exact enough, and safe for England-sized runs
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _ready_at(rng: Random, admitted: datetime, median_days: float) -> datetime:
    """Ready after a lognormal stay, decided on a ward round in the working day."""
    stay = rng.lognormvariate(math.log(median_days), 0.7)
    day = uk_day(admitted + timedelta(days=stay))
    ready = uk_time(day, rng.uniform(9, 16))
    return ready if ready > admitted + timedelta(hours=4) else uk_time(day + timedelta(1), 11)


def admissions(ids: Ids, day: date, per_day: float) -> list[Patient]:
    """The day's admissions of patients who will leave with a discharge ready date."""
    out = []
    for k in range(poisson(ids.rng("admissions", day), per_day)):
        rng = ids.rng("patient", day, k)
        la_code, la_name = rng.choices(
            [(c, n) for c, n, _ in cal.RESIDENCE], [w for *_, w in cal.RESIDENCE]
        )[0]
        provider = rng.choices(cal.PROVIDERS, [p[3] for p in cal.PROVIDERS])[0]
        code, name, care_type, _, sites = provider
        site = rng.choice(sorted(sites))
        pathway = pick(rng, {p: v[0] for p, v in cal.PATHWAYS.items()})
        admitted = uk_time(day, rng.triangular(0, 24, 15))
        out.append(
            Patient(
                reference=f"{code}-{ids.seed}-{day:%y%m%d}-{k:03d}",
                provider_code=code,
                provider_name=name,
                care_type=care_type,
                site=site,
                ward=rng.choice(sites[site]),
                la_code=la_code,
                la_name=la_name,
                nhs_number=nhs_number(rng) if rng.random() < 0.9 else None,
                admitted_at=admitted,
                ready_at=_ready_at(rng, admitted, cal.PATHWAYS[pathway][2]),
                pathway=pathway,
                rng=rng,
            )
        )
    return out
