"""Completing where a patient lives: the discharge team names the council of residence of a
stay that the hospital feed or a FHIR Encounter admitted without one (`UNKNOWN`: in no
council's rows, nor on its waiting list, until then), or corrects it. docs/feeds.md."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from events import bounds as b
from events.platform.access import Access, allowed
from events.platform.errors import InvalidInput
from events.platform.timeutil import utcnow
from events.reference.icbs import names_by_kind
from services.discharge import access_rules as r
from services.discharge.application import Step
from services.discharge.bootstrap import Discharge
from services.discharge.domain.commands import with_digest
from services.discharge.domain.profile import PLACES
from services.discharge.entrypoints import schemas as s

router = APIRouter(prefix="/discharge", tags=["discharge"])


def _service(request: Request) -> Discharge:
    return request.app.state.discharge  # type: ignore[no-any-return]


Service = Annotated[Discharge, Depends(_service)]


class Residence(s.Body):
    la_code: b.LaOfResidence
    la_name: b.ShortText = Field(
        "", description="the council's name; left out, the reference table's name of the code"
    )
    command_id: b.CommandId = Field("", description="makes retries safe")


@router.post("/episodes/{episode_id}/residence", response_model=s.Accepted)
def complete_residence(
    episode_id: uuid.UUID,
    body: Residence,
    svc: Service,
    who: Annotated[Access, allowed(r.EPISODE_RESIDENCE)],
) -> s.Accepted:
    """The council the patient lives in (its ONS code; S92000003 Scotland, W92000004 Wales,
    X outside GB). From then on the stay counts in that council's rows."""
    who.owns(svc.app.episode(episode_id).provider_code, f"episode {episode_id}")
    name = body.la_name or (PLACES | names_by_kind()["council"]).get(body.la_code, "")
    if not name:
        raise InvalidInput("la_name", f"{body.la_code} is not a council we know: name it")
    content = body.model_dump(mode="json", exclude_unset=True, exclude={"command_id"})
    step = Step(
        "update_details",
        la_code=body.la_code,
        la_name=name,
        occurred_at=utcnow(),
        command_id=with_digest(body.command_id, content),
    )
    episode, _ = svc.app.record(episode_id, [step])
    return s.Accepted(episode_id=episode.id, version=episode.version)
