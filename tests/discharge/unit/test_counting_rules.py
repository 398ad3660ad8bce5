"""The worked rules of the national definitions (docs/discharge-counting.md), one by one."""

from __future__ import annotations

from services.discharge.domain.calendar import month_bounds
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.domain.returns import drd, dtoc, nctr
from tests.discharge.unit.stories import Journey

LATEST = PrimaryRule()


def delayed_days(*journeys: Journey, month: str = "2019-12") -> dict[str, int]:
    ret = dtoc([j.episode for j in journeys], month, "la", LATEST)
    return dict(ret.england.by_reason)


def test_ready_on_the_first_discharged_on_the_second_is_one_delayed_day() -> None:
    j = Journey("2019-11-20").ready("2019-12-01 09:00").reason("2019-12-01 09:00", "A")
    j.discharged("2019-12-02 15:00")
    assert delayed_days(j) == {"A": 1}


def test_discharged_on_the_ready_date_is_no_delay() -> None:
    j = Journey("2019-11-20").ready("2019-12-03 08:00").reason("2019-12-03 08:00", "E")
    j.discharged("2019-12-03 18:00")
    assert delayed_days(j) == {}
    [_, row] = drd([j.episode], "2019-12", "la", ["acute"])
    assert row["No delay"] == 1 and row["Total bed days lost due to delayed discharge"] == 0


def test_a_delay_across_a_month_end_counts_in_both_months() -> None:
    j = Journey("2019-11-01").ready("2019-11-29 10:00").reason("2019-11-29 10:00", "Dii", "Both")
    j.discharged("2019-12-03 11:00")
    assert delayed_days(j, month="2019-11") == {"Dii": 2}  # 29th and 30th
    assert delayed_days(j, month="2019-12") == {"Dii": 2}  # 1st and 2nd
    [england] = drd([j.episode], "2019-12", "la", ["acute"])[:1]
    assert england["Total discharges"] == 1 and england["4-6 day delay"] == 1  # delay of 4


def test_a_reason_change_mid_delay_splits_the_days() -> None:
    j = (
        Journey("2019-12-01")
        .ready("2019-12-05 09:00")
        .reason("2019-12-05 09:00", "A", "Social Care")
    )
    j.reason("2019-12-08 14:00", "G", "NHS").discharged("2019-12-10 10:00")
    ret = dtoc([j.episode], "2019-12", "la", LATEST)
    assert dict(ret.england.by_reason) == {"A": 3, "G": 2}  # 5,6,7 | 8,9
    assert dict(ret.england.by_agency) == {"Social Care": 3, "NHS": 2}


def test_the_reason_in_force_at_midnight_counts_for_the_day() -> None:
    j = Journey("2019-12-01").ready("2019-12-05 09:00").reason("2019-12-05 09:00", "A")
    j.reason("2019-12-05 23:59", "B").discharged("2019-12-06 10:00")
    assert delayed_days(j) == {"B": 1}


def test_deterioration_counts_nothing_and_the_ready_date_restarts() -> None:
    j = Journey("2019-12-01").ready("2019-12-02 09:00").reason("2019-12-02 09:00", "C")
    j.not_ready("2019-12-04 12:00").ready("2019-12-06 09:00").discharged("2019-12-09 10:00")
    assert delayed_days(j) == {"C": 5}  # 2, 3 | 6, 7, 8
    [england] = drd([j.episode], "2019-12", "la", ["acute"])[:1]
    assert england["Total bed days lost due to delayed discharge"] == 3  # from the 6th


def test_a_death_ends_the_count_and_is_not_a_discharge() -> None:
    j = Journey("2019-12-01").ready("2019-12-02 09:00").reason("2019-12-02 09:00", "A")
    j.died("2019-12-04 03:00")
    assert delayed_days(j) == {"A": 2}
    assert drd([j.episode], "2019-12", "la", ["acute"])[0]["Total discharges"] == 0


def test_average_per_day_is_the_monthly_total_over_the_days_in_the_month() -> None:
    j = Journey("2019-11-01").ready("2019-11-01 09:00").reason("2019-11-01 09:00", "H")
    ret = dtoc([j.episode], "2019-12", "la", LATEST)
    assert ret.england.total == 31 and ret.average_per_day(ret.england) == 1.0


