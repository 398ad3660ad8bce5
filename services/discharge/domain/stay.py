"""Where a stay is and the hospital feed's corrections of it: a transfer between wards or
sites, new details, and the compensating events of the ADT cancellations (A11 cancel admit,
A12 cancel transfer, A13 cancel discharge) and of a patient merge (A40). Nothing is deleted:
each cancellation is an event of its own. `Episode` builds on this; the times rules are its
(`_check_time`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate, event

from services.discharge.domain.errors import Conflict, InvalidInput
from services.discharge.domain.nhs_number import check_nhs_number
from services.discharge.domain.vocabulary import CareType, parse_enum

CLOCK_SKEW = timedelta(minutes=5)
DETAILS = ("site", "ward", "care_type", "la_code", "la_name", "nhs_number")


def stay_details(
    *,
    site: str,
    ward: str,
    care_type: str,
    la_code: str,
    la_name: str,
    nhs_number: str | None,
) -> dict[str, Any]:
    """Where a stay is and whose it is, as an admission (or a readmission) records them:
    trimmed, the care type from its vocabulary, the NHS number checked (None if not known)."""
    return {
        "site": site.strip(),
        "ward": ward.strip(),
        "care_type": parse_enum(CareType, care_type, "care_type").value,
        "la_code": la_code.strip(),
        "la_name": la_name.strip(),
        "nhs_number": check_nhs_number(nhs_number) if nhs_number else None,
    }


class Stay(Aggregate):
    if TYPE_CHECKING:  # Episode's state, which eventsourcing must not read as fields
        admitted_at: datetime
        ended: tuple[str, datetime] | None
        site: str
        ward: str
        care_type: str
        la_code: str
        la_name: str
        nhs_number: str | None
        ready_since: datetime | None
        pathway: str | None
        blockers: dict[str, Any]
        assessments: dict[str, Any]

    # the rules `Episode` defines for every command
    def _seen(self, command_id: str) -> bool:
        raise NotImplementedError

    def _check_time(self, at: datetime, now: datetime, field: str = "at") -> None:
        raise NotImplementedError

    def _remember(self, command_id: str) -> None:
        raise NotImplementedError

    @property
    def withdrawn(self) -> bool:
        """Cancelled by the admitting trust (A11): counted nowhere."""
        return bool(getattr(self, "_withdrawn_at", None))

    # -- transfers --------------------------------------------------------------------------

    def move(
        self, *, site: str, ward: str, occurred_at: datetime, now: datetime, command_id: str = ""
    ) -> None:
        """The patient moves to another ward or site (A02)."""
        if self._seen(command_id):
            return
        self._check_time(occurred_at, now)
        self._moved(
            site=site.strip() or self.site,
            ward=ward.strip(),
            occurred_at=occurred_at,
            command_id=command_id,
        )

    @event("Moved")
    def _moved(self, *, site: str, ward: str, occurred_at: datetime, command_id: str) -> None:
        self._places = [*getattr(self, "_places", []), (self.site, self.ward)]
        self.site, self.ward = site, ward
        self._placed_at: datetime | None = occurred_at
        self._remember(command_id)

    def cancel_move(self, *, occurred_at: datetime, now: datetime, command_id: str = "") -> None:
        """The last transfer did not happen (A12): back where the patient was before it."""
        if self._seen(command_id):
            return
        places = getattr(self, "_places", [])
        if not places:
            raise Conflict("there is no transfer to cancel")
        site, ward = places[-1]
        self._move_cancelled(site=site, ward=ward, occurred_at=occurred_at, command_id=command_id)

    @event("MoveCancelled")
    def _move_cancelled(
        self, *, site: str, ward: str, occurred_at: datetime, command_id: str
    ) -> None:
        self._places = self._places[:-1]
        self.site, self.ward = site, ward
        self._remember(command_id)

    # -- details ----------------------------------------------------------------------------

    def update_details(
        self, *, occurred_at: datetime, now: datetime, command_id: str = "", **details: Any
    ) -> None:
        """New details of the stay (A08); a detail not given, or blank, stays as it was. Details
        older than the last transfer (an A01 a replay delivers late) do not move the patient
        back: the transfer stands."""
        if self._seen(command_id):
            return
        unknown = set(details) - set(DETAILS)
        if unknown:
            raise InvalidInput(sorted(unknown)[0], "is not a detail of an episode")
        changes = {k: str(v).strip() for k, v in details.items() if v and str(v).strip()}
        placed_at = getattr(self, "_placed_at", None)
        if placed_at is not None and occurred_at < placed_at:
            changes.pop("site", None), changes.pop("ward", None)
        if "care_type" in changes:
            changes["care_type"] = parse_enum(CareType, changes["care_type"], "care_type").value
        if "nhs_number" in changes:
            changes["nhs_number"] = check_nhs_number(changes["nhs_number"])
        changes = {k: v for k, v in changes.items() if getattr(self, k, None) != v}
        if changes:
            self._details_updated(
                **{name: changes.get(name) for name in DETAILS},
                occurred_at=occurred_at,
                command_id=command_id,
            )

    @event("DetailsUpdated")
    def _details_updated(
        self,
        *,
        site: str | None,
        ward: str | None,
        care_type: str | None,
        la_code: str | None,
        la_name: str | None,
        nhs_number: str | None,
        occurred_at: datetime,
        command_id: str,
    ) -> None:
        """Each detail given (not None) replaces the one before."""
        given = {"site": site, "ward": ward, "care_type": care_type, "la_code": la_code}
        given |= {"la_name": la_name, "nhs_number": nhs_number}
        for name, new in given.items():
            if new is not None:
                setattr(self, name, new)
        self._remember(command_id)

    # -- cancellations ----------------------------------------------------------------------

    def withdraw(self, *, occurred_at: datetime, now: datetime, command_id: str = "") -> None:
        """The admission is cancelled (A11): the episode stays in the log, counted nowhere."""
        if self._seen(command_id) or self.withdrawn:
            return
        self._withdrawn_admission(occurred_at=occurred_at, command_id=command_id)

    @event("Withdrawn")
    def _withdrawn_admission(self, *, occurred_at: datetime, command_id: str) -> None:
        self._withdrawn_at: datetime | None = occurred_at
        self._remember(command_id)

    def cancel_ending(self, *, occurred_at: datetime, now: datetime, command_id: str = "") -> None:
        """The discharge did not happen (A13): the episode is open again."""
        if self._seen(command_id):
            return
        if self.ended is None:
            raise Conflict("the episode has not ended: there is no discharge to cancel")
        self._ending_cancelled(occurred_at=occurred_at, command_id=command_id)

    @event("EndingCancelled")
    def _ending_cancelled(self, *, occurred_at: datetime, command_id: str) -> None:
        self.ended = None
        self._remember(command_id)

    # -- whose stay it is ----------------------------------------------------------------

    def merge_patient(
        self,
        *,
        hospital_number: str,
        nhs_number: str | None,
        prior_hospital_number: str,
        prior_nhs_number: str | None,
        occurred_at: datetime,
        now: datetime,
        command_id: str = "",
    ) -> None:
        """The trust merged the patient's record into another (A40): the stay is the
        surviving patient's from now on. Their NHS number replaces the stay's when given;
        without one the stay keeps its own. A stay already the survivor's changes nothing.
        No rule of time: a merge relabels the whole stay, ended or withdrawn alike."""
        if self._seen(command_id):
            return
        if not hospital_number.strip():
            raise InvalidInput("hospital_number", "must not be blank")
        survivor = check_nhs_number(nhs_number) if nhs_number else None
        if self.merged_into == hospital_number.strip() and survivor in (None, self.nhs_number):
            return
        self._patient_merged(
            hospital_number=hospital_number.strip(),
            nhs_number=survivor,
            prior_hospital_number=prior_hospital_number.strip(),
            prior_nhs_number=prior_nhs_number or self.nhs_number,
            occurred_at=occurred_at,
            command_id=command_id,
        )

    @property
    def merged_into(self) -> str | None:
        """The hospital number of the patient this stay was merged into, if it was."""
        return getattr(self, "_merged_into", None)

    @event("PatientMerged")
    def _patient_merged(
        self,
        *,
        hospital_number: str,
        nhs_number: str | None,
        prior_hospital_number: str,
        prior_nhs_number: str | None,
        occurred_at: datetime,
        command_id: str,
    ) -> None:
        self._merged_into: str | None = hospital_number
        if nhs_number is not None:
            self.nhs_number = nhs_number
        self._remember(command_id)

    def readmit(
        self,
        *,
        site: str,
        ward: str,
        care_type: str,
        la_code: str,
        la_name: str,
        nhs_number: str | None,
        occurred_at: datetime,
        now: datetime,
        command_id: str = "",
    ) -> None:
        """A reference whose admission was cancelled is admitted again: a new stay, nothing
        of the cancelled one carried over."""
        if self._seen(command_id):
            return
        if not self.withdrawn:
            raise Conflict("the episode is already admitted")
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
        self._readmitted(**details, occurred_at=occurred_at, command_id=command_id)

    @event("Readmitted")
    def _readmitted(
        self,
        *,
        site: str,
        ward: str,
        care_type: str,
        la_code: str,
        la_name: str,
        nhs_number: str | None,
        occurred_at: datetime,
        command_id: str,
    ) -> None:
        self.site, self.ward, self.care_type = site, ward, care_type
        self.la_code, self.la_name, self.nhs_number = la_code, la_name, nhs_number
        self.admitted_at = occurred_at
        self.ended = None
        self.ready_since = None
        self.pathway = None
        self.blockers = {}
        self.assessments = {}
        self._places = []
        self._placed_at = None
        self._withdrawn_at = None
        self._merged_into = None  # the new stay's patient is the one its admission names
        self._remember(command_id)
