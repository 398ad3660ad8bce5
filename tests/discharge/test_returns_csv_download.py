"""`GET /discharge/returns/{kind}.csv` is the file `carebridge returns {kind}` writes, byte for
byte, for a month that has ended and for the month in progress (its `Period:` title row), as at
now and as at an earlier time; the dashboard's download links point at it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.discharge.test_month_to_date_cli import (
    IN_JANUARY,
    IN_PROGRESS_ROW,
    ON_THE_2ND,
    Clock,
    Run,
    clock,
    returns,
    run,
)

__all__ = ["clock", "run"]  # the fixtures, shared with the CLI's tests

Headers = dict[str, str]

CASES = [
    ("dtoc", []),
    ("dtoc", ["--by", "provider", "--table", "agency"]),
    ("drd", ["--by", "la"]),
    ("drd", ["--include-non-acute"]),
    ("nctr", []),
    ("pocd", []),
]


def query(options: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    pending = list(options)
    while pending:
        name = pending.pop(0).removeprefix("--").replace("-", "_")
        params[name] = "true" if name == "include_non_acute" else pending.pop(0)
    return params


@pytest.mark.parametrize(("kind", "options"), CASES)
@pytest.mark.parametrize("when", [IN_JANUARY, ON_THE_2ND], ids=["ended", "in-progress"])
def test_the_download_is_the_file_the_cli_writes(
    run: Run,
    clock: Clock,
    client: TestClient,
    auth: object,
    kind: str,
    options: list[str],
    when: object,
) -> None:
    clock(when)  # type: ignore[arg-type]
    cli = returns(run, kind, "2019-12", *options).stdout
    headers = auth("analyst", "NHSE")  # type: ignore[operator]
    params = {"month": "2019-12", **query(options)}
    r = client.get(f"/discharge/returns/{kind}.csv", params=params, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.text == cli
    assert (IN_PROGRESS_ROW in r.text) == (when is ON_THE_2ND)
