"""What an Encounter asks of the trust's episode: the admission it opens, then the commands
that bring the episode to what the Encounter says. Only differences become commands, so the
same Encounter sent again records nothing new.

- status cancelled: the admission is withdrawn (counted nowhere); in-progress after a
  discharge: the discharge is cancelled; finished: the stay ends at period.end.
- a different ward (the active location): a transfer; a new NHS number, class or council
  of residence (the contained Patient's address, fhir/residence.py): details.
- the medically-safe extension: ready sets readiness from its actual date (now without
  one), notready withdraws it, unknown changes nothing.
The admission time is the first one recorded: a later period.start does not move it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.discharge.domain.episode import Episode
from services.discharge.domain.profile import UNKNOWN_LA, UNKNOWN_NAME
from services.discharge.feed.mapping import DESTINATIONS
from services.discharge.fhir.inbound import ELEMENTS, EncounterIn
from services.discharge.fhir.outcome import Invalid
from services.discharge.fhir.residence import council


@dataclass(frozen=True)
class Command:
    method: str
    kwargs: dict[str, Any] = field(default_factory=dict)


def admission(
    enc: EncounterIn, trust: str, trust_name: str, councils: Mapping[str, str]
) -> dict[str, Any]:
    """The details `Episodes.admit` takes for a stay the Encounter opens."""
    if enc.care_type is None:
        raise Invalid(
            "Encounter.class", "an inpatient (IMP, ACUTE, NONAC) or emergency (EMER) stay"
        )
    if enc.admitted_at is None:
        raise Invalid(ELEMENTS["admitted_at"], "the admission time is required")
    return {
        "reference": enc.reference,
        "provider_code": trust,
        "provider_name": enc.provider_name or trust_name,
        "site": "",
        "ward": enc.ward,
        "care_type": enc.care_type,
        # the contained Patient's council where its address names one, else the team's to
        # complete: in no LA's rows until then
        "la_code": UNKNOWN_LA,
        "la_name": UNKNOWN_NAME,
        **_residence(enc, councils),
        "nhs_number": enc.nhs_number,
        "occurred_at": enc.admitted_at,
    }


def commands(
    enc: EncounterIn, episode: Episode, now: datetime, councils: Mapping[str, str]
) -> list[Command]:
    if enc.status == "cancelled":
        return [] if episode.withdrawn else [Command("withdraw", {"occurred_at": now})]
    check_times(enc, episode.admitted_at)
    out: list[Command] = []
    if enc.status == "in-progress" and episode.ended is not None:
        out.append(Command("cancel_ending", {"occurred_at": now}))
    ends = enc.ended_at if enc.status == "finished" else None
    until = ends or (episode.ended[1] if episode.ended and enc.status != "in-progress" else now)
    details = _details(enc, episode, councils)
    if details:
        out.append(Command("update_details", {"occurred_at": min(until, now), **details}))
    if enc.ward and enc.ward != episode.ward:
        at = enc.ward_since or until
        out.append(Command("move", {"site": "", "ward": enc.ward, "occurred_at": at}))
    out += _readiness(enc, episode, until, now)
    if enc.status == "finished":
        out += _ending(enc, episode)
    return out


def check_times(enc: EncounterIn, admitted_at: datetime) -> None:
    """Times before the admission (or readiness after the discharge), named by their element
    (the domain would say only "at"); checked before a new stay is admitted, so a refused
    Encounter records nothing."""
    actual = enc.readiness.actual if enc.readiness else None
    for name, at in (
        ("ended_at", enc.ended_at),
        ("ward_since", enc.ward_since),
        ("actual", actual),
    ):
        if at is not None and at < admitted_at:
            raise Invalid(ELEMENTS[name], "is before the admission")
    if enc.status == "finished" and enc.ended_at is None:
        raise Invalid(ELEMENTS["ended_at"], "a finished Encounter needs its discharge time")
    if actual is not None and enc.ended_at is not None and actual > enc.ended_at:
        raise Invalid(ELEMENTS["actual"], "is after the discharge")


def _residence(enc: EncounterIn, councils: Mapping[str, str]) -> dict[str, str]:
    found = council(enc.residence, councils) if enc.residence else None
    return {"la_code": found[0], "la_name": found[1]} if found else {}


def _details(enc: EncounterIn, episode: Episode, councils: Mapping[str, str]) -> dict[str, Any]:
    details: dict[str, Any] = {}
    residence = _residence(enc, councils)
    if residence and residence["la_code"] != episode.la_code:
        details |= residence  # completes an unknown council, or follows a move of home
    if enc.nhs_number and enc.nhs_number != episode.nhs_number:
        details["nhs_number"] = enc.nhs_number
    if enc.care_type and enc.care_type != episode.care_type:
        details["care_type"] = enc.care_type
    return details


def _readiness(enc: EncounterIn, episode: Episode, until: datetime, now: datetime) -> list[Command]:
    safe = enc.readiness
    if safe is None or safe.status == "unknown":
        return []
    if safe.status == "notready":
        if episode.ready_since is None or episode.ended is not None or enc.status == "finished":
            return []  # nothing to withdraw; after a discharge readiness is history
        note = "not medically safe for discharge (FHIR Encounter)"
        return [Command("withdraw_readiness", {"note": note, "occurred_at": now})]
    at = safe.actual or min(until, now)
    if episode.ready_since is not None and episode.ready_since <= at:
        return []  # ready already, from then or earlier
    if safe.actual is None and episode.ready_since is not None:
        return []
    return [Command("mark_ready", {"pathway": None, "occurred_at": at})]


def _ending(enc: EncounterIn, episode: Episode) -> list[Command]:
    assert enc.ended_at is not None  # check_times
    kind, destination = DESTINATIONS.get(enc.destination.upper(), ("discharged", enc.destination))
    if episode.ended == (kind, enc.ended_at):
        return []
    end = {"kind": kind, "destination": destination, "occurred_at": enc.ended_at}
    return [Command("end", end)]
