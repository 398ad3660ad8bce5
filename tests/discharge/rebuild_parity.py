"""Shared by the fast-rebuild parity tests (SQLite and PostgreSQL): a realistic discharge log,
and every row of the projection's tables for comparing one build with another."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from services.discharge.bootstrap import Discharge
from services.discharge.importer import import_rows, rows
from services.discharge.projections.tables import (
    episode_census,
    episode_facts,
    episode_leavings,
    episodes,
    positions,
)
from tests.discharge.published_months import journeys, published_rows, write_tracker
from tests.readmodel_rows import every_row


def record_history(discharge: Discharge, tmp_path: Path, authorities: int = 3) -> int:
    """Import the journeys behind a few published LA months, then give every fifth
    episode a ward blocker and an assessment (closed on some): all eight published kinds."""
    picked = [r for r in published_rows() if r.la_code != "-"][:authorities]
    tracker = write_tracker(tmp_path / "history.csv", [x for r in picked for x in journeys(r)])
    report = import_rows(discharge.app, rows(tracker))
    assert report.errors == []
    now = datetime.now(UTC)
    extra = 0
    for n, episode_id in enumerate(_episode_ids(discharge)):
        if n % 5:
            continue
        episode = discharge.app.episode(episode_id)
        if f"ward-{episode_id}" in episode.blockers or episode.withdrawn:  # recorded again
            continue
        stay = (episode.ended[1] if episode.ended else now) - episode.admitted_at
        at = episode.admitted_at + stay / 3  # before any ending: an ended stay can be amended
        episode.open_blocker(
            blocker_id=f"ward-{episode_id}",
            vocabulary="sitrep",
            code="TTO",
            agency=None,
            owner_org="RX1",
            owner_team="pharmacy",
            occurred_at=at,
            now=now,
        )
        episode.progress_assessment(
            assessment_id=f"a-{episode_id}",
            kind="therapy",
            stage="requested",
            occurred_at=at,
            now=now,
        )
        if n % 2:
            episode.close_blocker(
                blocker_id=f"ward-{episode_id}", occurred_at=at + stay / 3, now=now
            )
        if n % 3 == 0:  # the hospital feed's corrections that leave every figure as it was
            episode.move(site=episode.site, ward="ward 7", occurred_at=at, now=now)
            episode.update_details(ward="ward 7b", occurred_at=at, now=now)
            episode.move(site=episode.site, ward="ward 9", occurred_at=at, now=now)
            episode.cancel_move(occurred_at=at, now=now)
            if episode.ended is not None:
                kind, ended_at = episode.ended
                episode.cancel_ending(occurred_at=ended_at, now=now)
                episode.end(kind=kind, occurred_at=ended_at, now=now)
        discharge.app.save(episode)
        extra += 1
    _withdrawn_twice(discharge, now)
    return discharge.app.recorder.max_notification_id() or 0


def _withdrawn_twice(discharge: Discharge, now: datetime) -> None:
    """An admission cancelled, admitted again and cancelled again: counted nowhere."""
    details = dict(site="", ward="AMU", care_type="acute", la_code="E08000012")
    details |= dict(la_name="Liverpool", nhs_number=None)
    _, existing = discharge.app.locate("REM", "CANCELLED-1")
    if existing is not None:
        return
    at = datetime(2019, 11, 2, 10, tzinfo=UTC)
    episode, _ = discharge.app.admit(
        reference="CANCELLED-1", provider_code="REM", provider_name="", occurred_at=at, **details
    )
    episode.withdraw(occurred_at=at, now=now)
    episode.readmit(occurred_at=at, now=now, **details)
    episode.mark_ready(pathway="P3", occurred_at=at, now=now)
    episode.withdraw(occurred_at=at, now=now)
    discharge.app.save(episode)


def _episode_ids(discharge: Discharge) -> list[Any]:
    ids, start = [], 0
    while notes := discharge.app.outbox.select_notifications(start, 1000, inclusive_of_start=False):
        ids += [n.originator_id for n in notes if n.originator_version == 1]
        start = notes[-1].id
    return ids


def snapshot(discharge: Discharge) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the projection's tables, in key order."""
    return every_row(
        discharge.engine, (episodes, episode_facts, episode_census, episode_leavings, positions)
    )
