"""The discharge team's workspace and the escalation call in a real Chromium, through the pages
only: a team imports a patient from its tracker file, finds them by reference, marks them
ready and opens a blocker, and the ICB's escalation call sees them with that reason; the call
filters by two trusts and sorts by length; another trust's patients never appear. Each page
is also checked at 390 px (no sideways scroll) with screenshots in tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import Served
from tests.browser.seed import COUNCIL
from tests.browser.test_dashboard_in_chromium import (
    loaded,
    open_page,
    rows,
    screenshot,
    sign_in,
    tick,
    until,
)

pytestmark = pytest.mark.browser

TEAM = ("discharge", "RVY")
OTHER_TEAM = ("discharge", "RTG")
CALL = ("escalation", "QYG")  # the ICB of RVY, REM and Sefton
UK = ZoneInfo("Europe/London")
HEADER = "episode_id,at,event,provider_code,provider_name,la_code,la_name,care_type,ward"
# another trust of the same ICB, with its own delays (reference, days ready, reason)
REM = [("REM-501", 4, "A"), ("REM-502", 15, "Dii"), ("REM-503", 30, "E")]


@pytest.fixture(scope="module", autouse=True)
def liverpool(served: Served) -> Iterator[None]:
    """Delayed patients at REM, beside the seed's RVY and RTG ones."""
    team = served.headers("discharge", "REM")
    now = datetime.now(UTC)
    for reference, days, reason in REM:
        body = {
            "reference": reference, "provider_code": "REM", "provider_name": "Liverpool",
            "ward": "Ward 2", "care_type": "acute", "la_code": "E08000012", "la_name": "Liverpool",
            "admitted_at": (now - timedelta(days=days + 3)).isoformat(),
        }  # fmt: skip
        made = served.http.post("/discharge/episodes", json=body, headers=team)
        assert made.status_code == 201, made.text
        episode = made.json()["episode_id"]
        ready = {"pathway": "P1", "occurred_at": (now - timedelta(days=days)).isoformat()}
        r = served.http.post(f"/discharge/episodes/{episode}/ready", json=ready, headers=team)
        assert r.status_code == 200, r.text
        why = {"code": reason, "agency": "Social Care", "occurred_at": ready["occurred_at"]}
        r = served.http.post(f"/discharge/episodes/{episode}/reason", json=why, headers=team)
        assert r.status_code == 200, r.text
    yield


WIDER = """return [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5)
  .map((e) => `${e.tagName}#${e.id} ${Math.round(e.getBoundingClientRect().right)}px`);"""


def phone(driver: WebDriver, name: str) -> None:
    """The page again at 390 px: a screenshot, and no sideways scroll."""
    driver.set_window_size(390, 844)
    try:
        driver.refresh()
        until(driver, "the page at 390 px", loaded)
        screenshot(driver, f"{name}-390")
        wide = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        wider = driver.execute_script(WIDER)  # what sticks out, to say so
        assert wide[0] <= wide[1], f"{name} scrolls sideways at 390 px: {wide} {wider}"
    finally:
        driver.set_window_size(1400, 1000)


def patients(driver: WebDriver) -> list[list[str]]:
    """The rows of My patients (not its group headings)."""
    return [r for r in rows(driver, "patients") if len(r) > 1]


