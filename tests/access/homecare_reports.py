"""The cases of the home care reports' routes for the access matrix: council E08000014's
reports (its broker's own; the other council's broker gets 404, an analyst reads them), and
a provider's own agencies' answers (the world offers a package to each provider's agency)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.access.world import COUNCIL, World

Call = tuple[str, dict[str, Any] | None]
C = "/broker/homecare/councils/{council_code}"


def _council(report: str) -> Callable[[World], Call]:
    return lambda w: (f"/broker/homecare/councils/{COUNCIL}/{report}", None)


REPORTS = ("capacity", "unmet", "responsiveness", "sourced-within", "waiting")
CASES: dict[tuple[str, str], Callable[[World], Call]] = {
    ("GET", f"{C}/{report}"): _council(report) for report in REPORTS
} | {
    ("GET", "/broker/homecare/my-agencies/responsiveness"): lambda w: (
        "/broker/homecare/my-agencies/responsiveness", None
    ),
}  # fmt: skip
