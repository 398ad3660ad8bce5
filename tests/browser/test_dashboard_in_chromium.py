"""The dashboard in a real headless Chromium against a served, seeded Carebridge: a person
signs in with the form, the escalation view shows everyone delayed, filters, follows live
changes without a reload, every page renders its data, and a write from a page carries the
session's CSRF token (screenshots in tests/artifacts/)."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from events.platform.auth import Role
from services.dashboard.pages import navigation
from tests.browser.conftest import ARTIFACTS, Served
from tests.browser.seed import COUNCIL, delayed_patient

pytestmark = pytest.mark.browser

ANALYST = ("analyst", "NHSE")
# who runs the escalation call and sees its patients by id (an analyst's rows are pseudonymised)
CALL = ("admin", "ops")
BROKER = ("broker", COUNCIL)
WAIT = 30


def until(driver: WebDriver, what: str, check: Callable[[WebDriver], Any]) -> Any:
    """`check` until it holds. A live page redraws what it shows: an element found just
    before a redraw is stale when read, which only means "look again"."""
    wait = WebDriverWait(
        driver, WAIT, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
    )
    return wait.until(check, message=f"timed out waiting for {what}")


def loaded(driver: WebDriver) -> bool:
    """The page's script finished its first load (it counts them on the body)."""
    return bool(driver.find_element(By.TAG_NAME, "body").get_attribute("data-loads"))


def sign_in(driver: WebDriver, served: Served, who: tuple[str, str], path: str = "") -> None:
    """Sign in as `who` through the form, as a person does (pasting the token), and go on to
    `path` (or the role's own page)."""
    driver.delete_all_cookies()
    driver.get(f"{served.url}/login" + (f"?next={quote(path)}" if path else ""))
    field = driver.find_element(By.ID, "token")
    field.send_keys(served.token(*who))
    field.submit()
    until(driver, "the signed-in page", lambda d: "/login" not in d.current_url)


def open_page(driver: WebDriver, served: Served, path: str, who: tuple[str, str]) -> None:
    """Open a page signed in as `who`."""
    sign_in(driver, served, who, path)
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


def tick(driver: WebDriver, name: str, value: str) -> None:
    """Choose one more value of a filter, as a person does: open its list, tick the box."""
    box = driver.find_element(By.CSS_SELECTOR, f"#f-{name}")
    if box.get_attribute("open") is None:
        box.find_element(By.TAG_NAME, "summary").click()
    until(
        driver,
        f"the {name} {value} box",
        lambda d: d.find_elements(By.CSS_SELECTOR, f"input[name={name}][value='{value}']"),
    )
    driver.find_element(By.CSS_SELECTOR, f"input[name={name}][value='{value}']").click()


def changes(driver: WebDriver) -> list[tuple[str, str]]:
    """(episode id, change) of each entry of "what changed" (none: nothing changed yet)."""
    return [
        (li.get_attribute("data-id") or "", li.get_attribute("data-change") or "")
        for li in driver.find_elements(By.CSS_SELECTOR, "#changes li[data-change]")
    ]


def live_delays(served: Served, **params: str) -> list[dict[str, Any]]:
    r = served.http.get("/discharge/live-delays", params=params, headers=served.headers(*CALL))
    assert r.status_code == 200, r.text
    return list(r.json())


def test_the_escalation_view_shows_everyone_delayed_now(browser: WebDriver, served: Served) -> None:
    open_page(browser, served, "/", CALL)
    expected = live_delays(served)
    assert len(expected) >= 12
    until(browser, "a row per delayed patient", lambda d: len(rows(d, "delays")) == len(expected))
    first = rows(browser, "delays")[0]
    longest = expected[0]
    assert first[0] == longest["episode_id"][:8]
    assert first[6].split()[0] == str(longest["days_delayed"])  # "40 21+ days": long, in words
    assert browser.find_element(By.CSS_SELECTOR, "#by-reason-chart .main-svg")
    screenshot(browser, "escalation")


