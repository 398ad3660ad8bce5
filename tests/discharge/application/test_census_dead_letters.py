"""No stored event may stop the census: a readiness an older build let through with the year
9999 (no midnight after it can be counted: the day after 31 December 9999 does not exist) is
set aside as the episode-facts projection's dead letter, and every other episode is counted,
live and after a rebuild alike."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from services.discharge.bootstrap import Discharge
from services.discharge.importer import import_rows, rows
from tests.discharge.census_parity import census_rows, differences, served
from tests.discharge.published_months import journeys, published_rows, write_tracker

FAR = datetime(9999, 12, 31, 23, tzinfo=UTC)


def poisoned_log(discharge: Discharge, tmp_path: Path) -> str:
    """Derby's published month, then one more patient made ready in the year 9999 straight
    into the store (the domain's rules with a clock at that time, not today's)."""
    derby = next(r for r in published_rows() if r.la_name == "Derby")
    assert import_rows(discharge.app, rows(write_tracker(tmp_path / "d.csv", journeys(derby))))
    episode, _ = discharge.app.admit(
        reference="TYPO-9999", provider_code="RX1", provider_name="Trust RX1", site="",
        ward="AMU", care_type="acute", la_code="E06000015", la_name="Derby", nhs_number=None,
        occurred_at=datetime(2019, 12, 2, 9, tzinfo=UTC),
    )  # fmt: skip
    episode.mark_ready(pathway="P1", occurred_at=FAR, now=FAR)
    discharge.app.save(episode)
    return str(episode.id)


def letters(discharge: Discharge) -> list[tuple[str, str, str]]:
    with discharge.engine.connect() as conn:
        found = discharge.dead_letters.of(conn, "episode-facts")
    return [(x.event_type, x.aggregate_id, x.stream) for x in found]


def test_an_event_no_census_can_hold_is_set_aside_and_the_rest_counted(
    discharge: Discharge, tmp_path: Path
) -> None:
    poisoned = poisoned_log(discharge, tmp_path)
    ret = served(discharge, "2019-12", "la", datetime(2019, 12, 31).date())
    assert [(r.code, r.total) for r in ret.rows] == [("E06000015", 357)]
    assert letters(discharge) == [("discharge.BecameReady", poisoned, "own-log")]
    assert differences(discharge, ["2019-12"]) == []
    live = census_rows(discharge)
    assert discharge.rebuild() > 0
    assert census_rows(discharge) == live
    assert letters(discharge) == [("discharge.BecameReady", poisoned, "own-log")]
