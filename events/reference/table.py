"""Reading a shipped reference table (icbs.csv, zones.csv): CSV whose lines starting with #
are comments, under a header that must be exactly the table's columns."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path


def numbered_rows(
    path: Path, columns: list[str], bad: type[ValueError]
) -> Iterator[tuple[int, list[str]]]:
    """Each row that is not blank, with its line number in the file; `bad` naming the file
    when the header is not `columns`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, 1) if not line.lstrip().startswith("#")]
    rows = csv.reader(line for _, line in numbered)
    header = next(rows, None)
    if header != columns:
        raise bad(f"{path}: the header must be {','.join(columns)}, not {header}")
    for (number, _), row in zip(numbered[1:], rows, strict=True):
        if any(cell.strip() for cell in row):
            yield number, row
