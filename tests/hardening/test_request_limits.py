"""What a request may send at all: a bounded body, in JSON, and every answer documented."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from tests.conftest import Headers
from tests.vacancies.conftest import home_details

PROVIDER = ("provider", "PROV-1")


def test_a_body_over_the_limit_is_a_413_with_the_limit_named(
    client: TestClient, auth: Headers
) -> None:
    huge = b'{"name": "' + b"x" * 2_000_000 + b'"}'
    r = client.post(
        "/vacancies/homes",
        content=huge,
        headers={**auth(*PROVIDER), "content-type": "application/json"},
    )
    assert r.status_code == 413
    assert "1,048,576 bytes" in r.json()["detail"]


def test_a_streamed_body_over_the_limit_is_a_413_too(client: TestClient, auth: Headers) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(40):
            yield b"x" * 50_000
        yield b'"}'

    r = client.post(
        "/vacancies/homes",
        content=chunks(),
        headers={**auth(*PROVIDER), "content-type": "application/json"},
    )
    assert r.status_code == 413


def test_a_body_that_is_not_json_is_a_415(client: TestClient, auth: Headers) -> None:
    r = client.post(
        "/vacancies/homes",
        content=b"name=Rose+Lodge",
        headers={**auth(*PROVIDER), "content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 415
    assert "application/json" in r.json()["detail"]


def test_json_with_a_charset_is_taken(client: TestClient, auth: Headers) -> None:
    import json

    r = client.post(
        "/vacancies/homes",
        content=json.dumps(home_details()).encode(),
        headers={**auth(*PROVIDER), "content-type": "application/json; charset=utf-8"},
    )
    assert r.status_code == 201, r.text


def test_every_api_operation_documents_every_status_the_edge_can_answer(
    client: TestClient,
) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, operations in paths.items():
        if not path.startswith(("/vacancies/", "/discharge/", "/broker/")):
            continue
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert {"401", "403", "404", "409", "422", "503"} <= documented, (method, path)
            if method in ("post", "put", "patch"):
                assert {"413", "415"} <= documented, (method, path)
