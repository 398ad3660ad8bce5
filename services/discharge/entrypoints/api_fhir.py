"""FHIR R4 Encounters (UK Core, with Interweave's medically-safe-for-discharge extension): a
regional care record or an EPR writes a trust's episodes as Encounters and reads them back.
The episode is the trust's (serviceProvider) and its reference (identifier), as everywhere:
another trust's answers 404, or an empty Bundle to a search. docs/feeds.md ("FHIR")."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import Response

from events import bounds as b
from events.platform.access import Access, allowed
from events.platform.audit_http import audit_read
from events.platform.auth import Role
from events.platform.errors import NotFound
from events.platform.timeutil import utcnow
from events.reference.icbs import names_by_kind
from services.discharge import access_rules as r
from services.discharge import access_worklist as lists
from services.discharge.application import Step
from services.discharge.bootstrap import Discharge
from services.discharge.domain.episode import Episode
from services.discharge.domain.identity import episode_id_for, trust_of
from services.discharge.entrypoints.fhir_http import (
    FHIR_JSON,
    REFUSALS,
    FhirJSON,
    FhirRoute,
    Resource,
)
from services.discharge.fhir import outbound, plan
from services.discharge.fhir.inbound import EncounterIn, read
from services.discharge.fhir.outcome import Invalid, outcome

PATH = "/discharge/fhir/Encounter"
router = APIRouter(prefix=PATH, tags=["discharge FHIR"], route_class=FhirRoute)
EncounterBody = Annotated[
    dict[str, Any],
    Body(media_type=FHIR_JSON, description="a UK Core Encounter (application/fhir+json)"),
]


def _service(request: Request) -> Discharge:
    return request.app.state.discharge  # type: ignore[no-any-return]


Service = Annotated[Discharge, Depends(_service)]


@router.post(
    "",
    status_code=201,
    response_model=Resource,
    response_class=FhirJSON,
    responses={
        **REFUSALS,
        200: {"model": Resource, "description": "a stay already recorded, or nothing to record"},
    },
)
def create(
    body: EncounterBody, svc: Service, who: Annotated[Access, allowed(r.EPISODE_ADMIT)]
) -> Response:
    """Admit the stay the Encounter describes (or, for a stay already recorded, bring it to
    what the Encounter says, as an engine's resend): 201 with the Encounter, or 200 when it
    was known. A planned Encounter, or one that is no inpatient stay, records nothing (200,
    an OperationOutcome saying why)."""
    enc = read(body)
    trust = _trust(who, enc)
    _, episode = svc.app.locate(trust, enc.reference)
    return _write(svc, enc, trust, episode, _digest(body))


@router.put("/{episode_id}", response_model=Resource, response_class=FhirJSON, responses=REFUSALS)
def update(
    episode_id: uuid.UUID,
    body: EncounterBody,
    svc: Service,
    who: Annotated[Access, allowed(r.EPISODE_CHANGE)],
) -> Response:
    """Bring the trust's episode to what the Encounter says. The id is the one our Encounter
    carries; an id not yet used is created when it is the one of the trust's reference."""
    enc = read(body)
    try:
        episode: Episode | None = svc.app.episode(episode_id)
    except NotFound:
        episode = None
    trust = episode.provider_code if episode is not None else _trust(who, enc)
    who.owns(trust, f"Encounter {episode_id}")
    if episode is None and episode_id != episode_id_for(trust, enc.reference):
        raise NotFound(f"no Encounter {episode_id}")
    if enc.provider and trust_of(enc.provider) != trust:
        raise Invalid("Encounter.serviceProvider.identifier.value", f"the stay is {trust}'s")
    if episode is not None and enc.reference != episode.reference:
        raise Invalid("Encounter.identifier[0].value", f"this Encounter is {episode.reference}")
    return _write(svc, enc, trust, episode, _digest(body))


@router.get("/{episode_id}", response_model=Resource, response_class=FhirJSON, responses=REFUSALS)
def get_encounter(
    episode_id: uuid.UUID,
    svc: Service,
    http: Request,
    who: Annotated[Access, allowed(r.EPISODE_READ)],
) -> Response:
    episode = svc.app.episode(episode_id)
    who.owns(episode.provider_code, f"Encounter {episode_id}")
    audit_read(http, who.who, "episode", ids=[episode_id])
    return FhirJSON(outbound.encounter(episode))


@router.get("", response_model=Resource, response_class=FhirJSON, responses=REFUSALS)
def search(
    svc: Service,
    http: Request,
    who: Annotated[Access, allowed(lists.EPISODE_LIST)],
    identifier: Annotated[
        b.Reference, Query(description="the hospital reference (system|value or value)")
    ],
    service_provider: Annotated[
        b.OdsCode | None,
        Query(alias="service-provider", description="the trust's ODS code (an admin's must)"),
    ] = None,
) -> Response:
    """A searchset Bundle: the caller's trust's Encounter of that reference, or none."""
    reference = identifier.rpartition("|")[2].strip()
    trust = who.rows_of or service_provider
    if trust is None:
        raise Invalid("service-provider", "name the trust whose Encounter to find")
    episode = None
    if reference and service_provider in (None, trust):
        _, episode = svc.app.locate(trust, reference)
    found = [episode] if episode is not None else []
    audit_read(http, who.who, "episodes", ids=[e.id for e in found], rows=len(found))
    return FhirJSON(outbound.bundle(found, str(http.base_url).rstrip("/") + PATH))


def _trust(who: Access, enc: EncounterIn) -> str:
    """The trust the Encounter is written for: its serviceProvider, which must be the
    caller's (403); a trust's caller may leave it out, an admin must name it."""
    if enc.provider:
        who.owns(enc.provider, f"trust {enc.provider}")
        return trust_of(enc.provider)
    if who.role is Role.ADMIN:
        raise Invalid("Encounter.serviceProvider.identifier.value", "name the trust (ODS code)")
    return trust_of(who.organisation)


def _write(
    svc: Discharge, enc: EncounterIn, trust: str, episode: Episode | None, digest: str
) -> Response:
    opens = episode is None or episode.withdrawn
    if enc.status == "planned" or (opens and enc.care_type is None):
        why = "planned: not an admission" if enc.status == "planned" else "not an inpatient stay"
        return FhirJSON(outcome(200, f"nothing recorded: {why}", "Encounter.status"))
    created = False
    if opens:
        if enc.status == "cancelled":
            if episode is not None:
                return FhirJSON(outbound.encounter(episode))  # withdrawn already
            raise Invalid("Encounter.status", f"no stay {enc.reference} of {trust} to cancel")
        name = names_by_kind()["trust"].get(trust, trust)
        details = plan.admission(enc, trust, name, names_by_kind()["council"])
        plan.check_times(enc, details["occurred_at"])  # refused before anything is written
        episode, created = svc.app.admit(command_id=f"fhir {digest} admit", **details)
    assert episode is not None
    steps = [
        Step(c.method, command_id=f"fhir {digest} {c.method}", **c.kwargs)
        for c in plan.commands(enc, episode, utcnow(), names_by_kind()["council"])
    ]
    if steps:
        episode, _ = svc.app.record(episode.id, steps)
    location = {"Location": f"{PATH}/{episode.id}"}
    return FhirJSON(
        outbound.encounter(episode), status_code=201 if created else 200, headers=location
    )


def _digest(body: dict[str, Any]) -> str:
    """The Encounter's content, so the same one sent again records nothing twice."""
    text = json.dumps(body, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
