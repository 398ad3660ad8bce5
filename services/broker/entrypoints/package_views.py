"""How a package request and its history look to an API caller."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from events.platform.history import history_view
from services.broker.domain.package_request import PackageRequest
from services.broker.translation import payload_of


def package_view(request: PackageRequest, history: Iterable[Any]) -> dict[str, Any]:
    care = request.care
    return {
        "request_id": str(request.id),
        "version": request.version,
        "stage": request.stage,
        "council_code": request.council_code,
        "episode_id": request.episode_id,
        "location": request.location,
        "urgency": request.urgency,
        "follows": request.follows,
        "care": None
        if care is None
        else {
            **asdict(care),
            "call_bands": list(care.call_bands),
            "weekly_hours": care.weekly_hours(),
            "total_hours": care.total_hours,
        },
        "offers": {k: asdict(r) | {"agency_id": r.home_id} for k, r in request.offers.items()},
        "holds": {str(k): asdict(h) | {"agency_id": h.agency_id} for k, h in request.holds.items()},
        "cancel_reason": request.cancel_reason,
        "started_at": request.started_at,
        "history": history_view(history, payload_of),
    }
