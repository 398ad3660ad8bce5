"""The access policy's own rules: a role the rule does not name is refused, an admin may do
everything, another organisation's resource answers as the table says, and an app with an API
route that declares no rule does not start. docs/access.md is the table the routes declare."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from events.platform.access import (
    ANY,
    Access,
    Rule,
    Scope,
    allowed,
    area_rows,
    check_rules,
    own,
    own_rows,
)
from events.platform.auth import Principal, Role
from events.platform.errors import Forbidden, NotFound
from events.platform.http import install_error_handlers
from events.platform.settings import Settings
from events.platform.tokens import Tokens
from services.access_docs import DOC, render

RULE = Rule("thing", "read", {Role.DISCHARGE: own("provider_code"), Role.ANALYST: ANY})


def who(role: Role, org: str) -> Principal:
    return Principal(f"{role.value}@{org}", role, org, token_id=str(uuid.uuid4()))


def access(role: Role, org: str, rule: Rule = RULE) -> Access:
    grant = rule.grant_for(role)
    assert grant is not None
    return Access(who(role, org), rule, grant)


def test_the_owner_passes_another_organisation_is_told_there_is_no_such_thing() -> None:
    access(Role.DISCHARGE, "RTG").owns("rtg ", "episode 1")  # codes compare as published
    with pytest.raises(NotFound, match="no episode 1"):
        access(Role.DISCHARGE, "RTG").owns("RVY", "episode 1")


def test_a_public_resource_of_another_organisation_is_a_403() -> None:
    rule = Rule("home", "change", {Role.PROVIDER: own("provider_id", otherwise=403)})
    with pytest.raises(Forbidden):
        access(Role.PROVIDER, "P-1", rule).owns("P-2", "care home 7")


def test_any_and_admin_see_every_organisations_and_rows_are_narrowed_to_ones_own() -> None:
    access(Role.ANALYST, "NHSE").owns("RVY", "episode 1")
    assert RULE.grant_for(Role.ADMIN) == ANY and RULE.grant_for(Role.BROKER) is None
    rows = Rule("list", "read", {Role.BROKER: own_rows("la_code")})
    narrowed = access(Role.BROKER, "E08000014", rows)
    assert narrowed.rows_of == "E08000014" and narrowed.grant.scope is Scope.ROWS
    assert access(Role.ANALYST, "NHSE").rows_of is None
    assert narrowed.narrow(Asked()) == Asked(la_code="E08000014", stage="open")
    assert access(Role.ANALYST, "NHSE").narrow(Asked()) == Asked()


@dataclass(frozen=True)
class Asked:
    la_code: str | None = None
    stage: str = "open"


def test_an_area_grant_names_its_area_and_is_never_read_as_every_row() -> None:
    rule = Rule("list", "read", {Role.ESCALATION: area_rows("provider_code", "la_code")})
    area = access(Role.ESCALATION, "qyg ", rule)
    assert area.area == "QYG" and area.grant.owners == ("provider_code", "la_code")
    with pytest.raises(RuntimeError, match="narrows by `area`"):
        _ = area.rows_of
    assert access(Role.DISCHARGE, "RTG").area is None


Guarded = Annotated[Access, allowed(RULE)]  # at module level: the route's annotations resolve


def app_with(declared: bool, tokens: Tokens | None = None) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    app.state.tokens = tokens

    if declared:

        @app.get("/api/thing")
        def guarded(a: Guarded) -> dict[str, str]:
            return {"scope": a.grant.scope.value}

    else:

        @app.get("/api/thing")
        def bare() -> dict[str, str]:
            return {}

    return app


def test_a_route_without_a_rule_stops_the_app_from_starting() -> None:
    with pytest.raises(RuntimeError, match="GET /api/thing"):
        check_rules(app_with(declared=False))
    check_rules(app_with(declared=True))


def test_a_role_the_rule_does_not_name_is_refused_before_the_route_runs(
    embedded_settings: Settings,
) -> None:
    tokens = Tokens(embedded_settings)
    client = TestClient(app_with(True, tokens))

    def asked(role: Role, org: str) -> int:
        token = tokens.issue(role=role, organisation=org)
        return client.get("/api/thing", headers={"Authorization": f"Bearer {token}"}).status_code

    assert asked(Role.BROKER, "E08000014") == 403
    assert asked(Role.ANALYST, "NHSE") == asked(Role.ADMIN, "ops") == 200
    assert client.get("/api/thing").status_code == 401
    tokens.close()


def test_docs_access_md_is_the_table_the_routes_declare() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "run: python -m services.access_docs"
