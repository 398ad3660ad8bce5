"""An episode's facts replayed in business time: the state at any instant, and the census
at 24:00 of each day that every official figure is counted from.

Facts are sorted by when they happened (`at`), ties by the order they were recorded, so a
backdated record takes its place in the story. Of several endings (a corrected discharge
time), the one recorded last counts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from services.discharge.domain.calendar import end_of_day, local_date
from services.discharge.domain.primary_reason import OpenBlocker

# Fact kinds (one per published discharge event).
ADMITTED, READY, NOT_READY = "admitted", "ready", "not_ready"
REASON_SET, BLOCKER_OPENED, BLOCKER_CLOSED = "reason_set", "blocker_opened", "blocker_closed"
ASSESSMENT, ENDED = "assessment", "ended"
# The hospital feed's corrections: where the stay is, its details, and compensations.
MOVED, DETAILS, WITHDRAWN = "moved", "details", "withdrawn"
READMITTED, ENDING_CANCELLED = "readmitted", "ending_cancelled"
CORRECTIONS = frozenset({MOVED, DETAILS, WITHDRAWN, READMITTED, ENDING_CANCELLED})


@dataclass(frozen=True)
class Fact:
    seq: int  # the episode's version: the order it was recorded in
    kind: str
    at: datetime  # when it happened (aware)
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class State:
    ready_since: datetime | None = None
    pathway: str | None = None
    blockers: dict[str, OpenBlocker] = field(default_factory=dict)
    assessments: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> kind, stage
    ended: Fact | None = None

    @property
    def ready(self) -> bool:
        return self.ready_since is not None and self.ended is None

    def apply(self, fact: Fact) -> None:
        d = fact.data
        if fact.kind == READY:
            if self.ready_since is None:
                self.ready_since = fact.at
            self.pathway = d.get("pathway") or self.pathway
        elif fact.kind == NOT_READY:
            self.ready_since = None
        elif fact.kind in (REASON_SET, BLOCKER_OPENED):
            if fact.kind == REASON_SET:
                for key in [k for k, b in self.blockers.items() if b.vocabulary == d["vocabulary"]]:
                    del self.blockers[key]
            self.blockers[d["blocker_id"]] = OpenBlocker(
                d["blocker_id"],
                d["vocabulary"],
                d["code"],
                d.get("agency"),
                d.get("owner_org", ""),
                d.get("owner_team", ""),
                fact.at,
                fact.seq,
            )
        elif fact.kind == BLOCKER_CLOSED:
            self.blockers.pop(d["blocker_id"], None)
        elif fact.kind == ASSESSMENT:
            self.assessments[d["assessment_id"]] = (d["kind"], d["stage"])
        elif fact.kind == ENDED:
            self.ended = fact

    @property
    def outstanding_assessments(self) -> list[str]:
        return sorted({kind for kind, stage in self.assessments.values() if stage != "completed"})


def ordered(facts: Sequence[Fact]) -> list[Fact]:
    """Business-time order, keeping only the ending recorded last, unless a cancellation of
    the ending was recorded after it. A withdrawn stay has no story: it is counted nowhere;
    a readmission starts a new one (the facts recorded before it belong to the withdrawn)."""
    stay = current_stay(facts)
    if withdrawn(stay):
        return []
    endings = [f for f in stay if f.kind == ENDED]
    last_end = max(endings, key=lambda f: f.seq) if endings else None
    cancels = [f.seq for f in stay if f.kind == ENDING_CANCELLED]
    if last_end is not None and cancels and max(cancels) > last_end.seq:
        last_end = None
    kept = [f for f in stay if f.kind != ENDED or f is last_end]
    return sorted(kept, key=lambda f: (f.at, f.seq))


def current_stay(facts: Sequence[Fact]) -> Sequence[Fact]:
    """The facts of the stay now recorded: those from the last readmission on, if any."""
    starts = [i for i, f in enumerate(facts) if f.kind == READMITTED]
    if not starts:
        return facts
    last = max(starts, key=lambda i: facts[i].seq)
    return [f for f in facts if f.seq >= facts[last].seq]


def withdrawn(facts: Sequence[Fact]) -> bool:
    """The admission of the stay now recorded was cancelled."""
    return any(f.kind == WITHDRAWN for f in current_stay(facts))


def admission(facts: Sequence[Fact]) -> Fact:
    for fact in facts:
        if fact.kind == ADMITTED:
            return fact
    raise ValueError("an episode's facts start with its admission")


@dataclass(frozen=True)
class Census:
    """The episode at 24:00 on `day`, when it was delayed (ready and still in hospital)."""

    day: date
    ready_since: datetime
    blockers: tuple[OpenBlocker, ...]
    pathway: str | None

    @property
    def drd(self) -> date:
        return local_date(self.ready_since)


def midnights(facts: Sequence[Fact], first: date, last: date) -> Iterator[Census]:
    """The delayed days from `first` to `last`: ready at 24:00 and not gone by then."""
    story = ordered(facts)
    state, i = State(), 0
    day = first
    while day <= last:
        cutoff = end_of_day(day)
        while i < len(story) and story[i].at < cutoff:
            state.apply(story[i])
            i += 1
        if state.ended is not None:
            return
        if state.ready and state.ready_since is not None:
            yield Census(day, state.ready_since, tuple(state.blockers.values()), state.pathway)
        elif i >= len(story):
            return  # nothing more will change: not ready until the end of the window
        day += timedelta(days=1)


def state_at(facts: Sequence[Fact], instant: datetime) -> State:
    state = State()
    for fact in ordered(facts):
        if fact.at > instant:
            break
        state.apply(fact)
    return state


@dataclass(frozen=True)
class Leaving:
    """How and when the patient left, and their discharge ready date: the start of the final
    ready period, or the day they left when no readiness was recorded (delay 0)."""

    kind: str
    at: datetime
    drd: date | None
    pathway: str | None

    @property
    def day(self) -> date:
        return local_date(self.at)

    @property
    def delay_days(self) -> int | None:
        return None if self.drd is None else (self.day - self.drd).days


def leaving(facts: Sequence[Fact]) -> Leaving | None:
    state = State()
    for fact in ordered(facts):
        if fact.kind == ENDED:
            # A patient discharged without a recorded readiness stopped meeting the criteria
            # to reside on the day they left: their discharge ready date is that day.
            ready = state.ready_since if state.ready_since is not None else fact.at
            return Leaving(
                fact.data.get("kind", "discharged"), fact.at, local_date(ready), state.pathway
            )
        state.apply(fact)
    return None


@dataclass(frozen=True)
class NctrDay:
    day: date
    discharged: bool  # left hospital that day while not meeting the criteria to reside
    remaining: bool  # still in hospital at 24:00, not meeting them


def nctr_days(facts: Sequence[Fact], first: date, last: date) -> Iterator[NctrDay]:
    """Per day, whether the patient counts in the acute SitRep's NCTR figures."""
    story = ordered(facts)
    state, i = State(), 0
    day = first
    while day <= last:
        cutoff = end_of_day(day)
        while i < len(story) and local_date(story[i].at) < day:
            state.apply(story[i])
            i += 1
        discharged = False
        while i < len(story) and story[i].at < cutoff:
            fact = story[i]
            # Everyone who leaves alive no longer met the criteria to reside when they left.
            if fact.kind == ENDED and fact.data.get("kind") != "died":
                discharged = True
            state.apply(fact)
            i += 1
        if discharged or state.ready:
            yield NctrDay(day, discharged, state.ready)
        if state.ended is not None:
            return
        day += timedelta(days=1)
