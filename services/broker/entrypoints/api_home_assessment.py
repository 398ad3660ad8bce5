"""The home's own assessment of a person it accepted to assess, recorded by its provider:
the day it is booked (by the home or a trusted assessor) and whether the home can meet the
person's needs. The council records the same through the request's own routes (api.py); a
provider reaches them only through a referral to one of its homes, and any other referral
answers 404 as one nobody has."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter

from events import bounds as b
from events.platform.access import Access, allowed
from events.platform.timeutil import utcnow
from services.broker import access_rules as r
from services.broker.bootstrap import Broker
from services.broker.entrypoints import schemas as s
from services.broker.entrypoints.deps import Service, referred_home

router = APIRouter(prefix="/broker", tags=["broker"])
REFERRAL = "/requests/{request_id}/referrals/{referral_id}"


class BookHomeAssessment(s.Timed):
    assessor: Literal["home", "trusted_assessor"] = "home"
    on: b.PlannedDate


class HomeAssessmentOutcome(s.Timed):
    can_meet_needs: bool


def _record(
    svc: Broker, who: Access, request_id: uuid.UUID, referral_id: str, method: str, **kw: Any
) -> s.Accepted:
    home_id = referred_home(svc, who, request_id, referral_id)
    done = svc.app.command(request_id, method, home_id=home_id, **kw)
    return s.Accepted(request_id=done.id, version=done.version, stage=done.stage)


@router.post(REFERRAL + "/assessment", response_model=s.Accepted)
def book_home_assessment(
    request_id: uuid.UUID,
    referral_id: str,
    body: BookHomeAssessment,
    svc: Service,
    who: Annotated[Access, allowed(r.REFERRAL_ASSESS)],
) -> s.Accepted:
    """The day the home (or a trusted assessor) will assess the person it accepted."""
    at = body.occurred_at or utcnow()
    return _record(
        svc, who, request_id, referral_id, "book_assessment",
        assessor=body.assessor, on=body.on, occurred_at=at,
    )  # fmt: skip


@router.post(REFERRAL + "/assessment/outcome", response_model=s.Accepted)
def record_home_assessment(
    request_id: uuid.UUID,
    referral_id: str,
    body: HomeAssessmentOutcome,
    svc: Service,
    who: Annotated[Access, allowed(r.REFERRAL_ASSESS)],
) -> s.Accepted:
    """Whether the home can meet the person's needs, as its assessment found."""
    at = body.occurred_at or utcnow()
    return _record(
        svc, who, request_id, referral_id, "complete_assessment",
        can_meet_needs=body.can_meet_needs, occurred_at=at,
    )  # fmt: skip
