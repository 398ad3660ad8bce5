"""Which agencies the simulated broker offers a package to, round by round: the zone's
strategic partners first, then the cascade to the spot providers serving the zone, ranked as
a broker sees them on the agencies' reports (a fresh report covering the calls first, then
the most hours reported). An agency that cannot do the service or double-handed calls is
never asked; one already asked is not asked again until everyone has been."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.simulation import calibration as cal
from services.simulation.agencies import Agency, HomeCareMarket
from services.simulation.package_care import Package


def next_round(
    market: HomeCareMarket, pkg: Package, now: datetime, fresh_hours: float
) -> list[Agency]:
    asked = {a.id for o, a in pkg.offered.items() if o not in pkg.declined}
    hours = pkg.hours()
    fit = [
        a
        for a in market.agencies
        if pkg.zone in a.zones
        and pkg.service in a.services
        and (a.double_handed or not pkg.double_handed)
        and a.id not in asked
        and a.id not in pkg.turned_down
    ]

    def rank(a: Agency) -> tuple[bool, float, str]:
        report = a.reported.get(pkg.zone, {})
        fresh = a.reported_at is not None and now - a.reported_at <= timedelta(hours=fresh_hours)
        covers = fresh and all(report.get(b, 0.0) >= h for b, h in hours.items())
        return (not covers, -sum(report.get(b, 0.0) for b in hours), a.name)

    partners = sorted((a for a in fit if a.partner), key=rank)
    if partners:
        return partners
    return sorted(fit, key=rank)[: cal.OFFERS_PER_ROUND]
