"""Ready on P3: the council assesses the person's needs (DTOC A, Social Care) and, for some,
the NHS decides continuing healthcare funding (B, NHS); then the needs go on the broker's
request, and a few patients die while they wait. A care home resident going back to their
home (P3b) needs no placement: the request the ward's readiness opened is cancelled."""

from __future__ import annotations

from datetime import datetime, timedelta

from events.platform.errors import DomainError
from services.broker.domain.placement_request import request_id_for_episode
from services.discharge.application import Step
from services.simulation import calibration as cal
from services.simulation.clock import uk_day
from services.simulation.desk import HOUR, Desk
from services.simulation.needs import Placement, assessed_needs
from services.simulation.patients import Patient


def assessment(ref: str, kind: str, stage: str, at: datetime, outcome: str = "") -> Step:
    return Step("progress_assessment", assessment_id=ref, kind=kind, stage=stage,
                outcome=outcome, occurred_at=at)  # fmt: skip


class NeedsAssessment:
    def __init__(self, desk: Desk) -> None:
        self.d = desk

    def start(self, patient: Patient, now: datetime) -> None:
        pl = assessed_needs(patient, self.d.market)
        ready = Step("mark_ready", pathway="P3", occurred_at=now)
        reason = self.d.wards.reason(patient, "A", "Social Care", now)
        care_act = assessment("care-act", "care_act", "requested", now)
        if not self.d.wards.record(patient, "ready", ready, reason, care_act):
            return
        self.d.stats.requests += 1
        rng = patient.rng
        day = uk_day(now) + timedelta(days=rng.randint(*cal.CARE_ACT_DAYS))
        done = max(self.d.on_day(day), now + timedelta(hours=2))
        self.d.agenda.at(done, lambda at: self.needs_assessed(pl, at))
        if rng.random() < cal.DIES_WAITING:
            self.d.agenda.at(now + timedelta(days=rng.uniform(2, 20)), lambda at: self.died(pl, at))

    def needs_assessed(self, pl: Placement, now: datetime) -> None:
        steps = [assessment("care-act", "care_act", "completed", now, pl.bed_type)]
        chc = pl.funding == "nhs_chc"
        if chc:  # the NHS decides on continuing healthcare first
            steps += [self.d.wards.reason(pl.patient, "B", "NHS", now),
                      assessment("chc", "chc_full", "requested", now)]  # fmt: skip
        if pl.done or not self.d.wards.record(pl.patient, "assessment", *steps):
            return
        if chc:
            day = uk_day(now) + timedelta(days=pl.patient.rng.randint(*cal.CHC_DAYS))
            self.d.agenda.at(self.d.on_day(day), lambda at: self.chc_decided(pl, at))
        else:
            self.d.agenda.after(now, HOUR, lambda at: self.details(pl, at))

    def chc_decided(self, pl: Placement, now: datetime) -> None:
        decided = assessment("chc", "chc_full", "completed", now, "eligible")
        if not pl.done and self.d.wards.record(pl.patient, "chc", decided):
            self.d.agenda.after(now, HOUR, lambda at: self.details(pl, at))

    def details(self, pl: Placement, now: datetime) -> None:
        """The needs go on the broker's request (which the ward's readiness opened)."""
        if pl.done:
            return
        self.d.sync()
        if self.d.broker.app.find(pl.request_id) is None:  # not delivered yet: look again
            self.d.agenda.after(now, HOUR, lambda at: self.details(pl, at))
            return
        if self.d.command(
            pl, "complete_details", registration=pl.registration, care_category=pl.category,
            specialisms=list(pl.specialisms), preferred_localities=list(pl.localities),
            preferred_home_ids=[], funding=pl.funding, urgency="urgent", occurred_at=now,
        ):  # fmt: skip
            search = timedelta(days=pl.patient.rng.uniform(*cal.SEARCH_DAYS))
            self.d.agenda.after(now, search, lambda at: self.d.refer(pl, at))

    def died(self, pl: Placement, now: datetime) -> None:
        """Dies in hospital: the broker service cancels the request by itself."""
        if pl.done:
            return
        self.d.sync()  # the broker's news up to now reaches the episode before it ends
        if self.d.wards.record(pl.patient, "died", Step("end", kind="died", occurred_at=now)):
            pl.done = True
            self.d.stats.died += 1
            if pl.offer is not None:
                self.d.market.promise(pl.offer[1], pl.bed_type, -1)

    def went_back(self, patient: Patient, now: datetime) -> None:
        """A care home resident (P3b) went back to their home: no placement is needed."""
        if patient.pathway != "P3b":
            return
        self.d.sync()
        request = self.d.broker.app.find(request_id_for_episode(patient.episode_id))
        if request is not None and not request.closed:
            try:
                self.d.broker.app.command(request.id, "cancel", reason="went_home", occurred_at=now)
            except DomainError:
                self.d.stats.refused["cancel"] += 1
