"""schemathesis, written by others, against the served OpenAPI: every operation, requests it
generates (valid ones and invalid ones) sent with a token of every role. None may answer a
server error, a status its OpenAPI does not document, or a body that breaks its own schema;
afterwards the service is still ready and its read models still equal a rebuild."""

from __future__ import annotations

import random
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fuzz.conftest import ORGANISATIONS, Target

EXAMPLES = 30  # per operation, each sent once per role: enough to reach every bound
SEED = 20261204
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def operations(target: Target) -> list[Any]:
    schema = schemathesis.openapi.from_url(f"{target.url}/openapi.json")
    api = schema.include(path_regex="^/(vacancies|discharge|broker)/")
    return [result.ok() for result in api.get_all_operations()]


def real_ids(target: Target) -> dict[str, list[str]]:
    borough = target.borough
    return {
        "home_id": borough.homes,
        "episode_id": list(borough.episodes.values()),
        "request_id": borough.requests,
    }


def attack(operation: Any, target: Target, known: dict[str, list[str]]) -> int:
    """Send one operation's generated requests, valid and invalid, as every role; return
    how many were sent."""
    sent = 0
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    rng = random.Random(f"{SEED}:{operation.label}")

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def send(case: Any) -> None:
        nonlocal sent
        for name, ids in known.items():  # half the time a real resource, past the 404
            if case.path_parameters and name in case.path_parameters and rng.random() < 0.5:
                case.path_parameters[name] = rng.choice(ids)
        for role in ORGANISATIONS:
            case.call_and_validate(base_url=target.url, headers=target.headers(role), checks=CHECKS)
            sent += 1

    send()
    return sent


def test_no_generated_request_breaks_the_service(target: Target) -> None:
    failures: list[str] = []
    known = real_ids(target)
    found = operations(target)
    assert len(found) > 30, "the API's operations were not all found"
    sent = 0
    for operation in found:
        try:
            sent += attack(operation, target, known)
        except (
            Exception,
            BaseExceptionGroup,
        ) as exc:  # every operation is tried; all failures reported at once
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
            print(failures[-1])
    print(f"schemathesis sent {sent} requests to {len(found)} operations")
    assert not failures, "\n\n".join(failures)


def test_after_the_fuzzer_the_service_is_ready_and_its_read_models_rebuild_the_same(
    target: Target,
) -> None:
    with httpx.Client(base_url=target.url, timeout=30) as http:
        ready = http.get("/ready")
        assert ready.status_code == 200, ready.text
        target.runtime.drain()
        reads = ["/vacancies/board", "/discharge/live-delays", "/broker/waiting-list"]
        before = {path: http.get(path, headers=target.headers("admin")).json() for path in reads}
        for service in target.runtime.services.values():
            service.rebuild()
        after = {path: http.get(path, headers=target.headers("admin")).json() for path in reads}
    assert after == before
