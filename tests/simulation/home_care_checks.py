"""What a simulated fortnight's home care market must show, checked against the services'
own state (test_simulation.py runs the fortnight once and calls these)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from rich.console import Console

from services.broker.projections import homecare_capacity as cap
from services.simulation import Simulation
from services.simulation import calibration as cal
from services.simulation.summary import Summary, render


def agencies_report_capacity_for_every_zone_they_serve(sim: Simulation, s: Summary) -> None:
    partners = [a for a in sim.agencies.agencies if a.partner]
    assert 0 < len(partners) < len(sim.agencies.agencies)  # strategic partners and spot ones
    for a in sim.agencies.agencies:
        agency = sim.vacancies.app.agency(a.id)
        assert sorted(agency.capacity) == sorted(a.zones)  # the first day's reports
        for zone in a.zones:  # the agency's last report, less the hours taken up since
            report = agency.capacity[zone]
            assert report.reported_at == a.reported_at
            assert set(report.hours) <= set(a.reported[zone])
            assert all(h <= a.reported[zone][b] for b, h in report.hours.items())
    assert s.stats.capacity_reports >= sum(len(a.zones) for a in sim.agencies.agencies)
    assert s.home_care is not None
    assert set(s.home_care.free_hours) == {"SEF-NORTH", "SEF-FORMBY-MAGHULL", "SEF-SOUTH"}


def p1_packages_start_and_the_person_goes_home(sim: Simulation, s: Summary) -> None:
    rows = sim.broker.packages.council_packages(cal.COUNCIL[0])
    started = [r for r in rows if r["stage"] == "started"]
    assert len(started) == s.stats.packages_started > 0
    assert s.stats.packages_started < s.stats.packages  # some still sourcing at the end
    for row in started:
        episode = sim.discharge.app.episode(uuid.UUID(row["episode_id"]))
        assert episode.ended is not None and episode.ended[0] == "discharged"
        assert episode.pathway == "P1"
    # hours stay held only for packages held for the person and not started yet; a
    # started package's hours came off its agency's report
    held = [
        h
        for a in sim.agencies.agencies
        for h in sim.vacancies.app.agency(a.id).held.values()
        if h.status == "held"
    ]
    assert len(held) == sum(r["stage"] in ("offered", "accepted", "start_booked") for r in rows)


def agencies_answer_with_coded_reasons_and_some_are_escalated(sim: Simulation, s: Summary) -> None:
    offers = sim.broker.packages.provider_offers(None)
    assert len(offers) == s.stats.package_offers
    assert any(o["escalated"] for o in offers)  # answered late, or never
    st = s.stats
    assert st.package_offers > st.package_accepts > 0
    codes = {"no_capacity_in_zone", "no_staff_for_time_band", "no_double_handed",
             "cannot_meet_needs", "other"}  # fmt: skip
    assert set(st.package_declines) <= codes
    assert sum(st.package_declines.values()) > 0
    assert st.hours_held > 0


def sourcing_delays_carry_reason_e_for_the_councils_residents(sim: Simulation, month: str) -> None:
    """Nobody sets E by hand for the council's own residents (their ward's reasons are A, B,
    F or G): their E days come from the broker's package stages alone."""
    ret = sim.discharge.dtoc(month, "la")
    own = next(row for row in ret.rows if row.code == cal.COUNCIL[0])
    assert own.by_reason["E"] > 0
    assert all(story.code != "E" for story in cal.P1_FIRST)


def the_summary_mentions_home_care(s: Summary) -> None:
    console = Console(record=True, width=110)
    render(s, console)
    text = console.export_text()
    assert "Home care (pathway 1)" in text and "waiting for a package now" in text


def the_capacity_board_is_the_agencies_reports_less_what_they_hold(sim: Simulation) -> None:
    """The broker's board, from its own read models, against the vacancies service's
    agencies: in each zone and band, reported, held and offered agree."""
    board = sim.broker.packages.report(
        lambda conn: cap.capacity_board(conn, cal.COUNCIL[0], datetime.now(UTC), 48.0)
    )
    reported: dict[tuple[str, str], float] = defaultdict(float)
    held: dict[tuple[str, str], float] = defaultdict(float)
    offered: dict[tuple[str, str], float] = defaultdict(float)
    for a in sim.agencies.agencies:
        agency = sim.vacancies.app.agency(a.id)
        for zone, report in agency.capacity.items():
            for band, hours in report.hours.items():
                taken = agency.held_hours(zone, band)
                reported[zone, band] += hours
                held[zone, band] += taken
                offered[zone, band] += max(hours - taken, 0.0)
    rows = {(r["zone"], r["band"]): r for r in board}
    assert set(reported) <= set(rows) and sum(held.values()) > 0
    for key, row in rows.items():
        assert row["reported"] == pytest.approx(reported.get(key, 0.0), abs=0.02), key
        assert row["held"] == pytest.approx(held.get(key, 0.0), abs=0.02), key
        assert row["offered"] == pytest.approx(offered.get(key, 0.0), abs=0.02), key
