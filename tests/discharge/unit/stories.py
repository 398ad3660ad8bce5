"""Tiny patient journeys as facts, for the counting tests."""

from __future__ import annotations

from datetime import datetime
from itertools import count
from typing import Any

from services.discharge.domain.calendar import UK
from services.discharge.domain.returns import EpisodeFacts, Profile
from services.discharge.domain.timeline import Fact


def at(text: str) -> datetime:
    """'2019-12-03 10:00' in UK local time."""
    fmt = "%Y-%m-%d %H:%M" if " " in text else "%Y-%m-%d"
    return datetime.strptime(text, fmt).replace(tzinfo=UK)


class Journey:
    def __init__(
        self,
        admitted: str,
        *,
        provider: str = "RXX",
        la: str = "E06000015",
        care_type: str = "acute",
        name: str = "ep",
    ) -> None:
        self.seq = count(1)
        self.profile = Profile(name, provider, f"Trust {provider}", la, f"LA {la}", care_type)
        self.facts = [Fact(next(self.seq), "admitted", at(admitted))]
        self._blockers = count(1)

    def _add(self, fact_kind: str, when: str, **data: Any) -> Journey:
        self.facts.append(Fact(next(self.seq), fact_kind, at(when), data))
        return self

    def ready(self, when: str, pathway: str | None = None) -> Journey:
        return self._add("ready", when, pathway=pathway)

    def not_ready(self, when: str) -> Journey:
        return self._add("not_ready", when)

    def reason(
        self, when: str, code: str, agency: str = "NHS", vocabulary: str = "dtoc"
    ) -> Journey:
        return self._add(
            "reason_set",
            when,
            blocker_id=f"b{next(self._blockers)}",
            vocabulary=vocabulary,
            code=code,
            agency=agency,
        )

    def blocker(self, when: str, blocker_id: str, code: str, agency: str = "NHS") -> Journey:
        return self._add(
            "blocker_opened",
            when,
            blocker_id=blocker_id,
            vocabulary="dtoc",
            code=code,
            agency=agency,
        )

    def close(self, when: str, blocker_id: str) -> Journey:
        return self._add("blocker_closed", when, blocker_id=blocker_id)

    def discharged(self, when: str) -> Journey:
        return self._add("ended", when, kind="discharged")

    def died(self, when: str) -> Journey:
        return self._add("ended", when, kind="died")

    @property
    def episode(self) -> EpisodeFacts:
        return EpisodeFacts(self.profile, list(self.facts))
