"""How a home care agency and its capacity look to an API caller."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.vacancies.domain.home_care_agency import HomeCareAgency


def agency_view(agency: HomeCareAgency, now: datetime, fresh_hours: float) -> dict[str, Any]:
    """The agency as its page shows it: each zone's last report with its age, the hours held
    for packages, and whether it is fresh enough for a broker's search to list it."""
    return {
        "agency_id": str(agency.id),
        "version": agency.version,
        "cqc_location_id": agency.cqc_location_id,
        "name": agency.name,
        "provider_id": agency.provider_id,
        "council_code": agency.council_code,
        "zones": agency.zones,
        "services": agency.services,
        "suspended": agency.suspensions.everyone is not None,
        "suspension_reason": agency.suspensions.everyone,
        "suspended_by_councils": dict(sorted(agency.suspensions.by_council.items())),
        "capacity": [
            {
                "zone": zone,
                "hours": held.hours,
                "total_hours": held.total,
                # what is still free to offer: the report less the hours held for packages
                "held_hours": {b: agency.held_hours(zone, b) for b in held.hours},
                "free_hours": {b: agency.free_hours(zone, b) for b in held.hours},
                "available_from": held.available_from,
                "double_handed": held.double_handed,
                "reported_at": held.reported_at,
                "report_age_hours": round(held.age(now).total_seconds() / 3600, 2),
                "fresh": held.age(now).total_seconds() <= fresh_hours * 3600,
            }
            for zone, held in sorted(agency.capacity.items())
        ],
    }
