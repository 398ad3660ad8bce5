"""The DTOC and DRD returns served from the maintained census equal the ones recomputed from
the facts, cell by cell, on every published fixture month (and the months its delays spill
into), by LA and by provider, for a month in progress at any day and for a month long over,
under each primary-reason rule; and a rebuild from the log leaves the same census rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from events.delivery.inprocess import InProcessBus
from events.platform.settings import Settings
from services.discharge.bootstrap import Discharge
from services.discharge.domain.calendar import month_bounds
from tests.discharge.census_parity import cells, census_rows, differences, served
from tests.discharge.published_months import published_rows
from tests.discharge.rebuild_parity import _episode_ids, record_history

LA_ROWS = [r for r in published_rows() if r.la_code != "-"]
MONTHS = sorted({r.month for r in LA_ROWS})


def neighbours(month: str) -> list[str]:
    """The month before, the month itself and the month after."""
    year, mon = (int(x) for x in month.split("-"))
    before = f"{year - (mon == 1)}-{(mon - 2) % 12 + 1:02d}"
    after = f"{year + (mon == 12)}-{mon % 12 + 1:02d}"
    return [before, month, after]


@pytest.fixture(params=["latest", "earliest", "precedence:G,Dii,E"])
def counted(request: pytest.FixtureRequest, embedded_settings: Settings) -> Iterator[Discharge]:
    settings = embedded_settings.model_copy(update={"primary_reason_rule": request.param})
    service = Discharge(settings, InProcessBus())
    yield service
    service.close()


def second_dtoc_reasons(discharge: Discharge) -> None:
    """Every seventh episode gains a second England reason beside its own (G, NHS), half
    way through its stay: then the rules choose differently."""
    now = datetime.now(UTC)
    for n, episode_id in enumerate(_episode_ids(discharge)):
        episode = discharge.app.episode(episode_id)
        if n % 7 or episode.withdrawn or episode.ended is None:
            continue
        at = episode.admitted_at + (episode.ended[1] - episode.admitted_at) / 2
        episode.open_blocker(
            blocker_id=f"choice-{episode_id}",
            vocabulary="dtoc",
            code="G",
            agency="NHS",
            owner_org="RX1",
            owner_team="patient choice",
            occurred_at=at,
            now=now,
        )
        discharge.app.save(episode)


def still_delayed(discharge: Discharge) -> None:
    """A few patients of each fixture month ready and never discharged: open delays, one
    given its reason only a week later."""
    for n, month in enumerate(MONTHS):
        first, _ = month_bounds(month)
        for i in range(3):
            at = datetime(first.year, first.month, 5 + i, 9, tzinfo=UTC)
            episode, _ = discharge.app.admit(
                reference=f"open-{month}-{i}",
                provider_code="RX1",
                provider_name="Trust RX1",
                site="",
                ward="AMU",
                care_type=("acute", "non_acute")[i % 2],
                la_code=LA_ROWS[n].la_code,
                la_name=LA_ROWS[n].la_name,
                nhs_number=None,
                occurred_at=at,
            )
            now = datetime.now(UTC)
            episode.mark_ready(pathway="P3", occurred_at=at + timedelta(days=i), now=now)
            episode.set_delay_reason(
                vocabulary="dtoc",
                code="Dii",
                agency="Social Care",
                blocker_id=f"open-{month}-{i}",
                occurred_at=at + timedelta(days=i + 7 * (i == 2)),
                now=now,
            )
            discharge.app.save(episode)


def test_every_fixture_month_served_from_the_census_equals_the_recomputation(
    counted: Discharge, tmp_path: Path
) -> None:
    record_history(counted, tmp_path, authorities=len(LA_ROWS))
    second_dtoc_reasons(counted)
    still_delayed(counted)
    months = sorted({m for month in MONTHS for m in neighbours(month)})
    assert differences(counted, months) == []
    # and the census is not empty: the published totals come back from it
    for month in MONTHS:
        ret = served(counted, month, "la", month_bounds(month)[1])
        assert ret.england.total >= sum(r.total for r in LA_ROWS if r.month == month)


def test_a_rebuild_leaves_the_same_census_rows_and_returns(
    discharge: Discharge, tmp_path: Path
) -> None:
    record_history(discharge, tmp_path, authorities=len(LA_ROWS))
    second_dtoc_reasons(discharge)
    still_delayed(discharge)
    discharge.facts.batch_size = 89  # batch boundaries inside episodes
    discharge.facts.catch_up()
    live = census_rows(discharge)
    census = live["episode_census"]
    assert len(census) > 500 and any(row[2] is None for row in census)  # some still open
    assert len(live["episode_leavings"]) > 500
    returns = {m: cells(served(discharge, m, "provider", month_bounds(m)[1])) for m in MONTHS}
    for workers in (1, 2):
        discharge.facts.rebuild(workers=workers)
        assert census_rows(discharge) == live
    assert discharge.rebuild() > 0  # as `carebridge rebuild discharge` does
    assert census_rows(discharge) == live
    assert {m: cells(served(discharge, m, "provider", month_bounds(m)[1])) for m in MONTHS} == (
        returns
    )


def test_a_service_started_with_another_rule_counts_the_census_again(
    embedded_settings: Settings, tmp_path: Path
) -> None:
    first = Discharge(embedded_settings, InProcessBus())
    record_history(first, tmp_path, authorities=1)
    second_dtoc_reasons(first)
    month = LA_ROWS[0].month
    latest = served(first, month, "la", month_bounds(month)[1])
    first.close()
    settings = embedded_settings.model_copy(update={"primary_reason_rule": "earliest"})
    again = Discharge(settings, InProcessBus())
    try:
        assert differences(again, [month]) == []
        earliest = served(again, month, "la", month_bounds(month)[1])
        assert earliest.england.by_reason != latest.england.by_reason  # the rule mattered
    finally:
        again.close()
