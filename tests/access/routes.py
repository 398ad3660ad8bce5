"""The routes of the app and the rows of docs/access.md, for the access matrix."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from events.platform.access import Rule, api_routes, rule_of
from events.platform.settings import Settings
from services.runtime import API_PREFIXES, OPERATION_PATHS, Runtime

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"
Route = tuple[str, str, Rule | None]  # method, path template, the rule it declares


@contextmanager
def plain_settings(data_dir: Path) -> Iterator[Settings]:
    """The embedded default in `data_dir`, whatever CAREBRIDGE_* the shell has."""
    with pytest.MonkeyPatch.context() as patch:
        for key in list(os.environ):
            if key.startswith("CAREBRIDGE_") and not key.startswith("CAREBRIDGE_TEST_"):
                patch.delenv(key)
        cipher = os.environ.get("CAREBRIDGE_TEST_CIPHER_KEY")
        yield Settings(_env_file=None, data_dir=data_dir, cipher_key=cipher)  # type: ignore[call-arg, arg-type]


def app_routes() -> list[Route]:
    """Every API and operations route, and any other route that declares a rule."""
    with tempfile.TemporaryDirectory() as folder, plain_settings(Path(folder) / "data") as s:
        runtime = Runtime(s)
        try:
            app = runtime.http_app()
        finally:
            runtime.close()
    found = []
    for route in api_routes(app):
        rule = rule_of(route)
        if rule is None and not route.path.startswith((*API_PREFIXES, *OPERATION_PATHS)):
            continue  # the dashboard's pages: not the APIs' table
        found += [(method, route.path, rule) for method in sorted(route.methods or ())]
    return found


def doc_rows() -> dict[str, list[str]]:
    """docs/access.md's table: "METHOD /path" -> the cells of its row (resource, action, one
    per role as in the header)."""
    rows: dict[str, list[str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| ") or line.startswith("| resource |"):
            continue
        *cells, routes = [cell.strip() for cell in line.strip().strip("|").split("|")]
        for route in re.findall(r"`([A-Z]+ [^`]+)`", routes):
            rows[route] = cells
    return rows


def doc_roles() -> list[str]:
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| resource |"):
            return [cell.strip() for cell in line.strip().strip("|").split("|")][2:-1]
    raise AssertionError(f"{DOC} has no table")
