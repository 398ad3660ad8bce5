"""What a typo, a bad spreadsheet or a confused client sends: each answered 422 naming the
field and where it came from, never a 500, and nothing recorded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Headers
from tests.vacancies.conftest import home_details

PROVIDER = ("provider", "PROV-1")
BROKER = ("broker", "E08000014")
TRUST = ("discharge", "RTG")


def raw(client: TestClient, path: str, text: str, headers: dict[str, str]) -> Any:
    """A body sent as written: JSON with NaN or 1e400 cannot be built from Python values."""
    headers = {**headers, "content-type": "application/json"}
    return client.post(path, content=text.encode(), headers=headers)


def where(response: Any) -> list[list[str]]:
    assert response.status_code == 422, response.text
    return [[str(p) for p in error["loc"]] for error in response.json()["detail"]]


def register(client: TestClient, auth: Headers, **overrides: Any) -> Any:
    return client.post("/vacancies/homes", json=home_details(**overrides), headers=auth(*PROVIDER))


def homes(client: TestClient, auth: Headers) -> list[Any]:
    return client.get("/vacancies/board", headers=auth(*BROKER)).json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("field", "bad", "good"),
    [
        ("registered_beds", 2**63, 40),
        ("registered_beds", 2001, 2000),
        ("registered_beds", 0, 1),
        ("latitude", 61.0001, 60.9),  # Shetland, not the Arctic
        ("latitude", 48.99, 49.2),  # Jersey, not Brittany
        ("longitude", 1.81, 1.75),  # Lowestoft, not the North Sea
        ("longitude", -8.71, -8.1),  # Fermanagh, not the Atlantic
        ("name", "Rose\x00Lodge", "Rose Lodge"),
        ("name", "x" * 201, "x" * 200),
        ("postcode", "NOT A PC", "pr8 1aa"),
        ("cqc_location_id", "1-", "1-123456789012"),
        ("local_authority_code", "E0800001", "E08000014"),
        ("occurred_at", "0001-01-01T00:00:00Z", "1990-01-01T00:00:00Z"),
        ("occurred_at", "2199-01-01T00:00:00Z", None),
    ],
)
def test_a_home_out_of_bounds_is_refused_naming_the_field_and_one_inside_is_taken(
    client: TestClient, auth: Headers, field: str, bad: Any, good: Any
) -> None:
    refused = register(client, auth, **{field: bad})
    assert ["body", field] in where(refused)
    assert homes(client, auth) == []
    if good is not None:
        assert register(client, auth, **{field: good}).status_code == 201


@pytest.mark.parametrize(
    "text",
    [
        '"latitude": NaN',
        '"latitude": 1e308',
        '"latitude": Infinity',
        '"registered_beds": 1e400',
    ],
)
def test_numbers_json_cannot_hold_are_a_422_not_a_dropped_connection(
    client: TestClient, auth: Headers, text: str
) -> None:
    body = json.dumps(home_details())[:-1] + ", " + text + "}"
    body = body.replace('"latitude": 53.645, ', "") if "latitude" in text else body
    body = body.replace('"registered_beds": 40, ', "") if "beds" in text else body
    assert ["body", text.split('"')[1]] in where(
        raw(client, "/vacancies/homes", body, auth(*PROVIDER))
    )


def test_a_vacancy_report_from_the_future_is_refused_and_the_home_can_still_report(
    client: TestClient, auth: Headers
) -> None:
    home = register(client, auth).json()["home_id"]
    path = f"/vacancies/homes/{home}/vacancies"
    later = {"free_beds": {"nursing-dementia": 1}, "reported_at": "2199-01-01T00:00:00Z"}
    assert ["body", "reported_at"] in where(client.post(path, json=later, headers=auth(*PROVIDER)))
    honest = client.post(path, json={"free_beds": {"nursing-dementia": 2}}, headers=auth(*PROVIDER))
    assert honest.status_code == 201, honest.text


@pytest.mark.parametrize("beds", [-1, 2001, 2**63])
def test_free_beds_out_of_bounds_are_refused(client: TestClient, auth: Headers, beds: int) -> None:
    home = register(client, auth).json()["home_id"]
    path = f"/vacancies/homes/{home}/vacancies"
    refused = client.post(
        path, json={"free_beds": {"nursing-dementia": beds}}, headers=auth(*PROVIDER)
    )
    assert ["body", "free_beds", "nursing-dementia"] in where(refused)


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"month": "0000-01"}, "month"),
        ({"month": "1989-12"}, "month"),
        ({"month": "2101-01"}, "month"),
        ({"month": "2019-13"}, "month"),
        ({"month": "2019-12", "as_at": "2019-03-31T01:30"}, "as_at"),  # clocks went forward
        ({"month": "2019-12", "as_at": "2019-10-27T01:30"}, "as_at"),  # happened twice
    ],
)
def test_a_return_for_a_month_or_time_that_cannot_be_is_a_422_naming_the_query_parameter(
    client: TestClient, auth: Headers, params: dict[str, str], name: str
) -> None:
    r = client.get("/discharge/returns/dtoc", params=params, headers=auth("analyst", "NHSE"))
    assert ["query", name] in where(r)


@pytest.mark.parametrize("month", ["1990-01", "2100-12"])
def test_the_first_and_last_months_are_answered(
    client: TestClient, auth: Headers, month: str
) -> None:
    r = client.get(
        "/discharge/returns/dtoc", params={"month": month}, headers=auth("analyst", "NHSE")
    )
    assert r.status_code == 200, r.text


def test_an_as_at_without_an_offset_is_uk_local_time(client: TestClient, auth: Headers) -> None:
    params = {"month": "2019-12", "as_at": "2020-01-05T09:00"}
    r = client.get("/discharge/returns/dtoc", params=params, headers=auth("analyst", "NHSE"))
    assert r.status_code == 200, r.text


def admission(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "reference": "RTG-1",
        "provider_code": "RTG",
        "provider_name": "Derby",
        "care_type": "acute",
        "la_code": "E06000015",
        "la_name": "Derby",
        "admitted_at": "2019-12-01T10:00:00Z",
    }
    return {**body, **overrides}


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("admitted_at", "0001-06-01T10:00:00Z"),
        ("admitted_at", "1989-12-31T23:00:00Z"),
        ("admitted_at", "2199-01-01T00:00:00Z"),
        ("nhs_number", "943476591²"),
        ("nhs_number", "9434765918"),
        ("provider_code", "R"),
        ("la_code", "Derby"),
        ("reference", "RTG\n1"),
        ("reference", ""),
    ],
)
def test_an_admission_that_cannot_be_is_refused_and_the_returns_still_answer(
    client: TestClient, auth: Headers, field: str, bad: str
) -> None:
    r = client.post("/discharge/episodes", json=admission(**{field: bad}), headers=auth(*TRUST))
    assert ["body", field] in where(r)
    returns = client.get(
        "/discharge/returns/dtoc", params={"month": "2019-12"}, headers=auth(*TRUST)
    )
    assert returns.status_code == 200, returns.text


def test_an_admission_in_the_first_bounded_year_and_a_valid_nhs_number_are_taken(
    client: TestClient, auth: Headers
) -> None:
    body = admission(admitted_at="1990-01-01T10:00:00Z", nhs_number="943 476 5919")
    assert client.post("/discharge/episodes", json=body, headers=auth(*TRUST)).status_code == 201


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"within_km": "1e400"}, "within_km"),
        ({"within_km": "NaN"}, "within_km"),
        ({"within_km": "501"}, "within_km"),
        ({"latitude": "1e308", "longitude": "-3"}, "latitude"),
        ({"max_report_age_hours": "inf"}, "max_report_age_hours"),
        ({"postcode": "x" * 500}, "postcode"),
    ],
)
def test_a_search_out_of_bounds_is_a_422_naming_the_query_parameter(
    client: TestClient, auth: Headers, params: dict[str, str], name: str
) -> None:
    r = client.get("/vacancies/search", params=params, headers=auth(*BROKER))
    assert ["query", name] in where(r)
