"""The audit of reads: recorded, filtered, append-only in the database itself, admin only,
and a read that cannot be audited is refused."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from psycopg import sql
from pydantic import SecretStr
from typer.testing import CliRunner

from events.platform.audit import AuditEntry, AuditLog
from events.platform.audit_http import audit_read
from events.platform.audit_schema import audit_engine
from events.platform.auth import Role
from events.platform.http import CurrentPrincipal, install_error_handlers
from events.platform.settings import Settings
from events.platform.tokens import Tokens
from services.audit_api import mount_audit
from services.audit_cli import audit_app
from tests.integration.conftest import PG_URL

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
NHS = "9434765919"  # a valid NHS number
UUID12 = "00000000-0000-4000-8000-943476591900"  # digits, but a uuid: kept


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def entry(subject: str, organisation: str, *ids: str, role: str = "discharge") -> AuditEntry:
    return AuditEntry(
        role, organisation, subject, str(uuid.uuid4()), "GET", "/e/{id}", "episode", ids
    )


@pytest.fixture
def store(embedded_settings: Settings) -> Iterator[AuditLog]:
    log = AuditLog(lambda: audit_engine(embedded_settings), clock=Clock())
    yield log
    log.close()


def test_each_filter_and_newest_first(store: AuditLog) -> None:
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    first = store.record(entry("nurse.a", "RTG", a))  # 09:01
    second = store.record(entry("nurse.b", "RVY", a, b))  # 09:02
    third = store.record(entry("broker.c", "E08000014", b, role="broker"))  # 09:03
    seqs = lambda found: [e.seq for e in found]  # noqa: E731
    assert seqs(store.query()) == [third.seq, second.seq, first.seq]
    assert seqs(store.query(subject="nurse.a")) == [first.seq]
    assert seqs(store.query(organisation="RVY")) == [second.seq]
    assert seqs(store.query(patient=a)) == [second.seq, first.seq]
    assert seqs(store.query(since=T0 + timedelta(minutes=2))) == [third.seq, second.seq]
    assert seqs(store.query(until=T0 + timedelta(minutes=2))) == [second.seq, first.seq]
    assert seqs(store.query(limit=1)) == [third.seq]
    assert seqs(store.query(subject="nurse.b", patient=b, organisation="RTG")) == []
    kept = store.query(patient=b, organisation="RVY")[0]
    assert (
        kept.ids == tuple(sorted((a, b))) and kept.rows == 2 and kept.at == T0 + timedelta(2 / 1440)
    )
    with pytest.raises(ValueError):
        store.query(limit=1001)


def test_no_nhs_number_no_token_and_bounded(store: AuditLog, embedded_settings: Settings) -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
    kept = store.record(
        AuditEntry(
            "discharge", "RTG", "nurse.a", "not-a-uuid", "get", "/e", "episode",
            ids=("ep-1", NHS, "943 476 5919", UUID12), query=f"nhs={NHS}&token={token}&q=x",
            client="10.0.0.1", user_agent=f"agent {token} " + "x" * 400,
        )
    )  # fmt: skip
    assert kept.ids == ("ep-1", UUID12) and kept.rows == 4 and kept.token_id is None
    assert kept.method == "GET" and len(kept.user_agent) == 200
    assert NHS not in kept.query and token not in kept.query and "q=x" in kept.query
    raw = (embedded_settings.data_dir / "audit.sqlite").read_bytes()
    assert NHS.encode() not in raw and b"eyJ" not in raw


def test_the_database_refuses_update_and_delete(
    store: AuditLog, embedded_settings: Settings
) -> None:
    store.record(entry("nurse.a", "RTG", str(uuid.uuid4())))
    path = embedded_settings.data_dir / "audit.sqlite"
    for each in (path, path.with_name("audit.sqlite-wal")):
        assert each.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(path) as conn:
        for change in (
            "UPDATE reads SET subject = 'someone.else'",
            "DELETE FROM reads",
            "UPDATE read_ids SET record_id = 'x'",
            "DELETE FROM read_ids",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(change)
    assert [e.subject for e in store.query()] == ["nurse.a"]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh database on the integration tier's PostgreSQL (fails when it is missing)."""
    name = f"cb_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield f"{PG_URL.rpartition('/')[0]}/{name}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.mark.integration
def test_postgres_refuses_update_delete_and_truncate(pg_url: str, tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path,
        postgres_url=pg_url,
        jwt_secret=SecretStr("s" * 32),
        cipher_key=SecretStr("a-key-production-requires"),
    )
    store, again = AuditLog.of(settings), AuditLog.of(settings)
    try:
        patient = str(uuid.uuid4())
        store.record(entry("nurse.a", "RTG", patient))
        assert [e.subject for e in again.query(patient=patient)] == ["nurse.a"]  # set up twice
        for change in ("UPDATE audit.reads SET subject = 'x'", "DELETE FROM audit.reads",
                       "DELETE FROM audit.read_ids", "TRUNCATE audit.reads CASCADE"):  # fmt: skip
            with psycopg.connect(pg_url) as conn, pytest.raises(psycopg.Error, match="append-only"):
                conn.execute(change)
        assert len(store.query()) == 1 and not (tmp_path / "audit.sqlite").exists()
    finally:
        store.close()
        again.close()


