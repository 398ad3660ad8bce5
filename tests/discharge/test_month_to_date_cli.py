"""`carebridge returns ...` for a month not yet over says which days it counted
(docs/discharge-counting.md, "The month in progress"): a "Period:" title row above the CSV,
a note on stderr beside JSON; a month that has ended prints exactly as published. The clock
is `Discharge.now`, fixed on the class since each command wires its own service."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from events.platform.settings import Settings
from services.cli import app
from services.discharge.bootstrap import Discharge
from services.discharge.domain.calendar import UK
from services.discharge.domain.vocabulary import DTOC_REASONS
from tests.discharge.published_months import COLUMNS

Run = Callable[..., Result]
Clock = Callable[[datetime], None]

RETURNS = ["dtoc", "drd", "nctr", "pocd"]
ON_THE_2ND = datetime(2019, 12, 2, 10, 0, tzinfo=UK)  # the midnight of 1-2 December has passed
IN_JANUARY = datetime(2020, 1, 3, 9, 0, tzinfo=UK)  # December 2019 is over
IN_PROGRESS_ROW = 'Period:,"month to date, to 2019-12-01"'
IN_PROGRESS_NOTE = "Month to date: 1 December 2019 (month to date, to 2019-12-01)\n"
DTOC_HEADER = ["Code", "Name", *(r.title for r in DTOC_REASONS), "Total"]


@pytest.fixture
def run(embedded_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """`carebridge ...` on the test's data folder, holding one patient admitted in November
    and ready (reason A, NHS) from 1 December 2019, still in hospital."""
    monkeypatch.setenv("CAREBRIDGE_DATA_DIR", str(embedded_settings.data_dir))
    if embedded_settings.cipher_key is not None:
        monkeypatch.setenv("CAREBRIDGE_CIPHER_KEY", embedded_settings.cipher_key.get_secret_value())
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args))

    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        ",".join(COLUMNS) + "\n"
        "e1,2019-11-28 08:00,admitted,RTG,Trust,E06000015,Derby,acute,,,,\n"
        "e1,2019-12-01 10:00,ready,,,,,,A,NHS,P3,\n"
    )
    imported = invoke("import", "episodes", str(tracker))
    assert imported.exit_code == 0, imported.output
    return invoke


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(Discharge, "now", lambda self: moment)

    return set_to


def returns(run: Run, name: str, month: str, *options: str) -> Result:
    result = run("returns", name, "--month", month, *options)
    assert result.exit_code == 0, result.output
    return result


def dtoc_line(code: str, name: str, a: int) -> str:
    cells = [code, name, str(a), *["0"] * (len(DTOC_REASONS) - 1), str(a)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def published_dtoc(a: int) -> str:
    """The published DTOC layout by reason for our one patient with `a` delayed days."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(DTOC_HEADER)
    return out.getvalue() + dtoc_line("-", "England", a) + dtoc_line("E06000015", "Derby", a)


# -- CSV -------------------------------------------------------------------------------------------


def test_the_dtoc_csv_of_the_month_in_progress_has_the_period_row_above_the_published_layout(
    run: Run, clock: Clock
) -> None:
    clock(ON_THE_2ND)
    out = returns(run, "dtoc", "2019-12").stdout
    assert out == IN_PROGRESS_ROW + "\n" + published_dtoc(1)  # one day, not the whole month
    assert returns(run, "dtoc", "2019-12", "--as-at", "2019-12-01T23:00").stdout.startswith(
        'Period:,"month to date, no midnight passed yet"\n'
    )


def test_the_dtoc_csv_of_a_month_that_has_ended_is_exactly_the_published_layout(
    run: Run, clock: Clock
) -> None:
    clock(IN_JANUARY)
    assert returns(run, "dtoc", "2019-12").stdout == published_dtoc(31)
    agency = returns(run, "dtoc", "2019-12", "--table", "agency").stdout
    assert agency.splitlines()[0].startswith("Code,Name,NHS,Social Care,Both,Total,")
    assert "Period:" not in agency


