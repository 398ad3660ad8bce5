"""The discharge service's rows of the access table (docs/access.md): an episode is its
trust's (organisation = the trust's ODS code), to any other trust it answers 404; an ICB's
escalation call (organisation = the ICB's code) sees the live delays of its trusts and councils
with their ids, to act on them, but opens no episode; the returns are published statistics,
for every trust and ICB."""

from __future__ import annotations

from events.platform.access import ANY, PSEUDONYMISED, Rule, area_rows, own, own_rows
from events.platform.auth import Role

B, D, E, A = Role.BROKER, Role.DISCHARGE, Role.ESCALATION, Role.ANALYST

EPISODE_ADMIT = Rule("episode", "admit", {D: own("provider_code", otherwise=403)})
EPISODE_READ = Rule("episode", "read (patient-level)", {D: own("provider_code")})
EPISODE_CHANGE = Rule(
    "episode", "ready, reasons, blockers, assessments, steps, end", {D: own("provider_code")}
)
EPISODE_RESIDENCE = Rule(
    "episode", "complete or correct the council of residence", {D: own("provider_code")}
)
LIVE_DELAYS = Rule(
    "live delays",
    "read",
    {
        D: own_rows("provider_code"),
        B: own_rows("la_code"),
        E: area_rows("provider_code", "la_code"),
        A: PSEUDONYMISED,
    },
)
RETURNS = Rule("returns", "read (published aggregates)", {D: ANY, E: ANY, A: ANY})

RULES = [EPISODE_ADMIT, EPISODE_READ, EPISODE_CHANGE, EPISODE_RESIDENCE, LIVE_DELAYS, RETURNS]
