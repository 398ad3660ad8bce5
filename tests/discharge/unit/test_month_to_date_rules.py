"""The month in progress counts only the midnights that have passed (docs/discharge-counting.md,
"The month in progress"): the counting functions given the last census that has passed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.discharge.domain.calendar import UK, Period, last_census_day, month_bounds
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.domain.returns import drd, dtoc, dtoc_agency_table, nctr, pocd
from tests.discharge.unit.stories import Journey

LATEST = PrimaryRule()
DTOC_TO_POCD = {"A": "ASSESSMENT"}


def still_delayed() -> Journey:
    """Ready on the 1st of December 2019 and never discharged."""
    return Journey("2019-11-28").ready("2019-12-01 10:00").reason("2019-12-01 10:00", "A")


# -- which midnights have passed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "counted_to"),
    [
        (datetime(2019, 12, 2, 10, 0, tzinfo=UK), date(2019, 12, 1)),
        (datetime(2019, 12, 3, 0, 0, tzinfo=UK), date(2019, 12, 2)),  # the midnight itself
        (datetime(2019, 12, 2, 23, 59, 59, tzinfo=UK), date(2019, 12, 1)),
        (datetime(2020, 7, 1, 23, 30, tzinfo=UTC), date(2020, 7, 1)),  # 00:30 BST on the 2nd
    ],
)
def test_the_last_census_passed_is_the_end_of_yesterday_in_the_uk(
    now: datetime, counted_to: date
) -> None:
    assert last_census_day(now) == counted_to


@pytest.mark.parametrize(
    ("counted_to", "status", "label", "note"),
    [
        (
            date(2026, 12, 3),
            "month to date",
            "month to date, to 2026-12-03",
            "Month to date: 1-3 December 2026",
        ),
        (
            date(2026, 12, 1),
            "month to date",
            "month to date, to 2026-12-01",
            "Month to date: 1 December 2026",
        ),
        (
            date(2026, 11, 30),  # on the 1st: the month has begun, no midnight of it has passed
            "month to date",
            "month to date, no midnight passed yet",
            "Month to date: no midnight of December 2026 has passed yet",
        ),
        (
            date(2026, 11, 29),
            "future month",
            "future month, nothing counted",
            "December 2026 has not begun: nothing is counted yet",
        ),
        (
            date(2026, 12, 31),
            "whole month",
            "whole month, 2026-12-01 to 2026-12-31",
            "Whole month: 1-31 December 2026",
        ),
        (
            date(2027, 3, 4),
            "whole month",
            "whole month, 2026-12-01 to 2026-12-31",
            "Whole month: 1-31 December 2026",
        ),
    ],
)
def test_a_period_says_which_days_it_counts(
    counted_to: date, status: str, label: str, note: str
) -> None:
    period = Period.of("2026-12", counted_to)
    assert (period.status, period.label, period.note) == (status, label, note)


def test_without_a_last_census_a_period_is_the_whole_month() -> None:
    period = Period.of("2019-12")
    assert (period.first, period.last, period.days) == (date(2019, 12, 1), date(2019, 12, 31), 31)


# -- each return, for the month in progress --------------------------------------------------


def test_on_the_second_a_patient_delayed_since_the_first_counts_one_day() -> None:
    on_the_2nd = last_census_day(datetime(2019, 12, 2, 10, 0, tzinfo=UK))
    ret = dtoc([still_delayed().episode], "2019-12", "la", LATEST, on_the_2nd)
    assert dict(ret.england.by_reason) == {"A": 1}  # the midnight of the 1st-2nd only
    assert dict(ret.england.by_agency) == {"NHS": 1}
    assert ret.period.label == "month to date, to 2019-12-01"


def test_the_same_patient_counts_the_whole_month_once_it_is_over() -> None:
    assert dtoc([still_delayed().episode], "2019-12", "la", LATEST).england.total == 31


def test_the_average_per_day_of_a_month_to_date_is_over_the_days_counted() -> None:
    ret = dtoc([still_delayed().episode], "2019-12", "la", LATEST, date(2019, 12, 4))
    assert ret.england.total == 4 and ret.average_per_day(ret.england) == 1.0
    england = dtoc_agency_table(ret)[0]  # then a row per council
    assert england["NHS average per day"] == england["Total average per day"] == 1.0


def test_a_future_month_has_nothing() -> None:
    gone = Journey("2019-11-28").ready("2019-11-29 10:00").discharged("2019-12-02 11:00")
    episodes = [still_delayed().episode, gone.episode]
    december_2nd = date(2019, 12, 1)
    january = dtoc(episodes, "2020-01", "la", LATEST, december_2nd)
    assert january.england.total == 0 and january.rows == []
    assert january.period.status == "future month"
    [england] = drd(episodes, "2020-01", "la", ["acute"], december_2nd)
    assert england["Total discharges"] == 0
    first, last = month_bounds("2020-01")
    assert nctr(episodes, first, last, ["acute"], december_2nd) == []
    assert pocd(episodes, "2020-01", LATEST, DTOC_TO_POCD, december_2nd) == []


def test_the_last_thursday_snapshot_waits_for_that_thursday() -> None:
    # 26 December 2019 was the last Thursday of the month
    before = dtoc([still_delayed().episode], "2019-12", "la", LATEST, date(2019, 12, 25))
    after = dtoc([still_delayed().episode], "2019-12", "la", LATEST, date(2019, 12, 26))
    assert before.england.delayed_last_thursday == 0
    assert after.england.delayed_last_thursday == 1


def test_drd_counts_the_discharges_of_the_days_that_are_over() -> None:
    gone = Journey("2019-11-28").ready("2019-11-29 10:00").discharged("2019-12-02 11:00")
    # at noon on the 2nd the discharge has happened, but the day it belongs to is not over
    [at_noon] = drd([gone.episode], "2019-12", "la", ["acute"], date(2019, 12, 1))[:1]
    [next_day] = drd([gone.episode], "2019-12", "la", ["acute"], date(2019, 12, 2))[:1]
    assert at_noon["Total discharges"] == 0
    assert (next_day["Total discharges"], next_day["2-3 day delay"]) == (1, 1)


def test_nctr_has_a_row_for_each_day_whose_midnight_has_passed_and_no_later() -> None:
    gone = Journey("2019-11-28", name="b").ready("2019-11-29 10:00")
    gone.discharged("2019-12-02 11:00")
    first, last = month_bounds("2019-12")
    rows = nctr([still_delayed().episode, gone.episode], first, last, ["acute"], date(2019, 12, 2))
    counts = [
        (
            r["Date"],
            r["Number of patients discharged"],
            r["Number of patients remaining in hospital who no longer meet the criteria to reside"],
        )
        for r in rows
    ]
    assert counts == [("2019-12-01", 0, 2), ("2019-12-02", 1, 1)]


def test_the_pocd_census_appears_once_its_midnight_has_passed() -> None:
    # the third Wednesday of December 2019 was the 18th
    episodes = [still_delayed().episode]
    assert pocd(episodes, "2019-12", LATEST, DTOC_TO_POCD, date(2019, 12, 17)) == []
    [row] = pocd(episodes, "2019-12", LATEST, DTOC_TO_POCD, date(2019, 12, 18))
    assert (row["Census date"], row["Number of delays"], row["Days delayed"]) == (
        "2019-12-18", 1, 18,
    )  # fmt: skip
    assert pocd(episodes, "2019-12", LATEST, DTOC_TO_POCD) == [row]
