"""A Carebridge served by uvicorn on a free local port (embedded default, background loops
running), seeded through its APIs, and a real headless Debian Chromium driven by selenium.
A missing browser fails the tests: it never skips them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from events.platform.auth import Role, issue_token
from events.platform.settings import Settings
from services.runtime import Runtime
from tests.browser.seed import Borough, seed
from tests.served import serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).parents[1] / "artifacts"


@dataclass
class Served:
    url: str
    runtime: Runtime
    settings: Settings
    http: httpx.Client
    borough: Borough

    def token(self, role: str, org: str) -> str:
        return issue_token(self.settings.signing_secret, role=Role(role), organisation=org)

    def headers(self, role: str, org: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(role, org)}"}


@pytest.fixture(scope="package")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with pytest.MonkeyPatch.context() as env:
        for key in list(os.environ):
            if key.startswith("CAREBRIDGE_") and not key.startswith("CAREBRIDGE_TEST_"):
                env.delenv(key)
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            data_dir=tmp_path_factory.mktemp("browser") / "data",
            cipher_key=os.environ.get("CAREBRIDGE_TEST_CIPHER_KEY"),  # type: ignore[arg-type]
            # No wall-clock sweepers: some tests watch for changes, and only the tests should
            # make them.
            sweep_interval_seconds=0,
        )
    runtime = Runtime(settings)
    runtime.start()
    try:
        with serving(runtime) as url, httpx.Client(base_url=url, timeout=30) as http:
            served = Served(url, runtime, settings, http, Borough([]))
            served.borough = seed(http, served.headers)
            yield served
    finally:
        runtime.close()


@pytest.fixture(scope="package")
def browser(served: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    """Headless Chromium; it closes before the server stops (so do its live streams)."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(
            f"browser tests need Debian's chromium and chromium-driver; missing {missing} "
            "(infra/install.sh installs them)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(options.arguments[-1].split("=", 1)[1], ignore_errors=True)
