"""The episode-facts projection rebuilt from scratch, without reading its own rows back.

The live path (`EpisodeFacts.apply_batch`) inserts each batch's facts and then re-reads every
touched episode's facts to recompute its state. On a full replay nothing else writes these
tables, so the facts of each episode are kept in memory instead and written at the end in
key order, bulk-loaded (COPY / executemany), with each episode's row written once, with the
state its facts imply, kept up to date fact by fact while they come in business-time order (see
`_Episode`). Stored events are read as plain JSON where that gives the same rows
(`add_stored`, stored_rows.py). The rows come from the same functions as the live path's
(`rows_of`, `state_row`, `state_columns`, `State.apply`), so both produce the same tables;
tests/discharge compares them row by row. Each episode's census and leaving (census.py) are
counted once, from all its facts, as the live path counts them after each batch.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent
from sqlalchemy.engine import Connection

from events.delivery.bulk_replay import Decode
from events.delivery.projectors import Recorded
from events.delivery.stored_state import PlainStates
from events.platform.shadow import bulk_insert
from services.discharge.domain import timeline as t
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.projections.census import CensusRow, census_rows, leaving_row
from services.discharge.projections.facts import (
    FactRow,
    fact_of,
    profile_columns,
    rows_of,
    state_columns,
    state_row,
)
from services.discharge.projections.stored_rows import reads_state, rows_of_state
from services.discharge.projections.tables import (
    episode_census,
    episode_facts,
    episode_leavings,
    episodes,
)

FLUSH_ROWS = 20_000  # rows per bulk write: bounded buffers, few round trips


class FactsReplay:
    """Takes every published event of a set of episodes (all of each episode's events, in log
    order), then `finish` writes the episodes' rows. Partitioning by episode is safe: no row
    depends on another episode's events."""

    def __init__(self, conn: Connection, rule: PrimaryRule) -> None:
        self.conn = conn
        self.rule = rule
        self.admissions: dict[str, dict[str, Any]] = {}
        self.episodes: dict[str, _Episode] = {}
        # The recorded time of each episode's latest event after its admission: the live path
        # refreshes an episode's state only when such an event arrives, and stamps it with it.
        self.changed: dict[str, datetime] = {}
        self.states: PlainStates | None = None  # made on the first `add_stored`
        self.ids: dict[int, str] = {}  # each episode's id as text, made once

    def add(self, events: list[Recorded]) -> None:
        for event in events:
            rows = rows_of(event)
            if rows is not None:
                self._take(*rows, event.occurred_at)

    def add_stored(
        self, stored: Sequence[StoredEvent], mapper: Mapper[Any], decode: Decode
    ) -> None:
        """The same as `add` of the decoded events, reading each stored state as plain JSON
        where that gives the same rows (stored_rows.py), and decoding the others."""
        if self.states is None:
            self.states = PlainStates(mapper, reads_state)
        read = self.states.read
        for event in stored:
            oid = event.originator_id
            if type(oid) is UUID and (plain := read(event)) is not None:
                # keyed by the id's int: hashing a UUID runs Python code, an int's does not
                episode_id = self.ids.get(oid.int) or self.ids.setdefault(oid.int, str(oid))
                rows = rows_of_state(episode_id, event.originator_version, plain)
                if rows is not None:
                    self._take(*rows, plain.occurred_at)
                    continue
            if (recorded := decode(event)) is not None and (rows := rows_of(recorded)):
                self._take(*rows, recorded.occurred_at)

    def _take(self, fact: FactRow, admission: dict[str, Any] | None, occurred: datetime) -> None:
        """One event's rows; `occurred`: the event's aware time (fact[3] made naive)."""
        episode_id = fact[0]
        episode = self.episodes.get(episode_id)
        if episode is None:
            episode = self.episodes[episode_id] = _Episode()
        episode.add(fact, occurred if occurred.tzinfo is UTC else fact_of(fact).at)
        if admission is not None:
            self.admissions[episode_id] = admission
        else:
            self.changed[episode_id] = fact[4]

    def finish(self) -> None:
        """Write every fact, then every episode's row, in key order: SQLite then appends to
        each table and its keys instead of inserting all over them, and a rebuild's switch
        copies them in the same order (a third of the time, measured in the fourth pass:
        `git show 9057ea1:docs/performance.md`)."""
        ids = sorted(self.episodes)  # str order is SQLite's key order (BINARY collation)
        pending: list[FactRow] = []
        for episode_id in ids:
            pending += self.episodes[episode_id].rows
            if len(pending) >= FLUSH_ROWS:
                bulk_insert(self.conn, episode_facts, pending)
                pending = []
        bulk_insert(self.conn, episode_facts, pending)
        in_order = operator.itemgetter(*(c.name for c in episodes.columns))
        rows: list[Any] = []
        census: list[CensusRow] = []
        leavings: list[CensusRow] = []
        for episode_id in ids:
            admission = self.admissions.get(episode_id)
            if admission is None:
                continue  # facts without their admission: no row, as on the live path
            last_change = self.changed.get(episode_id)
            if last_change is not None:  # as the live path: admission, then each state refresh
                admission = admission | self.episodes[episode_id].columns(last_change)
            rows.append(in_order(admission))
            facts = self.episodes[episode_id].rows
            kinds = {row[2] for row in facts}
            if t.READY in kinds or t.ENDED in kinds:  # else never delayed, never left
                told = [fact_of(r) for r in facts]
                census += census_rows(episode_id, told, admission, self.rule)
                if (left := leaving_row(episode_id, told, admission)) is not None:
                    leavings.append(left)
            if len(rows) >= FLUSH_ROWS:
                bulk_insert(self.conn, episodes, rows)
                rows = []
            if len(census) >= FLUSH_ROWS:
                bulk_insert(self.conn, episode_census, census)
                census = []
            if len(leavings) >= FLUSH_ROWS:
                bulk_insert(self.conn, episode_leavings, leavings)
                leavings = []
        bulk_insert(self.conn, episodes, rows)
        bulk_insert(self.conn, episode_census, census)
        bulk_insert(self.conn, episode_leavings, leavings)


