"""A home care agency's provider at work in a real headless Chromium: on My agencies it
reads its zone's last report in words, reports new free hours by time band (double-handed
too) and confirms them as still correct; on Package offers it reads the care needed in
words, accepts one package and declines another with a reason. Each result is checked
through the API; screenshots at desktop width and at 390 px, which must not scroll
sideways."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tests.browser.accessibility import axe_violations, describe, script_errors
from tests.browser.conftest import Served
from tests.browser.seed import COUNCIL, wait_for
from tests.browser.test_dashboard_in_chromium import loaded, screenshot, sign_in, until
from tests.browser.test_homecare_pages import agency
from tests.e2e.journey import ok

pytestmark = pytest.mark.browser

OAK = ("provider", "P-92")
BROKER = ("broker", COUNCIL)


def offer(served: Served, agency_id: str, bands: list[str], minutes: int) -> str:
    """A reablement package of one call in each band, offered to the agency (offer "o")."""
    care = {
        "calls_a_day": len(bands), "call_bands": bands, "minutes_a_call": minutes,
        "service": "reablement", "start_on": str(date.today() + timedelta(days=3)),
        "zone": "SEF-SOUTH",
    }  # fmt: skip
    broker = served.headers(*BROKER)
    made = ok(served.http.post("/broker/packages", json={"care": care}, headers=broker), 201)
    url = f"/broker/packages/{made['request_id']}/offers"
    body = {"agency_ids": [agency_id], "offer_ids": ["o"]}
    answers: list[str] = []

    def made_offer() -> bool:
        answer = served.http.post(url, json=body, headers=broker)
        answers.append(f"{answer.status_code} {answer.text}")
        return answer.status_code == 200

    try:  # once the broker's agency book has the agency
        wait_for("the offer to be made", made_offer)
    except AssertionError as err:
        raise AssertionError(answers[-1]) from err
    return str(made["request_id"])


@pytest.fixture(scope="module")
def oak(served: Served) -> dict[str, str]:
    """Oak Lane Care (P-92) in Crosby and Bootle, lunch 5 and tea 3 hours free; two packages
    offered to it: morning and bed calls of 30 minutes, and one 45-minute tea call."""
    agency_id = agency(served, OAK, 3, "Oak Lane Care")
    first = offer(served, agency_id, ["morning", "bed"], 30)
    second = offer(served, agency_id, ["tea"], 45)
    return {"agency": agency_id, "first": first, "second": second}


def api(served: Served, path: str) -> Any:
    return ok(served.http.get(path, headers=served.headers(*OAK)))


def fits_at_390(driver: WebDriver, name: str) -> None:
    """With its cards and forms drawn (the axe test sees these pages empty, as P-1 has no
    agencies): no script error, no axe violation, and nothing scrolls sideways at 390 px."""
    assert not script_errors(driver)
    found = axe_violations(driver)
    assert not found, describe(found)
    screenshot(driver, f"provider-{name}")
    driver.set_window_size(390, 844)
    try:
        wide = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert wide[0] <= wide[1], f"{name} scrolls sideways at 390 px: {wide}"
        screenshot(driver, f"provider-{name}-390")
    finally:
        driver.set_window_size(1400, 1000)


def said(driver: WebDriver, line: str, words: str) -> None:
    until(driver, f"'{words}'", lambda d: words in d.find_element(By.ID, line).text)


def test_a_provider_reports_and_confirms_its_agencys_free_hours(
    browser: WebDriver, served: Served, oak: dict[str, str]
) -> None:
    a = oak["agency"]
    sign_in(browser, served, OAK, "/dashboard/agencies")
    until(browser, "the agencies", loaded)
    zone = until(
        browser, "the zone's report", lambda d: d.find_element(By.ID, f"zone-{a}-SEF-SOUTH")
    )
    assert "Crosby and Bootle" in zone.text and "Lunch 5 h, Tea 3 h" in zone.text
    assert "Up to date." in zone.text
    assert Select(browser.find_element(By.ID, f"zone-{a}")).first_selected_option.text == (
        "Crosby and Bootle"
    )
    for band, hours in {"morning": "12", "lunch": "0", "tea": "3", "bed": "4.5"}.items():
        field = browser.find_element(By.ID, f"hours-{a}-{band}")
        field.clear()
        field.send_keys(hours)
    Select(browser.find_element(By.ID, f"double-{a}")).select_by_visible_text("Yes")
    browser.find_element(By.ID, f"report-{a}").click()
    said(browser, f"said-{a}", "Free hours in Crosby and Bootle reported")
    [south] = api(served, f"/vacancies/agencies/{a}")["capacity"]
    assert south["hours"] == {"morning": 12, "lunch": 0, "tea": 3, "bed": 4.5}
    assert south["double_handed"] is True
    shown = browser.find_element(By.ID, f"zone-{a}-SEF-SOUTH").text
    assert "Morning 12 h, Tea 3 h, Bed 4.5 h" in shown and "double-handed calls staffed" in shown

    browser.find_element(By.ID, f"confirm-{a}").click()
    said(browser, f"said-{a}", "confirmed as still correct")
    [again] = api(served, f"/vacancies/agencies/{a}")["capacity"]
    assert again["reported_at"] > south["reported_at"] and again["hours"] == south["hours"]
    fits_at_390(browser, "agencies")


def test_a_provider_accepts_one_package_and_declines_another_with_a_reason(
    browser: WebDriver, served: Served, oak: dict[str, str]
) -> None:
    sign_in(browser, served, OAK, "/dashboard/package-offers")
    until(browser, "the offers", loaded)
    first, second = (f"offer-{oak[k]}-o" for k in ("first", "second"))
    card = until(browser, "the first offer", lambda d: d.find_element(By.ID, first))
    assert "Reablement in Crosby and Bootle" in card.text
    assert "2 calls a day (Morning, Bed), 30 minutes each, one carer" in card.text
    assert "left)" in card.text  # the deadline with the time left
    found = axe_violations(browser)  # the cards with their buttons and reasons, before answering
    assert not found, describe(found)
    browser.find_element(By.ID, f"decline-{oak['second']}-o").click()
    said(browser, f"said-{oak['second']}-o", "Choose a reason to decline.")
    Select(browser.find_element(By.ID, f"reason-{oak['second']}-o")).select_by_visible_text(
        "No staff for the time band"
    )
    browser.find_element(By.ID, f"decline-{oak['second']}-o").click()
    said(browser, "offers-said", "declined (no staff for the time band)")
    browser.find_element(By.ID, f"accept-{oak['first']}-o").click()
    said(browser, "offers-said", "accepted")
    until(browser, "the answered offers to leave", lambda d: not d.find_elements(By.ID, first))
    assert not browser.find_elements(By.ID, second)
    mine = {o["request_id"]: o for o in api(served, "/broker/package-offers")}
    assert mine[oak["first"]]["status"] == "accepted"
    assert mine[oak["second"]]["status"] == "declined"
    assert mine[oak["second"]]["decline_reason"] == "no_staff_for_time_band"
    fits_at_390(browser, "package-offers")
