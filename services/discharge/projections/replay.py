"""The episode-facts projection rebuilt from scratch, without reading its own rows back.

The live path (`EpisodeFacts.apply_batch`) inserts each batch's facts and then re-reads every
touched episode's facts to recompute its state. On a full replay nothing else writes these
tables, so the facts of each episode are kept in memory instead, fact rows are bulk-loaded as
they come (COPY / executemany) and each episode's row is written once, at the end, with the
state its facts imply. The rows come from the same functions as the live path's (`rows_of`,
`state_row`), so both produce the same tables; tests/discharge compares them row by row.
"""

from __future__ import annotations

import operator
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from events.delivery.projectors import Recorded
from events.platform.shadow import bulk_insert
from services.discharge.domain.timeline import Fact
from services.discharge.projections.facts import FactRow, fact_of, rows_of, state_row
from services.discharge.projections.tables import episode_facts, episodes

FLUSH_ROWS = 20_000  # fact rows buffered before one bulk write: bounded memory, few round trips


class FactsReplay:
    """Takes every published event of a set of episodes (all of each episode's events, in log
    order), then `finish` writes the episodes' rows. Partitioning by episode is safe: no row
    depends on another episode's events."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.pending: list[FactRow] = []
        self.admissions: dict[str, dict[str, Any]] = {}
        self.facts: dict[str, list[Fact]] = {}
        # The recorded time of each episode's latest event after its admission: the live path
        # refreshes an episode's state only when such an event arrives, and stamps it with it.
        self.changed: dict[str, datetime] = {}

    def add(self, events: list[Recorded]) -> None:
        for event in events:
            rows = rows_of(event)
            if rows is None:
                continue
            fact, admission = rows
            episode_id = fact[0]
            self.pending.append(fact)
            self.facts.setdefault(episode_id, []).append(fact_of(fact))
            if admission is not None:
                self.admissions[episode_id] = admission
            else:
                self.changed[episode_id] = fact[4]
        if len(self.pending) >= FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        bulk_insert(self.conn, episode_facts, self.pending)
        self.pending = []

    def finish(self) -> None:
        self._flush()
        in_order = operator.itemgetter(*(c.name for c in episodes.columns))
        rows = []
        for episode_id, admission in self.admissions.items():
            last_change = self.changed.get(episode_id)
            if last_change is not None:  # as the live path: admission, then each state refresh
                admission = admission | state_row(self.facts[episode_id], last_change)
            rows.append(in_order(admission))
        for i in range(0, len(rows), FLUSH_ROWS):
            bulk_insert(self.conn, episodes, rows[i : i + FLUSH_ROWS])
