"""One runtime for the whole access matrix: each case makes its own fresh resources."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from events.platform.auth import Role
from services.runtime import Runtime
from tests.access import packages
from tests.access.routes import plain_settings
from tests.access.world import ORGS, World


def seed(world: World) -> None:
    """Rows of both organisations of every role for the lists narrowed to own rows: delays
    and requests of two trusts and two councils (placement and package requests), referrals
    to two providers' homes and packages offered to their agencies."""
    (trust, other_trust), (council, other_council) = ORGS[Role.DISCHARGE], ORGS[Role.BROKER]
    world.episode(trust, council)
    world.episode(other_trust, other_council)
    for provider in ORGS[Role.PROVIDER]:
        world.referral(provider=provider)
        packages.offered(world, provider=provider)  # a package offered to its agency
    packages.from_the_ward(world, trust, council)  # each council's package requests
    packages.from_the_ward(world, other_trust, other_council)
    world.runtime.drain()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with plain_settings(tmp_path_factory.mktemp("access") / "data") as settings:
        runtime = Runtime(settings)
        try:
            with TestClient(runtime.http_app()) as client:
                made = World(runtime, client)
                seed(made)
                yield made
        finally:
            runtime.close()
