"""Whose episode it is and which live delays a caller sees, for the rules of access_rules.py:
a trust's team its own patients, a council's broker its own residents, an ICB's escalation
call the patients of its trusts and the residents of its councils (events/reference/icbs.csv),
an analyst every row with its ids pseudonymised and no ward, an admin everything."""

from __future__ import annotations

from dataclasses import replace
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
    if own is not None and getattr(asked, access.grant.owner) not in (None, own):
        return None  # another trust's or council's rows were asked for
    return access.narrow(asked)


def _in_area(icb: str, asked: LiveFilter) -> LiveFilter | None:
    """The ICB's rows; None when a trust or council asked for is not in the ICB."""
    trusts, councils = members_of(icb)
    if asked.provider_code not in (None, *trusts) or asked.la_code not in (None, *councils):
        return None
    return replace(asked, area=Area(trusts, councils))


def live_rows_for(access: Access, rows: list[LiveDelay], key: Pseudonyms) -> list[dict[str, Any]]:
    plain = [plain_row(row) for row in rows]
    if not access.pseudonymised:
        return plain
    hidden = key.rows(plain, ids=("episode_id",), blank=("ward",))
    for row in hidden:  # a blocker's id is the episode's own: it would name the patient again
        row["blockers"] = [
            {k: v for k, v in b.items() if k != "blocker_id"} for b in row["blockers"]
        ]
    return hidden


def plain_row(row: LiveDelay) -> dict[str, Any]:
    """`dataclasses.asdict(row)` without its deep copy of every value: a row's fields are
    plain values, and its lists were made for this answer alone by the query and are only
    read from here on (an analyst's blockers are new lists). The copy was about half the
    route's time under load (docs/performance.md, benchmark 12)."""
    return dict(vars(row))
