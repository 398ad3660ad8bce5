"""What each ADT event does to the trust's episode (docs/feeds.md lists them).

A message for an episode not yet known (an A03 before its A01, as a replay can deliver) is
applied from its own PV1 fields when they hold an admission (patient class and PV1-44);
otherwise it is AE and kept. Cancellations are compensating events, never deletions.
"""

from __future__ import annotations

from typing import Any

from services.discharge.application import Episodes
from services.discharge.domain.episode import Episode
from services.discharge.domain.profile import UNKNOWN_LA
from services.discharge.feed.adt import Refused, Visit


class EventApplier:
    def __init__(self, episodes: Episodes, trust: str, trust_name: str) -> None:
        self.episodes, self.trust, self.trust_name = episodes, trust, trust_name

    def apply(self, event: str, visit: Visit, command_id: str) -> str:
        """'applied', or why the message changes nothing (an outpatient's admission)."""
        outcome = self._event(event, visit, command_id)
        if outcome == "applied" and visit.ready_at is not None and event in ("A01", "A02", "A08"):
            self._ready(visit, command_id)
        return outcome

    def _ready(self, visit: Visit, command_id: str) -> None:
        """Readiness from the trust's own field (a Z segment the mapping names), never from
        PV2-9, the expected discharge date: a plan is not a decision."""
        _, episode = self.episodes.locate(self.trust, visit.reference)
        if episode is None or episode.ready_since is not None or episode.ended is not None:
            return
        self._command(
            episode, "mark_ready", pathway=None, at=visit.ready_at, command_id=command_id + " ready"
        )

    def _event(self, event: str, visit: Visit, command_id: str) -> str:
        if event == "A01":
            return self._admit(visit, command_id)
        episode_id, episode = self.episodes.locate(self.trust, visit.reference)
        if episode is None:
            if event in ("A11", "A12", "A13"):
                raise Refused("AE", "PV1-19", f"no episode {visit.reference} to cancel", "204")
            episode = self._admit_from_pv1(visit, command_id)
            if episode is None:
                return "ignored: not an inpatient stay (PV1-2)"
        if event == "A02":
            self._command(
                episode,
                "move",
                site=visit.site,
                ward=visit.ward,
                at=visit.moved_at,
                command_id=command_id,
            )
        elif event == "A03":
            self._end(episode, visit, command_id)
        elif event == "A08":
            self._update(episode, visit, command_id)
        elif event == "A11":
            self._command(episode, "withdraw", at=visit.moved_at, command_id=command_id)
        elif event == "A12":
            self._command(episode, "cancel_move", at=visit.moved_at, command_id=command_id)
        elif event == "A13":
            self._command(episode, "cancel_ending", at=visit.moved_at, command_id=command_id)
        return "applied"

    def _admit(self, visit: Visit, command_id: str) -> str:
        if visit.care_type is None:
            return "ignored: not an inpatient stay (PV1-2)"
        _, existing = self.episodes.locate(self.trust, visit.reference)
        if existing is not None and not existing.withdrawn:
            self._update(existing, visit, command_id)  # an engine's A01 sent again, revised
        else:
            self._new(visit, command_id)  # a withdrawn reference: a new stay
        return "applied"

    def _admit_from_pv1(self, visit: Visit, command_id: str) -> Episode | None:
        if visit.care_type is None:
            return None
        if visit.admitted_at is None:
            raise Refused(
                "AE", "PV1-44", f"no episode {visit.reference} yet, nor an admission time"
            )
        return self._new(visit, command_id + " admit")

    def _new(self, visit: Visit, command_id: str) -> Episode:
        episode, _ = self.episodes.admit(
            command_id=command_id,
            reference=visit.reference,
            provider_code=self.trust,
            provider_name=self.trust_name,
            occurred_at=visit.admitted_at,
            **self._details(visit),
        )
        return episode

    def _end(self, episode: Episode, visit: Visit, command_id: str) -> None:
        if visit.ended_at is None:
            raise Refused("AE", "PV1-45", "the discharge time is missing")
        kind, destination = visit.ending or ("discharged", "")
        self._command(
            episode,
            "end",
            kind=kind,
            destination=destination,
            at=visit.ended_at,
            command_id=command_id,
        )

    def _update(self, episode: Episode, visit: Visit, command_id: str) -> None:
        details = self._details(visit)
        if visit.la_code == UNKNOWN_LA:
            details.pop("la_code"), details.pop("la_name")  # an address without a code
        self._command(
            episode, "update_details", at=visit.moved_at, command_id=command_id, **details
        )

    def _details(self, visit: Visit) -> dict[str, Any]:
        return {
            "site": visit.site,
            "ward": visit.ward,
            "care_type": visit.care_type or "",
            "la_code": visit.la_code,
            "la_name": visit.la_name,
            "nhs_number": visit.nhs_number,
        }

    def _command(self, episode: Episode, method: str, *, at: Any, **kwargs: Any) -> None:
        self.episodes.feed_command(episode.id, method, occurred_at=at, **kwargs)
