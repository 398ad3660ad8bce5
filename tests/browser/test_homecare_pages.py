"""The home care market pages in a real headless Chromium: Sefton's broker reads the capacity
board, unmet hours, agencies' answers, sourcing within 24/48 hours and the people waiting,
each figure as the API gives it and in words (the zone's and band's names, the gap as short
or to spare, the reasons for declining); an analyst picks a council; a provider sees only
its own agencies' answers. Screenshots at desktop width and at 390 px, which must not
scroll sideways."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import Served
from tests.browser.seed import COUNCIL, wait_for
from tests.browser.test_dashboard_in_chromium import loaded, rows, screenshot, sign_in, until
from tests.e2e.journey import ok

pytestmark = pytest.mark.browser

MEADOW, OTHER = ("provider", "P-90"), ("provider", "P-91")
BROKER = ("broker", COUNCIL)
REPORTS = f"/broker/homecare/councils/{COUNCIL}"


def agency(served: Served, who: tuple[str, str], serial: int, name: str) -> str:
    body = {
        "cqc_location_id": f"1-9100{serial}", "name": name, "provider_id": who[1],
        "council_code": COUNCIL, "zones": ["SEF-SOUTH"], "services": ["reablement"],
    }  # fmt: skip
    made = ok(served.http.post("/vacancies/agencies", json=body, headers=served.headers(*who)), 201)
    capacity = {
        "zone": "SEF-SOUTH",
        "hours": {"lunch": 5, "tea": 3},
        "available_from": str(date.today()),
    }
    url = f"/vacancies/agencies/{made['agency_id']}/capacity"
    ok(served.http.post(url, json=capacity, headers=served.headers(*who)), 201)
    return str(made["agency_id"])


@pytest.fixture(scope="module")
def market(served: Served) -> dict[str, str]:
    """Meadow Care (P-90) and Willow Care (P-91) in Crosby and Bootle; a package of one
    hour-long lunch call (7 hours a week) offered to both: Meadow declines, Willow not yet."""
    meadow = agency(served, MEADOW, 1, "Meadow Care")
    willow = agency(served, OTHER, 2, "Willow Care")
    broker = served.headers(*BROKER)
    care = {
        "calls_a_day": 1, "call_bands": ["lunch"], "minutes_a_call": 60, "service": "reablement",
        "start_on": str(date.today() + timedelta(days=2)), "zone": "SEF-SOUTH",
    }  # fmt: skip
    made = ok(served.http.post("/broker/packages", json={"care": care}, headers=broker), 201)
    url = f"/broker/packages/{made['request_id']}/offers"
    body = {"agency_ids": [meadow, willow], "offer_ids": ["m", "w"]}
    wait_for(  # once the broker's agency book has both agencies
        "the offers to be made",
        lambda: served.http.post(url, json=body, headers=broker).status_code == 200,
    )
    answer = {"accept": False, "reason": "no_staff_for_time_band"}
    ok(served.http.post(f"{url}/m/answer", json=answer, headers=served.headers(*MEADOW)))
    return {"meadow": meadow, "willow": willow, "request": str(made["request_id"])}


def both_widths(driver: WebDriver, name: str) -> None:
    """Screenshots at desktop and phone width; at 390 px nothing scrolls sideways, once the
    chart (if any) has redrawn itself to the narrower window."""
    screenshot(driver, f"broker-{name}")
    driver.set_window_size(390, 844)
    try:
        until(driver, "the chart to fit", lambda d: d.execute_script(FITS))
        wide = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert wide[0] <= wide[1], f"{name} scrolls sideways at 390 px: {wide}"
        screenshot(driver, f"broker-{name}-390")
    finally:
        driver.set_window_size(1400, 1000)


FITS = """const svg = document.querySelector("#board-chart .main-svg");
return !svg || svg.getBoundingClientRect().width <= window.innerWidth;"""


def report(served: Served, name: str) -> list[dict[str, Any]]:
    return list(ok(served.http.get(f"{REPORTS}/{name}", headers=served.headers(*BROKER))))


def open_page(
    driver: WebDriver, served: Served, who: tuple[str, str], path: str, table: str
) -> None:
    sign_in(driver, served, who, path)
    until(driver, f"{path} to load", loaded)
    until(driver, f"the {table} table", lambda d: rows(d, table))


def test_a_broker_reads_the_home_care_market_in_words(
    browser: WebDriver, served: Served, market: dict[str, str]
) -> None:
    open_page(browser, served, BROKER, "/dashboard/home-care", "board")
    [south_lunch] = [
        r for r in report(served, "capacity") if (r["zone"], r["band"]) == ("SEF-SOUTH", "lunch")
    ]
    assert south_lunch["requested"] >= 7 and south_lunch["offered"] >= 10
    shown = {(r[0], r[1]): r for r in rows(browser, "board")}
    row = shown["Crosby and Bootle", "Lunch"]
    offered, requested = (f"{south_lunch[k]:g}" for k in ("offered", "requested"))
    assert row[2:4] == [offered, requested]
    gap = south_lunch["gap"]
    assert row[4] == (f"short by {-gap:g}" if gap < 0 else f"{gap:g} to spare" if gap else "even")
    zone = browser.find_element(By.CSS_SELECTOR, "#board tbody td span[title='SEF-SOUTH']")
    assert zone.text == "Crosby and Bootle"
    answers = {r[0]: r for r in rows(browser, "responsiveness")}
    assert answers["Meadow Care"][5] == "no staff for the time band: 1"
    assert answers["Willow Care"][2] == "0"  # offered, not answered yet
    unmet = [r for r in rows(browser, "unmet") if r[1] == "Crosby and Bootle"]
    assert unmet and all(r[0].startswith("w/c ") for r in unmet)
    waiting = rows(browser, "waiting")
    assert [r[0] for r in waiting][:2] == ["0 days", "1 day"]
    assert sum(int(r[1]) for r in waiting) == sum(r["people"] for r in report(served, "waiting"))
    both_widths(browser, "home-care")


def test_an_analyst_chooses_a_council_with_home_care_zones(
    browser: WebDriver, served: Served, market: dict[str, str]
) -> None:
    open_page(browser, served, ("analyst", "ANALYST-1"), "/dashboard/home-care", "board")
    council = Select(browser.find_element(By.ID, "f-council"))
    assert [o.text for o in council.options] == ["Sefton"]
    assert council.first_selected_option.get_attribute("title") == COUNCIL


def test_a_provider_sees_only_how_its_own_agencies_answer(
    browser: WebDriver, served: Served, market: dict[str, str]
) -> None:
    open_page(browser, served, MEADOW, "/dashboard/my-agencies", "responsiveness")
    answers = rows(browser, "responsiveness")
    assert [r[0] for r in answers] == ["Meadow Care"]
    assert answers[0][1:3] == ["1", "1"] and answers[0][4] == "0 (0%)"
    both_widths(browser, "my-agencies")
