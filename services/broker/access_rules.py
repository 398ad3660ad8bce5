"""The broker service's rows of the access table (docs/access.md): a placement request is its
council's (organisation = the council's ONS code), to any other council it answers 404; a
referral is answered by the provider of the home it was sent to. A package request is its
council's as well; a package offered to a home care agency is answered by the agency's
provider, which sees only the offers made to its own agencies."""

from __future__ import annotations

from events.platform.access import ANY, PSEUDONYMISED, Rule, own, own_rows
from events.platform.auth import Role

P, B, D, A = Role.PROVIDER, Role.BROKER, Role.DISCHARGE, Role.ANALYST

REQUEST_OPEN = Rule(
    "placement request", "open (for the caller's council)", {B: own("council_code", otherwise=403)}
)
REQUEST_READ = Rule("placement request", "read, matches", {B: own("council_code")})
REQUEST_CHANGE = Rule(
    "placement request",
    "details, referrals, assessment, offers and their answers, admission, cancel",
    {B: own("council_code")},
)
REFERRAL_ANSWER = Rule("referral", "answer", {P: own("provider_id")})
# each row what an assessment needs (needs, urgency, deadline, answer, assessment), no identifiers
REFERRALS_RECEIVED = Rule(
    "referral",
    "list those sent to the caller's homes, with what an assessment needs",
    {P: own_rows("provider_id")},
)
# the home's own assessment of a person it accepted to assess
REFERRAL_ASSESS = Rule(
    "referral", "book the home's assessment, record its outcome", {P: own("provider_id")}
)
ESCALATE = Rule("referral", "escalate the overdue (the sweeper)", {})
AVAILABILITY_READ = Rule("broker's view of a home", "read", {B: ANY, A: ANY})
WAITING_LIST = Rule(
    "waiting list",
    "read",
    {B: own_rows("council_code"), D: own_rows("provider_code"), A: PSEUDONYMISED},
)
MARKET = Rule("market figures", "unmet demand", {B: ANY, A: ANY})
# a provider sees how the councils see its own homes answer
RESPONSIVENESS = Rule(
    "market figures", "responsiveness", {B: ANY, A: ANY, P: own_rows("provider_id")}
)

PACKAGE_OPEN = Rule(
    "package request", "open (for the caller's council)", {B: own("council_code", otherwise=403)}
)
PACKAGE_READ = Rule("package request", "read, agencies to offer it to", {B: own("council_code")})
PACKAGE_LIST = Rule("package request", "list the council's", {B: own_rows("council_code")})
PACKAGE_CHANGE = Rule(
    "package request",
    "care needed, offers to agencies, hours held, the person's choice, start, fall-through, cancel",
    {B: own("council_code")},
)
PACKAGE_OFFER_ANSWER = Rule("package offer", "answer", {P: own("provider_id")})
# each row what an agency needs to answer (zone, hours by band, start, deadline), no patient ids
PACKAGE_OFFERS_RECEIVED = Rule(
    "package offer", "list those made to the caller's agencies", {P: own_rows("provider_id")}
)

# What commissioners ask of the home care market, a council's at a time: counts by zone,
# band, week, agency and days waiting, no person named. Its broker sees its own council's
# (another council's answers 404), an analyst any council's.
HOMECARE_MARKET = Rule(
    "home care market",
    "capacity board, unmet hours, agencies' responsiveness, hours sourced within 24/48 "
    "hours, people waiting by days",
    {B: own("council_code"), A: ANY},
)
# a provider sees how the councils see its own agencies answer
HOMECARE_MY_AGENCIES = Rule(
    "home care market", "how the caller's own agencies answer", {P: own_rows("provider_id")}
)

RULES = [
    REQUEST_OPEN, REQUEST_READ, REQUEST_CHANGE, REFERRAL_ANSWER, REFERRALS_RECEIVED, ESCALATE,
    AVAILABILITY_READ, WAITING_LIST, MARKET, REFERRAL_ASSESS, RESPONSIVENESS,
    PACKAGE_OPEN, PACKAGE_READ, PACKAGE_LIST, PACKAGE_CHANGE, PACKAGE_OFFER_ANSWER,
    PACKAGE_OFFERS_RECEIVED, HOMECARE_MARKET, HOMECARE_MY_AGENCIES,
]  # fmt: skip
