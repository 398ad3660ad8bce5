"""Rows out of a CLI command: CSV or JSON on stdout, or a table on screen."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Any

from rich import box
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
        # light rules leave the room to the figures: a board fits an 80-column terminal
        table = Table(
            title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True
        )
        for column in rows[0] if rows else []:
            # numbers stay whole and line up; words wrap between words, never inside one
            values = [r.get(column) for r in rows]
            if all(isinstance(v, int | float) for v in values):
                table.add_column(column, justify="right", no_wrap=True)
            else:
                longest = max((len(w) for v in values for w in str(v).split()), default=1)
                table.add_column(column, overflow="fold", min_width=min(longest, 16))
        for row in rows:
            table.add_row(*(str(v) for v in row.values()))
        Console().print(table)
