"""Who may act on a care home and on the beds it holds.

A home is public (every broker searches every home), so a role that may not change it is told
so (403). A hold is private to the council it was made for: to any other council it answers as
if the home held no such reservation (404), so reservation ids cannot be probed, and only that
council, the home's own provider or an admin can release it or turn it into an admission.
"""

from __future__ import annotations

import uuid

from events.platform.auth import Principal, Role
from events.platform.errors import Forbidden, NotFound
from services.vacancies.domain.care_home import CareHome, Hold


def check_may_change(who: Principal, home: CareHome) -> None:
    """Details, vacancy reports and closures are the home's provider's own (or an admin's)."""
    if who.role is Role.ADMIN:
        return
    if who.role is not Role.PROVIDER:
        raise Forbidden("only the home's provider changes its details and reports its beds")
    if home.provider_id != who.organisation:
        raise Forbidden("this home belongs to another provider")


def check_may_read(who: Principal, home: CareHome) -> None:
    if who.role is Role.PROVIDER and home.provider_id != who.organisation:
        raise Forbidden("this home belongs to another provider")


def hold_for(who: Principal, home: CareHome, reservation_id: uuid.UUID) -> Hold:
    """The hold, if `who` may act on it; otherwise as if there were none."""
    hold = home.holds.get(reservation_id)
    if hold is None or not sees_hold(who, home, hold):
        raise NotFound(f"no reservation {reservation_id} at this home")
    return hold


def sees_hold(who: Principal, home: CareHome, hold: Hold) -> bool:
    """Whether `who` may see the hold in the home's view: the same as acting on it."""
    return (
        who.role is Role.ADMIN
        or (who.role is Role.PROVIDER and home.provider_id == who.organisation)
        or (who.role is Role.BROKER and hold.reserved_by == who.organisation)
    )
