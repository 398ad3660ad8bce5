"""Projects the published episode events into facts and each episode's current state."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from events.contracts import discharge as d
from events.delivery.projectors import Recorded
from events.platform.timeutil import naive_utc
from events.registry import Payload
from events.serialisation import Message
from services.discharge.domain import timeline as t
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.domain.timeline import Fact, State
from services.discharge.projections.census import census_rows, leaving_row, replace_counts
from services.discharge.projections.tables import episode_facts, episodes
from services.discharge.translation import payload_of

if TYPE_CHECKING:
    from services.discharge.projections.replay import FactsReplay

KINDS: dict[type[Payload], str] = {
    d.EpisodeAdmitted: t.ADMITTED,
    d.BecameReady: t.READY,
    d.ReadinessWithdrawn: t.NOT_READY,
    d.DelayReasonSet: t.REASON_SET,
    d.BlockerOpened: t.BLOCKER_OPENED,
    d.BlockerClosed: t.BLOCKER_CLOSED,
    d.AssessmentProgressed: t.ASSESSMENT,
    d.EpisodeEnded: t.ENDED,
    d.EpisodeMoved: t.MOVED,
    d.EpisodeDetailsChanged: t.DETAILS,
    d.EpisodeWithdrawn: t.WITHDRAWN,
    d.EpisodeReadmitted: t.READMITTED,
    d.EndingCancelled: t.ENDING_CANCELLED,
}


def fact_from_row(row: Any) -> Fact:
    return Fact(row.seq, row.kind, row.occurred_at.replace(tzinfo=UTC), row.data)


FACT_COLUMNS = tuple(c.name for c in episode_facts.columns)
# A row of `episode_facts` in FACT_COLUMNS order: episode_id, seq, kind, occurred_at,
# recorded_at, data. A tuple, not a dict: a replay builds millions and bulk-loads them as is.
FactRow = tuple[str, int, str, datetime, datetime, dict[str, Any]]


def fact_of(row: FactRow) -> Fact:
    """The fact a row of `episode_facts` holds, from the row before it is written: a replay
    keeps these in memory instead of reading them back (same values as `fact_from_row`)."""
    return Fact(row[1], row[2], row[3].replace(tzinfo=UTC), row[5])


def rows_of(event: Recorded) -> tuple[FactRow, dict[str, Any] | None] | None:
    """The `episode_facts` row one published event implies, with the episode's new
    `episodes` row when it is the admission; None when this projection ignores it. The one
    place the rules live: the live batch and the full replay both call it."""
    payload = event.payload
    kind = KINDS.get(type(payload))
    if kind is None:
        return None
    episode_id = str(event.aggregate_id)
    occurred, recorded = naive(event.occurred_at), naive(event.recorded_at)
    data = data_of(payload)
    fact = (episode_id, event.aggregate_version, kind, occurred, recorded, data)
    if isinstance(payload, d.EpisodeAdmitted):
        return fact, admission_row(episode_id, data, occurred, recorded)
    return fact, None


def data_of(payload: Payload) -> dict[str, Any]:
    """`payload.model_dump(mode="json")`. For a contract whose fields are all plain JSON
    values (str, int, bool, optionally None) with no serializer of its own, that is its field
    values as validated, in field order: taken as they are, without the serializer's work
    (tests/discharge compares both for every kind)."""
    cls = type(payload)
    plain = _plain.get(cls)
    if plain is None:
        plain = _plain[cls] = is_plain(cls)
    return dict(vars(payload)) if plain else payload.model_dump(mode="json")


_PLAIN_TYPES: tuple[Any, ...] = (str, int, bool, str | None, int | None, bool | None)
_plain: dict[type[Payload], bool] = {}


def is_plain(cls: type[Payload]) -> bool:
    decorators = cls.__pydantic_decorators__
    return (
        not decorators.field_serializers
        and not decorators.model_serializers
        and not cls.model_computed_fields
        and all(f.annotation in _PLAIN_TYPES for f in cls.model_fields.values())
    )


def naive(at: datetime) -> datetime:
    """`naive_utc`, with a shortcut for the usual case (already UTC): once per time stored."""
    return at.replace(tzinfo=None) if at.tzinfo is UTC else naive_utc(at)


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
    """Applies the discharge contracts: one fact row each, then each touched episode's state
    now, its census and how it left (census.py; primary reasons by `rule`). Works a batch at
    a time: rows go in with one multi-row insert, and an episode's state and census are
    recomputed once per batch however many of its events the batch holds."""

    # What a replay builds each payload with: the translator's own, as the service defines it.
    payload_of = staticmethod(payload_of)

    def __init__(self, rule: PrimaryRule | None = None) -> None:
        self.rule = rule or PrimaryRule()

    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        self.apply_batch(conn, [message])

    def apply_batch(self, conn: Connection, messages: list[Message[Payload]]) -> None:
        facts, admitted, touched = [], [], {}
        for message in messages:
            rows = rows_of(Recorded.of(message))
            if rows is None:
                continue
            fact, admission = rows
            facts.append(dict(zip(FACT_COLUMNS, fact, strict=True)))
            if admission is not None:
                admitted.append(admission)
            else:
                touched[fact[0]] = fact[4]
        if facts:
            conn.execute(episode_facts.insert(), facts)
        if admitted:
            conn.execute(episodes.insert(), admitted)
        if touched:
            self._refresh(conn, touched)

    def replay(self, conn: Connection) -> FactsReplay:
        """A full rebuild's writer (see `FactsReplay`)."""
        from services.discharge.projections.replay import FactsReplay

        return FactsReplay(conn, self.rule)

    def _refresh(self, conn: Connection, touched: dict[str, Any]) -> None:
        """Recompute the current state, census and leaving of the touched episodes from all
        their facts."""
        by_episode: dict[str, list[Fact]] = {e: [] for e in touched}
        ids = list(touched)
        for i in range(0, len(ids), 500):
            rows = conn.execute(
                select(episode_facts)
                .where(episode_facts.c.episode_id.in_(ids[i : i + 500]))
                .order_by(episode_facts.c.episode_id, episode_facts.c.seq)
            )
            for row in rows:
                by_episode[row.episode_id].append(fact_from_row(row))
        updates, census, leavings = [], [], []
        for episode_id, facts in by_episode.items():
            admitted = next((f for f in facts if f.kind == t.ADMITTED), None)
            if admitted is None:
                continue  # no row to update, and no census: the returns count from the row
            update = state_row(facts, touched[episode_id]) | profile_columns(facts)
            updates.append({"key": episode_id, **update})
            profile = {**update, **{k: admitted.data[k] for k in WHO}}
            census += census_rows(episode_id, facts, profile, self.rule)
            if (left := leaving_row(episode_id, facts, profile)) is not None:
                leavings.append(left)
        replace_counts(conn, by_episode, census, leavings)
        if not updates:
            return
        conn.execute(episodes.update().where(episodes.c.episode_id == bindparam("key")), updates)


