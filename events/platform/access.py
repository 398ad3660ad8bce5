"""The access policy: for each resource and action, which roles may do it and which
organisation decides (docs/access.md is written from the services' tables of these rules).

A route declares the rule it serves with `allowed(rule)` and gets an `Access`: the caller, and
what the rule grants its role. A role the rule does not name is refused (403); an admin may do
everything. Where a grant is scoped to the caller's own organisation, the route asks
`access.owns(org)` with the organisation of the resource it loaded; another organisation's
resource then answers as the table says: 404 (as for an id nobody has, so ids cannot be probed)
or 403 (a public resource, such as a care home). Where a grant is by area (an ICB), the route
narrows its list to the rows of the organisations in `access.area`, which it looks up (e.g. in
events/reference). `check_rules` refuses to start an app with an API route that declares no
rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from fastapi import Depends, FastAPI
from fastapi.params import Depends as DependsParam
from fastapi.routing import APIRoute

from events.platform.auth import Principal, Role
from events.platform.errors import Forbidden, NotFound
from events.platform.http import current_principal

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

F = TypeVar("F", bound="DataclassInstance")  # a query's filter


class Scope(StrEnum):
    ANY = "any"  # every one, whoever owns it
    OWN = "own"  # only a resource of the caller's organisation
    ROWS = "own rows"  # a list narrowed to the rows of the caller's organisation
    PSEUDONYMISED = "pseudonymised rows"  # every row, ids replaced by keyed hashes
    AREA = "rows of its area"  # a list narrowed to the rows of the organisations in the area


@dataclass(frozen=True)
class Grant:
    scope: Scope
    owner: str = ""  # the field whose organisation decides, for OWN and ROWS
    otherwise: int = 404  # what another organisation's resource answers, for OWN
    owners: tuple[str, ...] = ()  # for AREA: a row is the area's when any of these fields is


ANY = Grant(Scope.ANY)
PSEUDONYMISED = Grant(Scope.PSEUDONYMISED)


def own(owner: str, otherwise: int = 404) -> Grant:
    return Grant(Scope.OWN, owner, otherwise)


def own_rows(owner: str) -> Grant:
    return Grant(Scope.ROWS, owner)


def area_rows(*owners: str) -> Grant:
    """Rows any of whose `owners` fields is an organisation in the caller's area (e.g. an
    ICB's trusts by provider_code, its councils by la_code)."""
    return Grant(Scope.AREA, owners=owners)


@dataclass(frozen=True)
class Rule:
    """What one kind of request may do to one resource, and who may."""

    resource: str
    action: str
    grants: Mapping[Role, Grant] = field(default_factory=dict)
    public: bool = False  # no token needed (health and readiness)

    def grant_for(self, role: Role) -> Grant | None:
        if role is Role.ADMIN:
            return ANY  # everything, and audited like anyone else
        return self.grants.get(role)

    @property
    def name(self) -> str:
        return f"{self.resource}: {self.action}"


@dataclass(frozen=True)
class Access:
    """The caller of a route and what its rule grants the caller's role."""

    who: Principal
    rule: Rule
    grant: Grant

    @property
    def role(self) -> Role:
        return self.who.role

    @property
    def organisation(self) -> str:
        return self.who.organisation

    def is_own(self, organisation: str) -> bool:
        return organisation.strip().upper() == self.who.organisation.strip().upper()

    def owns(self, organisation: str, what: str) -> None:
        """Refuse, as the table says, a resource of another organisation (`what` names it in
        the answer, e.g. "no episode 1234")."""
        if self.grant.scope is not Scope.OWN or self.is_own(organisation):
            return
        if self.grant.otherwise == 403:
            raise Forbidden(f"{what} belongs to another organisation")
        raise NotFound(f"no {what}")

    @property
    def rows_of(self) -> str | None:
        """The organisation a list is narrowed to; None for every row. An area grant has no
        one organisation: its route narrows by `area` (refused here, so it is never read as
        every row)."""
        if self.grant.scope is Scope.AREA:
            raise RuntimeError(f"{self.rule.name}: an area grant narrows by `area`")
        return self.who.organisation.strip() if self.grant.scope is Scope.ROWS else None

    @property
    def area(self) -> str | None:
        """The area (e.g. an ICB's code) whose organisations' rows a list is narrowed to;
        None when the grant is not by area."""
        return self.who.organisation.strip().upper() if self.grant.scope is Scope.AREA else None

    def narrow(self, asked: F) -> F:
        """A filter (a dataclass) narrowed to the caller's own rows: its field the grant names
        set to the caller's organisation; as asked when the grant is not by own rows."""
        own = self.rows_of
        if own is None:
            return asked
        narrowed: dict[str, Any] = {self.grant.owner: own}
        return replace(asked, **narrowed)

    @property
    def pseudonymised(self) -> bool:
        return self.grant.scope is Scope.PSEUDONYMISED


def allowed(rule: Rule) -> Any:
    """The dependency of a route serving `rule`: the caller's `Access`, or 403."""

    def check(who: Annotated[Principal, Depends(current_principal)]) -> Access:
        grant = rule.grant_for(who.role)
        if grant is None:
            roles = ", ".join(r.value for r in rule.grants) or "admin"
            raise Forbidden(f"role {who.role.value} may not do this (needs {roles})")
        return Access(who, rule, grant)

    check.access_rule = rule  # type: ignore[attr-defined]
    return Depends(check)


def public(rule: Rule) -> Any:
    """The dependency of a route anyone may call (no token): declares its rule only."""

    def declared() -> None:
        return None

    declared.access_rule = rule  # type: ignore[attr-defined]
    return Depends(declared)


def rule_of(route: APIRoute) -> Rule | None:
    """The rule a route declared, found among its dependencies."""
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        found = getattr(dependency.call, "access_rule", None)
        if isinstance(found, Rule):
            return found
        pending.extend(dependency.dependencies)
    for declared in route.dependencies:
        if isinstance(declared, DependsParam):
            found = getattr(declared.dependency, "access_rule", None)
            if isinstance(found, Rule):
                return found
    return None


def api_routes(app: FastAPI) -> Iterable[APIRoute]:
    """Every APIRoute of the app, those of included routers too."""
    pending: list[Any] = list(app.router.routes)
    while pending:
        route = pending.pop(0)
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            pending.extend(inner.routes)


def check_rules(app: FastAPI, declared: Callable[[APIRoute], bool] = lambda _: True) -> None:
    """Refuse to start when an API route (one `declared` says must have a rule) has none."""
    missing = [
        f"{','.join(sorted(r.methods or ()))} {r.path}"
        for r in api_routes(app)
        if declared(r) and rule_of(r) is None
    ]
    if missing:
        raise RuntimeError(f"routes without an access rule: {'; '.join(missing)}")
