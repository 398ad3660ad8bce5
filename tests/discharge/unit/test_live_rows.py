"""The live delays' rows as the API answers them: each row's fields exactly as
`dataclasses.asdict` gives them, for a team and for an analyst, without copying the rows'
values, and an analyst's answer leaves the rows it was made from as they were."""

from __future__ import annotations

import copy
from dataclasses import asdict, fields
from datetime import UTC, date, datetime

from events.platform.access import Access
from events.platform.auth import Principal, Role
from events.platform.pseudonyms import Pseudonyms
from services.discharge.access import live_rows_for, plain_row
from services.discharge.access_rules import LIVE_DELAYS
from services.discharge.projections.queries import LiveDelay

KEY = Pseudonyms("a-secret-long-enough-for-the-test-of-live-rows")


def delay(n: int) -> LiveDelay:
    blocker = {
        "blocker_id": f"episode-{n}-1",
        "vocabulary": "dtoc",
        "code": "A",
        "agency": "NHS",
        "owner_org": "RVY",
        "owner_team": "",
        "opened_at": "2026-12-01T09:00:00+00:00",
        "seq": 3,
    }
    return LiveDelay(
        f"episode-{n}", "RVY", "Trust", "Site", f"Ward {n}", "E08000014", "Sefton", "acute",
        "P1", date(2026, 12, 1), n, "A", "NHS", "dtoc", "ASSESS", [blocker], ["assessment"],
        datetime(2026, 12, 2, 10, tzinfo=UTC),
    )  # fmt: skip


def access(role: Role, organisation: str) -> Access:
    grant = LIVE_DELAYS.grant_for(role)
    assert grant is not None
    return Access(Principal("someone", role, organisation, "token"), LIVE_DELAYS, grant)


def test_a_plain_row_is_asdict_field_for_field_in_field_order() -> None:
    row = delay(4)
    plain = plain_row(row)
    assert list(plain.items()) == list(asdict(row).items())
    assert list(plain) == [f.name for f in fields(LiveDelay)]


def test_a_team_gets_the_rows_as_asdict_gives_them() -> None:
    rows = [delay(n) for n in range(3)]
    assert live_rows_for(access(Role.DISCHARGE, "RVY"), rows, KEY) == [asdict(r) for r in rows]


def test_an_analysts_rows_leave_the_rows_they_came_from_unchanged() -> None:
    rows = [delay(n) for n in range(3)]
    before = copy.deepcopy(rows)
    hidden = live_rows_for(access(Role.ANALYST, "NHSE"), rows, KEY)
    assert rows == before
    assert [r["episode_id"] for r in hidden] == [KEY.of(r.episode_id) for r in rows]
    assert {r["ward"] for r in hidden} == {""}
    assert all("blocker_id" not in b for r in hidden for b in r["blockers"])
    assert all(r.blockers[0]["blocker_id"] == f"{r.episode_id}-1" for r in rows)
