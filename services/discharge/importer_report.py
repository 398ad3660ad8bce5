"""What an import did: rows imported, unchanged and refused (each with its line, columns and
reasons), and whether anything was written."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    column: str  # the CSV column at fault ("row" when no single column is)
    reason: str


@dataclass(frozen=True)
class RefusedRow:
    line: int
    episode_id: str
    problems: tuple[Problem, ...]

    @property
    def text(self) -> str:
        return "; ".join(f"{p.column}: {p.reason}" for p in self.problems)


@dataclass
class ImportReport:
    skip_bad: bool = False
    imported: int = 0  # rows whose events were written
    unchanged: int = 0  # rows already recorded (a re-import)
    held_back: int = 0  # good rows not written because others were refused
    refused: list[RefusedRow] = field(default_factory=list)
    written: bool = False

    @property
    def errors(self) -> list[tuple[int, str]]:
        """(line, "column: reason; ...") for each refused row."""
        return [(r.line, r.text) for r in self.refused]

    @property
    def failed(self) -> bool:
        """Refused rows stopped the import (without --skip-bad)."""
        return bool(self.refused) and not self.skip_bad

    def summary(self) -> str:
        counts = (
            f"{self.imported} rows imported, {self.unchanged} unchanged, "
            f"{len(self.refused)} refused"
        )
        if self.failed:
            return (
                f"{counts}: nothing was written ({self.held_back} good rows held back): "
                "fix these rows or pass --skip-bad"
            )
        if self.refused:
            return f"{counts}: the refused rows were skipped, the others written"
        return f"{counts}: {'written' if self.written else 'nothing new to write'}"
