"""The discharge team sees which stays the trust's EPR sent (a FHIR Encounter here) and which
were typed in: My patients marks the feed's "from the EPR feed", the patient's page says where
the stay was recorded from. Screenshots at desktop width and 390 px in tests/artifacts/."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.conftest import Served
from tests.browser.test_dashboard_in_chromium import loaded, open_page, screenshot, until
from tests.browser.test_discharge_workspace import patients, phone
from tests.discharge.fhir.encounters import encounter

pytestmark = pytest.mark.browser

TEAM = ("discharge", "RVY")


def test_my_patients_marks_the_stays_the_epr_feed_sent(browser: WebDriver, served: Served) -> None:
    admitted = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    body = encounter("RVY-FHIR-1", "RVY", start=admitted, ward="Ward 12")
    made = served.http.post(
        "/discharge/fhir/Encounter",
        content=json.dumps(body),
        headers=served.headers(*TEAM) | {"Content-Type": "application/fhir+json"},
    )
    assert made.status_code == 201, made.text

    open_page(browser, served, "/dashboard/patients?q=RVY-", TEAM)
    until(browser, "the feed's patient", lambda d: any("RVY-FHIR-1" in r[0] for r in patients(d)))
    by_reference = {r[0].split()[0]: r[0] for r in patients(browser)}
    assert "from the EPR feed" in by_reference["RVY-FHIR-1"]
    typed = [text for ref, text in by_reference.items() if ref != "RVY-FHIR-1"]
    assert typed and not any("from the EPR feed" in text for text in typed)
    marker = browser.find_element(By.CSS_SELECTOR, "#patients .from-feed")
    assert marker.get_attribute("title") == "Admitted from the trust's FHIR Encounters"
    screenshot(browser, "feed-marker-my-patients")
    phone(browser, "feed-marker-my-patients")

    browser.find_element(By.LINK_TEXT, "RVY-FHIR-1").click()
    until(browser, "the patient's page", lambda d: "/dashboard/patients/" in d.current_url)
    until(
        browser,
        "the facts",
        lambda d: loaded(d) and "RVY-FHIR-1" in d.find_element(By.ID, "facts").text,
    )
    facts = browser.find_element(By.ID, "facts").text
    assert "Recorded from\nThe EPR feed (FHIR Encounters)" in facts
    screenshot(browser, "feed-marker-patient")
    phone(browser, "feed-marker-patient")
