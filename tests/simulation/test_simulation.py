"""A short simulated borough, driven through the three services' commands on the embedded
default: it replays exactly from its seed, its delays are ones the national DTOC table
allows, its returns reconcile, people get placed in care homes through the saga, and the
council's P1 residents go home with packages sourced from its agencies by zone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from events.platform.settings import Settings
from services.discharge.domain.vocabulary import DTOC_REASONS
from services.runtime import Runtime
from services.simulation import Config, Simulation
from services.simulation.clock import history_end
from services.simulation.summary import Summary, summarise
from tests.simulation.home_care_checks import (
    agencies_answer_with_coded_reasons_and_some_are_escalated,
    agencies_report_capacity_for_every_zone_they_serve,
    p1_packages_start_and_the_person_goes_home,
    sourcing_delays_carry_reason_e_for_the_councils_residents,
    the_capacity_board_is_the_agencies_reports_less_what_they_hold,
    the_summary_mentions_home_care,
)

# Long enough for placements to complete; a fixed end keeps the test independent of today.
FORTNIGHT = Config(
    seed=5, days=14, homes=10, admissions_per_day=40, end=history_end(date(2026, 3, 1))
)
MONTH = "2026-02"


def simulate(settings: Settings, config: Config) -> tuple[Simulation, Summary]:
    """Run the history; the caller closes `sim.runtime`."""
    sim = Simulation(Runtime(settings), config)
    sim.run()
    return sim, summarise(sim)


def test_the_same_seed_replays_the_same_borough(
    embedded_settings: Settings, tmp_path: Path
) -> None:
    week = replace(FORTNIGHT, days=7, admissions_per_day=20)
    again = embedded_settings.model_copy(update={"data_dir": tmp_path / "again"})
    summaries = []
    for settings in (embedded_settings, again):
        sim, summary = simulate(settings, week)
        sim.runtime.close()
        summaries.append(summary)
    assert summaries[0] == summaries[1]  # home care included: its counts and free hours
    assert summaries[0].stats.admitted > 0 and sum(summaries[0].by_reason.values()) > 0
    assert summaries[0].stats.packages_started > 0


def test_a_simulated_fortnight(embedded_settings: Settings) -> None:
    sim, summary = simulate(embedded_settings, FORTNIGHT)
    try:
        delayed_days_carry_only_reasons_and_agencies_the_national_table_allows(sim, summary)
        the_returns_identities_hold(sim)
        people_are_placed_in_care_homes_whose_beds_the_vacancies_service_marks_occupied(
            sim, summary
        )
        one_home_is_rated_inadequate_mid_run_and_some_reports_go_stale(sim, summary)
        agencies_report_capacity_for_every_zone_they_serve(sim, summary)
        p1_packages_start_and_the_person_goes_home(sim, summary)
        the_capacity_board_is_the_agencies_reports_less_what_they_hold(sim)
        agencies_answer_with_coded_reasons_and_some_are_escalated(sim, summary)
        sourcing_delays_carry_reason_e_for_the_councils_residents(sim, MONTH)
        the_summary_mentions_home_care(summary)
    finally:
        sim.runtime.close()


def delayed_days_carry_only_reasons_and_agencies_the_national_table_allows(
    sim: Simulation, summary: Summary
) -> None:
    allowed = {(r.code, a.value) for r in DTOC_REASONS for a in r.agencies}
    ret = sim.discharge.dtoc(MONTH, "la")
    assert ret.england.total > 0 and ret.england.unrecorded == 0
    assert set(ret.england.by_reason_agency) <= allowed
    assert len({code for code, _ in ret.england.by_reason_agency}) >= 6  # a mix, not one reason
    assert 0.05 < summary.stats.delayed_share < 0.3  # published: about 14%


def the_returns_identities_hold(sim: Simulation) -> None:
    totals = {}
    for by in ("la", "provider"):
        ret = sim.discharge.dtoc(MONTH, by)
        for row in (ret.england, *ret.rows):
            assert sum(row.by_reason.values()) == sum(row.by_agency.values()) == row.total
            assert sum(row.by_care_type.values()) == row.total
        assert sum(row.total for row in ret.rows) == ret.england.total
        assert len(ret.rows) > 1  # neighbouring councils' residents, several providers
        totals[by] = ret.england.total
    assert totals["la"] == totals["provider"]


def people_are_placed_in_care_homes_whose_beds_the_vacancies_service_marks_occupied(
    sim: Simulation, summary: Summary
) -> None:
    homes = [sim.vacancies.app.home(h.home_id) for h in sim.market.homes]
    occupied = sum(hold.status == "occupied" for home in homes for hold in home.holds.values())
    assert summary.stats.placements > 0
    assert occupied == summary.stats.placements
    assert summary.stats.referrals > summary.stats.referrals_accepted > 0


def one_home_is_rated_inadequate_mid_run_and_some_reports_go_stale(
    sim: Simulation, summary: Summary
) -> None:
    rated = [h for h in sim.market.homes if h.suspended]
    assert len(rated) == 1 and summary.stats.inadequate == [rated[0].spec.name]
    home = sim.vacancies.app.home(rated[0].home_id)
    assert home.rating == "inadequate" and home.is_suspended
    assert 0 < summary.stale_reports < summary.homes
