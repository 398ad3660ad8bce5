"""A council broker's morning in a real Chromium, through the pages only: a request taken from
the waiting list to an admission (needs, referrals to two homes, their providers' answers as
they arrive, the assessment, a bed offered and held, the person's acceptance, the admission);
another council's request never shows. Screenshots at desktop and phone width (390 px) in
tests/artifacts/broker-*.png."""

from __future__ import annotations

import re
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tests.browser.broker_steps import (
    BROKER,
    DERBY,
    both_widths,
    choose,
    click,
    home_can_meet_the_needs,
    new_request,
    offer_a_bed,
    providers_accept,
    request_of,
    retried,
    text_of,
    the_person_accepts,
)
from tests.browser.conftest import Served
from tests.browser.seed import delayed_patient, wait_for
from tests.browser.test_dashboard_in_chromium import loaded, open_page, rows, until
from tests.e2e.journey import admit_and_make_ready, ok

pytestmark = pytest.mark.browser


def test_a_broker_takes_a_request_from_the_waiting_list_to_an_admission(
    browser: WebDriver, served: Served
) -> None:
    episode = admit_and_make_ready(served.http, served.headers, days_ago=6)  # type: ignore[arg-type]
    request = new_request(served, episode, BROKER)
    derby_episode = delayed_patient(
        served.http, served.headers, "RTG-P3", "RTG", ("E06000015", "Derby"), "P3", 2
    )
    derby = new_request(served, derby_episode, DERBY)

    # the waiting list: the council's own people only, sortable from the keyboard
    open_page(browser, served, "/dashboard/waiting-list", BROKER)
    link = f"a[href='/dashboard/requests/{request}']"
    until(browser, "the new request's link", lambda d: d.find_elements(By.CSS_SELECTOR, link))
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#waiting a")]
    assert not any(derby in (h or "") for h in hrefs)
    assert all(row[-1] for row in rows(browser, "waiting"))  # every row has its last change
    mine = [r for r in rows(browser, "waiting") if "6 days" in r]
    assert mine and "Needs to record" in mine[0]
    sort = "#waiting th[data-key='days_waiting'] button"
    retried(lambda: browser.find_element(By.CSS_SELECTOR, sort).send_keys(Keys.ENTER))
    header = "#waiting th[data-key='days_waiting']"
    until(
        browser,
        "sorted",
        lambda d: d.find_element(By.CSS_SELECTOR, header).get_attribute("aria-sort") == "ascending",
    )
    ages = [int(r[1].split()[0]) if r[1] != "today" else 0 for r in rows(browser, "waiting")]
    assert ages == sorted(ages)
    both_widths(browser, "waiting-list")

    # the request, opened from the list
    click(browser, link)
    until(browser, "the request page", lambda d: d.current_url.endswith(request) and loaded(d))
    until(browser, "the needs form", lambda d: "record" in d.find_element(By.ID, "next-step").text)
    # a refused save says why next to the field the API named
    click(browser, "#needs-form button[type=submit]")
    error = until(
        browser, "the refusal", lambda d: d.find_elements(By.ID, "needs-form-registration-error")
    )
    registration = browser.find_element(By.CSS_SELECTOR, "#needs-form [name=registration]")
    assert registration.get_attribute("aria-invalid") == "true"
    assert "needs-form-registration-error" in (registration.get_attribute("aria-describedby") or "")
    assert error[0].text
    both_widths(browser, "request-needs-refused")

    Select(registration).select_by_value("residential")
    Select(browser.find_element(By.NAME, "care_category")).select_by_visible_text("Older people")
    Select(browser.find_element(By.NAME, "funding")).select_by_value("council")
    browser.find_element(By.NAME, "preferred_localities").send_keys("Formby")
    click(browser, "#needs-form button[type=submit]")
    until(
        browser,
        "the needs saved",
        lambda d: request_of(served, BROKER, request)["stage"] == "seeking",
    )
    until(browser, "the ranked matches", lambda d: len(rows(d, "matches")) >= 2)
    matches = rows(browser, "matches")
    assert "Home 2" in matches[0][2] and "in a preferred locality (Formby)" in matches[0][-1]
    assert all("vacancies confirmed" in m[-1] and "CQC" in m[-1] for m in matches)
    both_widths(browser, "request-matches")

    # refer to two homes at once (not Home 1: another test counts its referrals)
    click(browser, "input[aria-label='Refer to Home 2']")
    click(browser, "input[aria-label='Refer to Home 3']")
    click(browser, "#refer-form button[type=submit]")
    until(browser, "two referrals", lambda d: len(rows(d, "referrals")) == 2)
    assert {r[0] for r in rows(browser, "referrals")} == {"Home 2", "Home 3"}

    # the homes' providers accept: the answers arrive on the page as they are given
    browser.execute_script("window.stillTheSamePage = true")
    providers_accept(served, request)
    until(
        browser,
        "the answers, without a reload",
        lambda d: [r[1] for r in rows(d, "referrals")] == ["Accepted to assess"] * 2,
    )
    assert browser.execute_script("return window.stillTheSamePage") is True
    both_widths(browser, "request-answers")

    # the home's assessment, booked and then its outcome
    choose(browser, "book-form", "Home 2")
    browser.execute_script("document.querySelector('#book-form [name=on]').value = Words.today(1)")
    click(browser, "#book-form button[type=submit]")
    until(browser, "the booking", lambda d: any("Booked for" in r[5] for r in rows(d, "referrals")))
    home_can_meet_the_needs(browser, "Home 2")

    # offer a bed: the vacancies service holds it through the saga, and the page shows until when
    held = offer_a_bed(browser, "Home 2", "950")
    assert held.startswith("Bed held at Home 2 until") and "left" in held
    both_widths(browser, "request-offer-held")

    # the person's choice, then the admission
    the_person_accepts(browser)
    click(browser, "#booking-form button[type=submit]")
    until(
        browser,
        "the admission booked",
        lambda d: request_of(served, BROKER, request)["stage"] == "admission_booked",
    )
    click(browser, "#admit-form button[type=submit]")
    until(browser, "placed", lambda d: "Placed at Home 2" in text_of(d, "#next-step"))
    timeline = text_of(browser, "#timeline")
    sentence = r"\d\d:\d\d (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}( \d{4})? — \S"
    assert all(re.match(sentence, line) for line in timeline.splitlines()), timeline
    assert "Broker (Sefton) referred to Home 3" in timeline
    assert "The person moved into Home 2: placed" in timeline
    assert request not in timeline and served.borough.homes[2] not in timeline
    assert not browser.find_element(By.ID, "offer-form").is_displayed()  # a record now
    both_widths(browser, "request-placed")

    assert request_of(served, BROKER, request)["stage"] == "placed"
    team = served.headers("discharge", "RVY")

    def ended() -> dict[str, Any] | None:
        found = ok(served.http.get(f"/discharge/episodes/{episode}", headers=team))["ended"]
        return found if found else None

    assert wait_for("the patient's episode to end", ended)["kind"] == "discharged"

    # another council's request answers as not found
    browser.get(f"{served.url}/dashboard/requests/{derby}")
    until(browser, "the answer", lambda d: d.find_element(By.ID, "not-found").is_displayed())
    assert "Not found" in browser.find_element(By.ID, "not-found").text
    assert not browser.find_element(By.ID, "workspace").is_displayed()
    both_widths(browser, "request-other-council")


