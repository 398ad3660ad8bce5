"""An analyst's morning with the returns, in Chromium: each of the four returns for last month
shows its table and chart; the DTOC CSV the page offers is the file `carebridge returns dtoc`
writes; "as at" a time before anything was recorded shows an empty return."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select
from typer.testing import CliRunner

from services.cli import app
from tests.browser.accessibility import DESKTOP, PHONE, sideways_overflow
from tests.browser.conftest import Served
from tests.browser.test_dashboard_in_chromium import (
    ANALYST,
    drawn,
    open_page,
    rows,
    screenshot,
    until,
    wait_for_rows,
)

pytestmark = pytest.mark.browser


def last_month() -> str:
    first = datetime.now(UTC).replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


def choose(browser: WebDriver, kind: str, month: str) -> None:
    browser.execute_script(
        "const m = document.getElementById('f-month'); m.value = arguments[0];"
        "m.dispatchEvent(new Event('change'));",
        month,
    )
    Select(browser.find_element(By.ID, "f-kind")).select_by_value(kind)
    until(browser, "the month chosen", lambda d: f"month={month}" in d.current_url)


def download(browser: WebDriver) -> str:
    """The body of the page's published-CSV link, fetched on the page's own session."""
    href = browser.find_element(By.ID, "published-csv").get_attribute("href")
    return str(
        browser.execute_async_script(
            "const done = arguments[1];"
            "fetch(arguments[0], {credentials: 'same-origin'}).then((r) => r.text()).then(done);",
            href,
        )
    )


def cli(served: Served, *args: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CAREBRIDGE_DATA_DIR", str(served.settings.data_dir))
    if served.settings.cipher_key is not None:
        monkeypatch.setenv("CAREBRIDGE_CIPHER_KEY", served.settings.cipher_key.get_secret_value())
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("kind", ["dtoc", "drd", "nctr", "pocd"])
def test_each_return_for_last_month_has_its_table_and_chart(
    browser: WebDriver, served: Served, kind: str
) -> None:
    open_page(browser, served, "/dashboard/returns", ANALYST)
    choose(browser, kind, last_month())
    until(browser, f"the {kind} address", lambda d: f"kind={kind}" in d.current_url)
    if kind != "pocd":  # the Welsh census counts Welsh residents only: the borough has none
        wait_for_rows(browser, "return-table")
        until(browser, f"the {kind} chart", drawn("return-chart"))
    assert not browser.find_elements(By.CSS_SELECTOR, ".error")
    command = browser.find_element(By.ID, "cli-command").text
    assert command.startswith(f"carebridge returns {kind} --month {last_month()}")
    screenshot(browser, f"returns-{kind}")
    browser.set_window_size(*PHONE)
    try:
        assert sideways_overflow(browser) <= 0
        screenshot(browser, f"returns-{kind}-390")
    finally:
        browser.set_window_size(*DESKTOP)


def test_the_dtoc_csv_offered_is_the_file_the_cli_writes(
    browser: WebDriver, served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_page(browser, served, "/dashboard/returns", ANALYST)
    choose(browser, "dtoc", last_month())
    Select(browser.find_element(By.ID, "f-by")).select_by_value("provider")
    until(browser, "by provider", lambda d: "by=provider" in d.current_url)
    downloaded = download(browser)
    written = cli(
        served, "returns", "dtoc", "--month", last_month(), "--by", "provider",
        monkeypatch=monkeypatch,
    )  # fmt: skip
    assert downloaded == written
    assert downloaded.splitlines()[1].startswith("RTG,") or "RVY" in downloaded


def test_as_at_a_time_before_anything_was_recorded_counts_nothing(
    browser: WebDriver, served: Served
) -> None:
    open_page(browser, served, "/dashboard/returns", ANALYST)
    choose(browser, "dtoc", last_month())
    wait_for_rows(browser, "return-table")
    total = 2  # England's row first: name, code, total
    assert int(rows(browser, "return-table")[0][total]) > 0
    browser.execute_script(
        "const a = document.getElementById('f-as-at'); a.value = '2000-01-01T09:00';"
        "a.dispatchEvent(new Event('change'));"
    )
    until(browser, "as at in the address", lambda d: "as_at=2000-01-01T09" in d.current_url)
    until(browser, "nothing counted", lambda d: rows(d, "return-table")[0][total] == "0")
    note = browser.find_element(By.ID, "period-note").text
    assert "as it stood at" in note
    assert "--as-at 2000-01-01T09:00" in browser.find_element(By.ID, "cli-command").text
