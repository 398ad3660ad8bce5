"""One ADT message applied to the trust's episodes, answered with its ACK.

The message's identity is MSH-4 + MSH-10 with a digest of its content (event, MSH-7, PID,
PV1): the same message again is acknowledged (AA) with no second effect, while a control id
reused for other content (some engines do) is applied as the new message it is, and counted.
Every command carries that identity as its `command_id`, so a message applied but not yet
remembered (a crash between the two) is still applied once.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from datetime import datetime

import hl7

from events.platform.errors import DomainError, InvalidInput
from events.platform.timeutil import utcnow
from events.reference.icbs import names_by_kind
from services.discharge.application import Episodes
from services.discharge.feed import adt
from services.discharge.feed.ack import ack
from services.discharge.feed.adt import HANDLED, MERGE, Header, Refused, Visit
from services.discharge.feed.events import EventApplier
from services.discharge.feed.mapping import TrustMapping
from services.discharge.feed.merge import Merges
from services.discharge.feed.patient import patient
from services.discharge.feed.patients import PatientIndex
from services.discharge.feed.store import FeedStore, RejectedMessage

log = logging.getLogger(__name__)
_MSH10 = re.compile(r"^MSH\|(?:[^|\r\n]*\|){8}([^|\r\n]*)")
# Domain refusals by field name, as the HL7 field the trust's engine would look at.
_FIELDS = {"admitted_at": "PV1-44", "care_type": "PV1-2", "nhs_number": "PID-3"}
_FIELDS |= {"hospital_number": "PID-3"}


class Feed:
    """The listener's handler for one trust: text in, ACK text out. Safe on many threads."""

    def __init__(
        self, episodes: Episodes, store: FeedStore, trust: str, mapping: TrustMapping
    ) -> None:
        self.store, self.trust, self.mapping = store, trust.strip().upper(), mapping
        names = names_by_kind()
        self.councils = names["council"]
        self.events = EventApplier(episodes, self.trust, names["trust"].get(self.trust, self.trust))
        self.patients = PatientIndex(store.engine, store.key)
        self.merges = Merges(episodes, self.patients, self.trust, mapping)
        self.counts: Counter[tuple[str, str]] = Counter()  # (event, ACK code)
        self.reused_ids = 0
        self.ignored = 0
        self.lag_seconds: list[float] = []
        self._lock = threading.Lock()

    def handle(self, text: str) -> str:
        received = utcnow()
        try:
            message = adt.parse(text)
            head = adt.header(message)
        except Refused as refused:
            control_id = m.group(1) if (m := _MSH10.match(text.lstrip("\r\n"))) else ""
            return self._refuse(text, None, control_id, refused, received)
        if head.kind != "ADT":
            unhandled = Refused("AR", "MSH-9", f"message type {head.kind} is not handled here")
            return self._refuse(text, head, head.control_id, unhandled, received)
        if self.store.seen(self.trust, head.facility, head.control_id, head.digest):
            return self._answer(head, "AA", reason="already applied")
        try:
            outcome = self._apply(message, head)
        except Refused as refused:
            return self._refuse(text, head, head.control_id, refused, received)
        except DomainError as exc:
            field = _field_of(exc, head.event)
            return self._refuse(
                text, head, head.control_id, Refused("AE", field, str(exc)), received
            )
        if self.store.id_used(self.trust, head.facility, head.control_id):
            with self._lock:
                self.reused_ids += 1
        self.store.remember(
            self.trust, head.facility, head.control_id, head.digest, head.event, outcome, received
        )
        self._lag(head, received)
        return self._answer(head, "AA", reason="" if outcome == "applied" else outcome)

    def refuse_frame(self, reason: str, text: str) -> str:
        """Bytes that came in no proper MLLP frame: AR, and kept like any refused message."""
        control_id = m.group(1) if (m := _MSH10.match(text.lstrip("\r\n\x0b"))) else ""
        return self._refuse(text, None, control_id, Refused("AR", "MSH", reason), utcnow())

    def _apply(self, message: hl7.Message, head: Header) -> str:
        command_id = f"hl7 {head.facility} {head.control_id} {head.digest}"
        if head.event == MERGE:
            return self.merges.apply(message, head, command_id)
        if head.event not in HANDLED:
            with self._lock:
                self.ignored += 1
            return f"ignored: {head.event or 'no event'} changes no episode"
        visit: Visit = adt.visit(message, head, self.mapping, self.councils)
        for warning in visit.warnings:
            log.warning("hl7 %s %s: %s", self.trust, head.control_id, warning)
        outcome = self.events.apply(head.event, visit, command_id)
        if outcome == "applied":  # whose stay it is, for a merge to come (A40)
            who = patient(message, "PID", 3, self.mapping)
            self.patients.note(self.trust, who.keys(), [visit.reference])
        return outcome

    def _refuse(
        self, text: str, head: Header | None, control_id: str, refused: Refused, at: datetime
    ) -> str:
        self.store.reject(
            RejectedMessage(
                at,
                self.trust,
                head.facility if head else "",
                control_id,
                head.event if head else "",
                refused.code,
                refused.field,
                refused.reason,
                text,
            )
        )
        log.info("hl7 %s %s refused %s: %s", self.trust, control_id, refused.code, refused)
        return self._answer(
            head, refused.code, control_id, refused.field, refused.reason, refused.error
        )

    def _answer(
        self,
        head: Header | None,
        code: str,
        control_id: str = "",
        field: str = "",
        reason: str = "",
        error: str = "",
    ) -> str:
        with self._lock:
            self.counts[(head.event if head else "", code)] += 1
        return ack(
            code,
            head.control_id if head else control_id,
            event=head.event if head else "",
            sender=("", head.facility) if head else ("", ""),
            field=field,
            reason=reason,
            error=error,
        )

    def _lag(self, head: Header, received: datetime) -> None:
        try:
            sent = adt.hl7_time(head.sent_at)
        except ValueError:
            return
        with self._lock:
            self.lag_seconds = [*self.lag_seconds[-999:], (utcnow() - sent).total_seconds()]


def _field_of(error: DomainError, event: str) -> str:
    """The HL7 field behind a refusal of the domain: the time of the event's own field, the
    episode (PV1-19) for a conflict with its state."""
    if not isinstance(error, InvalidInput):
        return "PV1-19"
    if error.field == "at":
        return "PV1-45" if event == "A03" else "EVN-6"
    return _FIELDS.get(error.field, error.field)