def tracker(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "tracker.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return str(path)


def check_and_import(driver: WebDriver, file: str) -> None:
    driver.find_element(By.ID, "file").send_keys(file)
    driver.find_element(By.ID, "check").click()


def test_a_team_marks_a_patient_ready_and_the_escalation_call_sees_the_reason(
    browser: WebDriver, served: Served, tmp_path: Path
) -> None:
    admitted = (datetime.now(UK) - timedelta(days=6)).strftime("%Y-%m-%d 09:00")
    line = f"RVY-9001,{admitted},admitted,RVY,Aintree,{COUNCIL},Sefton,acute,Ward 4"
    open_page(browser, served, "/dashboard/import", TEAM)
    check_and_import(browser, tracker(tmp_path, line))
    until(
        browser,
        "the report",
        lambda d: "every row can be imported" in d.find_element(By.ID, "summary").text,
    )
    button = browser.find_element(By.ID, "import")
    assert button.is_enabled() and button.text == "Import 1 row"
    screenshot(browser, "workspace-import-checked")
    button.click()
    until(browser, "the import", lambda d: "Imported" in d.find_element(By.ID, "written").text)
    phone(browser, "workspace-import")

    sign_in(browser, served, TEAM)  # the team's landing page: My patients
    until(browser, "My patients", lambda d: urlparse(d.current_url).path == "/dashboard/patients")
    until(browser, "its patients", lambda d: patients(d))
    screenshot(browser, "workspace-my-patients-all")
    browser.find_element(By.ID, "q").send_keys("9001")
    until(browser, "the one patient", lambda d: [r[0] for r in patients(d)] == ["RVY-9001"])
    assert "Not ready yet" in patients(browser)[0][3]
    browser.find_element(By.LINK_TEXT, "RVY-9001").click()
    until(
        browser,
        "the patient's page",
        lambda d: "/dashboard/patients/" in d.current_url and loaded(d),
    )
    until(browser, "the facts", lambda d: "RVY-9001" in d.find_element(By.ID, "facts").text)
    episode = browser.current_url.rsplit("/", 1)[1]

    drd = (datetime.now(UK) - timedelta(days=3)).date().isoformat()
    browser.execute_script(
        "arguments[0].value = arguments[1]", browser.find_element(By.ID, "ready-date"), drd
    )
    Select(browser.find_element(By.ID, "ready-pathway")).select_by_value("P1")
    browser.find_element(By.CSS_SELECTOR, "#ready-form button[type=submit]").click()
    until(
        browser, "marked ready", lambda d: "Marked ready" in d.find_element(By.ID, "outcome").text
    )
    until(browser, "the DRD", lambda d: "(3 days)" in d.find_element(By.ID, "facts").text)
    assert browser.find_element(By.ID, "not-ready-form").is_displayed()
    Select(browser.find_element(By.ID, "blocker-reason")).select_by_value("E")
    Select(browser.find_element(By.ID, "blocker-agency")).select_by_value("Social Care")
    Select(browser.find_element(By.ID, "blocker-owner")).select_by_value(COUNCIL)
    Select(browser.find_element(By.ID, "blocker-team")).select_by_visible_text("Social work team")
    browser.find_element(By.CSS_SELECTOR, "#blocker-form button[type=submit]").click()
    until(
        browser,
        "the blocker",
        lambda d: any("E) Awaiting care package" in r[0] for r in rows(d, "blockers")),
    )
    [blocker] = rows(browser, "blockers")
    assert blocker[2] == "Sefton · Social work team" and blocker[4] == "Close"
    story = browser.find_element(By.ID, "story").text
    assert "Marked ready for discharge on P1 home with support" in story
    assert "Blocker opened: E) Awaiting care package in own home (Social Care), for Sefton" in story
    screenshot(browser, "workspace-patient")
    phone(browser, "workspace-patient")

    browser.get(f"{served.url}/dashboard/patients?q=RVY-9001")
    until(browser, "the list", lambda d: [r[0] for r in patients(d)] == ["RVY-9001"])
    [row] = patients(browser)
    assert (
        row[3] == "Ready to go"
        and row[5] == "3"
        and row[6] == "E) Awaiting care package in own home"
    )
    screenshot(browser, "workspace-my-patients")
    phone(browser, "workspace-my-patients")

    open_page(browser, served, "/", CALL)
    seen = until(
        browser,
        "the patient on the call's view",
        lambda d: [r for r in rows(d, "delays") if r[0] == episode[:8]],
    )
    assert seen[0][6] == "3" and seen[0][7] == "E) Awaiting care package in own home"
    assert seen[0][8] == "P1"  # the NCTR reason read from E (its title on hover)
    assert seen[0][10] == "Sefton"  # the organisation that must act, by name


def test_an_escalation_user_filters_by_two_trusts_and_sorts_by_length(
    browser: WebDriver, served: Served
) -> None:
    open_page(browser, served, "/", CALL)
    until(browser, "the rows", lambda d: len(rows(d, "delays")) > 3)
    tick(browser, "trust", "RVY")
    tick(browser, "trust", "REM")
    trusts = {
        "Southport and Ormskirk Hospital NHS Trust (since July 2023 part of RBN)",
        "Liverpool University Hospitals NHS Foundation Trust",
    }
    until(browser, "the two trusts' rows", lambda d: {r[1] for r in rows(d, "delays")} == trusts)
    assert "trust=REM&trust=RVY" in browser.current_url
    sort = browser.find_element(By.CSS_SELECTOR, "#delays button.sort[data-key=days_delayed]")
    sort.click()  # longest first already: now shortest first
    days = lambda d: [int(r[6].split()[0]) for r in rows(d, "delays")]  # noqa: E731
    until(
        browser, "shortest first", lambda d: days(d) == sorted(days(d)) and days(d)[0] < days(d)[-1]
    )
    header = browser.find_element(By.CSS_SELECTOR, "#delays th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    assert "sort=days_delayed&dir=asc" in browser.current_url  # the address keeps the order
    browser.find_element(By.CSS_SELECTOR, "#delays button.sort[data-key=days_delayed]").click()
    until(browser, "longest first", lambda d: days(d) == sorted(days(d), reverse=True))
    longest = rows(browser, "delays")[0]
    assert longest[6].endswith(" 21+ days")  # a long stay says so in words, not colour alone
    Select(browser.find_element(By.ID, "f-group")).select_by_value("trust")
    until(
        browser,
        "a heading per trust",
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#delays tr.group")) == 2,
    )
    screenshot(browser, "workspace-escalation-two-trusts")
    shared = browser.current_url
    assert "sort" not in shared and "group=trust" in shared  # longest first: the usual order
    browser.get(shared)  # the address keeps the view
    until(
        browser,
        "the same view",
        lambda d: {r[1] for r in rows(d, "delays") if len(r) > 1} == trusts,
    )
    phone(browser, "workspace-escalation")


def test_another_trusts_patients_never_appear_on_the_teams_pages(
    browser: WebDriver, served: Served, tmp_path: Path
) -> None:
    open_page(browser, served, "/dashboard/patients", OTHER_TEAM)
    until(browser, "RTG's patients", lambda d: patients(d))
    assert {r[0].split("-")[0] for r in patients(browser)} == {"RTG"}
    assert "RVY" not in browser.find_element(By.ID, "patients").text
    browser.find_element(By.ID, "q").send_keys("RVY-10")
    until(
        browser,
        "no RVY patient",
        lambda d: "No patient's reference contains" in d.find_element(By.ID, "patients").text,
    )
    rvy = served.borough.episodes["RVY-103"]
    open_page(browser, served, f"/dashboard/patients/{rvy}", OTHER_TEAM)
    until(browser, "the refusal", lambda d: "404" in d.find_element(By.ID, "facts").text)
    assert "RVY-103" not in browser.page_source
    phone(browser, "workspace-other-trust")

    admitted = (datetime.now(UK) - timedelta(days=2)).strftime("%Y-%m-%d 09:00")
    own = f"RTG-9002,{admitted},admitted,RTG,Derby,E06000015,Derby,acute,Ward 1"
    theirs = f"RVY-9003,{admitted},admitted,RVY,Aintree,{COUNCIL},Sefton,acute,Ward 1"
    open_page(browser, served, "/dashboard/import", OTHER_TEAM)
    check_and_import(browser, tracker(tmp_path, own, theirs))
    until(browser, "the report", lambda d: rows(d, "report"))
    assert rows(browser, "report") == [
        ["3", "RVY-9003", "provider_code", "is not RTG, the trust you import for"]
    ]
    assert not browser.find_element(By.ID, "import").is_enabled()
    screenshot(browser, "workspace-import-refused")
    admin = served.headers("admin", "ops")
    everyone = served.http.get("/discharge/episodes?reference=900", headers=admin).json()
    assert not {e["reference"] for e in everyone} & {"RTG-9002", "RVY-9003"}  # nothing written
