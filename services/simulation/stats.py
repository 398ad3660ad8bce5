"""What the simulation did, counted as it went: the part of the summary the services' own
returns do not give (discharges and their delays, referrals, offers, placements, home care
packages)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Stats:
    admitted: int = 0
    discharged: int = 0  # discharged or transferred (not died), P3 placements included
    delayed_discharges: int = 0  # of those, discharged a day or more after ready
    died: int = 0
    vacancy_reports: int = 0
    requests: int = 0  # placement requests the broker worked on (P3)
    referrals: int = 0
    referrals_accepted: int = 0
    referrals_declined: int = 0
    escalated: int = 0
    offers: int = 0
    offers_declined: int = 0
    offers_failed: int = 0
    placements: int = 0
    capacity_reports: int = 0  # home care agencies' reports, a zone each
    packages: int = 0  # package requests worked on (the council's P1 residents)
    package_offers: int = 0
    package_accepts: int = 0
    package_declines: Counter[str] = field(default_factory=Counter)  # by the agency's reason
    hours_held: int = 0
    hours_refused: int = 0  # the agency's service could not hold them
    person_declines: int = 0
    fell_through: int = 0
    holds_lapsed: int = 0  # held hours let go by the sweeper: not started in time
    packages_started: int = 0  # people home with their package
    inadequate: list[str] = field(default_factory=list)  # homes rated Inadequate mid-run
    refused: Counter[str] = field(default_factory=Counter)  # commands a service refused

    @property
    def delayed_share(self) -> float:
        return self.delayed_discharges / self.discharged if self.discharged else 0.0
