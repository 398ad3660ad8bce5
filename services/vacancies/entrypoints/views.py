"""How a care home and its history look to an API caller."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from events.platform.history import history_view as _history
from services.vacancies.domain.care_home import CareHome, Hold
from services.vacancies.translation import payload_of


def home_view(
    home: CareHome, now: datetime, shown: Callable[[Hold], bool] = lambda _: True
) -> dict[str, Any]:
    """The home as its page shows it; of its holds only those `shown` (the asker's own)."""
    return {
        "home_id": str(home.id),
        "version": home.version,
        "cqc_location_id": home.cqc_location_id,
        "name": home.name,
        "provider_id": home.provider_id,
        "local_authority_code": home.local_authority_code,
        "local_authority_name": home.local_authority_name,
        "locality": home.locality,
        "postcode": home.postcode,
        "latitude": home.latitude,
        "longitude": home.longitude,
        "registered_beds": home.registered_beds,
        "registrations": home.registrations,
        "care_categories": home.care_categories,
        "specialisms": home.specialisms,
        "rating": home.rating,
        "rated_on": home.rated_on,
        "suspended": home.is_suspended,
        "suspension_reason": home.suspension_reason,
        # councils that suspended their own placements here: council -> reason
        "suspended_by_councils": dict(sorted(home.suspended_by.items())),
        "closing_on": home.closing_on,
        "last_reported_at": home.last_reported_at,
        "free_beds": home.free_beds,
        "available_beds": home.available_beds(now),
        "reservations": [
            {
                "reservation_id": str(rid),
                "bed_type": h.bed_type,
                "reference": h.reference,
                "reserved_by": h.reserved_by,
                "expires_at": h.expires_at,
                "status": h.status,
            }
            for rid, h in home.holds.items()
            if shown(h)
        ],
    }


def history_view(domain_events: Iterable[Any]) -> list[dict[str, Any]]:
    """Every event of the home, as published where it is published."""
    return _history(domain_events, payload_of)
