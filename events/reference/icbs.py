"""Which NHS trusts and councils belong to each integrated care board (ICB): the table in
`icbs.csv` beside this module, read once and checked (each code against its pattern, each ICB
with one name, no row twice). How to extend it: docs/reference-data.md."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from events.bounds import IcbCode, OdsCode, OnsCode
from events.bounds.check import OutOfBounds, bounded
from events.reference.table import numbered_rows

TABLE = Path(__file__).with_name("icbs.csv")
COLUMNS = ["icb_code", "icb_name", "member_kind", "member_code", "member_name"]
KINDS: dict[str, Any] = {"trust": OdsCode, "council": OnsCode}


@dataclass(frozen=True)
class Icb:
    code: str
    name: str
    trusts: frozenset[str]  # ODS codes
    councils: frozenset[str]  # ONS codes


class BadTable(ValueError):
    """The table has a row that is not a member of an ICB (the line is named)."""


def load(path: Path = TABLE) -> dict[str, Icb]:
    """Every ICB of the table at `path` by its code, or BadTable naming the first bad line."""
    names: dict[str, str] = {}
    members: dict[str, dict[str, set[str]]] = {}
    for number, row in numbered_rows(path, COLUMNS, BadTable):
        try:
            icb, name, kind, code = _checked(row)
        except (OutOfBounds, ValueError) as exc:
            raise BadTable(f"{path}, line {number}: {exc}") from None
        if names.setdefault(icb, name) != name:
            raise BadTable(f"{path}, line {number}: {icb} is already named {names[icb]!r}")
        found = members.setdefault(icb, {kind: set() for kind in KINDS})[kind]
        if code in found:
            raise BadTable(f"{path}, line {number}: {kind} {code} is already in {icb}")
        found.add(code)
    return {
        icb: Icb(icb, names[icb], frozenset(m["trust"]), frozenset(m["council"]))
        for icb, m in members.items()
    }


def _checked(row: list[str]) -> tuple[str, str, str, str]:
    if len(row) != len(COLUMNS):
        raise ValueError(f"{len(COLUMNS)} columns expected, found {len(row)}")
    icb, name, kind, code = (cell.strip() for cell in row[:4])
    if kind not in KINDS:
        raise ValueError(f"member_kind must be {' or '.join(KINDS)}, not {kind!r}")
    if not name:
        raise ValueError("the ICB needs a name")
    return str(bounded(IcbCode, icb)), name, kind, str(bounded(KINDS[kind], code))


@cache
def icbs() -> dict[str, Icb]:
    """The shipped table, read once."""
    return load()


def known(icb: str) -> bool:
    return icb.strip().upper() in icbs()


def members_of(icb: str) -> tuple[frozenset[str], frozenset[str]]:
    """The ICB's trusts (ODS codes) and councils (ONS codes); none for an ICB not in the
    table."""
    found = icbs().get(icb.strip().upper())
    return (found.trusts, found.councils) if found else (frozenset(), frozenset())


def icbs_of(code: str) -> list[str]:
    """The ICBs a trust or council belongs to (a council may straddle two)."""
    code = code.strip().upper()
    return sorted(i.code for i in icbs().values() if code in i.trusts or code in i.councils)


@cache
def names_by_kind() -> dict[str, dict[str, str]]:
    """Names by kind ("icb", "trust", "council") and code, from the shipped table: what a page
    shows instead of a code."""
    found: dict[str, dict[str, str]] = {"icb": {}, **{kind: {} for kind in KINDS}}
    for _, row in numbered_rows(TABLE, COLUMNS, BadTable):
        icb, icb_name, kind, code, name = (cell.strip() for cell in row)
        found["icb"][icb] = icb_name
        found[kind][code] = name
    return found
