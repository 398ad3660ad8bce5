"""How a placement request and its history look to an API caller."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from events.platform.history import history_view
from services.broker.domain.placement_request import PlacementRequest
from services.broker.translation import payload_of


def request_view(request: PlacementRequest, history: Iterable[Any]) -> dict[str, Any]:
    return {
        "request_id": str(request.id),
        "version": request.version,
        "stage": request.stage,
        "council_code": request.council_code,
        "episode_id": request.episode_id,
        "location": request.location,
        "registration": request.registration,
        "care_category": request.care_category,
        "specialisms": request.specialisms,
        "preferred_localities": request.preferred_localities,
        "preferred_home_ids": request.preferred_home_ids,
        "funding": request.funding,
        "urgency": request.urgency,
        "referrals": {k: asdict(r) for k, r in request.referrals.items()},
        "offers": {str(k): asdict(o) for k, o in request.offers.items()},
        "history": history_view(history, payload_of),
    }
