"""Who may read and change which episodes (issue: access scoped to each organisation).

A discharge team (organisation = its trust's ODS code) reads and changes only its own trust's
episodes; another trust's episode answers as one nobody has (404), so references cannot be
probed. On the live delays each role sees its own: a team its trust's patients, a broker its
council's residents, an analyst every row with its ids pseudonymised and no ward or free text,
an admin everything. Patient-level episode views are for the trust and admins only.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, replace
from typing import Any

from events.platform.auth import Principal, Role
from events.platform.errors import Forbidden, NotFound
from events.platform.http import require_role
from events.platform.pseudonyms import Pseudonyms
from services.discharge.projections.queries import LiveDelay, LiveFilter


def check_may_act_on(who: Principal, episode_id: uuid.UUID | None, trust: str) -> None:
    """For a command, or the episode view: `trust` the episode's provider (or, admitting, the
    provider named in the body)."""
    if who.role is Role.ADMIN:
        return
    if who.role is not Role.DISCHARGE:
        raise Forbidden("only the episode's discharge team (or an admin) may do this")
    if trust.upper() != who.organisation.upper():
        if episode_id is None:
            raise Forbidden("a discharge team admits only to its own trust")
        raise NotFound(f"no episode {episode_id}")


def live_filter_for(who: Principal, asked: LiveFilter) -> LiveFilter | None:
    """The filter narrowed to what `who` may see; None when what was asked is none of theirs."""
    if who.role is Role.DISCHARGE:
        own = who.organisation.upper()
        return None if asked.provider_code not in (None, own) else replace(asked, provider_code=own)
    if who.role is Role.BROKER:
        own = who.organisation.upper()
        return None if asked.la_code not in (None, own) else replace(asked, la_code=own)
    require_role(who, Role.ANALYST)  # an admin too; anyone else is refused by role
    return asked


def live_rows_for(who: Principal, rows: list[LiveDelay], key: Pseudonyms) -> list[dict[str, Any]]:
    if who.role is not Role.ANALYST:
        return [asdict(row) for row in rows]
    return [_pseudonymised(asdict(row), key) for row in rows]


def _pseudonymised(row: dict[str, Any], key: Pseudonyms) -> dict[str, Any]:
    row["episode_id"] = key.of(row["episode_id"])
    row["ward"] = ""
    row["blockers"] = [{k: v for k, v in b.items() if k != "blocker_id"} for b in row["blockers"]]
    return row