def test_several_blockers_report_one_primary_reason_by_the_configured_rule() -> None:
    j = Journey("2019-12-01").ready("2019-12-02 09:00")
    j.blocker("2019-12-02 09:00", "chc", "A").blocker("2019-12-03 09:00", "home", "Dii")
    j.discharged("2019-12-05 10:00")
    assert delayed_days(j) == {"A": 1, "Dii": 2}
    earliest = dtoc([j.episode], "2019-12", "la", PrimaryRule.parse("earliest"))
    assert dict(earliest.england.by_reason) == {"A": 3}
    ranked = dtoc([j.episode], "2019-12", "la", PrimaryRule.parse("precedence:Dii,A"))
    assert dict(ranked.england.by_reason) == {"A": 1, "Dii": 2}


def test_closing_a_blocker_hands_the_day_to_the_one_still_open() -> None:
    j = Journey("2019-12-01").ready("2019-12-02 09:00")
    j.blocker("2019-12-02 09:00", "chc", "A").blocker("2019-12-03 09:00", "home", "Dii")
    j.close("2019-12-04 10:00", "home").discharged("2019-12-06 10:00")
    assert delayed_days(j) == {"A": 3, "Dii": 1}


def test_a_backdated_ready_date_counts_from_when_it_happened() -> None:
    j = Journey("2019-12-01").reason("2019-12-05 10:00", "E")
    j.discharged("2019-12-08 10:00")
    j.ready("2019-12-05 10:00")  # recorded last, happened before the discharge
    assert delayed_days(j) == {"E": 3}


def test_a_corrected_discharge_time_replaces_the_first() -> None:
    j = Journey("2019-12-01").ready("2019-12-02 09:00").reason("2019-12-02 09:00", "A")
    j.discharged("2019-12-10 10:00").discharged("2019-12-04 10:00")
    assert delayed_days(j) == {"A": 2}


def test_identities_hold_across_providers_and_las() -> None:
    a = Journey("2019-12-01", provider="R1", la="E1", name="a").ready("2019-12-02")
    a.reason("2019-12-02", "A", "Both")
    b = Journey("2019-12-01", provider="R1", la="E2", care_type="non_acute", name="b")
    b.ready("2019-12-10").reason("2019-12-10", "O", "Social Care").discharged("2019-12-20")
    by_la = dtoc([a.episode, b.episode], "2019-12", "la", LATEST)
    by_provider = dtoc([a.episode, b.episode], "2019-12", "provider", LATEST)
    e = by_la.england
    assert e.total == sum(e.by_agency.values()) == sum(e.by_care_type.values()) == 30 + 10
    assert by_provider.england.total == e.total
    assert sum(r.total for r in by_la.rows) == e.total


def test_nctr_is_discharged_plus_remaining_per_provider_per_day() -> None:
    a = Journey("2019-12-01", name="a").ready("2019-12-02 09:00").discharged("2019-12-03 12:00")
    b = Journey("2019-12-01", name="b").ready("2019-12-03 09:00")
    first, _ = month_bounds("2019-12")
    rows = nctr([a.episode, b.episode], first.replace(day=2), first.replace(day=3), ["acute"])
    counts = [
        (
            r["Date"],
            r["Number of patients discharged"],
            r["Number of patients remaining in hospital who no longer meet the criteria to reside"],
        )
        for r in rows
    ]
    assert counts == [("2019-12-02", 0, 1), ("2019-12-03", 1, 1)]


def test_a_discharge_without_a_recorded_readiness_is_a_discharge_with_no_delay() -> None:
    j = Journey("2019-12-01 08:00").discharged("2019-12-04 15:00")
    [england] = drd([j.episode], "2019-12", "la", ["acute"])[:1]
    assert england["Total discharges"] == england["No delay"] == 1
    first, _ = month_bounds("2019-12")
    [day] = nctr([j.episode], first.replace(day=4), first.replace(day=4), ["acute"])
    assert day["Number of patients discharged"] == 1
    assert day["Number of patients who no longer meet the criteria to reside"] == 1
    assert delayed_days(j) == {}


def test_the_last_thursday_snapshot_counts_patients_delayed_that_night() -> None:
    # 26 December 2019 was the last Thursday of the month
    across = (
        Journey("2019-12-20", name="a").ready("2019-12-24 10:00").reason("2019-12-24 10:00", "A")
    )
    gone = Journey("2019-12-20", name="b").ready("2019-12-24 10:00").reason("2019-12-24 10:00", "B")
    gone.discharged("2019-12-26 18:00")
    ret = dtoc([across.episode, gone.episode], "2019-12", "la", LATEST)
    assert ret.england.delayed_last_thursday == 1
