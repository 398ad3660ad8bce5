"""Projects the published episode events into facts and each episode's current state."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from events.contracts import discharge as d
from events.platform.timeutil import naive_utc
from events.registry import Payload
from events.serialisation import Message
from services.discharge.domain import timeline as t
from services.discharge.domain.timeline import Fact, State
from services.discharge.projections.tables import episode_facts, episodes

KINDS: dict[type[Payload], str] = {
    d.EpisodeAdmitted: t.ADMITTED,
    d.BecameReady: t.READY,
    d.ReadinessWithdrawn: t.NOT_READY,
    d.DelayReasonSet: t.REASON_SET,
    d.BlockerOpened: t.BLOCKER_OPENED,
    d.BlockerClosed: t.BLOCKER_CLOSED,
    d.AssessmentProgressed: t.ASSESSMENT,
    d.EpisodeEnded: t.ENDED,
}


def fact_from_row(row: Any) -> Fact:
    return Fact(row.seq, row.kind, row.occurred_at.replace(tzinfo=UTC), row.data)


def load_facts(conn: Connection, episode_id: str) -> list[Fact]:
    rows = conn.execute(
        select(episode_facts)
        .where(episode_facts.c.episode_id == episode_id)
        .order_by(episode_facts.c.seq)
    )
    return [fact_from_row(r) for r in rows]


def current_state(facts: list[Fact]) -> State:
    state = State()
    for fact in t.ordered(facts):
        state.apply(fact)
    return state


class EpisodeFacts:
    """Applies the discharge contracts: one fact row each, then the episode's state now."""

    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        env, payload = message.envelope, message.payload
        kind = KINDS.get(type(payload))
        if kind is None:
            return
        episode_id = str(env.aggregate_id)
        data = payload.model_dump(mode="json")
        occurred, recorded = naive_utc(env.occurred_at), naive_utc(env.recorded_at)
        conn.execute(
            episode_facts.insert().values(
                episode_id=episode_id,
                seq=env.aggregate_version,
                kind=kind,
                occurred_at=occurred,
                recorded_at=recorded,
                data=data,
            )
        )
        if isinstance(payload, d.EpisodeAdmitted):
            conn.execute(
                episodes.insert().values(
                    episode_id=episode_id,
                    provider_code=payload.provider_code,
                    provider_name=payload.provider_name,
                    site=payload.site,
                    ward=payload.ward,
                    care_type=payload.care_type,
                    la_code=payload.la_code,
                    la_name=payload.la_name,
                    admitted_at=occurred,
                    recorded_at=recorded,
                    blockers=[],
                    outstanding_assessments=[],
                    last_change_at=recorded,
                )
            )
            return
        state = current_state(load_facts(conn, episode_id))
        values: dict[str, Any] = {
            "ready_since": naive_utc(state.ready_since) if state.ready_since else None,
            "pathway": state.pathway,
            "ended_kind": state.ended.data.get("kind") if state.ended else None,
            "blockers": [
                {
                    "blocker_id": b.blocker_id,
                    "vocabulary": b.vocabulary,
                    "code": b.code,
                    "agency": b.agency,
                    "owner_org": b.owner_org,
                    "owner_team": b.owner_team,
                    "opened_at": b.opened_at.isoformat(),
                    "seq": b.seq,
                }
                for b in state.blockers.values()
            ],
            "outstanding_assessments": state.outstanding_assessments,
            "last_change_at": recorded,
        }
        if kind == t.READY:
            current = conn.execute(
                select(episodes.c.first_ready_at).where(episodes.c.episode_id == episode_id)
            ).scalar()
            values["first_ready_at"] = min(filter(None, [current, occurred]))
        if kind == t.ENDED:
            current = conn.execute(
                select(episodes.c.latest_end_at).where(episodes.c.episode_id == episode_id)
            ).scalar()
            values["latest_end_at"] = max(filter(None, [current, occurred]))
        conn.execute(episodes.update().where(episodes.c.episode_id == episode_id).values(**values))