@pytest.mark.parametrize("name", RETURNS)
def test_every_return_in_csv_marks_a_month_in_progress_and_only_that(
    run: Run, clock: Clock, name: str
) -> None:
    clock(IN_JANUARY)
    ended = returns(run, name, "2019-12").stdout
    november = returns(run, name, "2019-11").stdout
    assert ended and not ended.startswith("Period:")  # an ended month: no title row
    clock(ON_THE_2ND)
    assert returns(run, name, "2019-11").stdout == november
    in_progress = returns(run, name, "2019-12").stdout
    first, rest = in_progress.split("\n", 1)
    assert first == IN_PROGRESS_ROW
    assert "Period:," not in rest  # one title row, then the published layout
    if rest:
        assert rest.split("\n", 1)[0] == ended.split("\n", 1)[0]  # the same column titles
    future = returns(run, name, "2020-01").stdout
    assert future.split("\n", 1)[0] == 'Period:,"future month, nothing counted"'


def test_the_csv_rows_of_the_month_in_progress_are_the_days_whose_midnight_has_passed(
    run: Run, clock: Clock
) -> None:
    clock(datetime(2019, 12, 4, 10, 0, tzinfo=UK))
    out = returns(run, "nctr", "2019-12").stdout
    first, rest = out.split("\n", 1)
    assert first == 'Period:,"month to date, to 2019-12-03"'
    assert [row["Date"] for row in csv.DictReader(io.StringIO(rest))] == [
        "2019-12-01", "2019-12-02", "2019-12-03",
    ]  # fmt: skip
    # the Welsh census of Wednesday 18 December has not passed: the title row alone
    assert returns(run, "pocd", "2019-12").stdout == 'Period:,"month to date, to 2019-12-03"\n'


def test_as_at_earlier_than_now_titles_the_csv_with_the_days_counted_by_then(
    run: Run, clock: Clock
) -> None:
    clock(datetime(2019, 12, 20, 10, 0, tzinfo=UK))
    out = returns(run, "drd", "2019-12", "--as-at", "2019-12-04T12:00").stdout
    assert out.split("\n", 1)[0] == 'Period:,"month to date, to 2019-12-03"'


# -- JSON and the table --------------------------------------------------------------------------


@pytest.mark.parametrize("name", RETURNS)
def test_json_keeps_stdout_pure_json_and_says_the_period_on_stderr(
    run: Run, clock: Clock, name: str
) -> None:
    clock(ON_THE_2ND)
    result = returns(run, name, "2019-12", "--format", "json")
    assert isinstance(json.loads(result.stdout), list)
    assert result.stderr == IN_PROGRESS_NOTE
    ended = returns(run, name, "2019-11", "--format", "json")
    assert isinstance(json.loads(ended.stdout), list) and ended.stderr == ""


@pytest.mark.parametrize(
    ("month", "note"),
    [
        (
            "2019-12",
            "Month to date: no midnight of December 2019 has passed yet"
            " (month to date, no midnight passed yet)",
        ),
        (
            "2020-01",
            "January 2020 has not begun: nothing is counted yet (future month, nothing counted)",
        ),
    ],
)
def test_the_stderr_note_is_one_line_however_long(
    run: Run, clock: Clock, month: str, note: str
) -> None:
    clock(datetime(2019, 12, 1, 10, 0, tzinfo=UK))  # longer than the 80 columns of a pipe
    result = returns(run, "nctr", month, "--format", "json")
    assert json.loads(result.stdout) == [] and result.stderr == note + "\n"


def test_the_json_dtoc_of_the_month_in_progress_counts_one_day(run: Run, clock: Clock) -> None:
    clock(ON_THE_2ND)
    [england, derby] = json.loads(returns(run, "dtoc", "2019-12", "--format", "json").stdout)
    assert (england["total"], derby["total"], derby["average_per_day"]) == (1, 1, 1.0)


def test_the_table_on_screen_has_the_period_in_its_title(run: Run, clock: Clock) -> None:
    clock(ON_THE_2ND)
    out = returns(run, "nctr", "2019-12", "--format", "table").stdout
    title = "No criteria to reside 2019-12, month to date, to 2019-12-01"
    assert out.splitlines()[0].strip() == title
    clock(IN_JANUARY)
    out = returns(run, "nctr", "2019-12", "--format", "table").stdout
    assert out.splitlines()[0].strip() == "No criteria to reside 2019-12"
