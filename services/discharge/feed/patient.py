"""Whose a message is: the patient's identifiers in PID-3 and, in an A40 (merge), the prior
patient's in MRG-1, read by the trust's mapping. Pure, no I/O.

How an identifier list is read: services/discharge/feed/identifiers.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import hl7

from services.discharge.feed.adt import Header, Refused, event_time
from services.discharge.feed.fields import has_segment, repeats
from services.discharge.feed.identifiers import hospital_number, nhs_number
from services.discharge.feed.mapping import TrustMapping


@dataclass(frozen=True)
class Patient:
    hospital_number: str  # '' when the list holds none
    nhs_number: str | None  # checked; None when absent or failing its check digit

    def keys(self) -> tuple[str, ...]:
        """How the feed's patient index knows them (services/discharge/feed/patients.py)."""
        keys = (f"MRN {self.hospital_number}",) if self.hospital_number else ()
        return keys + ((f"NHS {self.nhs_number}",) if self.nhs_number else ())


@dataclass(frozen=True)
class Merge:
    surviving: Patient  # PID-3
    prior: Patient  # MRG-1
    at: datetime | None  # EVN-6, EVN-2 or MSH-7; None: none sent (now, then)


def patient(message: hl7.Message, segment: str, field: int, mapping: TrustMapping) -> Patient:
    ids = list(repeats(message, segment, field))
    number, _ = nhs_number(ids, mapping, f"{segment}-{field}")
    return Patient(hospital_number(ids, mapping), number)


def merge(message: hl7.Message, head: Header, mapping: TrustMapping) -> Merge:
    """What an A40 says: the surviving patient (PID-3) and the prior one (MRG-1), or AE
    naming what is missing."""
    if not has_segment(message, "MRG"):
        raise Refused("AE", "MRG", "a merge names the prior patient in an MRG segment")
    prior = patient(message, "MRG", 1, mapping)
    if not prior.keys():
        raise Refused("AE", "MRG-1", "no prior patient identifier (hospital or NHS number)")
    surviving = patient(message, "PID", 3, mapping)
    if not surviving.hospital_number:
        raise Refused("AE", "PID-3", "no hospital number of the surviving patient")
    if surviving.hospital_number == prior.hospital_number:
        raise Refused("AE", "MRG-1", "the prior patient is the surviving one", "102")
    return Merge(surviving, prior, event_time(message, head))
