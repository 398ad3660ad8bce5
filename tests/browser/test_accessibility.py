"""Every page each role can open, in Chromium, as that role: its scripts raise no error,
axe-core reports no serious or critical violation, and at 390 px the page does not scroll
sideways (screenshots of both widths in tests/artifacts/)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.accessibility import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe,
    script_errors,
    sideways_overflow,
    widest_elements,
)
from tests.browser.conftest import Served
from tests.browser.seed import COUNCIL
from tests.browser.test_dashboard_in_chromium import open_page, screenshot

pytestmark = pytest.mark.browser

PEOPLE = [
    ("provider", "P-1"),
    ("broker", COUNCIL),
    ("discharge", "RVY"),
    ("escalation", "QYG"),
    ("analyst", "NHSE"),
    ("admin", "ops"),
]


def pages_of(browser: WebDriver, served: Served, who: tuple[str, str]) -> list[str]:
    """The role's navigation, and the detail pages it reaches by a link (an episode of its
    trust, a request of its council)."""
    open_page(browser, served, "", who)
    nav = browser.find_elements(By.CSS_SELECTOR, "header nav a")
    paths = [str(a.get_attribute("href")).removeprefix(served.url) for a in nav]
    role = who[0]
    if role in ("discharge", "admin"):
        rvy = next(e for ref, e in served.borough.episodes.items() if ref.startswith("RVY"))
        paths.append(f"/dashboard/patients/{rvy}")
    if role in ("broker", "admin") and served.borough.requests:
        paths.append(f"/dashboard/requests/{served.borough.requests[0]}")
    if role in ("broker", "analyst", "admin"):
        paths.append(f"/dashboard/care-homes/{served.borough.homes[0]}")
    return paths


@pytest.mark.parametrize("who", PEOPLE, ids=[role for role, _ in PEOPLE])
def test_every_page_of_each_role_passes_axe_and_fits_a_phone(
    browser: WebDriver, served: Served, who: tuple[str, str]
) -> None:
    problems = []
    try:
        for path in pages_of(browser, served, who):
            browser.set_window_size(*DESKTOP)
            open_page(browser, served, path, who)
            name = f"a11y-{who[0]}-{path.strip('/').replace('/', '-')[:40] or 'home'}"
            screenshot(browser, name)
            errors = script_errors(browser)
            if errors:
                problems.append(f"{path} as {who[0]}: script errors {errors}")
            found = axe_violations(browser)
            if found:
                problems.append(f"{path} as {who[0]}:\n{describe(found)}")
            browser.set_window_size(*PHONE)
            browser.refresh()
            open_page(browser, served, path, who)
            over = sideways_overflow(browser)
            if over > 0:
                problems.append(
                    f"{path} as {who[0]} scrolls {over}px sideways at 390 px: "
                    f"{widest_elements(browser)}"
                )
            screenshot(browser, f"{name}-390")
    finally:
        browser.set_window_size(*DESKTOP)
    assert not problems, "\n\n".join(problems)
