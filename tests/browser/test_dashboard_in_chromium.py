"""The dashboard in a real headless Chromium against a served, seeded Carebridge: the
escalation view shows everyone delayed, filters, follows live changes without a reload, and
every page renders its data (screenshots in tests/artifacts/)."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.conftest import ARTIFACTS, Served
from tests.browser.seed import COUNCIL, delayed_patient

pytestmark = pytest.mark.browser

ANALYST = ("analyst", "NHSE")
# who runs the escalation call and sees its patients by id (an analyst's rows are pseudonymised)
CALL = ("admin", "ops")
BROKER = ("broker", COUNCIL)
WAIT = 30


def until(driver: WebDriver, what: str, check: Callable[[WebDriver], Any]) -> Any:
    return WebDriverWait(driver, WAIT).until(check, message=f"timed out waiting for {what}")


def loaded(driver: WebDriver) -> bool:
    """The page's script finished its first load (it counts them on the body)."""
    return bool(driver.find_element(By.TAG_NAME, "body").get_attribute("data-loads"))


def open_page(driver: WebDriver, served: Served, path: str, who: tuple[str, str]) -> None:
    """Open a page signed in as `who` (the token in the URL once, as a user would)."""
    driver.get(f"{served.url}{path}{'&' if '?' in path else '?'}token={served.token(*who)}")
    until(driver, f"{path} to load its data", loaded)


def rows(driver: WebDriver, table: str) -> list[list[str]]:
    """The cells of a table's rows, read at once (the page may redraw it at any moment)."""
    return list(
        driver.execute_script(
            "return [...document.querySelectorAll(`#${arguments[0]} tbody tr`)]"
            ".map((tr) => [...tr.cells].map((td) => td.innerText.trim()));",
            table,
        )
    )


