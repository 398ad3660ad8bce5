"""An episode's delayed midnights kept as runs: what the maintained returns count from
(services/discharge/projections/census.py).

The census at 24:00 on day D takes every fact that happened by then (`timeline.midnights`), so
it can only change on a day some fact happened. Between two such days every midnight is alike:
one run from the day of a fact to the day before the next, and after the last fact an
open-ended run while the patient is still delayed, so an open delay needs no daily upkeep.
Neighbouring runs that count alike are one. Expanded day by day, the runs are exactly
`midnights` with the primary reasons it would give (tests/discharge/unit/test_census_runs.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.discharge.domain.calendar import end_of_day, local_date
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.domain.timeline import READY, Fact, State, ordered
from services.discharge.domain.vocabulary import Vocabulary

ONE_DAY = timedelta(days=1)
_Key = tuple[datetime, str | None, str | None, str | None]


@dataclass(frozen=True)
class Run:
    """Consecutive delayed midnights that count alike: from `first` to `last` (None: every
    midnight from `first` on, until a new fact says otherwise)."""

    first: date
    last: date | None
    ready_since: datetime  # aware: the start of the ready period (the DRD's instant)
    reason: str | None  # the primary England DTOC reason in force, with its agency
    agency: str | None
    pocd_reason: str | None  # the primary Wales reason in force

    def days(self, first: date, last: date) -> int:
        """How many of its midnights fall from `first` to `last`."""
        start = max(first, self.first)
        stop = last if self.last is None else min(last, self.last)
        return max(0, (stop - start).days + 1)


def census_runs(facts: Sequence[Fact], rule: PrimaryRule) -> list[Run]:
    """The episode's delayed midnights as runs, the primary reasons chosen by `rule`."""
    if not any(f.kind == READY for f in facts):
        return []  # never ready: never delayed (the usual case, and the cheap one)
    story = ordered(facts)
    state, i, n = State(), 0, len(story)
    runs: list[tuple[date, date | None, _Key]] = []  # first, last (None: open), what counts
    while i < n:
        day = local_date(story[i].at)
        cutoff = end_of_day(day)
        while i < n and story[i].at < cutoff:  # i.e. happened on `day` or before
            state.apply(story[i])
            i += 1
        if state.ended is not None:
            break  # gone by 24:00: no midnight from here on counts
        if not state.ready or state.ready_since is None:
            continue
        until = local_date(story[i].at) - ONE_DAY if i < n else None
        dtoc = rule.choose(state.blockers.values(), Vocabulary.DTOC.value)
        pocd = rule.choose(state.blockers.values(), Vocabulary.POCD.value)
        key = (
            state.ready_since,
            dtoc.code if dtoc else None,
            dtoc.agency if dtoc else None,
            pocd.code if pocd else None,
        )
        if runs and runs[-1][1] == day - ONE_DAY and runs[-1][2] == key:
            runs[-1] = (runs[-1][0], until, key)  # the same census carries on
        else:
            runs.append((day, until, key))
    return [Run(first, last, *key) for first, last, key in runs]
