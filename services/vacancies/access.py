"""Whose care home and whose bed hold it is, for the rules of access_rules.py.

A home is public (every broker searches every home), so a provider asking for another
provider's home is told it may not (403). A hold is private to the council it was made for and
to the home's provider: to anyone else it answers as if the home held no such reservation
(404), so reservation ids cannot be probed.
"""

from __future__ import annotations

import uuid

from events.platform.access import Access, Scope
from events.platform.auth import Role
from events.platform.errors import NotFound
from services.vacancies.domain.care_home import CareHome, Hold


def check_home(access: Access, home: CareHome) -> None:
    access.owns(home.provider_id, f"care home {home.id}")


def sees_hold(access: Access, home: CareHome, hold: Hold) -> bool:
    """Whether the caller may see, release or occupy the hold."""
    if access.role is Role.ADMIN:
        return True
    if access.role is Role.PROVIDER:
        return access.is_own(home.provider_id)
    return access.role is Role.BROKER and access.is_own(hold.reserved_by)


def hold_for(access: Access, home: CareHome, reservation_id: uuid.UUID) -> Hold:
    """The hold, if the caller may act on it; otherwise as if there were none."""
    hold = home.holds.get(reservation_id)
    if hold is None or not sees_hold(access, home, hold):
        raise NotFound(f"no reservation {reservation_id} at this home")
    return hold


def deciding_council(access: Access, named: str | None) -> str | None:
    """The council a suspension or its lifting is for: a broker's own (naming another council
    is refused); an administrator's as named, or None: for every council."""
    council = named or (access.organisation if access.grant.scope is Scope.OWN else None)
    if council is not None:
        access.owns(council, f"council {council}")
    return council
