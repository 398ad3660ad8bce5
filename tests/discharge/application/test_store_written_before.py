"""A store written before episode ids took the trust (tests/fixtures/legacy_store: three
episodes of REM and RVY under uuid5 of the reference alone) opens with no manual step: the
API, the importer, a rebuild and the returns find its episodes as they were."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from events.platform.auth import Role, issue_token
from events.platform.settings import Settings
from services.discharge.bootstrap import Discharge
from services.discharge.domain.calendar import month_bounds
from services.discharge.domain.identity import episode_id_for, legacy_episode_id
from services.discharge.domain.returns import dtoc_detail
from services.discharge.importer import import_rows, rows
from services.runtime import Runtime
from tests.discharge.application.tracker_files import tracker

FIXTURE = Path(__file__).parents[2] / "fixtures" / "legacy_store"
NOW = datetime(2020, 2, 1, tzinfo=UTC)  # December 2019 long over, as when it was saved


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", data)
    rt = Runtime(Settings(_env_file=None, data_dir=data), ("discharge",))  # type: ignore[call-arg]
    yield rt
    rt.close()


@pytest.fixture
def discharge(runtime: Runtime) -> Discharge:
    service = runtime.services["discharge"]
    assert isinstance(service, Discharge)
    return service


def december(svc: Discharge) -> dict[str, Any]:
    """The four returns of December 2019 as saved beside the store (JSON-shaped)."""
    out = {
        "dtoc_la": dtoc_detail(svc.dtoc("2019-12", "la", None, NOW)),
        "dtoc_provider": dtoc_detail(svc.dtoc("2019-12", "provider", None, NOW)),
        "drd": svc.drd("2019-12", "provider", now=NOW),
        "nctr": svc.nctr(*month_bounds("2019-12"), now=NOW),
    }
    return json.loads(json.dumps(out, default=str))  # type: ignore[no-any-return]


def saved() -> dict[str, Any]:
    return json.loads((FIXTURE / "returns-2019-12.json").read_text())  # type: ignore[no-any-return]


def test_the_returns_of_the_old_store_are_unchanged_and_so_after_a_rebuild(
    discharge: Discharge,
) -> None:
    assert december(discharge) == saved()
    discharge.rebuild()
    assert december(discharge) == saved()


def test_the_old_episodes_are_found_by_trust_and_reference_under_their_old_ids(
    discharge: Discharge,
) -> None:
    for trust, reference in (("REM", "V123456"), ("REM", "V200"), ("rvy", "R-77")):
        episode_id, episode = discharge.app.locate(trust, reference)
        assert episode_id == legacy_episode_id(reference) and episode is not None
        assert episode.provider_code == trust.upper()
    # another trust's look-up of the same reference finds nothing: a free reference
    assert discharge.app.locate("RVY", "V123456") == (episode_id_for("RVY", "V123456"), None)


def test_a_reimport_changes_nothing_and_a_follow_up_steps_the_old_episode(
    discharge: Discharge, tmp_path: Path
) -> None:
    again = import_rows(discharge.app, rows(FIXTURE / "tracker.csv"))
    assert (again.imported, again.unchanged, again.refused) == (0, 8, [])
    later = ["V200,2019-12-20 10:00,discharged,,,,,,,,,home"]  # names no trust: the store's
    report = import_rows(discharge.app, rows(tracker(tmp_path / "later.csv", later)))
    assert (report.imported, report.refused) == (1, [])
    assert discharge.app.episode(legacy_episode_id("V200")).ended is not None
    assert december(discharge)["dtoc_la"] != saved()["dtoc_la"]  # V200's delay now ends


def test_the_api_steps_an_old_episode_and_another_trust_admits_its_own_reference(
    runtime: Runtime, discharge: Discharge
) -> None:
    def team(trust: str) -> dict[str, str]:
        secret = discharge.settings.signing_secret
        token = issue_token(secret, role=Role("discharge"), organisation=trust)
        return {"Authorization": f"Bearer {token}"}

    old = legacy_episode_id("V200")
    body = {
        "reference": "V123456",
        "provider_code": "RVY",
        "provider_name": "Southport and Ormskirk Hospital",
        "care_type": "acute",
        "la_code": "E08000014",
        "la_name": "Sefton",
        "admitted_at": "2019-12-03 08:00",
    }
    with TestClient(runtime.http_app()) as client:
        seen = client.get(f"/discharge/episodes/{old}", headers=team("REM"))
        assert seen.status_code == 200 and seen.json()["reference"] == "V200"
        step = {"occurred_at": "2019-12-21 09:00", "kind": "discharged", "destination": "home"}
        assert (
            client.post(
                f"/discharge/episodes/{old}/end", json=step, headers=team("REM")
            ).status_code
            == 200
        )
        assert client.get(f"/discharge/episodes/{old}", headers=team("RVY")).status_code == 404
        admitted = client.post("/discharge/episodes", json=body, headers=team("RVY"))
        assert admitted.status_code == 201, admitted.text
        assert admitted.json()["episode_id"] == str(episode_id_for("RVY", "V123456"))
        again = client.post(
            "/discharge/episodes", json=body | {"provider_code": "REM"}, headers=team("REM")
        )
        assert again.status_code == 409  # REM's own V123456, already admitted (old id)
