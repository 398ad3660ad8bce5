"""The served demo the fuzzer attacks: the embedded default on a local port, seeded through
its own APIs with homes, delayed patients and placement requests (the browser tests' small
borough), so generated requests reach real resources, not only unknown ids."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from events.platform.auth import Role, issue_token
from events.platform.settings import Settings
from services.runtime import Runtime
from tests.browser.seed import Borough, seed
from tests.served import serving

# one organisation of each role that the seeded borough holds resources of
ORGANISATIONS = {
    "provider": "P-1",
    "broker": "E08000014",
    "discharge": "RVY",
    "analyst": "NHSE",
    "admin": "NHSE",
}


@dataclass
class Target:
    url: str
    runtime: Runtime
    settings: Settings
    borough: Borough

    def headers(self, role: str, org: str | None = None) -> dict[str, str]:
        token = issue_token(
            self.settings.signing_secret,
            role=Role(role),
            organisation=org or ORGANISATIONS[role],
        )
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="package")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    with pytest.MonkeyPatch.context() as env:
        for key in list(os.environ):
            if key.startswith("CAREBRIDGE_") and not key.startswith("CAREBRIDGE_TEST_"):
                env.delenv(key)
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            data_dir=tmp_path_factory.mktemp("fuzz") / "data",
            cipher_key=os.environ.get("CAREBRIDGE_TEST_CIPHER_KEY"),  # type: ignore[arg-type]
            sweep_interval_seconds=0,
        )
    runtime = Runtime(settings)
    runtime.start()
    try:
        with serving(runtime) as url, httpx.Client(base_url=url, timeout=30) as http:
            target = Target(url, runtime, settings, Borough([]))
            target.borough = seed(http, target.headers)
            yield target
    finally:
        runtime.close()
