"""The broker service's reads over HTTP: the waiting list, a provider's referrals, a home as
the broker sees it, unmet demand and the homes' responsiveness."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from events.platform.auth import Role
from events.platform.http import CurrentPrincipal, require_role
from events.platform.pseudonyms import Pseudonyms
from services.broker.domain.vocabulary import Location, Stage
from services.broker.entrypoints import schemas as s
from services.broker.entrypoints.deps import Service
from services.broker.projections.queries import WaitingFilter

router = APIRouter(prefix="/broker", tags=["broker"])


@router.get("/homes/{home_id}")
def home_status(home_id: uuid.UUID, svc: Service, who: CurrentPrincipal) -> dict[str, Any]:
    """What the broker's own availability index knows of a home: whether it takes new
    placements and the bed types it offers (what referrals and offers are checked against)."""
    require_role(who, Role.BROKER, Role.ANALYST)
    status_ = svc.home(home_id)
    return {**asdict(status_), "bed_types": sorted(status_.bed_types)}


@router.get("/waiting-list")
def waiting_list(
    svc: Service,
    who: CurrentPrincipal,
    stage: Stage | None = None,
    registration: s.Registration | None = None,
    care_category: s.CareCategory | None = None,
    location: Location | None = None,
) -> list[dict[str, Any]]:
    """Everyone the council is placing, oldest first."""
    require_role(who, Role.BROKER, Role.ANALYST, Role.DISCHARGE)
    # a council its own residents, a discharge team the patients of its own trust
    council = who.organisation if who.role is Role.BROKER else None
    trust = who.organisation.upper() if who.role is Role.DISCHARGE else None
    f = WaitingFilter(council, stage, registration, care_category, location, trust)
    rows = svc.waiting_list(f)
    if who.role is Role.ANALYST:
        key = Pseudonyms(svc.settings.signing_secret)
        for row in rows:
            row.update(request_id=key.of(row["request_id"]), episode_id=key.of(row["episode_id"]))
            row["where_now"] = ""
    return rows


@router.get("/referrals")
def my_referrals(svc: Service, who: CurrentPrincipal) -> list[dict[str, Any]]:
    """For a provider: the referrals sent to its homes, newest first."""
    require_role(who, Role.PROVIDER)
    return svc.referrals_for(who.organisation if who.role is Role.PROVIDER else None)


@router.get("/unmet-demand")
def unmet_demand(
    svc: Service, who: CurrentPrincipal, after_days: Annotated[int, Query(ge=0, le=365)] = 7
) -> list[dict[str, Any]]:
    require_role(who, Role.BROKER, Role.ANALYST)
    return svc.unmet_demand(after_days)


@router.get("/responsiveness")
def responsiveness(svc: Service, who: CurrentPrincipal) -> list[dict[str, Any]]:
    require_role(who, Role.BROKER, Role.ANALYST)
    return svc.responsiveness()
