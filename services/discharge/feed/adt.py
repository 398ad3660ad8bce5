"""An ADT message read into what the discharge service records: pure, no I/O.

A message that cannot be read as HL7 or names no event is refused (AR); one that is read but
lacks what its event needs is an error (AE) naming the field.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

import hl7

from services.discharge.domain.profile import UNKNOWN_LA, UNKNOWN_NAME
from services.discharge.feed.fields import Path, at, has_segment, hl7_time, repeats, value
from services.discharge.feed.identifiers import nhs_number
from services.discharge.feed.mapping import TrustMapping

ONS = re.compile(r"^[EWSN]\d{8}$")
HANDLED = frozenset({"A01", "A02", "A03", "A08", "A11", "A12", "A13"})
MERGE = "A40"  # patient-level: no visit of its own (services/discharge/feed/merge.py)


class Refused(Exception):
    """The message is not applied: AE (understood, cannot be applied) or AR (not handled or
    not readable), with the field at fault."""

    def __init__(self, code: str, field: str, reason: str, error: str = "") -> None:
        super().__init__(f"{field}: {reason}")
        self.code, self.field, self.reason = code, field, reason
        # HL7 table 0357: 101 required field missing, 102 data type error, 200 unsupported
        # message type, 204 unknown key identifier, 207 application internal error
        self.error = error or {"AE": "101", "AR": "200"}.get(code, "207")


@dataclass(frozen=True)
class Header:
    facility: str  # MSH-4: with MSH-10, the message's identity
    control_id: str  # MSH-10
    sent_at: str  # MSH-7 as sent
    kind: str  # MSH-9.1, ADT for us
    event: str  # MSH-9.2 (else EVN-1)
    digest: str  # of the event, MSH-7, PID and PV1: a repeat has the same


@dataclass(frozen=True)
class Visit:
    reference: str
    care_type: str | None  # None: a patient class that is no inpatient stay
    site: str
    ward: str
    la_code: str
    la_name: str
    nhs_number: str | None
    admitted_at: datetime | None
    ended_at: datetime | None
    ending: tuple[str, str] | None  # (discharged/transferred/died, destination)
    moved_at: datetime | None
    ready_at: datetime | None
    warnings: tuple[str, ...] = field(default=())


def parse(text: str) -> hl7.Message:
    """The message, or AR: segments split by CR (LF and CRLF from files are accepted too)."""
    text = text.replace("\r\n", "\r").replace("\n", "\r").strip("\r")
    if not text.startswith("MSH") or len(text) < 9:
        raise Refused("AR", "MSH", "a message starts with an MSH segment")
    try:
        return hl7.parse(text)
    except Exception as exc:  # python-hl7 raises several kinds on garbage
        raise Refused("AR", "MSH", f"not readable as HL7 v2: {exc}") from None


def header(message: hl7.Message) -> Header:
    kind, event = at(message, "MSH-9.1").upper(), at(message, "MSH-9.2").upper()
    event = event or at(message, "EVN-1").upper()
    control_id = at(message, "MSH-10")
    if not control_id:
        raise Refused("AR", "MSH-10", "the message control id is missing")
    if not kind:
        raise Refused("AR", "MSH-9", "the message type is missing")
    parts = [event, at(message, "MSH-7")]
    # MRG only where there is one (an A40), so every other message keeps its identity
    for segment in ("PID", "PV1", "MRG")[: 3 if has_segment(message, "MRG") else 2]:
        parts.append(str(message.segment(segment)) if has_segment(message, segment) else "")
    digest = hashlib.sha256("\r".join(parts).encode()).hexdigest()[:24]
    return Header(at(message, "MSH-4"), control_id, at(message, "MSH-7"), kind, event, digest)


def visit(
    message: hl7.Message, head: Header, mapping: TrustMapping, councils: dict[str, str]
) -> Visit:
    """What the PID and PV1 segments say, by the trust's mapping."""
    if not has_segment(message, "PV1"):
        raise Refused("AE", "PV1", "the message has no PV1 segment")
    reference = value(message, mapping.reference) or _first_id(message)
    if not reference:
        raise Refused("AE", str(mapping.reference), "no episode reference (nor a PID-3 id)")
    if len(reference) > 64 or not reference.isprintable():
        raise Refused(
            "AE", str(mapping.reference), "the episode reference is not a reference", "102"
        )
    warnings: list[str] = []
    la_code = _residence(message, mapping)
    patient_type = at(message, "PV1-18").upper()
    care_type = mapping.patient_types.get(patient_type) or mapping.classes.get(
        at(message, "PV1-2").upper()
    )
    disposition = value(message, mapping.disposition)
    ending = mapping.destination(disposition, value(message, mapping.discharged_to))
    if at(message, "PID-30").upper() == "Y":
        ending = ("died", "not applicable: died")
    if ending is None and (disposition or value(message, mapping.discharged_to)):
        ending = ("discharged", disposition or value(message, mapping.discharged_to))
    return Visit(
        reference=reference,
        care_type=care_type,
        site=value(message, mapping.site)[:200],
        ward=value(message, mapping.ward)[:100],
        la_code=la_code or UNKNOWN_LA,
        la_name=councils.get(la_code, la_code) if la_code else UNKNOWN_NAME,
        nhs_number=_nhs_number(message, mapping, warnings),
        admitted_at=_time(message, (mapping.admitted_at, Path("EVN", 2)), head),
        ended_at=_time(message, (mapping.discharged_at, Path("EVN", 6), Path("EVN", 2)), None),
        ending=ending,
        moved_at=event_time(message, head),
        ready_at=_time(message, (mapping.ready_at,), None) if mapping.ready_at else None,
        warnings=tuple(warnings),
    )


def event_time(message: hl7.Message, head: Header) -> datetime | None:
    """When the event happened: EVN-6, else EVN-2, else MSH-7 (None: none of them sent)."""
    return _time(message, (Path("EVN", 6), Path("EVN", 2)), head)


def _time(message: hl7.Message, paths: tuple[Path, ...], head: Header | None) -> datetime | None:
    """The first of `paths` that holds a time, else MSH-7 (when `head` is given). A field that
    holds something that is not a time is AE, not skipped: it would hide a wrong mapping."""
    candidates = [(p, value(message, p)) for p in paths]
    if head is not None:
        candidates.append((Path("MSH", 7), head.sent_at))
    for path, text in candidates:
        if text:
            try:
                return hl7_time(text)
            except ValueError as exc:
                raise Refused("AE", str(path), str(exc), "102") from None
    return None


def _first_id(message: hl7.Message) -> str:
    return next((parts[0] for parts in repeats(message, "PID", 3) if parts[0]), "")


def _nhs_number(message: hl7.Message, mapping: TrustMapping, warnings: list[str]) -> str | None:
    number, warning = nhs_number(repeats(message, "PID", 3), mapping, "PID-3")
    if warning:
        warnings.append(warning)
    return number


def _residence(message: hl7.Message, mapping: TrustMapping) -> str:
    """The ONS code of the council of residence: the mapped component, else any component of
    PID-11 that is one; '' when the address carries none."""
    first = value(message, mapping.residence).upper()
    if ONS.match(first):
        return first
    for parts in repeats(message, "PID", 11):
        for part in parts:
            if ONS.match(part.upper()):
                return part.upper()
    return ""
