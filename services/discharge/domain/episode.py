"""One adult inpatient stay, from admission to leaving hospital, as the discharge team
records it. Every time is passed in (the aggregate never reads a clock).

Events may be backdated, never into the future nor before the admission; a correction is a
new event (a second `Discharged` corrects the time of the first). Each command may carry a
`command_id`: a command already applied is not applied again, which makes re-imports and
client retries safe.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from eventsourcing.domain import event

from services.discharge.domain.commands import already_applied
from services.discharge.domain.errors import Conflict, EpisodeEnded, InvalidInput
from services.discharge.domain.identity import episode_id_for
from services.discharge.domain.stay import Stay, stay_details
from services.discharge.domain.vocabulary import (
    AssessmentKind,
    EndKind,
    Pathway,
    Setting,
    check_reason,
    parse_enum,
)

CLOCK_SKEW = timedelta(minutes=5)  # a device clock a little ahead is not "the future"


@dataclass
class Blocker:
    vocabulary: str
    code: str
    agency: str | None
    owner_org: str
    owner_team: str
    opened_at: datetime
    closed_at: datetime | None = None


@dataclass
class Assessment:
    kind: str
    requested_at: datetime
    started_at: datetime | None = None
    completed_at: datetime | None = None
    outcome: str = ""


class Episode(Stay):
    @staticmethod
    def create_id(  # type: ignore[override]
        reference: str, provider_code: str, **_: object
    ) -> uuid.UUID:
        return episode_id_for(provider_code, reference)

    @classmethod
    def admit(
        cls,
        *,
        reference: str,
        provider_code: str,
        provider_name: str,
        site: str,
        ward: str,
        care_type: str,
        la_code: str,
        la_name: str,
        nhs_number: str | None,
        occurred_at: datetime,
        now: datetime,
        command_id: str = "",
    ) -> Episode:
        if not reference.strip():
            raise InvalidInput("reference", "must not be blank")
        for field, value in (("provider_code", provider_code), ("la_code", la_code)):
            if not value.strip():
                raise InvalidInput(field, "must not be blank")
        if occurred_at > now + CLOCK_SKEW:
            raise InvalidInput("admitted_at", "is in the future")
        details = stay_details(
            site=site,
            ward=ward,
            care_type=care_type,
            la_code=la_code,
            la_name=la_name,
            nhs_number=nhs_number,
        )
        return cls(
            reference=reference.strip(),
            provider_code=provider_code.strip().upper(),
            provider_name=provider_name.strip(),
            **details,
            occurred_at=occurred_at,
            command_id=command_id,
        )

    @event("Admitted")
    def __init__(
        self,
        *,
        reference: str,
        provider_code: str,
        provider_name: str,
        site: str,
        ward: str,
        care_type: str,
        la_code: str,
        la_name: str,
        nhs_number: str | None,
        occurred_at: datetime,
        command_id: str,
    ) -> None:
        self.reference = reference
        self.provider_code = provider_code
        self.provider_name = provider_name
        self.site = site
        self.ward = ward
        self.care_type = care_type
        self.la_code = la_code
        self.la_name = la_name
        self.nhs_number = nhs_number
        self.admitted_at = occurred_at
        self.commands: set[str] = {command_id} if command_id else set()
        self.ended: tuple[str, datetime] | None = None
        self.ready_since: datetime | None = None
        self.pathway: str | None = None
        self.blockers: dict[str, Blocker] = {}
        self.assessments: dict[str, Assessment] = {}

    # -- rules every later command shares -------------------------------------------------

    def _seen(self, command_id: str) -> bool:
        return already_applied(self.commands, command_id)

    def _check_time(self, at: datetime, now: datetime, field: str = "at") -> None:
        if self.withdrawn:
            raise Conflict("the admission was cancelled")
        if at > now + CLOCK_SKEW:
            raise InvalidInput(field, "is in the future")
        if at < self.admitted_at:
            raise InvalidInput(field, f"is before the admission at {self.admitted_at.isoformat()}")
        if self.ended is not None and at > self.ended[1]:
            raise EpisodeEnded(f"the patient {self.ended[0]} at {self.ended[1].isoformat()}")

    def _remember(self, command_id: str) -> None:
        if command_id:
            self.commands.add(command_id)

    # -- readiness --------------------------------------------------------------------------

    def mark_ready(
        self,
        *,
        pathway: str | None,
        setting: str | None = None,
        clinically_ready: bool = True,
        mdt_ready: bool = True,
        safe_to_transfer: bool = True,
        occurred_at: datetime,
        now: datetime,
        command_id: str = "",
    ) -> None:
        """Ready for discharge: the clinical decision, the MDT decision and safety all hold."""
        if self._seen(command_id):
            return
        for field, value in (
            ("clinically_ready", clinically_ready),
            ("mdt_ready", mdt_ready),
            ("safe_to_transfer", safe_to_transfer),
        ):
            if not value:
                raise InvalidInput(
                    field,
                    "a patient is ready only when the clinician and the MDT agree and it is safe",
                )
        self._check_time(occurred_at, now)
        self._ready(
            pathway=parse_enum(Pathway, pathway, "pathway").value if pathway else None,
            setting=parse_enum(Setting, setting, "setting").value if setting else None,
            occurred_at=occurred_at,
            command_id=command_id,
        )

    @event("BecameReady")
    def _ready(
        self,
        *,
        pathway: str | None,
        occurred_at: datetime,
        command_id: str,
        setting: str | None = None,  # absent from events recorded before it existed
    ) -> None:
        if self.ready_since is None or occurred_at < self.ready_since:
            self.ready_since = occurred_at
        if pathway:
            self.pathway = pathway
        self._remember(command_id)

    def withdraw_readiness(
        self, *, note: str = "", occurred_at: datetime, now: datetime, command_id: str = ""
    ) -> None:
        """The patient deteriorated and meets the criteria to reside again."""
        if self._seen(command_id):
            return
        self._check_time(occurred_at, now)
        self._withdrawn(note=note, occurred_at=occurred_at, command_id=command_id)

    @event("ReadinessWithdrawn")
    def _withdrawn(self, *, note: str, occurred_at: datetime, command_id: str) -> None:
        if self.ready_since is not None and occurred_at >= self.ready_since:
            self.ready_since = None
        self._remember(command_id)

    # -- why they are still here ------------------------------------------------------------

    def set_delay_reason(
        self,
        *,
        vocabulary: str,
        code: str,
        agency: str | None,
        owner_org: str = "",
        owner_team: str = "",
        blocker_id: str,
        occurred_at: datetime,
        now: datetime,
        command_id: str = "",
    ) -> None:
        """The reason of record changes: open blockers in that vocabulary close, this opens."""
        if self._seen(command_id):
            return
        self._reason_set(
            **self._checked_blocker(blocker_id, vocabulary, code, agency, occurred_at, now),
            owner_org=owner_org,
            owner_team=owner_team,
            command_id=command_id,
        )

    def _checked_blocker(
        self,
        blocker_id: str,
        vocabulary: str,
        code: str,
        agency: str | None,
        occurred_at: datetime,
        now: datetime,
    ) -> dict[str, Any]:
        """A blocker's reason in canonical form, at a time the episode allows."""
        vocab, canonical, who = check_reason(vocabulary, code, agency)
        self._check_time(occurred_at, now)
        return {
            "blocker_id": blocker_id,
            "vocabulary": vocab,
            "code": canonical,
            "agency": who,
            "occurred_at": occurred_at,
        }

    @event("DelayReasonSet")
    def _reason_set(
        self,
        *,
        blocker_id: str,
        vocabulary: str,
        code: str,
        agency: str | None,
        owner_org: str,
        owner_team: str,
        occurred_at: datetime,
        command_id: str,
    ) -> None:
        for blocker in self.blockers.values():
            if blocker.vocabulary == vocabulary and blocker.closed_at is None:
                blocker.closed_at = occurred_at
        self.blockers[blocker_id] = Blocker(
            vocabulary, code, agency, owner_org, owner_team, occurred_at
        )
        self._remember(command_id)

    def open_blocker(
        self,
        *,
        blocker_id: str,
        vocabulary: str,
        code: str,
        agency: str | None,
        owner_org: str,
        owner_team: str,
        occurred_at: datetime,
        now: datetime,
        command_id: str = "",
    ) -> None:
        """One more cause of the delay, beside those already open."""
        if self._seen(command_id):
            return
        if blocker_id in self.blockers:
            raise Conflict(f"blocker {blocker_id} already exists")
        self._blocker_opened(
            **self._checked_blocker(blocker_id, vocabulary, code, agency, occurred_at, now),
            owner_org=owner_org,
            owner_team=owner_team,
            command_id=command_id,
        )

    @event("BlockerOpened")
    def _blocker_opened(
        self,
        *,
        blocker_id: str,
        vocabulary: str,
        code: str,
        agency: str | None,
        owner_org: str,
        owner_team: str,
        occurred_at: datetime,
        command_id: str,
    ) -> None:
        self.blockers[blocker_id] = Blocker(
            vocabulary, code, agency, owner_org, owner_team, occurred_at
        )
        self._remember(command_id)

    def close_blocker(
        self, *, blocker_id: str, occurred_at: datetime, now: datetime, command_id: str = ""
    ) -> None:
        if self._seen(command_id):
            return
        blocker = self.blockers.get(blocker_id)
        if blocker is None:
            raise InvalidInput("blocker_id", f"no blocker {blocker_id} on this episode")
        if blocker.closed_at is not None:
            raise Conflict(f"blocker {blocker_id} is already closed")
        self._check_time(occurred_at, now)
        if occurred_at < blocker.opened_at:
            raise InvalidInput("at", "is before the blocker was opened")
        self._blocker_closed(blocker_id=blocker_id, occurred_at=occurred_at, command_id=command_id)

    @event("BlockerClosed")
    def _blocker_closed(self, *, blocker_id: str, occurred_at: datetime, command_id: str) -> None:
        self.blockers[blocker_id].closed_at = occurred_at
        self._remember(command_id)

    # -- assessments ------------------------------------------------------------------------

    def progress_assessment(
        self,
        *,
        assessment_id: str,
        kind: str,
        stage: str,
        outcome: str = "",
        occurred_at: datetime,
        now: datetime,
        command_id: str = "",
    ) -> None:
        """An assessment is requested, started or completed."""
        if self._seen(command_id):
            return
        kind = parse_enum(AssessmentKind, kind, "kind").value
        if stage not in ("requested", "started", "completed"):
            raise InvalidInput("stage", "one of requested, started, completed")
        current = self.assessments.get(assessment_id)
        if stage != "requested" and current is None:
            raise InvalidInput("assessment_id", "request the assessment first")
        if current is not None and current.kind != kind:
            raise Conflict(f"assessment {assessment_id} is a {current.kind} assessment")
        if stage == "requested" and current is not None:
            raise Conflict(f"assessment {assessment_id} was already requested")
        if current is not None and current.completed_at is not None:
            raise Conflict(f"assessment {assessment_id} is already completed")
        self._check_time(occurred_at, now)
        self._assessment(
            assessment_id=assessment_id,
            kind=kind,
            stage=stage,
            outcome=outcome,
            occurred_at=occurred_at,
            command_id=command_id,
        )

    @event("AssessmentProgressed")
    def _assessment(
        self,
        *,
        assessment_id: str,
        kind: str,
        stage: str,
        outcome: str,
        occurred_at: datetime,
        command_id: str,
    ) -> None:
        if stage == "requested":
            self.assessments[assessment_id] = Assessment(kind, occurred_at)
        elif stage == "started":
            self.assessments[assessment_id].started_at = occurred_at
        else:
            self.assessments[assessment_id].completed_at = occurred_at
            self.assessments[assessment_id].outcome = outcome
        self._remember(command_id)

    # -- leaving hospital -------------------------------------------------------------------

    def end(
        self,
        *,
        kind: str,
        destination: str = "",
        occurred_at: datetime,
        now: datetime,
        command_id: str = "",
    ) -> None:
        """Discharged, transferred or died. Recording the same ending again with another time
        corrects it; a different ending after one is recorded is a conflict."""
        if self._seen(command_id):
            return
        how = parse_enum(EndKind, kind, "event")
        if self.withdrawn:
            raise Conflict("the admission was cancelled")
        if self.ended is not None and self.ended[0] != how.value:
            raise Conflict(f"the patient already {self.ended[0]}")
        if occurred_at > now + CLOCK_SKEW:
            raise InvalidInput("at", "is in the future")
        if occurred_at < self.admitted_at:
            raise InvalidInput("at", f"is before the admission at {self.admitted_at.isoformat()}")
        self._ended(
            kind=how.value, destination=destination, occurred_at=occurred_at, command_id=command_id
        )

    @event("Ended")
    def _ended(
        self, *, kind: str, destination: str, occurred_at: datetime, command_id: str
    ) -> None:
        self.ended = (kind, occurred_at)
        self.destination = destination  # where to, as recorded (the FHIR Encounter shows it)
        self._remember(command_id)
