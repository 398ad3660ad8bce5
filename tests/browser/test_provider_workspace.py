"""A care home provider's morning in a real headless Chromium, through the pages only: it
lands on its homes, confirms one home's figures as still correct and corrects a free-bed
figure of another; on its referrals it accepts one (and books and records the home's
assessment), declines another with a coded reason, and sees an overdue one said in words.
The APIs then show the new state. Another provider's home and referral, seeded beside them,
appear nowhere. Screenshots at desktop width and at 390 px, which must not scroll sideways."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from events.platform.auth import Role
from services.dashboard.pages import navigation
from tests.browser.conftest import Served
from tests.browser.seed import COUNCIL, wait_for
from tests.browser.test_dashboard_in_chromium import loaded, rows, screenshot, sign_in, until
from tests.e2e.journey import ok

pytestmark = pytest.mark.browser

PROVIDER, OTHER = ("provider", "P-70"), ("provider", "P-80")
NEEDS = {
    "registration": "nursing", "care_category": "dementia", "funding": "council",
    "specialisms": ["dementia_nursing"], "urgency": "urgent",
}  # fmt: skip


@dataclass
class Morning:
    oak: str  # the provider's homes
    elm: str
    ash: str  # never reported
    birch: str  # the other provider's
    first: str  # a request referred to Oak, Elm and Birch
    late: str  # a request referred to Oak a day and more ago: overdue
    refs: dict[tuple[str, str], str]  # (request, home) -> referral id


def home(served: Served, who: tuple[str, str], serial: int, name: str, report: bool = True) -> str:
    body = {
        "cqc_location_id": f"1-7700{serial}", "name": name, "provider_id": who[1],
        "local_authority_code": COUNCIL, "local_authority_name": "Sefton",
        "locality": "Formby", "postcode": "L37 1AA", "latitude": 53.56, "longitude": -3.06,
        "registered_beds": 12, "registrations": ["nursing", "residential"],
        "care_categories": ["dementia", "older_people"],
    }  # fmt: skip
    made = ok(served.http.post("/vacancies/homes", json=body, headers=served.headers(*who)), 201)
    if not report:
        return str(made["home_id"])
    free = {"free_beds": {"nursing-dementia": 2, "residential-older_people": 1}}
    url = f"/vacancies/homes/{made['home_id']}/vacancies"
    ok(served.http.post(url, json=free, headers=served.headers(*who)), 201)
    return str(made["home_id"])


def refer(served: Served, homes: list[str], at: datetime | None = None) -> tuple[str, list[str]]:
    broker = served.headers("broker", COUNCIL)
    when = {"occurred_at": at.isoformat()} if at else {}
    made = ok(served.http.post("/broker/requests", json={**NEEDS, **when}, headers=broker), 201)
    request = str(made["request_id"])
    body = {"home_ids": homes, "answer_within_hours": 24, **when}
    url = f"/broker/requests/{request}/referrals"
    return request, list(ok(served.http.post(url, json=body, headers=broker)))


@pytest.fixture(scope="module")
def morning(served: Served) -> Iterator[Morning]:
    oak = home(served, PROVIDER, 1, "Oak House")
    elm = home(served, PROVIDER, 2, "Elm Court")
    birch = home(served, OTHER, 3, "Birch Lodge")
    ash = home(served, PROVIDER, 4, "Ash Grove", report=False)
    broker = served.headers("broker", COUNCIL)
    for each in (oak, elm, birch):
        wait_for(
            "the broker to know the home",
            lambda h=each: served.http.get(f"/broker/homes/{h}", headers=broker).status_code == 200,
        )
    first, ids = refer(served, [oak, elm, birch])
    late, [overdue] = refer(served, [oak], datetime.now(UTC) - timedelta(hours=30))
    refs = {
        (first, oak): ids[0],
        (first, elm): ids[1],
        (first, birch): ids[2],
        (late, oak): overdue,
    }
    yield Morning(oak, elm, ash, birch, first, late, refs)


def my_homes(served: Served) -> dict[str, dict[str, Any]]:
    found = ok(served.http.get("/vacancies/homes", headers=served.headers(*PROVIDER)))
    return {h["home_id"]: h for h in found}


def reported(home: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(home["last_reported_at"])


def referrals(served: Served, who: tuple[str, str] = PROVIDER) -> dict[str, dict[str, Any]]:
    found = ok(served.http.get("/broker/referrals", headers=served.headers(*who)))
    return {r["referral_id"]: r for r in found}


def fits_a_phone(driver: WebDriver, name: str) -> None:
    """At 390 px the page does not scroll sideways; screenshot it, then back to desktop."""
    driver.set_window_size(390, 844)
    try:
        until(
            driver,
            "the narrow layout",
            lambda d: d.execute_script("return window.innerWidth") <= 390,
        )
        wide = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert wide[0] <= wide[1], f"{name} scrolls sideways at 390 px: {wide}"
        screenshot(driver, f"{name}-390")
    finally:
        driver.set_window_size(1400, 1000)


def nothing_of_the_other_provider(driver: WebDriver, morning: Morning) -> None:
    text = driver.find_element(By.TAG_NAME, "main").text
    source = driver.page_source
    assert "Birch Lodge" not in text
    assert morning.birch not in source and morning.refs[morning.first, morning.birch] not in source


def test_a_provider_confirms_and_corrects_its_free_beds(
    browser: WebDriver, served: Served, morning: Morning
) -> None:
    sign_in(browser, served, PROVIDER)
    until(
        browser, "the provider's own page", lambda d: d.current_url.endswith("/dashboard/my-homes")
    )
    until(browser, "its data", loaded)
    nav = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "nav a")]
    assert nav[:2] == ["My homes", "Referrals"]  # then its home care agencies' pages
    assert nav == [label for _, label in navigation(Role.PROVIDER)]
    until(browser, "a card per home", lambda d: card(d, "homes"))
    mine = (morning.ash, morning.elm, morning.oak)  # by name
    assert card(browser, "homes") == [f"home-{h}" for h in mine]
    assert [text_of(browser, f"name-{h}") for h in mine] == ["Ash Grove", "Elm Court", "Oak House"]
    nothing_of_the_other_provider(browser, morning)

    # a home never reported: nothing to confirm, but its figures (all 0) may be saved as they are
    assert "Never reported" in text_of(browser, f"report-{morning.ash}")
    assert not browser.find_element(By.ID, f"confirm-{morning.ash}").is_enabled()
    loads = loads_of(browser)
    browser.find_element(By.ID, f"save-{morning.ash}").click()
    until(browser, "the first report", lambda _: my_homes(served)[morning.ash]["last_reported_at"])
    assert set(my_homes(served)[morning.ash]["free_beds"].values()) == {0}
    until(browser, "the reload", lambda d: loads_of(d) > loads)
    until(browser, "its time", lambda d: "Up to date" in text_of(d, f"report-{morning.ash}"))
    oak = browser.find_element(By.ID, f"home-{morning.oak}")
    assert "Registered for 12 beds" in oak.text and "Last reported or confirmed" in oak.text

    before = my_homes(served)[morning.oak]
    loads = loads_of(browser)
    browser.find_element(By.ID, f"confirm-{morning.oak}").click()
    until(
        browser,
        "the confirmation to be reported",
        lambda _: reported(my_homes(served)[morning.oak]) > reported(before),
    )
    assert my_homes(served)[morning.oak]["free_beds"] == before["free_beds"]
    said = f"said-{morning.oak}"
    until(
        browser,
        "the page to say so",
        lambda d: "Confirmed as still correct" in text_of(d, said),
    )
    # the page has reloaded the homes after the report (the inputs below are drawn anew)
    until(browser, "the reload", lambda d: loads_of(d) > loads)

    field = browser.find_element(By.ID, f"beds-{morning.elm}-nursing-dementia")
    assert field.accessible_name.startswith("Dementia (nursing)")
    save = browser.find_element(By.ID, f"save-{morning.elm}")
    assert not save.is_enabled()  # nothing changed yet
    field.clear()
    field.send_keys("99")
    assert field.get_attribute("aria-invalid") == "true" and not save.is_enabled()
    assert "from 0 to 12" in browser.find_element(By.ID, f"said-{morning.elm}").text
    assert not browser.find_element(By.ID, f"confirm-{morning.elm}").is_enabled()
    field.clear()
    field.send_keys("4")
    assert (
        save.is_enabled()
        and "was 2" in browser.find_element(By.ID, f"note-beds-{morning.elm}-nursing-dementia").text
    )
    screenshot(browser, "provider-workspace-my-homes-editing")
    save.click()
    until(
        browser,
        "the corrected figure",
        lambda _: my_homes(served)[morning.elm]["free_beds"]["nursing-dementia"] == 4,
    )
    assert my_homes(served)[morning.elm]["free_beds"]["residential-older_people"] == 1
    until(
        browser,
        "the page to show it",
        lambda d: "Free beds saved" in text_of(d, f"said-{morning.elm}"),
    )
    # read at once: a live redraw may replace the field between finding it and reading it
    value = "const e = document.getElementById(arguments[0]); return e ? e.value : null;"
    shown = f"beds-{morning.elm}-nursing-dementia"
    until(browser, "the saved figure in its field", lambda d: d.execute_script(value, shown) == "4")
    # a council holds a bed at Oak House for an offer: the page shows it without a reload
    browser.execute_script("window.stillTheSamePage = true")
    hold = {"bed_type": "nursing-dementia", "reference": "R-OAK-1"}
    url = f"/vacancies/homes/{morning.oak}/reservations"
    ok(served.http.post(url, json=hold, headers=served.headers("broker", COUNCIL)), 201)
    note = f"note-beds-{morning.oak}-nursing-dementia"
    until(browser, "the hold", lambda d: text_of(d, note) == "1 held for an offer")
    assert browser.execute_script("return window.stillTheSamePage") is True
    screenshot(browser, "provider-workspace-my-homes")
    fits_a_phone(browser, "provider-workspace-my-homes")


def card(driver: WebDriver, section: str) -> list[str]:
    """The ids of a section's cards, read at once (the page may redraw them at any moment)."""
    script = "return [...document.querySelectorAll(`#${arguments[0]} article`)].map((a) => a.id);"
    return list(driver.execute_script(script, section))


