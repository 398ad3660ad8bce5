"""A stay the EPR feed admitted without a council of residence: its page says so and the team
chooses the council there; from then on it is on that council's list of delays. Screenshots
at desktop width and 390 px in tests/artifacts/."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import Served
from tests.browser.seed import COUNCIL
from tests.browser.test_dashboard_in_chromium import loaded, open_page, screenshot, until
from tests.browser.test_discharge_workspace import phone
from tests.discharge.fhir.encounters import encounter

pytestmark = pytest.mark.browser

TEAM = ("discharge", "RVY")


def sefton_delays(served: Served) -> list[str]:
    rows = served.http.get("/discharge/live-delays", headers=served.headers("broker", COUNCIL))
    return [row["episode_id"] for row in rows.json()]


def test_the_team_completes_the_council_the_feed_did_not_send(
    browser: WebDriver, served: Served
) -> None:
    now = datetime.now(UTC)
    body = encounter("EPR-LA-1", "RVY", start=(now - timedelta(days=4)).isoformat())
    team = served.headers(*TEAM)
    made = served.http.post(
        "/discharge/fhir/Encounter",
        content=json.dumps(body),
        headers=team | {"Content-Type": "application/fhir+json"},
    )
    assert made.status_code == 201, made.text
    episode = made.json()["id"]
    ready = {"pathway": "P1", "occurred_at": (now - timedelta(days=1)).isoformat()}
    assert served.http.post(f"/discharge/episodes/{episode}/ready", json=ready, headers=team)
    assert episode not in sefton_delays(served)

    open_page(browser, served, f"/dashboard/patients/{episode}", TEAM)
    until(
        browser,
        "the facts",
        lambda d: loaded(d) and "EPR-LA-1" in d.find_element(By.ID, "facts").text,
    )
    notice = browser.find_element(By.ID, "residence-unknown")
    until(browser, "the notice", lambda d: notice.is_displayed())
    assert "counts in no council's figures" in notice.text
    assert "unknown: to complete" in browser.find_element(By.ID, "facts").text
    screenshot(browser, "council-to-complete")
    phone(browser, "council-to-complete")

    Select(browser.find_element(By.ID, "residence-council")).select_by_value(COUNCIL)
    browser.find_element(By.CSS_SELECTOR, "#residence-form button[type=submit]").click()
    until(browser, "the saved council", lambda d: "Sefton" in d.find_element(By.ID, "outcome").text)
    until(browser, "the facts again", lambda d: "Sefton" in d.find_element(By.ID, "facts").text)
    assert not browser.find_element(By.ID, "residence-unknown").is_displayed()
    story = browser.find_element(By.ID, "story").text
    assert "Council of residence: Sefton" in story
    screenshot(browser, "council-completed")
    assert episode in sefton_delays(served)
