"""A trust's own patients from the read model, for the discharge team's worklist: everyone in
hospital (ready or not), or those who left lately, with the reason of record in force now."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.discharge.domain.calendar import local_date
from services.discharge.domain.nctr_reason import nctr_reason
from services.discharge.domain.primary_reason import OpenBlocker, PrimaryRule
from services.discharge.projections.queries import open_blockers
from services.discharge.projections.tables import episodes

Status = Literal["in_hospital", "ready", "not_ready", "left"]
LEFT_DAYS = 14  # how far back "left" looks: a team corrects a recent discharge, not an old one


@dataclass(frozen=True)
class WorklistFilter:
    provider_code: str | None = None  # None: every trust (an admin)
    ward: str | None = None
    status: Status = "in_hospital"


def _chosen(rule: PrimaryRule, blockers: list[OpenBlocker]) -> OpenBlocker | None:
    """The reason of record, as the live delays list chooses it: the rule's choice among the
    DTOC blockers, else the latest opened."""
    return rule.choose(blockers, "dtoc") or (
        max(blockers, key=lambda b: (b.opened_at, b.seq)) if blockers else None
    )


def worklist(
    conn: Connection,
    today: date,
    now: datetime,
    rule: PrimaryRule,
    f: WorklistFilter,
    dtoc_to_sitrep: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The episodes the filter selects, by ward then longest ready first (`dtoc_to_sitrep`
    as for the live delays: services/discharge/projections/queries.py)."""
    query = select(episodes)
    if f.provider_code is not None:
        query = query.where(episodes.c.provider_code == f.provider_code)
    if f.ward:
        query = query.where(episodes.c.ward == f.ward)
    if f.status == "left":
        since = (now - timedelta(days=LEFT_DAYS)).astimezone(UTC).replace(tzinfo=None)
        query = query.where(episodes.c.ended_kind.is_not(None), episodes.c.latest_end_at >= since)
    else:
        query = query.where(episodes.c.ended_kind.is_(None))
        if f.status == "ready":
            query = query.where(episodes.c.ready_since.is_not(None))
        elif f.status == "not_ready":
            query = query.where(episodes.c.ready_since.is_(None))
    rows = [_row(r, today, rule, dtoc_to_sitrep or {}) for r in conn.execute(query)]
    return sorted(rows, key=lambda r: (r["ward"], -(r["days_since_ready"] or -1), r["episode_id"]))


def _row(
    r: Any, today: date, rule: PrimaryRule, dtoc_to_sitrep: Mapping[str, str]
) -> dict[str, Any]:
    ready = r.ready_since.replace(tzinfo=UTC) if r.ready_since else None
    drd = local_date(ready) if ready else None
    blockers = open_blockers(r.blockers)
    reason = _chosen(rule, blockers)
    return {
        "episode_id": r.episode_id,
        "provider_code": r.provider_code,
        "provider_name": r.provider_name,
        "site": r.site,
        "ward": r.ward,
        "care_type": r.care_type,
        "la_code": r.la_code,
        "la_name": r.la_name,
        "admitted_at": r.admitted_at.replace(tzinfo=UTC),
        "status": "left" if r.ended_kind else ("ready" if ready else "not_ready"),
        "ended_kind": r.ended_kind,
        "ended_at": r.latest_end_at.replace(tzinfo=UTC) if r.ended_kind else None,
        "pathway": r.pathway,
        "discharge_ready_date": drd,
        "days_since_ready": (today - drd).days if drd and not r.ended_kind else None,
        "reason": reason.code if reason else None,
        "agency": reason.agency if reason else None,
        "vocabulary": reason.vocabulary if reason else None,
        "nctr_reason": nctr_reason(blockers, rule, dtoc_to_sitrep) if ready else None,
        "blockers": r.blockers,
        "outstanding_assessments": r.outstanding_assessments,
        "last_change_at": r.last_change_at.replace(tzinfo=UTC),
    }
