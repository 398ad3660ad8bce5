"""The commissioners' home care reports, counted by hand from the week told in
tests/broker/homecare_story.py (read its table first), on the embedded default."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from events.platform.settings import Settings
from services.broker.projections import homecare_capacity as cap
from services.broker.projections import homecare_timeliness as tim
from services.runtime import Runtime
from tests.broker.homecare_story import NOW, SEFTON, Story, T, tell, uk_monday

FRESH = 48.0


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    """The week told once for the module, on the embedded default (as conftest's
    embedded_settings: no ambient CAREBRIDGE_* variable reaches it)."""
    with pytest.MonkeyPatch.context() as env:
        for key in list(os.environ):
            if key.startswith("CAREBRIDGE_") and not key.startswith("CAREBRIDGE_TEST_"):
                env.delenv(key)
        cipher = os.environ.get("CAREBRIDGE_TEST_CIPHER_KEY")
        data = tmp_path_factory.mktemp("homecare")
        settings = Settings(_env_file=None, data_dir=data, cipher_key=cipher)  # type: ignore[call-arg]
    rt = Runtime(settings, ("vacancies", "broker"))
    yield tell(rt)
    rt.close()


def board(story: Story, council: str | None = SEFTON) -> dict[tuple[str, str], dict[str, Any]]:
    rows = story.broker.packages.report(lambda conn: cap.capacity_board(conn, council, NOW, FRESH))
    return {(r["zone"], r["band"]): r for r in rows}


def figures(row: dict[str, Any], *names: str) -> tuple[Any, ...]:
    return tuple(row[n] for n in names)


def test_the_board_counts_hours_offered_requested_and_the_gap_by_zone_and_band(
    story: Story,
) -> None:
    rows = board(story)
    names = ("reported", "held", "offered", "stale", "requested", "gap", "agencies")
    # North 1's 20 less K1's 3.5 taken up, plus North 2's 10; K2's 3.5 held; North 4 suspended
    assert figures(rows["SEF-NORTH", "morning"], *names) == (26.5, 3.5, 23, 13, 3.5, 19.5, 2)
    assert figures(rows["SEF-NORTH", "bed"], *names) == (6.5, 3.5, 3, 3, 3.5, -0.5, 1)
    assert figures(rows["SEF-NORTH", "tea"], *names) == (4, 0, 4, 0, 5.25, -1.25, 1)
    assert figures(rows["SEF-SOUTH", "lunch"], *names) == (5, 0, 5, 0, 7, -2, 1)
    assert figures(rows["SEF-FORMBY-MAGHULL", "bed"], "offered", "requested", "gap") == (0, 0, 0)
    assert rows["SEF-NORTH", "tea"]["zone_name"] == "North Sefton (Southport)"
    assert len(rows) == 3 * 4  # every zone of Sefton, every band


def test_the_boards_totals_are_the_agencies_reports_less_the_hours_held(story: Story) -> None:
    rows = board(story)
    # what the vacancies service itself says each agency has free (its report less held)
    free: dict[tuple[str, str], float] = {}
    for agency_id in story.agencies.values():
        agency = story.vac.app.agency(agency_id)
        if agency.suspended_for(SEFTON):
            continue
        for zone, report in agency.capacity.items():
            for band in report.hours:
                free[zone, band] = free.get((zone, band), 0) + agency.free_hours(zone, band)
    for key, hours in free.items():
        assert rows[key]["offered"] == pytest.approx(hours), key
    assert sum(r["offered"] for r in rows.values()) == pytest.approx(sum(free.values()))
    assert sum(r["reported"] - r["held"] for r in rows.values()) == pytest.approx(35)


def test_an_analyst_sees_every_councils_board_and_a_council_none_of_anothers(
    story: Story,
) -> None:
    assert board(story, None)["SEF-NORTH", "morning"]["offered"] == 23
    assert all(r["offered"] == 0 for r in board(story, "E08000012").values())


def test_unmet_hours_are_the_unsourced_requests_by_zone_and_week(story: Story) -> None:
    rows = story.broker.packages.report(lambda conn: cap.unmet_hours(conn, SEFTON))
    found = {(r["zone"], r["week"]): (r["requests"], r["hours"]) for r in rows}
    assert found == {
        ("SEF-NORTH", uk_monday(T).isoformat()): (1, 7),  # K3 (K2 is held, K1 started)
        ("SEF-SOUTH", uk_monday(T).isoformat()): (1, 7),  # K4
        ("SEF-NORTH", uk_monday(NOW - timedelta(hours=2)).isoformat()): (1, 5.25),  # K5
    }


def test_agencies_responsiveness_counts_answers_times_and_reasons_in_words(
    story: Story,
) -> None:
    rows = story.broker.packages.report(lambda conn: tim.agency_responsiveness(conn, SEFTON, None))
    found = {r["name"]: r for r in rows}
    names = ("offers", "answered", "median_hours_to_answer", "accepted", "accept_rate")
    assert figures(found["North 1"], *names) == (2, 2, 17.0, 2, 1.0)  # 4h and 30h
    assert figures(found["North 2"], *names) == (2, 2, 2.0, 0, 0.0)
    assert found["North 2"]["declined_by_reason"] == {
        "cannot staff double-handed calls": 1,
        "no staff for the time band": 1,
    }
    assert figures(found["South 3"], *names, "escalated", "unanswered") == (
        1, 0, None, 0, None, 1, 1,
    )  # fmt: skip
    assert "North 4" not in found  # never offered anything


def test_a_provider_sees_only_its_own_agencies_answers(story: Story) -> None:
    rows = story.broker.packages.report(lambda conn: tim.agency_responsiveness(conn, None, "P-2"))
    assert [r["name"] for r in rows] == ["North 2"]


def test_packages_sourced_within_24_and_48_hours_of_readiness(story: Story) -> None:
    rows = story.broker.packages.report(lambda conn: tim.sourced_within(conn, SEFTON, NOW))
    # K1 in 5 hours, K2 in 31, K3 and K4 not yet; K5 is under 48 hours old, K6 cancelled
    assert [figures(r, "week", "packages", "within_24h", "within_48h", "not_sourced")
            for r in rows] == [(uk_monday(T).isoformat(), 4, 1, 2, 2)]  # fmt: skip
    assert figures(rows[0], "share_24h", "share_48h") == (0.25, 0.5)


def test_people_waiting_at_the_home_care_stage_by_days(story: Story) -> None:
    rows = story.broker.packages.report(lambda conn: tim.waiting_by_days(conn, SEFTON, NOW))
    found = {r["days"]: figures(r, "people", "in_hospital", "at_home", "hours") for r in rows}
    assert found["0 days"] == (1, 1, 0, 5.25)  # K5
    assert found["7 to 13 days"] == (3, 2, 1, 21)  # K2, K3 (at home), K4
    assert sum(r["people"] for r in rows) == 4
    assert [r["days"] for r in rows][-1] == "21 days or more"
