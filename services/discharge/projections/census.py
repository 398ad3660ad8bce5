"""The `episode_census` rows, each episode's delayed midnights as known now as runs
(services/discharge/domain/census.py), and its `episode_leavings` row, how it left
(`timeline.leaving`), kept by the episode-facts projection. Whenever an episode gains a fact (a
backdated one, a correction, a cancellation) they are counted again from all its facts and
replace its rows in the same transaction as the fact; a full replay writes them once per
episode. So they are always what the recomputation would count from the same facts, and can
be dropped and rebuilt from the log like the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.engine import Connection

from events.platform.timeutil import naive_utc
from services.discharge.domain.census import census_runs
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.domain.timeline import Fact, leaving
from services.discharge.projections.tables import (
    census_metadata,
    census_rule,
    episode_census,
    episode_leavings,
    episodes,
)

CensusRow = tuple[Any, ...]  # a row of `episode_census` or `episode_leavings`, in column order
CHUNK = 500  # episode ids per DELETE


def census_rows(
    episode_id: str, facts: Sequence[Fact], profile: Mapping[str, Any], rule: PrimaryRule
) -> list[CensusRow]:
    """The episode's census rows; `profile`: its `episodes` row (who and where it counts)."""
    where = _where(profile)
    return [
        (
            episode_id,
            run.first.toordinal(),
            None if run.last is None else run.last.toordinal(),
            naive_utc(run.ready_since),
            run.reason,
            run.agency,
            run.pocd_reason,
            *where,
        )
        for run in census_runs(facts, rule)
    ]


def leaving_row(
    episode_id: str, facts: Sequence[Fact], profile: Mapping[str, Any]
) -> CensusRow | None:
    """The episode's `episode_leavings` row; None while it is in hospital."""
    left = leaving(facts)
    if left is None or left.delay_days is None:
        return None
    return (episode_id, left.day.toordinal(), left.kind, left.delay_days, *_where(profile))


def _where(profile: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        profile["provider_code"],
        profile["provider_name"],
        profile["la_code"],
        profile["la_name"],
        profile["care_type"],
    )


def replace_counts(
    conn: Connection,
    episode_ids: Iterable[str],
    census: list[CensusRow],
    leavings: list[CensusRow],
) -> None:
    """The episodes' census and leaving rows replaced (the live path: a batch's touched
    episodes)."""
    ids = list(episode_ids)
    for table, rows in ((episode_census, census), (episode_leavings, leavings)):
        for i in range(0, len(ids), CHUNK):
            conn.execute(delete(table).where(table.c.episode_id.in_(ids[i : i + CHUNK])))
        if rows:
            names = [c.name for c in table.columns]
            conn.execute(table.insert(), [dict(zip(names, r, strict=True)) for r in rows])


def census_counted_with(engine: Engine, rule: str) -> bool:
    """Whether the census rows were counted with `rule`; a read model never counted (no
    episode yet) is recorded as counted with it. False: rebuild, then `record_rule`."""
    census_metadata.create_all(engine)
    with engine.begin() as conn:
        stored = conn.execute(select(census_rule.c.rule)).scalar_one_or_none()
        if stored is not None:
            return bool(stored == rule)
        if conn.execute(select(func.count()).select_from(episodes)).scalar_one():
            return False  # rows of an older release, which kept no census
        conn.execute(census_rule.insert(), {"rule": rule})
        return True


def record_rule(engine: Engine, rule: str) -> None:
    """After a rebuild, which counted every episode again with `rule`."""
    census_metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(delete(census_rule))
        conn.execute(census_rule.insert(), {"rule": rule})