def screenshot(driver: WebDriver, name: str) -> None:
    """The whole page, however long (Chromium's DevTools protocol)."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    (ARTIFACTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def live_delays(served: Served, **params: str) -> list[dict[str, Any]]:
    r = served.http.get("/discharge/live-delays", params=params, headers=served.headers(*CALL))
    assert r.status_code == 200, r.text
    return list(r.json())


def test_the_escalation_view_shows_everyone_delayed_now(browser: WebDriver, served: Served) -> None:
    open_page(browser, served, "/", CALL)
    expected = live_delays(served)
    assert len(expected) >= 12
    until(browser, "a row per delayed patient", lambda d: len(rows(d, "delays")) == len(expected))
    assert "token=" not in browser.current_url
    first = rows(browser, "delays")[0]
    longest = expected[0]
    assert first[0] == longest["episode_id"][:8] and first[6] == str(longest["days_delayed"])
    assert browser.find_element(By.CSS_SELECTOR, "#by-reason-chart .main-svg")
    screenshot(browser, "escalation")


def test_filtering_by_reason_changes_the_rows(browser: WebDriver, served: Served) -> None:
    open_page(browser, served, "/", ANALYST)
    everyone = live_delays(served)
    until(browser, "every row", lambda d: len(rows(d, "delays")) == len(everyone))
    only_e = live_delays(served, reason="E")
    assert 0 < len(only_e) < len(everyone)
    Select(browser.find_element(By.ID, "f-reason")).select_by_value("E")
    until(browser, "the reason E rows only", lambda d: len(rows(d, "delays")) == len(only_e))
    assert {row[7] for row in rows(browser, "delays")} == {"E"}
    assert "reason=E" in browser.current_url  # the filtered view can be shared
    Select(browser.find_element(By.ID, "f-la")).select_by_value("E06000015")
    derby = [d for d in only_e if d["la_code"] == "E06000015"]
    until(browser, "reason E in Derby", lambda d: len(rows(d, "delays")) == len(derby))
    screenshot(browser, "escalation-filtered")
    browser.find_element(By.ID, "clear").click()
    until(browser, "every row again", lambda d: len(rows(d, "delays")) == len(everyone))


def test_a_newly_delayed_patient_appears_without_a_reload(
    browser: WebDriver, served: Served
) -> None:
    open_page(browser, served, "/", CALL)
    before = len(live_delays(served))
    until(browser, "every row", lambda d: len(rows(d, "delays")) == before)
    until(browser, "the live stream", lambda d: d.find_element(By.ID, "live").text == "● live")
    browser.execute_script("window.stillTheSamePage = true")
    episode = delayed_patient(
        served.http,
        served.headers,
        "RVY-LIVE-1",
        "RVY",
        (COUNCIL, "Sefton"),
        "P1",
        7,
        "G",
        "NHS",
    )
    until(browser, "the new patient's row", lambda d: len(rows(d, "delays")) == before + 1)
    assert any(row[0] == episode[:8] and row[7] == "G" for row in rows(browser, "delays"))
    assert browser.execute_script("return window.stillTheSamePage") is True


def test_changed_since_the_start_of_the_call(browser: WebDriver, served: Served) -> None:
    open_page(browser, served, "/", CALL)
    until(browser, "the rows", lambda d: len(rows(d, "delays")) == len(live_delays(served)))
    browser.find_element(By.ID, "mark-call").click()
    until(browser, "nothing changed yet", lambda d: rows(d, "delays") == [])
    episode = served.borough.episodes["RVY-103"]
    team = served.headers("discharge", "RVY")
    why = {"code": "C", "agency": "NHS"}
    r = served.http.post(f"/discharge/episodes/{episode}/reason", json=why, headers=team)
    assert r.status_code == 200, r.text
    only_that_one = [episode[:8]]
    until(
        browser, "the changed patient", lambda d: [r[0] for r in rows(d, "delays")] == only_that_one
    )
    screenshot(browser, "escalation-changed-since")


def test_every_table_downloads_as_csv(browser: WebDriver, served: Served) -> None:
    open_page(browser, served, "/", ANALYST)
    shown = len(live_delays(served))
    until(browser, "the rows", lambda d: len(rows(d, "delays")) == shown)
    link = browser.find_element(By.CSS_SELECTOR, "#delays a.csv")
    assert link.text == "Download CSV" and (link.get_attribute("download") or "").endswith(".csv")
    text = browser.execute_async_script(
        "const done = arguments[1]; fetch(arguments[0]).then((r) => r.text()).then(done);",
        link.get_attribute("href"),
    )
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == shown
    assert {"episode_id", "days_delayed", "reason", "last_change_at"} <= set(table[0])


def drawn(chart: str) -> Callable[[WebDriver], list[Any]]:
    """The points or bars plotly drew in a chart."""
    marks = f"#{chart} .main-svg .point, #{chart} .main-svg .bars path"
    return lambda driver: driver.find_elements(By.CSS_SELECTOR, marks)


def wait_for_rows(driver: WebDriver, table: str) -> None:
    until(driver, f"rows in #{table}", lambda d: rows(d, table))


@pytest.mark.parametrize(
    ("name", "path", "who", "tables", "charts"),
    [
        ("waiting-list", "/dashboard/waiting-list", BROKER, ["waiting"], []),
        ("vacancies", "/dashboard/vacancies", BROKER, ["board", "homes"], ["map", "beds-by-type"]),
        ("returns", "/dashboard/returns", ANALYST, ["dtoc"], ["by-reason-chart"]),
    ],
)
def test_each_page_renders_its_data(
    browser: WebDriver,
    served: Served,
    name: str,
    path: str,
    who: tuple[str, str],
    tables: list[str],
    charts: list[str],
) -> None:
    open_page(browser, served, path, who)
    for table in tables:
        wait_for_rows(browser, table)
    for chart in charts:
        until(browser, f"the {chart} chart", drawn(chart))
    assert not browser.find_elements(By.CSS_SELECTOR, ".error")
    screenshot(browser, name)


def test_an_episodes_timeline(browser: WebDriver, served: Served) -> None:
    episode = served.borough.episodes["RTG-202"]
    open_page(browser, served, f"/dashboard/episodes/{episode}", ("discharge", "RTG"))
    wait_for_rows(browser, "timeline")
    events = [row[1] for row in rows(browser, "timeline")]
    assert events[:2] == ["Admitted", "MarkedReady"] or "Admitted" in events[0]
    assert "RTG-202" in browser.find_element(By.ID, "episode-facts").text
    screenshot(browser, "episode")


def test_a_placement_requests_timeline(browser: WebDriver, served: Served) -> None:
    request = served.borough.requests[0]
    open_page(browser, served, f"/dashboard/requests/{request}", BROKER)
    wait_for_rows(browser, "timeline")
    wait_for_rows(browser, "referrals")
    assert len(rows(browser, "referrals")) == 2
    screenshot(browser, "request")


def test_a_care_home_sees_only_its_own_referrals_and_is_told_what_it_may_not_read(
    browser: WebDriver, served: Served
) -> None:
    provider = ("provider", "P-1")
    open_page(browser, served, "/dashboard/waiting-list", provider)
    wait_for_rows(browser, "waiting")
    assert browser.find_element(By.ID, "list-title").text == "Referrals to your homes"
    assert [row[0] for row in rows(browser, "waiting")] == ["Home 1"]
    screenshot(browser, "provider-referrals")
    open_page(browser, served, "/", provider)
    error = until(browser, "the API's refusal", lambda d: d.find_element(By.CSS_SELECTOR, ".error"))
    assert error.text.startswith("403: role provider may not do this")
    screenshot(browser, "provider-escalation-refused")
