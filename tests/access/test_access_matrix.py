"""The access matrix (issue 15): every route of the APIs, called with a token of every role,
of the organisation that owns the resource and of another one, answers as its rule in the
access table says (docs/access.md is written from the same rules):

- a role the rule does not name: 403;
- any, own rows, pseudonymised rows, or own and the caller owns it: 2xx, really done (each
  case makes the fresh resources a call needs, tests/access/cases.py);
- own and another organisation's: the grant's `otherwise` (404, or 403 for public resources);
- public (operations): answered without a token.

A route without a rule, or without a case here, fails by name."""

from __future__ import annotations

import re
from typing import Any

import pytest

from events.platform.access import Rule, Scope
from events.platform.auth import Role
from events.reference.icbs import members_of
from services.access_docs import ROLES, cell
from tests.access.cases import CASES
from tests.access.routes import app_routes, doc_roles, doc_rows
from tests.access.world import ORGS, World

ROUTES = app_routes()
DONE = {200, 201, 202}
# the resource a write touches, read back by an admin to see that a refused write changed nothing
TOUCHED = re.compile(
    r"^/(vacancies/homes|vacancies/agencies|discharge/episodes|broker/requests|broker/packages)"
    r"/[^/?]+"
)


def matrix() -> list[Any]:
    params = []
    for method, path, rule in ROUTES:
        name = f"{method} {path}"
        if rule is None or (method, path) not in CASES or rule.public:
            params.append(pytest.param(method, path, rule, None, True, id=name))
            continue
        for role in ROLES:
            for mine in (True, False):
                case = f"{name}-{role.value}-{'own' if mine else 'other'}"
                params.append(pytest.param(method, path, rule, role, mine, id=case))
    return params


def expected(rule: Rule, role: Role, mine: bool) -> set[int]:
    grant = rule.grant_for(role)
    if grant is None:
        return {403}
    if grant.scope is Scope.OWN and not mine:
        return {grant.otherwise}
    return DONE


def row_owner(world: World, row: dict[str, Any], field: str) -> str | None:
    """The organisation of a row of a list narrowed to own rows, by the grant's field (or,
    for rows that do not carry it, by the episode or home the world made)."""
    if field in row:
        return str(row[field])
    if field == "provider_code" and "episode_id" in row:
        return world.trust_of.get(str(row["episode_id"]))
    if field == "provider_id" and "home_id" in row:
        return world.provider_of.get(str(row["home_id"]))
    return None


def check_rows(world: World, rule: Rule, role: Role, org: str, answer: Any) -> None:
    grant = rule.grant_for(role)
    if grant is None or not isinstance(answer, list):
        return
    if grant.scope is Scope.ROWS:
        owners = {row_owner(world, row, grant.owner) for row in answer}
        assert answer, f"{role.value} {org} sees none of its own rows (the world has some)"
        assert owners == {org}, f"{role.value} {org} sees rows of {owners - {org}}"
    if grant.scope is Scope.AREA:
        trusts, councils = members_of(org)
        assert answer, f"{role.value} {org} sees none of its area's rows (the world has some)"
        for row in answer:
            assert row.get("provider_code") in trusts or row.get("la_code") in councils, row
    if grant.scope is Scope.PSEUDONYMISED:
        assert answer, "pseudonymised rows: none (the world has some)"
        real = set(world.trust_of)
        for row in answer:
            assert not real & {str(v) for v in row.values()}, f"a real episode id in {row}"
            assert row.get("ward", "") == "" and row.get("where_now", "") == "", row


@pytest.mark.parametrize(("method", "path", "rule", "role", "mine"), matrix())
def test_the_route_answers_as_the_table_says(
    world: World, method: str, path: str, rule: Rule | None, role: Role | None, mine: bool
) -> None:
    route = f"{method} {path}"
    assert rule is not None, f"{route} declares no access rule: it has no row in docs/access.md"
    build = CASES.get((method, path))
    assert build is not None, f"new route {route}: add a case in tests/access/cases.py"
    url, body = build(world)
    if role is None:  # public
        answer = world.client.request(method, url, json=body)
        allowed = {200, 503} if path == "/ready" else {200}
        assert answer.status_code in allowed, f"{route} without a token: {answer.status_code}"
        return
    org = ORGS[role][0 if mine else 1]
    before = version(world, method, url)
    answer = world.send(role, org, method, url, body)
    want = expected(rule, role, mine)
    assert answer.status_code in want, (
        f"{route} as {role.value} of {org} ({'own' if mine else 'another'} organisation's): "
        f"the table says {sorted(want)}, got {answer.status_code} {answer.text[:300]}"
    )
    if answer.status_code in DONE:
        if role is Role.ANALYST:  # no NHS number in anything an analyst is given
            text = answer.text.replace(" ", "").replace("-", "")
            assert not [n for n in world.nhs_numbers if n in text], f"{route}: an NHS number"
        json = "json" in str(answer.headers.get("content-type", ""))
        check_rows(world, rule, role, org, answer.json() if json else None)
    elif before is not None:
        world.runtime.drain()
        assert version(world, method, url) == before, f"{route} refused, yet it changed it"


def version(world: World, method: str, url: str) -> int | None:
    """The version of the home, episode or request a write's url names (None for reads)."""
    touched = TOUCHED.match(url)
    if method == "GET" or touched is None:
        return None
    return int(world.ok(Role.ADMIN, ORGS[Role.ADMIN][0], "GET", touched.group(0))["version"])


def test_every_case_is_a_route() -> None:
    """A case left behind by a route that went (or moved) is a typo waiting to happen."""
    routes = {(method, path) for method, path, _ in ROUTES}
    assert set(CASES) - routes == set()


@pytest.mark.parametrize(("method", "path", "rule"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_the_docs_table_has_the_routes_row(method: str, path: str, rule: Rule | None) -> None:
    """docs/access.md lists the route, with the rule's cell for every role."""
    assert rule is not None, f"{method} {path} declares no access rule"
    cells = doc_rows().get(f"{method} {path}")
    assert cells is not None, f"{method} {path} has no row in docs/access.md"
    assert doc_roles() == [r.value for r in ROLES]
    want = ["public"] * len(ROLES) if rule.public else [cell(rule.grant_for(r)) for r in ROLES]
    assert cells[2:] == want and cells[:2] == [rule.resource, rule.action]