def test_filtering_by_reason_changes_the_rows(browser: WebDriver, served: Served) -> None:
    open_page(browser, served, "/", ANALYST)
    everyone = live_delays(served)
    until(browser, "every row", lambda d: len(rows(d, "delays")) == len(everyone))
    only_e = live_delays(served, reason="E")
    assert 0 < len(only_e) < len(everyone)
    tick(browser, "reason", "E")
    until(browser, "the reason E rows only", lambda d: len(rows(d, "delays")) == len(only_e))
    assert {row[7] for row in rows(browser, "delays")} == {"E) Awaiting care package in own home"}
    assert "reason=E" in browser.current_url  # the filtered view can be shared
    tick(browser, "council", "E06000015")
    derby = [d for d in only_e if d["la_code"] == "E06000015"]
    until(browser, "reason E in Derby", lambda d: len(rows(d, "delays")) == len(derby))
    screenshot(browser, "escalation-filtered")
    browser.find_element(By.ID, "clear").click()
    until(browser, "every row again", lambda d: len(rows(d, "delays")) == len(everyone))
    # the call's NCTR grouping: a package awaited reads as pathway 1 though the ward said E
    on_p1 = [d for d in everyone if d["nctr_reason"] == "P1"]
    unrecorded = [d for d in only_e if all(b["vocabulary"] != "sitrep" for b in d["blockers"])]
    assert unrecorded and all(d in on_p1 for d in unrecorded)
    tick(browser, "nctr", "P1")
    until(browser, "the NCTR P1 rows", lambda d: len(rows(d, "delays")) == len(on_p1))
    assert "nctr=P1" in browser.current_url


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
    assert any(row[0] == episode[:8] and row[7].startswith("G)") for row in rows(browser, "delays"))
    assert browser.execute_script("return window.stillTheSamePage") is True


def test_changed_since_the_start_of_the_call(browser: WebDriver, served: Served) -> None:
    open_page(browser, served, "/", CALL)
    until(browser, "the rows", lambda d: len(rows(d, "delays")) == len(live_delays(served)))
    browser.find_element(By.ID, "mark-call").click()
    until(browser, "nothing changed yet", lambda d: changes(d) == [])
    episode = served.borough.episodes["RVY-103"]
    team = served.headers("discharge", "RVY")
    why = {"code": "C", "agency": "NHS"}
    r = served.http.post(f"/discharge/episodes/{episode}/reason", json=why, headers=team)
    assert r.status_code == 200, r.text
    until(browser, "the reason change", lambda d: changes(d) == [(episode, "reason changed")])
    text = browser.find_element(By.CSS_SELECTOR, "#changes li").text
    assert "from A) Awaiting completion of assessment (NHS) to C) Awaiting further" in text
    browser.find_element(By.ID, "f-changed").click()
    until(
        browser,
        "the changed patient only",
        lambda d: [r[0] for r in rows(d, "delays")] == [episode[:8]],
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
        ("returns", "/dashboard/returns", ANALYST, ["return-table"], ["return-chart"]),
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


def test_an_episodes_history_in_sentences(browser: WebDriver, served: Served) -> None:
    episode = served.borough.episodes["RTG-202"]
    open_page(browser, served, f"/dashboard/episodes/{episode}", ("discharge", "RTG"))
    assert browser.current_url.endswith(f"/dashboard/patients/{episode}")  # the old address
    lines = until(browser, "the history", lambda d: d.find_elements(By.CSS_SELECTOR, "#story li"))
    assert len(lines) >= 2
    assert all(" — " in li.text and episode not in li.text for li in lines)
    assert "RTG-202" in browser.find_element(By.ID, "facts").text
    screenshot(browser, "episode")


def test_a_placement_requests_timeline(browser: WebDriver, served: Served) -> None:
    request = served.borough.requests[0]
    open_page(browser, served, f"/dashboard/requests/{request}", BROKER)
    until(browser, "the timeline", lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline li"))
    wait_for_rows(browser, "referrals")
    assert len(rows(browser, "referrals")) == 2
    screenshot(browser, "request")


def test_a_care_home_sees_only_its_own_referrals_and_no_link_it_may_not_open(
    browser: WebDriver, served: Served
) -> None:
    provider = ("provider", "P-1")
    open_page(browser, served, "/dashboard/referrals", provider)
    wait_for_rows(browser, "referrals")
    assert [row[0] for row in rows(browser, "referrals")] == ["Home 1"]
    screenshot(browser, "provider-referrals")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "nav a")]
    # the provider's own pages only: its care homes' and its agencies' (nothing of a broker's)
    assert links[:2] == [f"{served.url}/dashboard/my-homes", f"{served.url}/dashboard/referrals"]
    assert links == [f"{served.url}{path}" for path, _ in navigation(Role.PROVIDER)]
    sign_in(browser, served, provider, "/")
    refused = browser.find_element(By.ID, "refused").text
    assert "not part of the work of a provider" in refused
    screenshot(browser, "provider-escalation-refused")


