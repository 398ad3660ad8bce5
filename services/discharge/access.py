"""Whose episode it is and which live delays a caller sees, for the rules of access_rules.py:
a trust's team its own patients, a council's broker its own residents, an ICB's escalation
call the patients of its trusts and the residents of its councils (events/reference/icbs.csv),
an analyst every row with its ids pseudonymised and no ward, an admin everything."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from events.platform.access import Access
from events.platform.pseudonyms import Pseudonyms
from events.reference.icbs import members_of
from services.discharge.projections.queries import Area, LiveDelay, LiveFilter


def live_filter_for(access: Access, asked: LiveFilter) -> LiveFilter | None:
    """The filter narrowed to the caller's own rows; None when what was asked is none of
    theirs (another trust's or council's code)."""
    if access.area is not None:
        return _in_area(access.area, asked)
    own = access.rows_of
    if own is None:
        return asked
    field = access.grant.owner  # provider_code or la_code
    if getattr(asked, field) not in (None, own):
        return None
    narrowed: dict[str, Any] = {field: own}
    return replace(asked, **narrowed)


def _in_area(icb: str, asked: LiveFilter) -> LiveFilter | None:
    """The ICB's rows; None when a trust or council asked for is not in the ICB."""
    trusts, councils = members_of(icb)
    if asked.provider_code not in (None, *trusts) or asked.la_code not in (None, *councils):
        return None
    return replace(asked, area=Area(trusts, councils))


def live_rows_for(access: Access, rows: list[LiveDelay], key: Pseudonyms) -> list[dict[str, Any]]:
    if not access.pseudonymised:
        return [asdict(row) for row in rows]
    return [_pseudonymised(asdict(row), key) for row in rows]


def _pseudonymised(row: dict[str, Any], key: Pseudonyms) -> dict[str, Any]:
    row["episode_id"] = key.of(row["episode_id"])
    row["ward"] = ""
    row["blockers"] = [{k: v for k, v in b.items() if k != "blocker_id"} for b in row["blockers"]]
    return row
