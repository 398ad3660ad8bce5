"""The home care part of the end-of-run summary: the agencies' free hours by zone as the
vacancies service has them now (reported less held), the package requests still waiting
by zone as the broker service lists them, and what the simulation counted on the way."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.table import Table

from services.simulation import calibration as cal
from services.simulation.simulation import Simulation
from services.simulation.stats import Stats

OPEN = ("needs_details", "sourcing", "hold_pending", "offered", "accepted", "start_booked")


@dataclass(frozen=True)
class HomeCareSummary:
    agencies: int
    partners: int
    free_hours: dict[str, float]  # by zone, every band: the last reports less the hours held
    waiting: dict[str, int]  # package requests not started nor cancelled, by zone


def summarise_home_care(sim: Simulation) -> HomeCareSummary:
    free: dict[str, float] = {}
    for a in sim.agencies.agencies:
        agency = sim.vacancies.app.agency(a.id)
        for zone, report in agency.capacity.items():
            for band, hours in report.hours.items():
                spare = max(hours - agency.held_hours(zone, band), 0.0)
                free[zone] = free.get(zone, 0.0) + spare
    waiting = Counter(
        str(row["zone"] or "care not yet recorded")
        for row in sim.broker.packages.council_packages(cal.COUNCIL[0])
        if row["stage"] in OPEN
    )
    return HomeCareSummary(
        agencies=len(sim.agencies.agencies),
        partners=sum(a.partner for a in sim.agencies.agencies),
        free_hours={z: round(h, 1) for z, h in sorted(free.items())},
        waiting=dict(sorted(waiting.items())),
    )


def home_care_table(hc: HomeCareSummary, st: Stats) -> Table:
    table = Table(title=f"Home care (pathway 1), {cal.COUNCIL[1]}'s agencies", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    declines = ", ".join(f"{k} {v}" for k, v in st.package_declines.most_common()) or "-"
    free = ", ".join(f"{z} {h:g}" for z, h in hc.free_hours.items()) or "-"
    waiting = ", ".join(f"{z} {n}" for z, n in hc.waiting.items()) or "none"
    rows = [
        ("agencies (strategic partners)", f"{hc.agencies} ({hc.partners})"),
        ("capacity reports (a zone each)", st.capacity_reports),
        ("hours a week free now by zone (reported less held)", free),
        ("package requests worked / started (home)", f"{st.packages} / {st.packages_started}"),
        ("waiting for a package now, by zone", waiting),
        ("offers to agencies / accepted", f"{st.package_offers} / {st.package_accepts}"),
        ("declined by agencies", declines),
        ("hours held / refused by the agency's service",
         f"{st.hours_held} / {st.hours_refused}"),
        ("declined by the person / fell through", f"{st.person_declines} / {st.fell_through}"),
        ("held hours lapsed (not started in time)", st.holds_lapsed),
    ]  # fmt: skip
    for label, value in rows:
        table.add_row(label, str(value))
    return table
