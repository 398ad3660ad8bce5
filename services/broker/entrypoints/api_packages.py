"""HTTP API of home care package requests. The broker of the request's council records the
care needed, offers the package to agencies (found in the broker's own agency book), asks an
agency that accepted to hold its hours, records the person's choice, the booked start, the
start or a fall-through; an agency's provider sees and answers only the offers made to its
own agencies (any other answers 404, as an offer nobody has)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Request, status

from events.platform.access import Access, Scope, allowed
from events.platform.audit_http import audit_read
from events.platform.errors import InvalidInput, NotFound
from events.platform.timeutil import utcnow
from events.reference.zones import zone_of
from services.broker import access_rules as r
from services.broker.bootstrap import Broker
from services.broker.domain.package_request import CARE_FIELDS, PackageRequest
from services.broker.entrypoints import package_schemas as s
from services.broker.entrypoints.deps import Service
from services.broker.entrypoints.package_views import package_view
from services.broker.entrypoints.schemas import Accepted, Timed

router = APIRouter(prefix="/broker", tags=["home care packages"])
P = "/packages/{request_id}"
HOLD = P + "/holds/{hold_id}"


def _own(svc: Broker, who: Access, request_id: uuid.UUID) -> PackageRequest:
    request = svc.app.package(request_id)
    who.owns(request.council_code, f"package request {request_id}")
    return request


def _done(request: PackageRequest) -> Accepted:
    return Accepted(request_id=request.id, version=request.version, stage=request.stage)


def _when(body: Timed | None) -> datetime:
    """The caller's time if given (a record made later; retries repeat it exactly), else now."""
    at = body.occurred_at if body is not None else None
    return at or utcnow()


def _do(
    svc: Broker, who: Access, request_id: uuid.UUID, method: str, body: Timed | None, **kw: Any
) -> Accepted:
    _own(svc, who, request_id)
    return _done(svc.app.package_command(request_id, method, occurred_at=_when(body), **kw))


def _in_care(run: Callable[[], PackageRequest]) -> Accepted:
    """Run a command given the care needed: a field of it the domain refuses is named where
    the body has it (`care.zone`)."""
    try:
        return _done(run())
    except InvalidInput as refused:
        if refused.field.split(".")[0] in CARE_FIELDS:
            raise InvalidInput(f"care.{refused.field}", refused.message) from None
        raise


def _care(council: str, care: s.Care) -> dict[str, Any]:
    """The care as the domain takes it: the zone given, or the one the postcode lies in."""
    zone = care.zone
    if zone is None and care.postcode is not None:
        zone = zone_of(council, care.postcode)
        if zone is None:
            raise InvalidInput("care.postcode", f"lies in no home care zone of {council}")
    if zone is None:
        raise InvalidInput("care.zone", "give the person's zone or their postcode")
    return care.model_dump(exclude={"postcode"}) | {"zone": zone}


@router.post("/packages", status_code=status.HTTP_201_CREATED, response_model=Accepted)
def open_package(
    body: s.OpenPackage, svc: Service, who: Annotated[Access, allowed(r.PACKAGE_OPEN)]
) -> Accepted:
    """A package request opened by hand (someone at home, or a long-term package following
    reablement): with its care needed, it is sourcing at once."""
    own = who.organisation if who.grant.scope is Scope.OWN else None
    council = body.council_code or own
    if council is None:
        raise InvalidInput("council_code", "name the council the request is for")
    who.owns(council, f"council {council}")
    request_id = body.request_id or uuid.uuid4()
    existing = svc.app.find_package(request_id)
    if existing is not None and existing.council_code == council:
        return _done(existing)  # the same request again: a retry
    if body.follows is not None:
        _own(svc, who, body.follows)  # the council's own request, or 404
    care = _care(council, body.care)
    return _in_care(
        lambda: svc.app.open_package(
            request_id=request_id, council_code=council, episode_id=None,
            location=body.location, urgency=body.urgency, occurred_at=_when(body),
            care=care, follows=body.follows,
        )
    )  # fmt: skip


@router.get("/packages")
def list_packages(
    svc: Service, who: Annotated[Access, allowed(r.PACKAGE_LIST)], http: Request
) -> list[dict[str, Any]]:
    """The council's package requests, oldest first, with their stage."""
    rows = svc.packages.council_packages(who.rows_of)
    ids = [row["episode_id"] or row["request_id"] for row in rows]  # someone at home: none
    audit_read(http, who.who, "package requests", ids=ids, rows=len(rows))
    return rows


@router.get(P)
def get_package(
    request_id: uuid.UUID,
    svc: Service,
    who: Annotated[Access, allowed(r.PACKAGE_READ)],
    http: Request,
) -> dict[str, Any]:
    request = _own(svc, who, request_id)
    view = package_view(request, svc.app.history(request_id))
    ids = [i for i in (request_id, request.episode_id) if i is not None]
    audit_read(http, who.who, "package request", ids=ids)
    return view


