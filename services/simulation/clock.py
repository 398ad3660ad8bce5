"""The simulated calendar and the ids, both fixed by the seed and the end date.

Times are chosen in UK local time (the NHS counts days by the UK calendar) and passed to the
services as aware UTC instants. The history ends at midnight starting today, UK time, so
it is never in the future and a rerun on the same day replays the same calendar.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
NAMESPACE = uuid.UUID("0b5e8d8a-7f0c-4a52-8c3e-6a9d1f2b4c70")


def uk_time(day: date, hour: float) -> datetime:
    """`hour` hours after the UK midnight that starts `day` (may run into the next days)."""
    midnight = datetime.combine(day, time(), tzinfo=UK).astimezone(UTC)
    return midnight + timedelta(hours=hour)


def uk_day(at: datetime) -> date:
    return at.astimezone(UK).date()


def history_end(today: date | None = None) -> datetime:
    """The end of the simulated history: the start of today in the UK."""
    return uk_time(today or datetime.now(UK).date(), 0)


class Ids:
    """Every id and random stream derives from the seed: nothing depends on the run order."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def uuid(self, *parts: object) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in (self.seed, *parts)))

    def rng(self, *parts: object) -> random.Random:
        """A random stream of its own for one entity or one day (string seeds are stable)."""
        return random.Random(":".join(str(p) for p in ("carebridge", self.seed, *parts)))


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    """One key, with probability proportional to its weight (insertion order is stable)."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def nhs_number(rng: random.Random) -> str:
    """A valid NHS number from the 999 range, which the NHS keeps for test data."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)
