"""Writes docs/access.md, the access table, from the rules the routes declare:
`python -m services.access_docs` (a test checks the file is up to date)."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path

from events.platform.access import Grant, Rule, Scope, api_routes, rule_of
from events.platform.auth import Role
from events.platform.settings import Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "access.md"
ROLES = [Role.PROVIDER, Role.BROKER, Role.DISCHARGE, Role.ESCALATION, Role.ANALYST, Role.ADMIN]
INTRO = """# Who may read and do what

Every route of the APIs declares the rule it serves (`events/platform/access.py`; each
service's rules are in `services/<service>/access_rules.py`), and a route without one stops the
process at start. This page is written from those rules by `python -m services.access_docs`.

The organisation in the token decides: a trust's ODS code (discharge), a council's ONS code
(broker), a provider id (provider), an integrated care board's ODS code (escalation: the ICB's
trusts and councils are listed in `events/reference/icbs.csv`; docs/reference-data.md says how
to add one). In the table:

- **any**: every one, whoever owns it;
- **own `field`**: only where the resource's `field` is the caller's organisation; another
  organisation's answers 404, as for an id nobody has (or 403 where the table says so, for
  resources that are public anyway, such as a care home);
- **own rows (`field`)**: a list narrowed to the rows whose `field` is the caller's organisation;
- **rows of its area (`field` or `field`)**: a list narrowed to the rows whose first `field` is
  one of the ICB's trusts or whose second is one of its councils, with their ids; asking for a
  trust or council outside the ICB gives none;
- **pseudonymised rows**: every row, with ids that lead to a person replaced by a keyed hash
  and no ward;
- **—**: refused (403). An admin may do everything.
"""


def cell(grant: Grant | None) -> str:
    if grant is None:
        return "—"
    if grant.scope is Scope.OWN:
        return f"own `{grant.owner}`" + (" (else 403)" if grant.otherwise == 403 else "")
    if grant.scope is Scope.ROWS:
        return f"own rows (`{grant.owner}`)"
    if grant.scope is Scope.AREA:
        return f"{grant.scope.value} (" + " or ".join(f"`{o}`" for o in grant.owners) + ")"
    return grant.scope.value


def routes_by_rule() -> list[tuple[Rule, list[str]]]:
    from services.runtime import Runtime

    with tempfile.TemporaryDirectory() as folder:
        runtime = Runtime(Settings(data_dir=Path(folder)))  # type: ignore[call-arg]
        try:
            app = runtime.http_app()
        finally:
            runtime.close()
    rules: dict[int, Rule] = {}
    found: dict[int, list[str]] = defaultdict(list)
    for route in api_routes(app):
        rule = rule_of(route)
        if rule is not None:
            rules[id(rule)] = rule
            found[id(rule)] += [f"`{m} {route.path}`" for m in sorted(route.methods or ())]
    return [(rules[key], paths) for key, paths in found.items()]


def render() -> str:
    lines = [INTRO, "| resource | action | " + " | ".join(r.value for r in ROLES) + " | routes |"]
    lines.append("|" + "---|" * (len(ROLES) + 3))
    for rule, routes in routes_by_rule():
        cells = ["public"] * len(ROLES) if rule.public else [cell(rule.grant_for(r)) for r in ROLES]
        lines.append(
            f"| {rule.resource} | {rule.action} | {' | '.join(cells)} | {'<br>'.join(routes)} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}")
