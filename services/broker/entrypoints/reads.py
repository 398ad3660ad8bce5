"""The broker service's reads over HTTP: the waiting list, a provider's referrals, a home as
the broker sees it, unmet demand and the homes' responsiveness."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from events.platform.access import Access, allowed
from events.platform.audit_http import audit_read
from events.platform.auth import Role
from events.platform.pseudonyms import Pseudonyms
from services.broker import access_rules as r
from services.broker.domain.vocabulary import Location, Stage
from services.broker.entrypoints import schemas as s
from services.broker.entrypoints.deps import Service
from services.broker.projections.queries import WaitingFilter

router = APIRouter(prefix="/broker", tags=["broker"])


@router.get("/homes/{home_id}")
def home_status(
    home_id: uuid.UUID, svc: Service, who: Annotated[Access, allowed(r.AVAILABILITY_READ)]
) -> dict[str, Any]:
    """What the broker's own availability index knows of a home: whether it takes new
    placements (of a broker's own council) and the bed types it offers (what referrals and
    offers are checked against)."""
    status_ = svc.home(home_id, who.organisation if who.role is Role.BROKER else None)
    return {**asdict(status_), "bed_types": sorted(status_.bed_types)}


@router.get("/waiting-list")
def waiting_list(
    svc: Service,
    http: Request,
    who: Annotated[Access, allowed(r.WAITING_LIST)],
    stage: Stage | None = None,
    registration: s.Registration | None = None,
    care_category: s.CareCategory | None = None,
    location: Location | None = None,
) -> list[dict[str, Any]]:
    """Everyone the council is placing, oldest first."""
    # a council its own residents, a discharge team the patients of its own trust
    f = who.narrow(WaitingFilter(None, stage, registration, care_category, location))
    rows = svc.waiting_list(f)
    ids = [w["episode_id"] or w["request_id"] for w in rows]  # a request from the community
    audit_read(http, who.who, "waiting list", ids=ids, rows=len(rows))
    if who.pseudonymised:
        key = Pseudonyms(svc.settings.signing_secret)
        return key.rows(rows, ids=("request_id", "episode_id"), blank=("where_now",))
    return rows


@router.get("/referrals")
def my_referrals(
    svc: Service, who: Annotated[Access, allowed(r.REFERRALS_RECEIVED)]
) -> list[dict[str, Any]]:
    """For a provider: the referrals sent to its homes, newest first."""
    return svc.referrals_for(who.rows_of)


@router.get("/unmet-demand")
def unmet_demand(
    svc: Service,
    who: Annotated[Access, allowed(r.MARKET)],
    after_days: Annotated[int, Query(ge=0, le=365)] = 7,
) -> list[dict[str, Any]]:
    return svc.unmet_demand(after_days)


@router.get("/responsiveness")
def responsiveness(
    svc: Service, who: Annotated[Access, allowed(r.RESPONSIVENESS)]
) -> list[dict[str, Any]]:
    """Per home, how it answers referrals (a provider: its own homes only)."""
    return svc.responsiveness(who.rows_of)
