"""Reads over the discharge read model: the episodes a return needs, as known now or as they
stood at a given time, and the live delays list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from events.platform.timeutil import naive_utc
from services.discharge.domain.calendar import end_of_day, local_date
from services.discharge.domain.nctr_reason import nctr_reason
from services.discharge.domain.primary_reason import OpenBlocker, PrimaryRule
from services.discharge.domain.returns import EpisodeFacts, Profile
from services.discharge.projections.facts import fact_from_row
from services.discharge.projections.tables import episode_facts, episodes

CHUNK = 2000


def open_blockers(stored: list[dict[str, Any]]) -> list[OpenBlocker]:
    """An episode's open blockers as its read model row stores them (JSON)."""
    return [
        OpenBlocker(
            b["blocker_id"],
            b["vocabulary"],
            b["code"],
            b.get("agency"),
            b.get("owner_org", ""),
            b.get("owner_team", ""),
            datetime.fromisoformat(b["opened_at"]),
            b["seq"],
        )
        for b in stored
    ]


def in_window(
    conn: Connection,
    first: date,
    last: date,
    as_at: datetime | None = None,
    with_discharges: bool = False,
) -> Iterator[EpisodeFacts]:
    """Episodes ready for discharge and in hospital at some time from `first` to `last` (UK
    days), and with `with_discharges` also those who left in that time without a recorded
    readiness; with the facts recorded by `as_at` (all of them when None).

    A superset of what any "as at" view needs, since facts are only ever added: an episode
    ready as at T was ready by now, and its ending as at T lies between its first and latest."""
    start = naive_utc(end_of_day(first - timedelta(days=1)))
    stop = naive_utc(end_of_day(last))
    in_hospital = or_(episodes.c.latest_end_at.is_(None), episodes.c.latest_end_at >= start)
    relevant = episodes.c.first_ready_at < stop
    if with_discharges:
        relevant = or_(relevant, episodes.c.first_end_at < stop)
    query = select(episodes).where(episodes.c.admitted_at < stop, in_hospital, relevant)
    if as_at is not None:
        query = query.where(episodes.c.recorded_at <= naive_utc(as_at))
    rows = list(conn.execute(query.order_by(episodes.c.episode_id)))
    for i in range(0, len(rows), CHUNK):
        chunk = {r.episode_id: r for r in rows[i : i + CHUNK]}
        facts_query = select(episode_facts).where(episode_facts.c.episode_id.in_(list(chunk)))
        if as_at is not None:
            facts_query = facts_query.where(episode_facts.c.recorded_at <= naive_utc(as_at))
        facts = defaultdict(list)
        for f in conn.execute(
            facts_query.order_by(episode_facts.c.episode_id, episode_facts.c.seq)
        ):
            facts[f.episode_id].append(fact_from_row(f))
        for episode_id, row in chunk.items():
            yield EpisodeFacts(profile_of(row), facts[episode_id])


def profile_of(row: object) -> Profile:
    r = row  # a Row of `episodes`
    return Profile(
        r.episode_id,  # type: ignore[attr-defined]
        r.provider_code,  # type: ignore[attr-defined]
        r.provider_name,  # type: ignore[attr-defined]
        r.la_code,  # type: ignore[attr-defined]
        r.la_name,  # type: ignore[attr-defined]
        r.care_type,  # type: ignore[attr-defined]
    )


@dataclass(frozen=True)
class Area:
    """Rows whose provider_code is one of `trusts` or whose la_code is one of `councils`."""

    trusts: frozenset[str]
    councils: frozenset[str]


@dataclass(frozen=True)
class LiveFilter:
    provider_code: str | None = None
    la_code: str | None = None
    reason: str | None = None
    agency: str | None = None
    pathway: str | None = None
    min_days: int | None = None
    area: Area | None = None


@dataclass(frozen=True)
class LiveDelay:
    episode_id: str
    provider_code: str
    provider_name: str
    site: str
    ward: str
    la_code: str
    la_name: str
    care_type: str
    pathway: str | None
    discharge_ready_date: date
    days_delayed: int
    reason: str | None
    agency: str | None
    vocabulary: str | None
    nctr_reason: str | None  # the acute SitRep reason: recorded, else the DTOC one mapped
    blockers: list[dict[str, object]]
    outstanding_assessments: list[str]
    last_change_at: datetime


def live_delays(
    conn: Connection,
    today: date,
    rule: PrimaryRule,
    f: LiveFilter,
    dtoc_to_sitrep: Mapping[str, str] | None = None,
) -> list[LiveDelay]:
    """Everyone ready for discharge and still in hospital now, longest delay first.
    `dtoc_to_sitrep`: how a DTOC reason reads as an NCTR (SitRep) reason where none is
    recorded (services/discharge/domain/nctr_reason.py); None: only recorded ones."""
    query = select(episodes).where(
        episodes.c.ended_kind.is_(None), episodes.c.ready_since.is_not(None)
    )
    for column, value in (
        (episodes.c.provider_code, f.provider_code),
        (episodes.c.la_code, f.la_code),
        (episodes.c.pathway, f.pathway),
    ):
        if value:
            query = query.where(column == value)
    if f.area is not None:
        in_area = or_(
            episodes.c.provider_code.in_(sorted(f.area.trusts)),
            episodes.c.la_code.in_(sorted(f.area.councils)),
        )
        query = query.where(in_area)
    out = []
    for row in conn.execute(query):
        ready_since = row.ready_since.replace(tzinfo=UTC)
        blockers = open_blockers(row.blockers)
        primary = rule.choose(blockers, "dtoc") or (
            max(blockers, key=lambda b: (b.opened_at, b.seq)) if blockers else None
        )
        drd = local_date(ready_since)
        delay = LiveDelay(
            row.episode_id,
            row.provider_code,
            row.provider_name,
            row.site,
            row.ward,
            row.la_code,
            row.la_name,
            row.care_type,
            row.pathway,
            drd,
            (today - drd).days,
            primary.code if primary else None,
            primary.agency if primary else None,
            primary.vocabulary if primary else None,
            nctr_reason(blockers, rule, dtoc_to_sitrep or {}),
            row.blockers,
            row.outstanding_assessments,
            row.last_change_at.replace(tzinfo=UTC),
        )
        if f.reason and delay.reason != f.reason:
            continue
        if f.agency and delay.agency != f.agency:
            continue
        if f.min_days is not None and delay.days_delayed < f.min_days:
            continue
        out.append(delay)
    return sorted(out, key=lambda x: (-x.days_delayed, x.episode_id))
