"""The Wales Pathway of Care Delays census (see docs/discharge-counting.md). Pure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from services.discharge.domain.calendar import end_of_day, third_wednesday
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.domain.profile import EpisodeFacts
from services.discharge.domain.timeline import midnights
from services.discharge.domain.vocabulary import REASONS, Vocabulary

# -- Wales Pathway of Care Delays census ------------------------------------------------------


def pocd(
    episodes: Iterable[EpisodeFacts],
    month: str,
    rule: PrimaryRule,
    dtoc_to_pocd: dict[str, str],
    counted_to: date | None = None,
) -> list[dict[str, Any]]:
    """Delays of more than 48 hours at 24:00 on the third Wednesday, by health board, LA and
    reason. The reason is the primary Wales reason, else the primary England DTOC reason
    mapped through `dtoc_to_pocd`, else `Not recorded`. Nothing until that census has passed
    (`counted_to`, the last census that has: None for a past month)."""
    census_day = third_wednesday(month)
    if counted_to is not None and counted_to < census_day:
        return []
    cells: dict[tuple[str, str, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for ep in episodes:
        for census in midnights(ep.facts, census_day, census_day):
            held = (census.day - census.drd).days + 1
            if (end_of_day(census.day) - census.ready_since).total_seconds() <= 48 * 3600:
                continue
            reason = rule.choose(census.blockers, Vocabulary.POCD.value)
            if reason is not None:
                category = reason.code
            else:
                dtoc_reason = rule.choose(census.blockers, Vocabulary.DTOC.value)
                category = dtoc_to_pocd.get(dtoc_reason.code, "") if dtoc_reason else ""
            p = ep.profile
            cell = cells[p.provider_code, p.provider_name, p.la_code, p.la_name, category]
            cell[0] += 1
            cell[1] += held
    return pocd_rows(census_day, cells)


def pocd_rows(
    census_day: date, cells: dict[tuple[str, str, str, str, str], list[int]]
) -> list[dict[str, Any]]:
    """The published rows of the census's cells: (health board code and name, LA code and
    name, reason category) -> [delays, days delayed]."""
    titles = {code: r.title for code, r in REASONS[Vocabulary.POCD].items()}
    return [
        {
            "Census date": census_day.isoformat(),
            "Health board code": hb_code,
            "Health board": hb_name,
            "LA code": la_code,
            "Local authority": la_name,
            "Reason": titles.get(category, "Not recorded"),
            "Number of delays": count,
            "Days delayed": held_days,
        }
        for (hb_code, hb_name, la_code, la_name, category), (count, held_days) in sorted(
            cells.items()
        )
    ]
