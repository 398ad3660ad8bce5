"""What the feed's cancellations do to the figures: a withdrawn admission is counted nowhere,
a cancelled discharge leaves the patient in hospital again, an unknown LA is in no LA row."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.discharge.bootstrap import Discharge
from services.discharge.domain.timeliness import NCTR_REMAINING
from services.discharge.feed.apply import Feed
from tests.discharge.feed.conftest import fixture

NOW = datetime(2013, 3, 1, tzinfo=UTC)
DAYS = (date(2013, 2, 11), date(2013, 2, 14))


def _remaining(discharge: Discharge) -> int:
    rows = discharge.nctr(*DAYS, now=NOW)
    return sum(r[NCTR_REMAINING] for r in rows if r["Code"] == "RRV")


def _ready(discharge: Discharge) -> None:
    episode_id, _ = discharge.app.locate("RRV", "123412341234")
    admitted = discharge.app.episode(episode_id).admitted_at
    discharge.app.mark_ready(episode_id, pathway="P1", occurred_at=admitted + timedelta(hours=1))


def test_a_withdrawn_admission_is_counted_nowhere_and_a_readmission_counts_again(
    discharge: Discharge, feed: Feed
) -> None:
    feed.handle(fixture("uclh/CancelAdmit/01_A01.txt"))
    _ready(discharge)
    assert _remaining(discharge) == 4  # ready at 24:00 on each of the four days
    feed.handle(fixture("uclh/CancelAdmit/02_A11.txt"))
    assert _remaining(discharge) == 0
    feed.handle(fixture("uclh/CancelAdmit/03_A01.txt"))
    assert _remaining(discharge) == 0  # the new stay is not ready: nothing carried over
    _ready(discharge)
    assert _remaining(discharge) == 4


def test_a_cancelled_discharge_counts_the_patient_in_hospital_again(
    discharge: Discharge, feed: Feed
) -> None:
    feed.handle(fixture("uclh/CancelDischarge/03_A03.txt"))
    _ready(discharge)
    assert _remaining(discharge) == 0  # discharged on the first day
    feed.handle(fixture("uclh/CancelDischarge/04_A13.txt"))
    assert _remaining(discharge) == 4


def test_an_unknown_la_is_in_no_la_row_but_in_the_providers(
    discharge: Discharge, feed: Feed
) -> None:
    feed.handle(fixture("uclh/CancelAdmit/01_A01.txt"))
    _ready(discharge)
    by_la = discharge.dtoc("2013-02", "la", now=NOW)
    by_provider = discharge.dtoc("2013-02", "provider", now=NOW)
    assert [r.code for r in by_la.rows] == []
    assert [r.code for r in by_provider.rows] == ["RRV"]


def test_the_api_admits_a_withdrawn_reference_again_as_a_new_stay(
    discharge: Discharge, feed: Feed
) -> None:
    feed.handle(fixture("uclh/CancelAdmit/01_A01.txt"))
    feed.handle(fixture("uclh/CancelAdmit/02_A11.txt"))
    at = datetime(2013, 2, 12, 9, tzinfo=UTC)
    episode, new = discharge.app.admit(
        reference="123412341234",
        provider_code="RRV",
        provider_name="",
        site="",
        ward="AMU",
        care_type="acute",
        la_code="E09000007",
        la_name="Camden",
        nhs_number=None,
        occurred_at=at,
    )
    assert new and not episode.withdrawn
    assert (episode.admitted_at, episode.ward) == (at, "AMU")
