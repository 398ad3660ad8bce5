"""The discharge teams: they admit, mark patients ready, record why a ready patient is still
here and discharge them, through the discharge service's commands.

Most patients leave on the day they are ready. A delayed one gets a story: a DTOC reason
with an agency the national table allows, and a length drawn so that the delayed days add up
to the published mix (`calibration.STORIES`). Patients on P3 are handed to the brokerage,
the council's own residents on P1 to its home care desk.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime, timedelta

from events.platform.errors import DomainError
from services.discharge.application import Episodes, Step
from services.simulation import calibration as cal
from services.simulation.agenda import Agenda
from services.simulation.clock import uk_day, uk_time
from services.simulation.patients import Patient
from services.simulation.stats import Stats

log = logging.getLogger(__name__)


class Wards:
    def __init__(self, episodes: Episodes, agenda: Agenda, stats: Stats) -> None:
        self.episodes, self.agenda, self.stats = episodes, agenda, stats
        self.on_p3: Callable[[Patient, datetime], None] = lambda p, now: None
        self.on_left: Callable[[Patient, datetime], None] = lambda p, now: None
        # whether a P1 patient's package is sourced by the home care desk (`sourcing.py`)
        self.on_p1: Callable[[Patient, datetime], bool] = lambda p, now: False

    def record(self, patient: Patient, what: str, *steps: Step) -> bool:
        try:
            self.episodes.record(patient.episode_id, list(steps))
            return True
        except DomainError as exc:
            log.debug("%s refused for %s: %s", what, patient.reference, exc)
            self.stats.refused[what] += 1
            return False

    def reason(self, patient: Patient, code: str, agency: str, at: datetime) -> Step:
        owner = patient.la_code if agency == "Social Care" else patient.provider_code
        return Step(
            "set_delay_reason",
            vocabulary="dtoc",
            code=code,
            agency=agency,
            owner_org=owner,
            blocker_id=f"sim-{code}-{at:%Y%m%d%H%M}",
            occurred_at=at,
        )

    def admit(self, patient: Patient, now: datetime) -> None:
        try:
            self.episodes.admit(**patient.admission())
        except DomainError as exc:
            self.stats.refused["admit"] += 1
            log.debug("admission refused for %s: %s", patient.reference, exc)
            return
        self.stats.admitted += 1
        self.agenda.at(patient.ready_at, lambda at: self.ready(patient, at))

    def later(self, at: datetime, patient: Patient, what: str, *steps: Step) -> None:
        def run(_: datetime) -> None:
            self.record(patient, what, *steps)

        self.agenda.at(at, run)

    def ready(self, patient: Patient, now: datetime) -> None:
        if patient.pathway == "P3":
            self.on_p3(patient, now)
            return
        if patient.pathway == "P1" and self.on_p1(patient, now):
            return
        rng = patient.rng
        ready = Step("mark_ready", pathway=patient.pathway, occurred_at=now)
        if rng.random() >= cal.PATHWAYS[patient.pathway][1]:
            if self.record(patient, "ready", ready):
                leave = min(now + timedelta(hours=rng.uniform(1, 6)), uk_time(uk_day(now), 21))
                self.agenda.at(leave, lambda at: self.discharge(patient, at, now))
            return
        stories = cal.STORIES[patient.pathway]
        story = rng.choices(stories, [s.weight / s.mean_days for s in stories])[0]
        days = max(1, round(rng.lognormvariate(math.log(story.mean_days) - 0.2, 0.6)))
        code, drd = story.code, now
        if code == "E" and days > 1 and rng.random() < cal.ASSESSMENT_FIRST:
            code = "A"  # first the assessment, then the wait for the care package
            switch = uk_time(uk_day(now) + timedelta(days=max(1, days * 2 // 5)), 10)
            self.later(switch, patient, "reason", self.reason(patient, "E", story.agency, switch))
        elif days >= 4 and rng.random() < cal.DETERIORATES:
            drd = self.deteriorate(patient, now, story)
        if self.record(patient, "ready", ready, self.reason(patient, code, story.agency, now)):
            leave = uk_time(uk_day(now) + timedelta(days=days), rng.uniform(10, 17))
            self.agenda.at(leave, lambda at: self.discharge(patient, at, drd))

    def deteriorate(self, patient: Patient, now: datetime, story: cal.DelayStory) -> datetime:
        """Meets the criteria to reside again for a day: the ready date starts over."""
        worse = uk_time(uk_day(now) + timedelta(days=1), 14)
        again = uk_time(uk_day(now) + timedelta(days=2), 11)
        self.later(
            worse,
            patient,
            "not ready",
            Step("withdraw_readiness", note="deteriorated", occurred_at=worse),
        )
        self.later(
            again,
            patient,
            "ready again",
            Step("mark_ready", pathway=patient.pathway, occurred_at=again),
            self.reason(patient, story.code, story.agency, again),
        )
        return again

    def discharge(self, patient: Patient, now: datetime, drd: datetime) -> None:
        destination = cal.DESTINATIONS.get(patient.pathway, "home")
        self.on_left(patient, now)
        if self.record(
            patient,
            "discharge",
            Step("end", kind="discharged", destination=destination, occurred_at=now),
        ):
            self.left(now, drd)

    def left(self, now: datetime, drd: datetime) -> None:
        self.stats.discharged += 1
        if uk_day(now) > uk_day(drd):
            self.stats.delayed_discharges += 1
