"""What changed in the delays since a moment, by when things happened (business time), not
when they were typed in: who became delayed, whose delay ended and how, whose reason of record
changed, which blockers were opened or closed. A DRD entered this afternoon but backdated to
last week is not a new delay since this morning's call; it is flagged as recorded late.

Each episode's facts are replayed to its state at `since` and now (domain/timeline.py), so a
correction recorded out of order takes its place in the story."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from events.bounds.times import CLOCK_SKEW
from services.discharge.domain import timeline as t
from services.discharge.domain.primary_reason import OpenBlocker, PrimaryRule
from services.discharge.projections.facts import fact_from_row
from services.discharge.projections.queries import LiveFilter
from services.discharge.projections.tables import episode_facts, episodes

CHUNK = 500


def changes_since(
    conn: Connection, since: datetime, now: datetime, rule: PrimaryRule, f: LiveFilter
) -> list[dict[str, Any]]:
    """Every change from `since` to `now` of the episodes `f` selects, latest first."""
    out: list[dict[str, Any]] = []
    for row, facts, recorded in _candidates(conn, since, f):
        out.extend(_changes(row, facts, recorded, since, now, rule))
    return sorted(out, key=lambda c: (c["at"], c["episode_id"], c["change"]), reverse=True)


Candidate = tuple[Any, list[t.Fact], dict[int, datetime]]


def _candidates(conn: Connection, since: datetime, f: LiveFilter) -> Iterator[Candidate]:
    """Episodes in hospital at some time from `since` on (a superset), with their facts and
    when each was recorded (by its seq: the facts keep business time only)."""
    start = since.astimezone(UTC).replace(tzinfo=None)
    query = select(episodes).where(
        or_(episodes.c.ended_kind.is_(None), episodes.c.latest_end_at >= start),
        # a fact that happened since `since` was recorded since then (less a clock's drift)
        episodes.c.last_change_at >= start - CLOCK_SKEW,
    )
    if f.provider_code:
        query = query.where(episodes.c.provider_code == f.provider_code)
    if f.la_code:
        query = query.where(episodes.c.la_code == f.la_code)
    if f.area is not None:
        query = query.where(
            or_(
                episodes.c.provider_code.in_(sorted(f.area.trusts)),
                episodes.c.la_code.in_(sorted(f.area.councils)),
            )
        )
    rows = list(conn.execute(query.order_by(episodes.c.episode_id)))
    for i in range(0, len(rows), CHUNK):
        chunk = {r.episode_id: r for r in rows[i : i + CHUNK]}
        facts: dict[str, list[t.Fact]] = defaultdict(list)
        recorded: dict[str, dict[int, datetime]] = defaultdict(dict)
        found = conn.execute(
            select(episode_facts)
            .where(episode_facts.c.episode_id.in_(list(chunk)))
            .order_by(episode_facts.c.episode_id, episode_facts.c.seq)
        )
        for fact in found:
            facts[fact.episode_id].append(fact_from_row(fact))
            recorded[fact.episode_id][fact.seq] = fact.recorded_at.replace(tzinfo=UTC)
        for episode_id, row in chunk.items():
            yield row, facts[episode_id], recorded[episode_id]


def _primary(rule: PrimaryRule, state: t.State) -> OpenBlocker | None:
    blockers = list(state.blockers.values())
    return rule.choose(blockers, "dtoc") or (
        max(blockers, key=lambda b: (b.opened_at, b.seq)) if blockers else None
    )


def _reason(b: OpenBlocker | None) -> dict[str, Any] | None:
    if b is None:
        return None
    return {
        "vocabulary": b.vocabulary,
        "code": b.code,
        "agency": b.agency,
        "owner_org": b.owner_org,
        "owner_team": b.owner_team,
    }


def _changes(
    row: Any,
    facts: list[t.Fact],
    recorded: dict[int, datetime],
    since: datetime,
    now: datetime,
    rule: PrimaryRule,
) -> list[dict[str, Any]]:
    before, after = t.state_at(facts, since), t.state_at(facts, now)
    story = [f for f in t.ordered(facts) if since <= f.at <= now]
    if not story:
        return []
    was, now_delayed = before.ready, after.ready
    base = {
        "episode_id": row.episode_id,
        "provider_code": row.provider_code,
        "provider_name": row.provider_name,
        "ward": row.ward,
        "la_code": row.la_code,
        "la_name": row.la_name,
        "pathway": after.pathway,
        "reason_now": _reason(_primary(rule, after)) if now_delayed else None,
    }

    def change(kind: str, fact: t.Fact, **detail: Any) -> dict[str, Any]:
        return {
            **base,
            "change": kind,
            "at": fact.at,
            "recorded_at": recorded.get(fact.seq),
            "detail": detail,
        }

    out = []
    if not was and now_delayed and after.ready_since is not None:
        starts = [f for f in story if f.kind == t.READY and f.at == after.ready_since]
        ready = starts[0] if starts else _last(story, t.READY)
        if ready is not None:
            out.append(change("new delay", ready, reason=base["reason_now"]))
    if was and not now_delayed:
        ended = after.ended if after.ended is not None and after.ended.at >= since else None
        gone = ended or _last(story, t.NOT_READY)
        if gone is not None:
            how = dict(gone.data) if ended else {"kind": "no longer ready"}
            out.append(change("resolved", gone, how=how, reason=_reason(_primary(rule, before))))
    if was or now_delayed:
        out.extend(_blocker_changes(story, facts, change))
        first, last = _primary(rule, before), _primary(rule, after)
        moved = [f for f in story if f.kind in (t.REASON_SET, t.BLOCKER_OPENED, t.BLOCKER_CLOSED)]
        if was and now_delayed and moved and _reason(first) != _reason(last):
            out.append(
                change("reason changed", moved[-1], before=_reason(first), after=_reason(last))
            )
    return out


def _blocker_changes(story: list[t.Fact], facts: list[t.Fact], change: Any) -> list[dict[str, Any]]:
    codes = {
        f.data["blocker_id"]: f.data for f in facts if f.kind in (t.REASON_SET, t.BLOCKER_OPENED)
    }
    out = []
    for fact in story:  # a new reason of record is told as "reason changed" or "new delay"
        if fact.kind == t.BLOCKER_OPENED:
            out.append(change("blocker opened", fact, blocker=dict(fact.data)))
        elif fact.kind == t.BLOCKER_CLOSED:
            opened = codes.get(fact.data["blocker_id"], {"blocker_id": fact.data["blocker_id"]})
            out.append(change("blocker closed", fact, blocker=dict(opened)))
    return out


def _last(story: list[t.Fact], kind: str) -> t.Fact | None:
    found = [f for f in story if f.kind == kind]
    return found[-1] if found else None
