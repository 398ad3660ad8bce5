"""The access rules of the discharge team's worklist routes (entrypoints/api_worklist.py): a
trust's team lists and finds its own patients and imports its own tracker; the escalation
call's "what changed since" reads the same rows as the live delays list."""

from __future__ import annotations

from events.platform.access import PSEUDONYMISED, Rule, area_rows, own_rows
from events.platform.auth import Role

B, D, E, A = Role.BROKER, Role.DISCHARGE, Role.ESCALATION, Role.ANALYST

EPISODE_LIST = Rule(
    "episodes", "list and find by reference (patient-level)", {D: own_rows("provider_code")}
)
TRACKER_IMPORT = Rule(
    "tracker import", "check, import (rows of the caller's trust)", {D: own_rows("provider_code")}
)
LIVE_CHANGES = Rule(
    "live delays",
    "what changed since (business time)",
    {
        D: own_rows("provider_code"),
        B: own_rows("la_code"),
        E: area_rows("provider_code", "la_code"),
        A: PSEUDONYMISED,
    },
)

RULES = [EPISODE_LIST, TRACKER_IMPORT, LIVE_CHANGES]