def loads_of(driver: WebDriver) -> int:
    """How many times the page has loaded its data (Dash.page counts them on the body)."""
    return int(driver.execute_script("return Number(document.body.dataset.loads || 0)"))


def text_of(driver: WebDriver, element: str) -> str:
    """An element's text, read at once ("" while it is not there)."""
    script = "const e = document.getElementById(arguments[0]); return e ? e.innerText : '';"
    return str(driver.execute_script(script, element))


def test_a_provider_answers_its_referrals(
    browser: WebDriver, served: Served, morning: Morning
) -> None:
    sign_in(browser, served, PROVIDER)
    browser.find_element(By.LINK_TEXT, "Referrals").click()
    until(browser, "the referrals page", lambda d: d.current_url.endswith("/dashboard/referrals"))
    until(browser, "its data", loaded)
    first, late, refs = morning.first, morning.late, morning.refs
    oak, elm, overdue = refs[first, morning.oak], refs[first, morning.elm], refs[late, morning.oak]
    key = lambda request, ref: f"{request}-{ref}"  # noqa: E731
    waiting = until(browser, "the referrals to answer", lambda d: card(d, "to-answer"))
    # the overdue one first, its clock in words
    assert waiting[0] == f"referral-{key(late, overdue)}"
    assert set(waiting[1:]) == {f"referral-{key(first, oak)}", f"referral-{key(first, elm)}"}
    late_card = browser.find_element(By.ID, f"referral-{key(late, overdue)}")
    assert "Overdue by" in late_card.text
    assert "left" in browser.find_element(By.ID, f"referral-{key(first, oak)}").text
    # the person's needs, as far as the referral rows carry them (said so when they do not)
    needs_shown = "Dementia nursing" in late_card.text and "Urgent" in late_card.text
    assert needs_shown or "needs are not given" in late_card.text
    nothing_of_the_other_provider(browser, morning)
    screenshot(browser, "provider-workspace-referrals-to-answer")

    browser.find_element(By.ID, f"accept-{key(first, oak)}").click()
    until(browser, "the acceptance", lambda _: referrals(served)[oak]["status"] == "accepted")
    until(
        browser, "the row to move", lambda d: f"referral-{key(first, oak)}" in card(d, "to-assess")
    )

    elm_card = f"{first}-{elm}"
    browser.find_element(By.ID, f"decline-{elm_card}").click()
    assert "Choose a reason" in browser.find_element(By.ID, f"said-{elm_card}").text
    assert referrals(served)[elm]["status"] == "sent"  # nothing sent without a reason
    reason = Select(browser.find_element(By.ID, f"reason-{elm_card}"))
    assert [o.text for o in reason.options][
        1:
    ] and "Not enough staff to take the person safely" in [o.text for o in reason.options]
    reason.select_by_value("staffing")
    browser.find_element(By.ID, f"decline-{elm_card}").click()
    until(browser, "the decline", lambda _: referrals(served)[elm]["status"] == "declined")
    assert referrals(served)[elm]["decline_reason"] == "staffing"
    until(browser, "the card to go", lambda d: f"referral-{elm_card}" not in card(d, "to-answer"))
    table = until(
        browser, "the declined row", lambda d: [r for r in rows(d, "referrals") if "Declined" in r]
    )
    assert "Not enough staff to take the person safely" in table[0]

    oak_card = key(first, oak)
    day = (date.today() + timedelta(days=2)).isoformat()
    browser.execute_script(
        "const f = document.getElementById(arguments[0]); f.value = arguments[1];"
        "f.dispatchEvent(new Event('input', { bubbles: true }));",
        f"on-{oak_card}",
        day,
    )
    Select(browser.find_element(By.ID, f"by-{oak_card}")).select_by_value("trusted_assessor")
    browser.find_element(By.ID, f"book-{oak_card}").click()
    until(browser, "the booking", lambda _: referrals(served)[oak]["assessment"] == "booked")
    assert referrals(served)[oak]["assessment_on"] == day
    assert referrals(served)[oak]["assessor"] == "trusted_assessor"
    until(
        browser,
        "the booking on the card",
        lambda d: "Booked for" in text_of(d, f"referral-{oak_card}"),
    )
    screenshot(browser, "provider-workspace-referrals-assessment")
    browser.find_element(By.ID, f"met-{oak_card}").click()
    until(browser, "the outcome", lambda _: referrals(served)[oak]["assessment"] == "met")
    council = ok(
        served.http.get(f"/broker/requests/{first}", headers=served.headers("broker", COUNCIL))
    )
    assert council["referrals"][oak]["assessment"] == "met"
    assert council["referrals"][elm]["decline_reason"] == "staffing"

    responsiveness = until(browser, "the responsiveness rows", lambda d: rows(d, "responsiveness"))
    assert sorted(r[0] for r in responsiveness) == ["Elm Court", "Oak House"]
    elm_row = next(r for r in responsiveness if r[0] == "Elm Court")
    assert "Not enough staff to take the person safely: 1" in elm_row
    figures = browser.find_element(By.ID, "resp-summary").text
    assert "3\nreferrals received" in figures and "2\nanswered" in figures
    assert "1\nanswered late or still overdue" in figures  # the overdue one
    nothing_of_the_other_provider(browser, morning)
    # the other provider's referral was not answered by anyone here
    assert referrals(served, OTHER)[refs[first, morning.birch]]["status"] == "sent"
    # a new referral from the council arrives while the page is open: no reload needed
    browser.execute_script("window.stillTheSamePage = true")
    news, [new] = refer(served, [morning.elm])
    until(
        browser, "the new referral", lambda d: f"referral-{key(news, new)}" in card(d, "to-answer")
    )
    assert browser.execute_script("return window.stillTheSamePage") is True
    screenshot(browser, "provider-workspace-referrals")
    fits_a_phone(browser, "provider-workspace-referrals")
