"""A home care agency's provider and the packages offered to its agencies: the list of them,
with what an agency needs to answer, and the answer (accept, or decline with a coded
reason). An offer made to another provider's agency answers 404, as one nobody has."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter

from events.platform.access import Access, allowed
from events.platform.errors import NotFound
from events.platform.timeutil import utcnow
from services.broker import access_rules as r
from services.broker.bootstrap import Broker
from services.broker.entrypoints import package_schemas as s
from services.broker.entrypoints.deps import Service
from services.broker.entrypoints.schemas import Accepted

router = APIRouter(prefix="/broker", tags=["home care packages"])


def offered_agency(svc: Broker, who: Access, request_id: uuid.UUID, offer_id: str) -> None:
    """The offer's agency, when it is one of the caller's (another's, or an unknown request
    or offer, answers 404 alike: ids cannot be probed)."""
    request = svc.app.find_package(request_id)
    offer = request.offers.get(offer_id) if request is not None else None
    if offer is None:
        raise NotFound(f"no offer {offer_id} on package request {request_id}")
    try:
        owner = svc.packages.agency(offer.home_id).provider_id
    except NotFound:
        owner = ""
    who.owns(owner, f"offer {offer_id}")


@router.get("/package-offers")
def my_offers(
    svc: Service, who: Annotated[Access, allowed(r.PACKAGE_OFFERS_RECEIVED)]
) -> list[dict[str, Any]]:
    """For a provider: the packages offered to its agencies, newest first, each with the
    calls the person needs (how many a day, in which bands, how long) for the agency to
    judge whether its carers can cover them."""
    offers = svc.packages.provider_offers(who.rows_of)
    return [offer | _calls(svc, offer["request_id"]) for offer in offers]


def _calls(svc: Broker, request_id: str) -> dict[str, Any]:
    request = svc.app.find_package(uuid.UUID(request_id))
    care = request.care if request is not None else None
    if care is None:  # an offer is made only once the care is recorded: a tolerant reader
        return {"calls_a_day": None, "call_bands": [], "minutes_a_call": None}
    return {
        "calls_a_day": care.calls_a_day,
        "call_bands": list(care.call_bands),
        "minutes_a_call": care.minutes_a_call,
    }


@router.post("/packages/{request_id}/offers/{offer_id}/answer", response_model=Accepted)
def answer_offer(
    request_id: uuid.UUID,
    offer_id: str,
    body: s.AnswerOffer,
    svc: Service,
    who: Annotated[Access, allowed(r.PACKAGE_OFFER_ANSWER)],
) -> Accepted:
    """The agency (its provider) can cover the calls, or declines with a reason: no capacity
    in the zone, no staff for the time band, no double-handed calls, cannot meet the needs,
    other. An acceptance asks the vacancies service to hold its hours at once."""
    offered_agency(svc, who, request_id, offer_id)
    done = svc.app.package_command(
        request_id,
        "answer_offer",
        offer_id=offer_id,
        accept=body.accept,
        reason=body.reason,
        occurred_at=body.occurred_at or utcnow(),
    )
    return Accepted(request_id=done.id, version=done.version, stage=done.stage)
