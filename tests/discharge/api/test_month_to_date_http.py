"""The returns over HTTP count only the midnights that have passed, and say so
(docs/discharge-counting.md, "The month in progress"). The clock is the service's own
`Discharge.now`, fixed here on the running instance."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.discharge.bootstrap import Discharge
from services.discharge.domain.calendar import UK
from services.runtime import Runtime

Headers = Callable[[str, str], dict[str, str]]
Clock = Callable[[datetime], None]

HEADER = "X-Carebridge-Period"
RETURNS = ["dtoc", "drd", "nctr", "pocd"]
ON_THE_2ND = datetime(2019, 12, 2, 10, 0, tzinfo=UK)  # the midnight of 1-2 December has passed


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(runtime.http_app()) as c:
        yield c


@pytest.fixture
def clock(discharge: Discharge, monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Set the time the service counts the returns to."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(discharge, "now", lambda: moment)

    return set_to


def analyst(auth: Headers) -> dict[str, str]:
    return auth("analyst", "NHSE")


def delayed_since_the_1st(client: TestClient, auth: Headers) -> None:
    """Admitted in November, ready on 1 December 2019 (reason A, NHS), still in hospital."""
    team = auth("discharge", "RTG")
    body = {
        "reference": "ward7-0001", "provider_code": "RTG",
        "provider_name": "University Hospitals of Derby and Burton", "ward": "Ward 7",
        "care_type": "acute", "la_code": "E06000015", "la_name": "Derby",
        "admitted_at": "2019-11-28T08:00:00+00:00",
    }  # fmt: skip
    r = client.post("/discharge/episodes", json=body, headers=team)
    assert r.status_code == 201, r.text
    url = f"/discharge/episodes/{r.json()['episode_id']}"
    ready = {"pathway": "P3", "occurred_at": "2019-12-01T10:00:00+00:00"}
    assert client.post(f"{url}/ready", json=ready, headers=team).status_code == 200
    reason = {"code": "A", "agency": "NHS", "occurred_at": "2019-12-01T10:00:00+00:00"}
    assert client.post(f"{url}/reason", json=reason, headers=team).status_code == 200


def england(client: TestClient, auth: Headers, month: str) -> dict[str, Any]:
    r = client.get(f"/discharge/returns/dtoc?month={month}", headers=analyst(auth))
    assert r.status_code == 200, r.text
    row: dict[str, Any] = r.json()[0]
    assert row["name"] == "England"
    return row


# -- the header on every return ----------------------------------------------------------------


@pytest.mark.parametrize("path", RETURNS)
@pytest.mark.parametrize(
    ("month", "label"),
    [
        ("2019-11", "whole month, 2019-11-01 to 2019-11-30"),
        ("2019-12", "month to date, to 2019-12-01"),
        ("2020-01", "future month, nothing counted"),
    ],
)
def test_every_return_says_in_a_header_which_days_it_counted(
    client: TestClient, auth: Headers, clock: Clock, path: str, month: str, label: str
) -> None:
    clock(ON_THE_2ND)
    r = client.get(f"/discharge/returns/{path}?month={month}", headers=analyst(auth))
    assert r.status_code == 200, r.text
    assert r.headers[HEADER] == label
    assert isinstance(r.json(), list)  # the body stays the list of rows


@pytest.mark.parametrize("path", RETURNS)
def test_on_the_1st_no_midnight_of_the_month_has_passed(
    client: TestClient, auth: Headers, clock: Clock, path: str
) -> None:
    clock(datetime(2019, 12, 1, 23, 59, tzinfo=UK))
    r = client.get(f"/discharge/returns/{path}?month=2019-12", headers=analyst(auth))
    assert r.headers[HEADER] == "month to date, no midnight passed yet"


def test_the_header_counts_to_as_at_when_that_is_earlier(
    client: TestClient, auth: Headers, clock: Clock
) -> None:
    clock(datetime(2019, 12, 20, 10, 0, tzinfo=UK))
    url = "/discharge/returns/dtoc?month=2019-12&as_at=2019-12-04T12:00:00"
    assert client.get(url, headers=analyst(auth)).headers[HEADER] == "month to date, to 2019-12-03"


# -- the delayed days themselves -----------------------------------------------------------------


def test_on_the_2nd_a_patient_delayed_since_the_1st_has_one_day_not_the_whole_month(
    client: TestClient, auth: Headers, clock: Clock
) -> None:
    delayed_since_the_1st(client, auth)
    clock(ON_THE_2ND)
    row = england(client, auth, "2019-12")
    assert (row["total"], row["by_reason"]["A"], row["by_agency"]["NHS"]) == (1, 1, 1)
    assert row["average_per_day"] == 1.0  # over the one day counted, not over 31
    clock(datetime(2019, 12, 5, 0, 0, tzinfo=UK))  # the midnight of the 4th, itself
    assert england(client, auth, "2019-12")["total"] == 4
    clock(datetime(2020, 1, 3, 9, 0, tzinfo=UK))
    assert england(client, auth, "2019-12")["total"] == 31
    assert england(client, auth, "2020-01")["total"] == 2
    assert england(client, auth, "2020-02")["total"] == 0


def test_nctr_and_pocd_wait_for_the_midnights_too(
    client: TestClient, auth: Headers, clock: Clock
) -> None:
    delayed_since_the_1st(client, auth)
    remaining = "Number of patients remaining in hospital who no longer meet the criteria to reside"

    def get(path: str) -> list[dict[str, Any]]:
        r = client.get(f"/discharge/returns/{path}?month=2019-12", headers=analyst(auth))
        assert r.status_code == 200, r.text
        rows: list[dict[str, Any]] = r.json()
        return rows

    clock(ON_THE_2ND)
    assert [(r["Date"], r[remaining]) for r in get("nctr")] == [("2019-12-01", 1)]
    assert get("pocd") == []  # the census of Wednesday 18 December has not passed
    clock(datetime(2019, 12, 18, 23, 59, tzinfo=UK))
    assert get("pocd") == []
    clock(datetime(2019, 12, 19, 0, 0, tzinfo=UK))
    [row] = get("pocd")
    assert (row["Census date"], row["Number of delays"], row["Days delayed"]) == (
        "2019-12-18", 1, 18,
    )  # fmt: skip


# -- GET /discharge/returns/period ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (
            "2019-11",
            {
                "status": "whole month", "first_day": "2019-11-01", "last_day": "2019-11-30",
                "days_counted": 30, "label": "whole month, 2019-11-01 to 2019-11-30",
                "note": "Whole month: 1-30 November 2019",
            },
        ),
        (
            "2019-12",
            {
                "status": "month to date", "first_day": "2019-12-01", "last_day": "2019-12-01",
                "days_counted": 1, "label": "month to date, to 2019-12-01",
                "note": "Month to date: 1 December 2019",
            },
        ),
        (
            "2020-01",
            {
                "status": "future month", "first_day": "2020-01-01", "last_day": None,
                "days_counted": 0, "label": "future month, nothing counted",
                "note": "January 2020 has not begun: nothing is counted yet",
            },
        ),
    ],
)  # fmt: skip
def test_the_period_route_gives_the_counted_days_as_json(
    client: TestClient, auth: Headers, clock: Clock, month: str, expected: dict[str, Any]
) -> None:
    clock(ON_THE_2ND)
    r = client.get(f"/discharge/returns/period?month={month}", headers=analyst(auth))
    assert r.status_code == 200, r.text
    assert r.json() == {"month": month, **expected}
    assert r.headers[HEADER] == expected["label"]


@pytest.mark.parametrize(
    ("as_at", "last_day", "note"),
    [
        ("2019-12-04T12:00:00", "2019-12-03", "Month to date: 1-3 December 2019"),
        # 00:30 on the 4th in the UK: the midnight of the 3rd has just passed
        ("2019-12-04T00:30:00Z", "2019-12-03", "Month to date: 1-3 December 2019"),
        # later than now: counted to now (the 9th)
        ("2020-03-01T00:00:00", "2019-12-09", "Month to date: 1-9 December 2019"),
    ],
)
def test_the_period_as_at_counts_to_the_earlier_of_as_at_and_now(
    client: TestClient, auth: Headers, clock: Clock, as_at: str, last_day: str, note: str
) -> None:
    clock(datetime(2019, 12, 10, 10, 0, tzinfo=UK))
    r = client.get(
        "/discharge/returns/period", params={"month": "2019-12", "as_at": as_at},
        headers=analyst(auth),
    )  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["status"], body["last_day"], body["note"]) == ("month to date", last_day, note)
    assert body["label"] == r.headers[HEADER] == f"month to date, to {last_day}"


def test_a_month_long_over_is_month_to_date_as_at_a_moment_inside_it(
    client: TestClient, auth: Headers, clock: Clock
) -> None:
    clock(datetime(2020, 9, 1, 10, 0, tzinfo=UK))
    # 23:30 UTC on 1 July is 00:30 BST on the 2nd: the midnight of the 1st had passed
    params = {"month": "2020-07", "as_at": "2020-07-01T23:30:00Z"}
    r = client.get("/discharge/returns/period", params=params, headers=analyst(auth))
    body = r.json()
    assert (body["status"], body["last_day"], body["days_counted"]) == (
        "month to date", "2020-07-01", 1,
    )  # fmt: skip


def test_on_the_1st_the_period_has_begun_with_no_day_counted(
    client: TestClient, auth: Headers, clock: Clock
) -> None:
    clock(datetime(2019, 12, 1, 9, 0, tzinfo=UK))
    body = client.get("/discharge/returns/period?month=2019-12", headers=analyst(auth)).json()
    assert body == {
        "month": "2019-12", "status": "month to date", "first_day": "2019-12-01",
        "last_day": None, "days_counted": 0, "label": "month to date, no midnight passed yet",
        "note": "Month to date: no midnight of December 2019 has passed yet",
    }  # fmt: skip


# -- who may ask ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "org"), [("provider", "P1"), ("broker", "E06000015")])
def test_the_period_is_refused_to_a_role_that_may_not_read_returns(
    client: TestClient, auth: Headers, role: str, org: str
) -> None:
    r = client.get("/discharge/returns/period?month=2019-12", headers=auth(role, org))
    assert r.status_code == 403, r.text
    assert HEADER not in r.headers


@pytest.mark.parametrize(("role", "org"), [("discharge", "RTG"), ("admin", "NHSE")])
def test_the_period_is_given_to_the_other_readers_of_returns(
    client: TestClient, auth: Headers, role: str, org: str
) -> None:
    r = client.get("/discharge/returns/period?month=2019-12", headers=auth(role, org))
    assert r.status_code == 200, r.text


def test_the_period_without_a_token_is_401(client: TestClient) -> None:
    assert client.get("/discharge/returns/period?month=2019-12").status_code == 401


@pytest.mark.parametrize("query", ["month=2019-13", "month=2019-1", "month=december", ""])
def test_the_period_of_a_bad_month_is_a_422(client: TestClient, auth: Headers, query: str) -> None:
    r = client.get(f"/discharge/returns/period?{query}", headers=analyst(auth))
    assert r.status_code == 422, r.text
    assert "month" in [str(part) for part in r.json()["detail"][0]["loc"]]
