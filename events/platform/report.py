"""Rows out of a CLI command: CSV or JSON on stdout, or a table on screen."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table


class Format(StrEnum):
    csv = "csv"
    json = "json"
    table = "table"


def emit(rows: list[dict[str, Any]], fmt: Format, title: str) -> None:
    if fmt is Format.json:
        print(json.dumps(rows, indent=2, default=str))
    elif fmt is Format.csv:
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    elif not rows:
        Console().print(f"{title}: nothing to show")
    else:
        table = Table(title=title)
        for column in rows[0] if rows else []:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(str(v) for v in row.values()))
        Console().print(table)
