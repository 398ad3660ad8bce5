"""The import report on screen: each refused row with its line, column and reason, then the
counts and whether anything was written."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from services.discharge.importer_report import ImportReport


def print_report(console: Console, report: ImportReport) -> None:
    if report.refused:
        title = "Skipped rows" if report.skip_bad else "Refused rows"
        table = Table(title=title, title_justify="left")
        for heading in ("line", "episode_id", "column", "reason"):
            table.add_column(heading, overflow="fold")
        for row in report.refused:
            for n, problem in enumerate(row.problems):
                # cells are shown as text: a reason quoting a cell may hold "[...]"
                first = n == 0
                table.add_row(
                    Text(str(row.line) if first else ""),
                    Text(row.episode_id if first else ""),
                    Text(problem.column),
                    Text(problem.reason),
                )
        console.print(table)
    style = "red" if report.failed else ("yellow" if report.refused else "green")
    console.print(Text(report.summary(), style=style))