@router.post(P + "/needs", response_model=Accepted)
def record_needs(
    request_id: uuid.UUID,
    body: s.Needs,
    svc: Service,
    who: Annotated[Access, allowed(r.PACKAGE_CHANGE)],
) -> Accepted:
    council = _own(svc, who, request_id).council_code
    care = _care(council, body.care)
    return _in_care(
        lambda: svc.app.package_command(
            request_id, "record_needs", care=care, urgency=body.urgency, occurred_at=_when(body)
        )
    )


@router.get(P + "/agencies")
def agencies_for(
    request_id: uuid.UUID, svc: Service, who: Annotated[Access, allowed(r.PACKAGE_READ)]
) -> list[dict[str, Any]]:
    """The agencies the package can be offered to: those serving the person's zone first
    (those whose fresh report covers the calls first), then the cascade, each with its
    reasons."""
    _own(svc, who, request_id)
    return [asdict(c) for c in svc.packages.candidates(request_id)]


@router.post(P + "/offers", response_model=list[str])
def offer_package(
    request_id: uuid.UUID,
    body: s.OfferPackage,
    svc: Service,
    who: Annotated[Access, allowed(r.PACKAGE_CHANGE)],
) -> list[str]:
    """Offer the package to several agencies at once (all or, if one cannot be offered it,
    none); returns the offer ids (the caller's own `offer_ids` if given: a retry is safe)."""
    council = _own(svc, who, request_id).council_code
    now = _when(body)
    ids = body.offer_ids or [uuid.uuid4().hex[:12] for _ in body.agency_ids]
    if len(ids) != len(body.agency_ids):
        raise InvalidInput("offer_ids", "give one per agency, or none")
    agencies = [
        (oid, svc.packages.agency(a, council)) for oid, a in zip(ids, body.agency_ids, strict=True)
    ]
    svc.app.offer_package(
        request_id, agencies, now + timedelta(hours=body.answer_within_hours), now
    )
    return ids


@router.post(P + "/holds", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted)
def hold_hours(
    request_id: uuid.UUID,
    body: s.HoldHours,
    svc: Service,
    who: Annotated[Access, allowed(r.PACKAGE_CHANGE)],
) -> Accepted:
    """Ask an agency that accepted to hold its hours (after a fall-through, the next one):
    the package is offered to the person once the vacancies service holds them."""
    council = _own(svc, who, request_id).council_code
    agency = svc.packages.agency(body.agency_id, council)
    hold_id = body.hold_id or uuid.uuid4()
    return _do(svc, who, request_id, "hold_hours", body, hold_id=hold_id, agency=agency)


@router.post(HOLD + "/accept", response_model=Accepted)
def accept_package(
    request_id: uuid.UUID,
    hold_id: uuid.UUID,
    svc: Service,
    who: Annotated[Access, allowed(r.PACKAGE_CHANGE)],
    body: Timed | None = None,
) -> Accepted:
    """The person (or family) accepts the package held for them."""
    return _do(svc, who, request_id, "accept_package", body, hold_id=hold_id)


@router.post(HOLD + "/decline", response_model=Accepted)
def decline_package(
    request_id: uuid.UUID,
    hold_id: uuid.UUID,
    body: s.DeclinePackage,
    svc: Service,
    who: Annotated[Access, allowed(r.PACKAGE_CHANGE)],
) -> Accepted:
    """The person declines: the hours are released and sourcing goes on."""
    return _do(svc, who, request_id, "decline_package", body, hold_id=hold_id, reason=body.reason)


@router.post(HOLD + "/start-booking", response_model=Accepted)
def book_start(
    request_id: uuid.UUID,
    hold_id: uuid.UUID,
    body: s.BookStart,
    svc: Service,
    who: Annotated[Access, allowed(r.PACKAGE_CHANGE)],
) -> Accepted:
    return _do(svc, who, request_id, "book_start", body, hold_id=hold_id, on=body.on)


@router.post(HOLD + "/started", response_model=Accepted)
def started(
    request_id: uuid.UUID,
    hold_id: uuid.UUID,
    svc: Service,
    who: Annotated[Access, allowed(r.PACKAGE_CHANGE)],
    body: Timed | None = None,
) -> Accepted:
    """The first call happened: the person is home with the care (a hospital episode ends)."""
    request = _own(svc, who, request_id)
    held = request.holds.get(hold_id)
    if held is None:
        raise NotFound(f"no hold {hold_id} on this request")
    name = svc.packages.agency(held.agency_id).name
    return _do(svc, who, request_id, "start", body, hold_id=hold_id, agency_name=name)


@router.post(HOLD + "/fall-through", response_model=Accepted)
def fall_through(
    request_id: uuid.UUID,
    hold_id: uuid.UUID,
    body: s.FallThroughBody,
    svc: Service,
    who: Annotated[Access, allowed(r.PACKAGE_CHANGE)],
) -> Accepted:
    """The package will not start after all: the hours are released, sourcing goes on."""
    return _do(svc, who, request_id, "fall_through", body, hold_id=hold_id, reason=body.reason)


@router.post(P + "/cancel", response_model=Accepted)
def cancel_package(
    request_id: uuid.UUID,
    body: s.CancelPackage,
    svc: Service,
    who: Annotated[Access, allowed(r.PACKAGE_CHANGE)],
) -> Accepted:
    return _do(svc, who, request_id, "cancel", body, reason=body.reason)
