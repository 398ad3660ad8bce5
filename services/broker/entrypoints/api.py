"""HTTP API of the broker service. Brokers act for their own council only; providers see
and answer only the referrals sent to their own homes."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status

from events import bounds as b
from events.platform.access import Access, Scope, allowed
from events.platform.audit_http import audit_read
from events.platform.errors import InvalidInput
from events.platform.timeutil import utcnow
from services.broker import access_rules as r
from services.broker.bootstrap import Broker
from services.broker.domain.placement_request import PlacementRequest
from services.broker.entrypoints import schemas as s
from services.broker.entrypoints.deps import Service, referred_home
from services.broker.entrypoints.views import request_view

router = APIRouter(prefix="/broker", tags=["broker"])


def _own(svc: Broker, who: Access, request_id: uuid.UUID) -> PlacementRequest:
    request = svc.app.request(request_id)
    who.owns(request.council_code, f"placement request {request_id}")
    return request


def _done(request: PlacementRequest) -> s.Accepted:
    return s.Accepted(request_id=request.id, version=request.version, stage=request.stage)


def _when(body: s.Timed | None) -> datetime:
    """When it happened: the caller's time if given (a record made later, a replayed or
    simulated history; retries then repeat the same command exactly; its bounds are the
    body's), else now."""
    at = body.occurred_at if body is not None else None
    return at or utcnow()


def _do(
    svc: Broker,
    who: Access,
    request_id: uuid.UUID,
    method: str,
    body: s.Timed | None,
    **kwargs: Any,
) -> s.Accepted:
    _own(svc, who, request_id)
    return _done(svc.app.command(request_id, method, occurred_at=_when(body), **kwargs))


def _fields(body: s.Timed) -> dict[str, Any]:
    return body.model_dump(exclude={"occurred_at"})


@router.post("/requests", status_code=status.HTTP_201_CREATED, response_model=s.Accepted)
def open_request(
    body: s.OpenRequest, svc: Service, who: Annotated[Access, allowed(r.REQUEST_OPEN)]
) -> s.Accepted:
    # the caller's own council unless it may open for any (an admin), which must name one
    own = who.organisation if who.grant.scope is Scope.OWN else None
    council = body.council_code or own
    if council is None:
        raise InvalidInput("council_code", "name the council the request is for")
    who.owns(council, f"council {council}")
    fields = body.model_dump(exclude={"request_id", "occurred_at", "council_code"})
    request_id = body.request_id or uuid.uuid4()
    existing = svc.app.find(request_id)
    if existing is not None and existing.council_code == council:
        return _done(existing)  # the same request again: a retry
    return _done(
        svc.app.open_request(
            request_id=request_id, council_code=council, occurred_at=_when(body), **fields
        )
    )


@router.get("/requests/{request_id}")
def get_request(
    request_id: uuid.UUID,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_READ)],
    http: Request,
) -> dict[str, Any]:
    request = _own(svc, who, request_id)
    view = request_view(request, svc.app.history(request_id))
    ids = [i for i in (request_id, request.episode_id) if i is not None]
    audit_read(http, who.who, "placement request", ids=ids)
    return view


@router.post("/requests/{request_id}/details", response_model=s.Accepted)
def complete_details(
    request_id: uuid.UUID,
    body: s.Needs,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_CHANGE)],
) -> s.Accepted:
    return _do(svc, who, request_id, "complete_details", body, **_fields(body))


@router.get("/requests/{request_id}/matches")
def matches(
    request_id: uuid.UUID,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_READ)],
    latitude: Annotated[b.Latitude | None, Query()] = None,
    longitude: Annotated[b.Longitude | None, Query()] = None,
) -> list[dict[str, Any]]:
    """Homes that could take the person now, best first, each with its reasons."""
    _own(svc, who, request_id)
    near = (latitude, longitude) if latitude is not None and longitude is not None else None
    return [
        {
            **asdict(m.candidate),
            "distance_km": m.distance_km,
            "report_age_hours": m.report_age_hours,
            "reasons": m.reasons,
        }
        for m in svc.match(request_id, near)
    ]


@router.post("/requests/{request_id}/referrals", response_model=list[str])
def refer(
    request_id: uuid.UUID,
    body: s.Refer,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_CHANGE)],
) -> list[str]:
    """Refer the person to several homes at once (all or, if one cannot be referred to, none);
    returns the referral ids (the caller's own `referral_ids` if given: a retry is safe)."""
    request = _own(svc, who, request_id)
    now = _when(body)
    ids = body.referral_ids or [uuid.uuid4().hex[:12] for _ in body.home_ids]
    if len(ids) != len(body.home_ids):
        raise InvalidInput("referral_ids", "give one per home, or none")
    council = request.council_code  # a home its council suspended takes none of its referrals
    homes = [
        (rid, svc.home(home_id, council)) for rid, home_id in zip(ids, body.home_ids, strict=True)
    ]
    svc.app.refer(request_id, homes, now + timedelta(hours=body.answer_within_hours), now)
    return ids


