"""The steps of a council broker's work in the browser, for tests/browser/test_broker_workspace.py:
the page's own controls (retried while live updates redraw them), screenshots at two widths,
and the API reads and provider answers that stand in for others."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import Served
from tests.browser.seed import COUNCIL, wait_for
from tests.browser.test_dashboard_in_chromium import screenshot, until
from tests.e2e.journey import ok

BROKER = ("broker", COUNCIL)
DERBY = ("broker", "E06000015")


def both_widths(driver: WebDriver, name: str) -> None:
    """Screenshots at desktop and phone width; at 390 px nothing scrolls sideways."""
    screenshot(driver, f"broker-{name}")
    driver.set_window_size(390, 844)
    try:
        wide = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert wide[0] <= wide[1], f"{name} scrolls sideways at 390 px: {wide}"
        screenshot(driver, f"broker-{name}-390")
    finally:
        driver.set_window_size(1400, 1000)


def retried(action: Callable[[], Any]) -> Any:
    """Run an action on elements the page may redraw at any moment (live updates)."""
    for _ in range(20):
        try:
            return action()
        except StaleElementReferenceException:
            continue
    return action()


def click(driver: WebDriver, css: str) -> None:
    retried(lambda: driver.find_element(By.CSS_SELECTOR, css).click())


def text_of(driver: WebDriver, css: str) -> str:
    return str(retried(lambda: driver.find_element(By.CSS_SELECTOR, css).text))


def request_of(served: Served, who: tuple[str, str], request_id: str) -> dict[str, Any]:
    return dict(ok(served.http.get(f"/broker/requests/{request_id}", headers=served.headers(*who))))


def waiting(served: Served, who: tuple[str, str]) -> list[dict[str, Any]]:
    return list(ok(served.http.get("/broker/waiting-list", headers=served.headers(*who))))


def new_request(served: Served, episode: str, who: tuple[str, str]) -> str:
    """The request the broker service opened by itself for a patient ready on P3."""

    def opened() -> str | None:
        found = [r for r in waiting(served, who) if r["episode_id"] == episode]
        return found[0]["request_id"] if found else None

    return str(wait_for("the broker to open the request", opened))


def providers_accept(served: Served, request: str) -> None:
    """Each home's provider accepts its referral (standing in for them: the provider's own
    pages are another test's)."""
    for referral_id, referral in request_of(served, BROKER, request)["referrals"].items():
        if referral["status"] != "sent":
            continue
        provider = ("provider", f"P-{served.borough.homes.index(referral['home_id'])}")
        answer = f"/broker/requests/{request}/referrals/{referral_id}/answer"
        ok(served.http.post(answer, json={"accept": True}, headers=served.headers(*provider)))


def choose(driver: WebDriver, form: str, home: str) -> None:
    select = f"#{form} [name=home_id]"
    retried(
        lambda: Select(driver.find_element(By.CSS_SELECTOR, select)).select_by_visible_text(home)
    )


def home_can_meet_the_needs(driver: WebDriver, home: str) -> None:
    choose(driver, "outcome-form", home)
    click(driver, "#outcome-form input[value=true]")
    click(driver, "#outcome-form button[type=submit]")
    until(driver, "the offer form", lambda d: d.find_element(By.ID, "offer-form").is_displayed())


def offer_a_bed(driver: WebDriver, home: str, fee: str) -> str:
    """Offer a bed at `home`; wait for the vacancies service to hold it (the saga); what the
    page says of the hold."""
    choose(driver, "offer-form", home)
    field = driver.find_element(By.CSS_SELECTOR, "#offer-form [name=weekly_fee]")
    assert field.get_attribute("value") == ""  # a new offer starts afresh
    field.send_keys(fee)
    click(driver, "#offer-form button[type=submit]")
    return str(
        until(driver, "the hold", lambda d: "until" in text_of(d, "#hold") and text_of(d, "#hold"))
    )


def the_person_accepts(driver: WebDriver) -> None:
    click(driver, "#choice-form button[value=accept]")
    until(
        driver, "the admission form", lambda d: d.find_element(By.ID, "admit-form").is_displayed()
    )