class _Episode:
    """One episode's fact rows as a replay reads them (in log order), and its state applied
    fact by fact while that is what `state_row` would compute from all of them: each fact
    later in business time than the ones before it (ties: recorded later; one episode's
    facts arrive in recording order) and no second ending (the ending recorded last replaces
    an earlier one, which would have to be taken back). Otherwise `state_row` at the end."""

    __slots__ = ("rows", "state", "last", "first_ready", "end", "in_order")

    def __init__(self) -> None:
        self.rows: list[FactRow] = []
        self.state = t.State()
        self.last: tuple[datetime, int] | None = None
        self.first_ready: datetime | None = None
        self.end: datetime | None = None
        self.in_order = True

    def add(self, row: FactRow, at: datetime) -> None:
        """`at`: the row's `occurred_at` as an aware UTC time (`fact_of(row).at`)."""
        self.rows.append(row)
        if not self.in_order:
            return
        key = (at, row[1])
        if (
            (self.last is not None and key < self.last)
            or (row[2] == t.ENDED and self.state.ended is not None)
            or row[2] in t.CORRECTIONS  # they change the admission's columns: state_row
        ):
            self.in_order = False
            return
        self.last = key
        fact = t.Fact(row[1], row[2], at, row[5])
        self.state.apply(fact)
        if fact.kind == t.READY and self.first_ready is None:
            self.first_ready = fact.at  # in business-time order: the earliest
        elif fact.kind == t.ENDED:
            self.end = fact.at  # the only one so far

    def columns(self, last_change: datetime) -> dict[str, Any]:
        if not self.in_order:
            facts = [fact_of(row) for row in self.rows]
            columns = state_row(facts, last_change)
            if any(f.kind in t.CORRECTIONS for f in facts):
                columns |= profile_columns(facts)
            return columns
        return state_columns(self.state, self.first_ready, self.end, self.end, last_change)
