"""The end-of-run summary, read back from the services (their returns and queries) beside
what the simulation counted, with the published figures it is calibrated to.

Nothing in it depends on the wall clock: the same seed on the same day prints the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.console import Console
from rich.table import Table

from services.broker.projections.queries import WaitingFilter
from services.discharge.domain.vocabulary import DTOC_REASONS
from services.discharge.projections.queries import LiveFilter
from services.simulation import calibration as cal
from services.simulation.clock import uk_day
from services.simulation.homecare_summary import (
    HomeCareSummary,
    home_care_table,
    summarise_home_care,
)
from services.simulation.simulation import Simulation
from services.simulation.stats import Stats


@dataclass(frozen=True)
class Summary:
    seed: int
    first_day: date
    last_day: date
    homes: int
    beds: int
    beds_free: int
    stale_reports: int
    delayed_now: int
    waiting_for_placement: int
    month: str
    by_reason: dict[str, int]
    by_agency: dict[str, int]
    home_care: HomeCareSummary | None  # None where the runtime does not drive home care
    stats: Stats


def summarise(sim: Simulation) -> Summary:
    end = sim.end
    stale = end - timedelta(hours=sim.broker.settings.vacancy_fresh_hours)
    free = stale_count = 0
    for home in sim.market.homes:
        state = sim.vacancies.app.home(home.home_id)
        free += sum(state.available_beds(end).values())
        stale_count += state.last_reported_at is None or state.last_reported_at < stale
    last_day = uk_day(end) - timedelta(days=1)
    month = f"{last_day:%Y-%m}"
    dtoc = sim.discharge.dtoc(month, "la").england
    return Summary(
        seed=sim.config.seed,
        first_day=sim.first_day,
        last_day=last_day,
        homes=len(sim.market.homes),
        beds=sum(h.spec.registered_beds for h in sim.market.homes),
        beds_free=free,
        stale_reports=stale_count,
        delayed_now=len(sim.discharge.live(LiveFilter(min_days=1), now=end)),
        waiting_for_placement=len(sim.broker.waiting_list(WaitingFilter())),
        month=month,
        by_reason={r.code: dtoc.by_reason[r.code] for r in DTOC_REASONS},
        by_agency=dict(sorted(dtoc.by_agency.items())),
        home_care=summarise_home_care(sim) if sim.home_care else None,
        stats=sim.stats,
    )


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def render(s: Summary, console: Console) -> None:
    st = s.stats
    borough = Table(
        title=f"Simulated borough, seed {s.seed}: {s.first_day} to {s.last_day}",
        show_header=False,
    )
    borough.add_column("what")
    borough.add_column("value", justify="right")
    rows = [
        ("care homes / registered beds", f"{s.homes} / {s.beds}"),
        ("beds free now (reported, less holds)", s.beds_free),
        ("homes whose vacancy report is stale", s.stale_reports),
        ("homes rated Inadequate during the run", ", ".join(st.inadequate) or "-"),
        ("episodes (admitted)", st.admitted),
        ("discharged / died", f"{st.discharged} / {st.died}"),
        ("discharged a day or more after ready", f"{_share(st.delayed_discharges, st.discharged)}"
         f" (published ~{cal.PUBLISHED_DELAYED_SHARE:.0%})"),
        ("delayed now (ready, still in hospital)", s.delayed_now),
        ("placement requests worked / waiting now", f"{st.requests} / {s.waiting_for_placement}"),
        ("referrals sent / accepted / declined", f"{st.referrals} / {st.referrals_accepted} / "
         f"{st.referrals_declined}"),
        ("referrals escalated (no answer in time)", st.escalated),
        ("offers / declined by family / bed gone", f"{st.offers} / {st.offers_declined} / "
         f"{st.offers_failed}"),
        ("placements made (admitted to a home)", st.placements),
        ("vacancy reports", st.vacancy_reports),
    ]  # fmt: skip
    for label, value in rows:
        borough.add_row(label, str(value))
    console.print(borough)
    if s.home_care is not None:
        console.print(home_care_table(s.home_care, st))
    total = sum(s.by_reason.values())
    published = sum(cal.PUBLISHED_ENGLAND_2019_12.values())
    reasons = Table(title=f"Delayed days in {s.month} by DTOC reason (the return, by LA)")
    for name in ("reason", "days", "share", "England Dec 2019"):
        reasons.add_column(name, justify="left" if name == "reason" else "right")
    for reason in DTOC_REASONS:
        days = s.by_reason[reason.code]
        england = cal.PUBLISHED_ENGLAND_2019_12[reason.code]
        reasons.add_row(reason.title, str(days), _share(days, total), _share(england, published))
    reasons.add_row("Total", str(total), "", "")
    agencies = ", ".join(f"{a} {n} ({_share(n, total)})" for a, n in s.by_agency.items())
    console.print(reasons)
    console.print(f"By agency: {agencies or '-'}")
    if st.refused:
        refused = ", ".join(f"{k} {v}" for k, v in sorted(st.refused.items()))
        console.print(f"Commands the services refused (expected, e.g. a home suspended): {refused}")
