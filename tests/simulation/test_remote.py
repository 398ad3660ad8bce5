"""The remote simulation's client side without servers: retries while a service is away,
refusals as domain errors, ids that make a repeated command the same command, what counts
as quiescent, and the figures compared between runs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest

from events.platform.errors import Conflict, NotFound
from services.discharge.application import Step
from services.simulation.remote.discharge import command_id
from services.simulation.remote.figures import months, strip
from services.simulation.remote.http import Api
from services.simulation.remote.runtime import RemoteRuntime


def api_answering(*answers: httpx.Response | Exception) -> tuple[Api, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    api = Api({"broker": "http://broker"}, "token", pause=0)
    api.client = httpx.Client(transport=httpx.MockTransport(handle))
    return api, seen


def test_a_call_is_sent_again_unchanged_until_the_service_is_back() -> None:
    api, seen = api_answering(
        httpx.ConnectError("refused"),
        httpx.Response(503, json={"detail": "PostgreSQL unreachable"}),
        httpx.Response(200, json={"escalated": 2}),
    )
    assert api.call("POST", "/broker/escalations", {"occurred_at": "x"}) == {"escalated": 2}
    assert len(seen) == 3 and len({r.content for r in seen}) == 1
    assert api.retries == 2


@pytest.mark.parametrize(("status", "error"), [(404, NotFound), (409, Conflict)])
def test_a_refusal_is_the_domain_error_the_embedded_service_raises(
    status: int, error: type[Exception]
) -> None:
    api, _ = api_answering(httpx.Response(status, json={"detail": "no"}))
    with pytest.raises(error, match="no"):
        api.call("GET", "/broker/homes/x")


def test_the_same_step_always_has_the_same_command_id_and_another_step_another() -> None:
    at = datetime(2026, 11, 2, 9, tzinfo=UTC)
    ready = Step("mark_ready", pathway="P1", occurred_at=at)
    again = Step("mark_ready", pathway="P1", occurred_at=at)
    later = Step("mark_ready", pathway="P1", occurred_at=at.replace(hour=10))
    ids = [
        command_id(s.method, {k: str(v) for k, v in s.kwargs.items()})
        for s in (ready, again, later)
    ]
    assert ids[0] == ids[1] != ids[2]


def figures(**changes: float) -> dict[tuple[str, str, str], float]:
    base: dict[tuple[str, str, str], float] = {}
    for service in ("vacancies", "discharge", "broker"):
        base[service, "carebridge_log_position", ""] = 10.0
        base[service, "carebridge_outbox_backlog", ""] = 0.0
        base[service, "carebridge_consumer_lag", ""] = 0.0
        base[service, "carebridge_projection_position", "p"] = 10.0
    for key, value in changes.items():
        service, metric = key.split("__")
        base[service, f"carebridge_{metric}", "p" if metric == "projection_position" else ""] = (
            value
        )
    return base


def test_quiescent_means_nothing_to_publish_consume_or_project() -> None:
    assert RemoteRuntime.quiet(figures())
    assert not RemoteRuntime.quiet(figures(broker__outbox_backlog=1))
    assert not RemoteRuntime.quiet(figures(discharge__consumer_lag=3))
    assert not RemoteRuntime.quiet(figures(vacancies__projection_position=9))
    unmeasured = figures()
    del unmeasured["broker", "carebridge_consumer_lag", ""]  # Kafka away: lag unknown
    assert not RemoteRuntime.quiet(unmeasured)


def test_the_figures_compared_leave_out_only_wall_clock_fields() -> None:
    row = {"episode_id": "e", "days_delayed": 3, "last_change_at": "now", "recorded_at": "now"}
    assert strip({"live": [row], "age": {"report_age_hours": 1.5, "free": 2}}) == {
        "live": [{"episode_id": "e", "days_delayed": 3}],
        "age": {"free": 2},
    }
    assert months(date(2026, 10, 25), date(2026, 11, 2)) == ["2026-10", "2026-11"]