@router.post("/requests/{request_id}/referrals/{referral_id}/answer", response_model=s.Accepted)
def answer_referral(
    request_id: uuid.UUID,
    referral_id: str,
    body: s.Answer,
    svc: Service,
    who: Annotated[Access, allowed(r.REFERRAL_ANSWER)],
) -> s.Accepted:
    """The home (its provider) accepts to assess, or declines with a reason."""
    referred_home(svc, who, request_id, referral_id)
    return _done(
        svc.app.command(
            request_id,
            "answer_referral",
            referral_id=referral_id,
            accept=body.accept,
            reason=body.reason,
            occurred_at=_when(body),
        )
    )


@router.post("/requests/{request_id}/assessment", response_model=s.Accepted)
def book_assessment(
    request_id: uuid.UUID,
    body: s.BookAssessment,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_CHANGE)],
) -> s.Accepted:
    return _do(svc, who, request_id, "book_assessment", body, **_fields(body))


@router.post("/requests/{request_id}/assessment/outcome", response_model=s.Accepted)
def complete_assessment(
    request_id: uuid.UUID,
    body: s.CompleteAssessment,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_CHANGE)],
) -> s.Accepted:
    return _do(svc, who, request_id, "complete_assessment", body, **_fields(body))


@router.post(
    "/requests/{request_id}/offers", status_code=status.HTTP_202_ACCEPTED, response_model=s.Accepted
)
def offer_bed(
    request_id: uuid.UUID,
    body: s.OfferBed,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_CHANGE)],
) -> s.Accepted:
    """Ask the home to hold a bed: the offer stands once the vacancies service confirms."""
    council = _own(svc, who, request_id).council_code
    return _do(
        svc,
        who,
        request_id,
        "offer_bed",
        body,
        offer_id=body.offer_id or uuid.uuid4(),
        home=svc.home(body.home_id, council),
        weekly_fee=body.weekly_fee,
        top_up=body.top_up,
        hold_hours=svc.settings.reservation_hold_hours,
    )


@router.post("/requests/{request_id}/offers/{offer_id}/accept", response_model=s.Accepted)
def accept_offer(
    request_id: uuid.UUID,
    offer_id: uuid.UUID,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_CHANGE)],
    body: s.Timed | None = None,
) -> s.Accepted:
    return _do(svc, who, request_id, "accept_offer", body, offer_id=offer_id)


@router.post("/requests/{request_id}/offers/{offer_id}/decline", response_model=s.Accepted)
def decline_offer(
    request_id: uuid.UUID,
    offer_id: uuid.UUID,
    body: s.DeclineOffer,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_CHANGE)],
) -> s.Accepted:
    return _do(svc, who, request_id, "decline_offer", body, offer_id=offer_id, reason=body.reason)


@router.post("/requests/{request_id}/offers/{offer_id}/admission", response_model=s.Accepted)
def book_admission(
    request_id: uuid.UUID,
    offer_id: uuid.UUID,
    body: s.BookAdmission,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_CHANGE)],
) -> s.Accepted:
    return _do(svc, who, request_id, "book_admission", body, offer_id=offer_id, on=body.on)


@router.post("/requests/{request_id}/offers/{offer_id}/admitted", response_model=s.Accepted)
def admitted(
    request_id: uuid.UUID,
    offer_id: uuid.UUID,
    body: s.Admit,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_CHANGE)],
) -> s.Accepted:
    request = _own(svc, who, request_id)
    offer = request.offers.get(offer_id)
    name = svc.home(offer.home_id).name if offer else ""
    return _do(
        svc,
        who,
        request_id,
        "admit",
        body,
        offer_id=offer_id,
        home_name=name,
        interim=body.interim,
    )


@router.post("/requests/{request_id}/cancel", response_model=s.Accepted)
def cancel(
    request_id: uuid.UUID,
    body: s.Cancel,
    svc: Service,
    who: Annotated[Access, allowed(r.REQUEST_CHANGE)],
) -> s.Accepted:
    return _do(svc, who, request_id, "cancel", body, reason=body.reason)


@router.post("/escalations")
def escalate(
    body: s.Timed, svc: Service, who: Annotated[Access, allowed(r.ESCALATE)]
) -> dict[str, int]:
    """Escalate every referral and package offer not answered by its deadline, and let go
    the hours held for packages not started days after they were due (`lapsed`), as the
    sweeper does every minute (at `occurred_at` if given: a replayed or simulated history).
    Safe to repeat."""
    when = _when(body)
    return {"escalated": svc.escalate_overdue(when), "lapsed": svc.lapse_overdue_holds(when)}
