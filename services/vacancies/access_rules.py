"""The vacancies service's rows of the access table (docs/access.md): care homes are public
(every broker searches every home), so another provider's home answers 403; a bed hold is
its council's and its home's, so to anyone else it answers 404."""

from __future__ import annotations

from events.platform.access import ANY, Rule, own, own_rows
from events.platform.auth import Role

P, B, D, E, A = Role.PROVIDER, Role.BROKER, Role.DISCHARGE, Role.ESCALATION, Role.ANALYST
PROVIDERS_OWN = own("provider_id", otherwise=403)

HOME_REGISTER = Rule("care home", "register", {P: PROVIDERS_OWN})
HOME_READ = Rule("care home", "read", {P: PROVIDERS_OWN, B: ANY, D: ANY, A: ANY})
HOME_CHANGE = Rule("care home", "change details, close", {P: PROVIDERS_OWN})
HOME_RATE = Rule("care home", "record a CQC rating", {})
# Each council decides for its own placements, at any home (wherever the home is): naming
# another council is refused. A suspension for every council is the CQC's (Inadequate) or an
# admin's.
HOME_COMMISSION = Rule(
    "care home",
    "suspend or resume placements (for the caller's council)",
    {B: own("council_code", otherwise=403)},
)
VACANCY_REPORT = Rule("vacancy report", "report free beds", {P: PROVIDERS_OWN})
HOLD_RESERVE = Rule("bed hold", "reserve a bed (for the caller's council)", {B: ANY})
HOLD_ACT = Rule(
    "bed hold",
    "release, occupy",
    {B: own("reserved_by"), P: own("provider_id")},
)
# a provider's own homes with their figures, for it to confirm or correct
HOMES_OWN = Rule("care home", "list the caller's own, with free beds", {P: own_rows("provider_id")})
VACANCIES_SEARCH = Rule("vacancies", "search, board", {B: ANY, D: ANY, E: ANY, A: ANY})

RULES = [
    HOME_REGISTER, HOME_READ, HOME_CHANGE, HOME_RATE, HOME_COMMISSION, VACANCY_REPORT,
    HOLD_RESERVE, HOLD_ACT, VACANCIES_SEARCH, HOMES_OWN,
]  # fmt: skip

# Home care agencies: public to the councils' brokers like care homes (another provider's
# agency answers 403); an agency's provider reports and confirms its own capacity only.
AGENCY_REGISTER = Rule("home care agency", "register", {P: PROVIDERS_OWN})
AGENCY_READ = Rule("home care agency", "read", {P: PROVIDERS_OWN, B: ANY, A: ANY})
AGENCY_CAPACITY = Rule(
    "agency capacity", "report free hours, confirm them as still correct", {P: PROVIDERS_OWN}
)
AGENCY_COMMISSION = Rule(
    "home care agency",
    "suspend or resume packages (for the caller's council)",
    {B: own("council_code", otherwise=403)},
)
AGENCIES_SEARCH = Rule("agency capacity", "search by zone and time band", {B: ANY, A: ANY})
# a provider's own agencies with their capacity, for it to report or confirm
AGENCIES_OWN = Rule(
    "home care agency", "list the caller's own, with capacity", {P: own_rows("provider_id")}
)

RULES += [AGENCY_REGISTER, AGENCY_READ, AGENCY_CAPACITY, AGENCY_COMMISSION, AGENCIES_SEARCH]
RULES += [AGENCIES_OWN]