def test_the_sign_in_page_is_accessible_and_leads_to_the_roles_page(
    browser: WebDriver, served: Served
) -> None:
    browser.delete_all_cookies()
    browser.get(f"{served.url}/login")
    field = browser.find_element(By.ID, "token")
    assert field.accessible_name == "Your Carebridge token"
    assert field.get_attribute("type") == "password" and field.get_attribute("name") == "token"
    assert field.aria_role == "textbox"
    button = browser.find_element(By.CSS_SELECTOR, "#login-form button")
    assert button.accessible_name == "Sign in"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert [h.text for h in browser.find_elements(By.TAG_NAME, "h1")] == ["Sign in"]
    screenshot(browser, "sign-in")
    field.send_keys("not-a-token")
    field.submit()
    alert = until(browser, "the refusal", lambda d: d.find_element(By.CSS_SELECTOR, "[role=alert]"))
    assert "not accepted" in alert.text
    field = browser.find_element(By.ID, "token")
    assert field.get_attribute("aria-invalid") == "true"
    assert "login-message" in (field.get_attribute("aria-describedby") or "")
    screenshot(browser, "sign-in-refused")
    field.send_keys(served.token(*BROKER))
    field.submit()
    until(browser, "the broker's page", lambda d: d.current_url.endswith("/dashboard/waiting-list"))
    until(browser, "its data", loaded)
    assert browser.find_element(By.ID, "who").text == "broker · Sefton"  # its name, not code
    assert browser.find_element(By.CSS_SELECTOR, "#who abbr").get_attribute("title") == COUNCIL
    cookie = browser.get_cookie("carebridge_session")
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "carebridge_session" not in browser.execute_script("return document.cookie")
    assert served.token(*BROKER).split(".")[2] not in browser.page_source


def test_a_token_in_the_address_is_not_taken(browser: WebDriver, served: Served) -> None:
    browser.delete_all_cookies()
    browser.get(f"{served.url}/?token={served.token(*CALL)}")
    until(browser, "the sign-in form", lambda d: d.find_elements(By.ID, "token"))
    assert "token=" not in browser.current_url
    assert "no longer accepted" in browser.find_element(By.ID, "login-notice").text
    assert browser.get_cookie("carebridge_session") is None


def test_the_demos_link_signs_in_without_sending_the_token_in_an_address(
    browser: WebDriver, served: Served
) -> None:
    """`carebridge demo` prints /login#token=...: the part after # never leaves the browser;
    the page moves it into the form, drops it from the address and signs in."""
    browser.delete_all_cookies()
    browser.get(f"{served.url}/login#token={served.token(*CALL)}")
    until(browser, "the admin's page", lambda d: d.current_url == f"{served.url}/")
    until(browser, "its data", loaded)
    assert "token" not in browser.current_url
    assert browser.find_element(By.ID, "who").text == "admin · ops"


def test_a_write_from_a_page_carries_the_sessions_csrf_token(
    browser: WebDriver, served: Served
) -> None:
    open_page(browser, served, "/dashboard/referrals", ("provider", "P-9"))
    home = {
        "cqc_location_id": "1-999", "name": "Home 9", "provider_id": "P-9",
        "local_authority_code": COUNCIL, "local_authority_name": "Sefton",
        "locality": "Southport", "postcode": "PR8 1AA", "latitude": 53.6, "longitude": -3.0,
        "registered_beds": 10, "registrations": ["residential"],
        "care_categories": ["older_people"],
    }  # fmt: skip
    forged = browser.execute_async_script(
        "const done = arguments[1];"
        "fetch('/vacancies/homes', {method: 'POST', credentials: 'same-origin',"
        " headers: {'Content-Type': 'application/json'}, body: JSON.stringify(arguments[0])})"
        ".then((r) => done(r.status));",
        home,
    )
    assert forged == 403  # the cookie alone does not make a write
    made = browser.execute_async_script(
        "const done = arguments[1];"
        "Dash.api('/vacancies/homes', {method: 'POST', body: arguments[0]})"
        ".then((body) => done(body), (err) => done(String(err)));",
        home,
    )
    assert isinstance(made, dict) and made.get("home_id"), made


def test_signing_out_ends_the_session(browser: WebDriver, served: Served) -> None:
    open_page(browser, served, "/dashboard/returns", ANALYST)
    browser.find_element(By.CSS_SELECTOR, "form.signout button").click()
    notice = until(browser, "signed out", lambda d: d.find_element(By.ID, "login-notice"))
    assert notice.text == "You are signed out."
    assert browser.get_cookie("carebridge_session") is None
    browser.get(f"{served.url}/dashboard/returns")
    until(browser, "the sign-in form", lambda d: d.find_elements(By.ID, "token"))
