"""Random streams of commands through the discharge service, recorded in any order of
business time (so most are backdated corrections), with the hospital feed's compensations
(withdrawn admissions, readmissions, cancelled endings, transfers, new details) and delays
left open: after every few commands the DTOC, DRD and PoCD returns served from the maintained
census equal the ones recomputed from the facts, cell by cell; at the end a rebuild leaves
the same rows."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.delivery.inprocess import InProcessBus
from events.platform.errors import Conflict, InvalidInput, NotFound
from events.platform.settings import Settings
from services.discharge.bootstrap import Discharge
from services.discharge.domain.profile import UNKNOWN_LA
from services.discharge.domain.vocabulary import DTOC_REASONS
from tests.discharge.census_parity import census_rows, differences

START = datetime(2019, 10, 25, 8, tzinfo=UTC)  # before the clocks go back on the 27th
MONTHS = ("2019-10", "2019-11", "2019-12", "2020-01")
COUNTED_TO = (
    date(2019, 11, 14),
    date(2019, 11, 30),
    date(2019, 12, 18),
    date(2019, 12, 26),
    date(2020, 2, 1),
)
PAIRS = [(r.code, a.value) for r in DTOC_REASONS for a in r.agencies]
LAS = [("E06000015", "Derby"), ("E08000012", "Liverpool"), (UNKNOWN_LA, "")]
OPS = ["admit", "ready", "ready", "not_ready", "reason", "reason", "pocd", "blocker", "close"]
OPS += ["end", "cancel_ending", "withdraw", "details", "move"]
references = itertools.count()


@pytest.fixture(scope="module", params=["latest", "earliest"])
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Discharge]:
    data = tmp_path_factory.mktemp("census-streams")
    settings = Settings(_env_file=None, data_dir=data, primary_reason_rule=request.param)  # type: ignore[call-arg]
    discharge = Discharge(settings, InProcessBus())
    yield discharge
    discharge.close()


steps = st.tuples(
    st.integers(0, 2),  # which of the example's episodes
    st.sampled_from(OPS),
    st.integers(0, 60 * 24 * 80),  # minutes after START: happened then, recorded now
    st.integers(0, 9),  # a choice the step needs (a code, a blocker, an LA)
)


def run(discharge: Discharge, refs: list[str], step: tuple[int, str, int, int]) -> None:
    """One command; a command the episode refuses (before its admission, after its end,
    nothing to cancel) is skipped, as the API would refuse it."""
    which, op, minutes, pick = step
    at, now = START + timedelta(minutes=minutes), datetime.now(UTC)
    provider = ("RX1", "RX2")[which % 2]
    episode_id, episode = discharge.app.locate(provider, refs[which])
    la_code, la_name = LAS[pick % 3]
    try:
        if op == "admit":
            discharge.app.admit(
                reference=refs[which], provider_code=provider, provider_name=f"Trust {provider}",
                site="", ward="AMU", care_type=("acute", "non_acute")[pick % 2],
                la_code=la_code, la_name=la_name, nhs_number=None, occurred_at=at,
            )  # fmt: skip
            return
        if episode is None:
            return
        command, kwargs = _command(op, pick, la_code, la_name)
        getattr(episode, command)(occurred_at=at, now=now, **kwargs)
        discharge.app.save(episode)
    except (InvalidInput, Conflict, NotFound):
        return


def _command(op: str, pick: int, la_code: str, la_name: str) -> tuple[str, dict[str, Any]]:
    blocker = f"b{pick % 3}"
    if op == "ready":
        return "mark_ready", {"pathway": ("P1", "P3", None)[pick % 3]}
    if op == "not_ready":
        return "withdraw_readiness", {}
    if op in ("reason", "blocker"):
        code, agency = PAIRS[pick * 3 % len(PAIRS)]
        owners = {"owner_org": "RX1", "owner_team": "hub"}
        what = {"vocabulary": "dtoc", "code": code, "agency": agency, "blocker_id": blocker}
        return ("set_delay_reason" if op == "reason" else "open_blocker"), what | owners
    if op == "pocd":
        codes = ["ASSESSMENT", "CAREHOME", "HOMECARE"]
        what = {"vocabulary": "pocd", "code": codes[pick % 3], "agency": None}
        return "set_delay_reason", what | {"blocker_id": f"w{pick % 2}"}
    if op == "close":
        return "close_blocker", {"blocker_id": blocker}
    if op == "end":
        return "end", {"kind": ("discharged", "discharged", "died")[pick % 3]}
    if op == "details":
        return "update_details", {"la_code": la_code, "la_name": la_name or "Unknown"}
    if op == "move":
        return "move", {"site": "", "ward": f"ward {pick}"}
    return op, {}  # cancel_ending, withdraw


def assert_same_returns(discharge: Discharge) -> None:
    assert differences(discharge, list(MONTHS), list(COUNTED_TO)) == []


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(steps, min_size=1, max_size=30))
def test_any_stream_of_commands_is_served_from_the_census_as_recomputed(
    service: Discharge, stream: list[tuple[int, str, int, int]]
) -> None:
    refs = [f"s{next(references)}" for _ in range(3)]
    for which in range(3):  # each admitted in the first days; the stream may readmit them
        run(service, refs, (which, "admit", which * 60 * 31, which))
    for i, step in enumerate(stream):
        run(service, refs, step)
        if i % 6 == 5:  # facts arrive between reads: each read sees the census so far
            assert_same_returns(service)
    assert_same_returns(service)


def test_after_the_streams_a_rebuild_leaves_the_same_census(service: Discharge) -> None:
    # Beside whatever the random streams left: one stay discharged after a delay and one
    # delay still open, so the rows compared always hold both kinds (a stream may end neither).
    refs = [f"s{next(references)}" for _ in range(2)]
    for step in [
        (0, "admit", 0, 0), (0, "ready", 60 * 24 * 2, 1), (0, "reason", 60 * 24 * 2 + 5, 1),
        (0, "end", 60 * 24 * 9, 0), (1, "admit", 60, 1), (1, "ready", 60 * 24 * 3, 1),
    ]:  # fmt: skip
        run(service, refs, step)
    service.facts.catch_up()
    live = census_rows(service)
    assert live["episode_census"], "the streams above left no delayed midnight at all"
    assert any(row[2] is None for row in live["episode_census"])  # some delays still open
    assert "discharged" in {row[2] for row in live["episode_leavings"]}
    service.facts.rebuild(workers=2)
    assert census_rows(service) == live