@pytest.fixture
def app(embedded_settings: Settings) -> Iterator[FastAPI]:
    """A tiny service: one patient-level route that audits its read, and GET /audit."""
    app = FastAPI()
    install_error_handlers(app)
    app.state.tokens = Tokens(embedded_settings)
    mount_audit(app, AuditLog.of(embedded_settings))

    @app.get("/episodes/{episode_id}")
    def episode(request: Request, who: CurrentPrincipal, episode_id: uuid.UUID) -> dict[str, str]:
        audit_read(request, who, "episode", ids=[episode_id])
        return {"episode_id": str(episode_id), "nhs_number": NHS}

    yield app
    app.state.audit.close()
    app.state.tokens.close()


def bearer(app: FastAPI, role: Role, org: str, subject: str = "") -> dict[str, str]:
    return {"Authorization": f"Bearer {app.state.tokens.issue(role, org, subject=subject)}"}


def test_a_discharge_read_appears_in_get_audit(app: FastAPI) -> None:
    client, episode = TestClient(app), str(uuid.uuid4())
    nurse = bearer(app, Role.DISCHARGE, "RTG", "nurse.a")
    read = client.get(f"/episodes/{episode}?view=full", headers={**nurse, "User-Agent": "ward-pc"})
    assert read.status_code == 200
    admin = bearer(app, Role.ADMIN, "ig-team", "ig.lead")
    found = client.get("/audit", params={"patient": episode}, headers=admin)
    assert found.status_code == 200, found.text
    [row] = found.json()
    assert (row["subject"], row["organisation"], row["role"]) == ("nurse.a", "RTG", "discharge")
    assert (row["route"], row["method"], row["kind"], row["ids"]) == (
        "/episodes/{episode_id}", "GET", "episode", [episode],
    )  # fmt: skip
    assert row["token_id"] and row["query"] == "view=full" and row["user_agent"] == "ward-pc"
    assert row["client"] == "testclient" and row["rows"] == 1
    [looked] = client.get("/audit", params={"subject": "ig.lead"}, headers=admin).json()
    assert looked["kind"] == "audit" and looked["rows"] == 1  # reading the audit is audited


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_get_audit_is_for_admins_only(app: FastAPI, role: Role) -> None:
    orgs = {Role.DISCHARGE: "RTG", Role.BROKER: "E08000014", Role.PROVIDER: "p-1"}
    orgs[Role.ESCALATION] = "QYG"
    client = TestClient(app)
    assert client.get("/audit").status_code == 401
    assert client.get("/audit", headers=bearer(app, role, orgs.get(role, "x"))).status_code == 403
    admin = bearer(app, Role.ADMIN, "ig-team")
    assert client.get("/audit", params={"limit": 1001}, headers=admin).status_code == 422
    assert client.get("/audit", params={"since": "1800-01-01"}, headers=admin).status_code == 422


class Broken:
    def record(self, entry: AuditEntry) -> AuditEntry:
        raise OSError("disk full")


def test_a_read_that_cannot_be_audited_is_refused(app: FastAPI) -> None:
    client, nurse = TestClient(app), bearer(app, Role.DISCHARGE, "RTG")
    real = app.state.audit
    for state in (Broken(), None):
        app.state.audit = state
        refused = client.get(f"/episodes/{uuid.uuid4()}", headers=nurse)
        assert refused.status_code == 503 and NHS not in refused.text
    app.state.audit = real


def test_carebridge_audit_lists_the_reads(
    app: FastAPI, embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREBRIDGE_DATA_DIR", str(embedded_settings.data_dir))
    episode = str(uuid.uuid4())
    TestClient(app).get(f"/episodes/{episode}", headers=bearer(app, Role.DISCHARGE, "RTG", "n.a"))
    listed = CliRunner().invoke(audit_app, ["--patient", episode, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)
    assert (row["subject"], row["organisation"], row["ids or query"]) == ("n.a", "RTG", episode)
    table = CliRunner().invoke(audit_app, ["--organisation", "RTG", "--since", "2024-01-01"])
    assert table.exit_code == 0 and "n.a" in table.stdout
    assert (
        CliRunner()
        .invoke(audit_app, ["--organisation", "RVY"])
        .stdout.strip()
        .endswith("nothing to show")
    )
    bad = CliRunner().invoke(audit_app, ["--until", "yesterday"])
    assert bad.exit_code == 2 and "--until" in bad.output