def admission_row(
    episode_id: str, p: dict[str, Any], occurred: datetime, recorded: datetime
) -> dict[str, Any]:
    """`p`: the admission's payload values (`data_of`)."""
    return {
        "episode_id": episode_id,
        "provider_code": p["provider_code"],
        "provider_name": p["provider_name"],
        "site": p["site"],
        "ward": p["ward"],
        "care_type": p["care_type"],
        "la_code": p["la_code"],
        "la_name": p["la_name"],
        "admitted_at": occurred,
        "recorded_at": recorded,
        "blockers": [],
        "outstanding_assessments": [],
        "last_change_at": recorded,
        "latest_end_at": None,
        "first_end_at": None,
        "first_ready_at": None,
        "ready_since": None,
        "pathway": None,
        "ended_kind": None,
    }


def state_row(facts: list[Fact], last_change: datetime) -> dict[str, Any]:
    """The columns of `episodes` that follow from an episode's state (`profile_columns`:
    those of its admission as the hospital feed corrected them)."""
    ready = [f.at for f in facts if f.kind == t.READY]
    ends = [f.at for f in facts if f.kind == t.ENDED]
    state = current_state(facts)
    columns = state_columns(
        state,
        min(ready) if ready else None,
        min(ends) if ends else None,
        max(ends) if ends and state.ended is not None else None,  # open again: no end
        last_change,
    )
    if t.withdrawn(facts):
        columns["ended_kind"] = "withdrawn"
    return columns


PROFILE = ("site", "ward", "care_type", "la_code", "la_name")
WHO = ("provider_code", "provider_name")  # the admission's, never changed


def profile_columns(facts: list[Fact]) -> dict[str, Any]:
    """The admission's columns as later facts changed them, in the order they were
    recorded: a transfer, corrected details, a readmission (a new admission time)."""
    columns: dict[str, Any] = {}
    for fact in sorted(facts, key=lambda f: f.seq):
        if fact.kind in (t.ADMITTED, t.READMITTED):
            columns = {name: fact.data[name] for name in PROFILE}
            columns["admitted_at"] = naive(fact.at)
        elif fact.kind in (t.MOVED, t.DETAILS):
            columns |= {k: v for k, v in fact.data.items() if k in PROFILE and v is not None}
    return columns


def state_columns(
    state: State,
    first_ready: datetime | None,
    first_end: datetime | None,
    latest_end: datetime | None,
    last_change: datetime,
) -> dict[str, Any]:
    """The columns of `episodes` for an episode's current state, its earliest readiness and
    its earliest and latest endings (aware times), stamped with `last_change`."""
    return {
        "ready_since": naive(state.ready_since) if state.ready_since else None,
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
        "last_change_at": last_change,
        "first_ready_at": naive(first_ready) if first_ready else None,
        "latest_end_at": naive(latest_end) if latest_end else None,
        "first_end_at": naive(first_end) if first_end else None,
    }