def test_an_interim_placement_then_the_home_of_the_persons_choice(
    browser: WebDriver, served: Served
) -> None:
    episode = admit_and_make_ready(served.http, served.headers, days_ago=8)  # type: ignore[arg-type]
    request = new_request(served, episode, BROKER)
    open_page(browser, served, f"/dashboard/requests/{request}", BROKER)
    chosen = f"#chosen-list input[value='{served.borough.homes[0]}']"
    until(browser, "the homes to choose from", lambda d: d.find_elements(By.CSS_SELECTOR, chosen))
    Select(browser.find_element(By.NAME, "registration")).select_by_value("residential")
    Select(browser.find_element(By.NAME, "care_category")).select_by_value("older_people")
    Select(browser.find_element(By.NAME, "funding")).select_by_value("self_funder")
    click(browser, chosen)
    click(browser, "#needs-form button[type=submit]")
    until(browser, "the ranked matches", lambda d: len(rows(d, "matches")) >= 2)
    first = rows(browser, "matches")[0]
    assert first[2] == "Home 0" and "the person's own choice of home" in first[-1]
    # distances from where the person is (a place outside the UK is refused next to its field)
    latitude = browser.find_element(By.CSS_SELECTOR, "#near-form [name=latitude]")
    latitude.send_keys("70")
    browser.find_element(By.CSS_SELECTOR, "#near-form [name=longitude]").send_keys("-3.0")
    click(browser, "#near-form button[type=submit]")
    until(browser, "the refusal", lambda d: d.find_elements(By.ID, "near-form-latitude-error"))
    latitude.clear()
    latitude.send_keys("53.64")
    click(browser, "#near-form button[type=submit]")
    until(browser, "distances", lambda d: all(r[5].endswith(" km") for r in rows(d, "matches")))
    assert not browser.find_elements(By.ID, "near-form-latitude-error")
    assert "0.0 km away" in rows(browser, "matches")[0][-1]

    click(browser, "input[aria-label='Refer to Home 0']")
    click(browser, "input[aria-label='Refer to Home 3']")
    click(browser, "#refer-form button[type=submit]")
    until(browser, "two referrals", lambda d: len(rows(d, "referrals")) == 2)
    providers_accept(served, request)
    until(
        browser,
        "both answers",
        lambda d: [r[1] for r in rows(d, "referrals")] == ["Accepted to assess"] * 2,
    )

    # Home 3 can take the person now: an interim placement
    home_can_meet_the_needs(browser, "Home 3")
    assert offer_a_bed(browser, "Home 3", "880").startswith("Bed held at Home 3")
    the_person_accepts(browser)
    click(browser, "#admit-form input[name=interim]")
    click(browser, "#admit-form button[type=submit]")
    until(browser, "interim", lambda d: "In an interim home" in text_of(d, "#next-step"))
    assert request_of(served, BROKER, request)["stage"] == "interim"
    both_widths(browser, "request-interim")

    # then the home of their choice
    home_can_meet_the_needs(browser, "Home 0")
    assert offer_a_bed(browser, "Home 0", "1020").startswith("Bed held at Home 0")
    the_person_accepts(browser)
    click(browser, "#admit-form button[type=submit]")
    until(browser, "placed", lambda d: "Placed at Home 0" in text_of(d, "#next-step"))
    timeline = text_of(browser, "#timeline")
    assert "The person moved into Home 3 for now (interim)" in timeline
    assert "The person moved into Home 0: placed" in timeline
    assert request_of(served, BROKER, request)["stage"] == "placed"


def test_the_market_and_a_homes_page(browser: WebDriver, served: Served) -> None:
    open_page(browser, served, "/dashboard/market", BROKER)
    until(browser, "responsiveness rows", lambda d: rows(d, "responsiveness"))
    homes = [r[0] for r in rows(browser, "responsiveness")]
    assert homes and all(h.startswith("Home ") for h in homes)
    days = browser.find_element(By.ID, "f-days")
    days.clear()
    days.send_keys("0", Keys.TAB)
    until(browser, "unmet demand", lambda d: rows(d, "unmet"))
    assert "Sefton" in rows(browser, "unmet")[0][0]
    both_widths(browser, "market")
    click(browser, "#responsiveness tbody a")
    until(
        browser,
        "the home's page",
        lambda d: "/dashboard/care-homes/" in d.current_url and loaded(d),
    )
    until(browser, "its history", lambda d: d.find_elements(By.CSS_SELECTOR, "#history li"))
    history = text_of(browser, "#history")
    assert "The provider registered the home with 30 beds" in history
    assert "The home reported its free beds" in history
    both_widths(browser, "care-home")
