"""Import tracker history, count the returns from the event log, and check them against
published NHS England months, corrections, rebuilds and bad rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from events.platform.settings import Settings
from services.cli import app
from services.discharge.bootstrap import Discharge
from services.discharge.domain.calendar import month_bounds
from services.discharge.domain.identity import episode_id_for
from services.discharge.domain.returns import dtoc_reason_table
from services.discharge.domain.vocabulary import DTOC_REASONS
from services.discharge.importer import import_rows, rows
from tests.discharge.published_months import (
    COLUMNS,
    journeys,
    published_rows,
    write_tracker,
)

LA_ROWS = [r for r in published_rows() if r.la_code != "-"]


def test_each_published_la_month_comes_back_from_its_journeys(
    discharge: Discharge, tmp_path: Path
) -> None:
    tracker = write_tracker(tmp_path / "t.csv", [x for r in LA_ROWS for x in journeys(r)])
    report = import_rows(discharge.app, rows(tracker))
    assert report.errors == []
    for month in sorted({r.month for r in LA_ROWS}):
        ret = discharge.dtoc(month, "la")
        got = {row.code: row for row in ret.rows}
        expected = [r for r in LA_ROWS if r.month == month]
        assert set(got) == {r.la_code for r in expected}
        for pub in expected:
            row = got[pub.la_code]
            assert {c: row.by_reason[c] for c in pub.by_reason} == pub.by_reason
            assert {a: row.by_agency[a] for a in pub.by_agency} == pub.by_agency
            assert row.total == pub.total
        by_provider = discharge.dtoc(month, "provider")
        # the identities the published tables satisfy
        e = ret.england
        assert e.total == sum(e.by_agency.values()) == sum(e.by_care_type.values())
        assert e.total == sum(r.total for r in ret.rows) == by_provider.england.total
        assert e.unrecorded == 0


def test_the_cli_prints_the_published_layout_and_reimporting_changes_nothing(
    embedded_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREBRIDGE_DATA_DIR", str(embedded_settings.data_dir))
    derby = next(r for r in LA_ROWS if r.la_name == "Derby")
    tracker = write_tracker(tmp_path / "derby.csv", journeys(derby))
    runner = CliRunner()
    first = runner.invoke(app, ["import", "episodes", str(tracker)])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["import", "episodes", str(tracker)])
    assert again.exit_code == 0 and "0 rows imported" in again.output
    out = runner.invoke(app, ["returns", "dtoc", "--month", "2019-12", "--by", "la"])
    table = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(table[0]) == ["Code", "Name", *(r.title for r in DTOC_REASONS), "Total"]
    [england, row] = table
    assert (row["Code"], row["Name"], row["Total"]) == ("E06000015", "Derby", "357")
    assert row["Dii) Awaiting nursing home placement or availability"] == "90"
    agency = runner.invoke(
        app, ["returns", "dtoc", "--month", "2019-12", "--table", "agency", "--by", "la"]
    )
    by_agency = list(csv.DictReader(io.StringIO(agency.stdout)))[1]
    assert [by_agency[k] for k in ("NHS", "Social Care", "Both", "Total")] == [
        "273", "84", "0", "357",
    ]  # fmt: skip
    assert by_agency["Total average per day"] == str(round(357 / 31, 1))


def _tracker(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(",".join(COLUMNS) + "\n" + "\n".join(lines) + "\n")
    return path


def test_a_bad_row_is_reported_by_line_and_leaves_no_trace(
    discharge: Discharge, tmp_path: Path
) -> None:
    tracker = _tracker(
        tmp_path,
        "bad.csv",
        [
            "e1,2019-12-01 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,",
            "e1,2019-12-02 09:00,ready,,,,,,C,Social Care,P1,",  # C is NHS only
            "e1,2019-12-02 09:00,ready,,,,,,Z,NHS,P1,",  # unknown reason
            "e1,2019-11-30 09:00,ready,,,,,,A,NHS,,",  # before the admission
            "e2,2019-12-02 09:00,ready,,,,,,A,NHS,,",  # never admitted
            "e1,yesterday,ready,,,,,,A,NHS,,",
            "e1,2019-12-03 09:00,ready,,,,,,A,NHS,P1,",
        ],
    )
    # by default one bad row keeps the whole file out, and every bad row is named
    held = import_rows(discharge.app, rows(tracker))
    assert held.imported == 0 and held.held_back == 2 and not held.written
    assert [line for line, _ in held.errors] == [3, 4, 5, 6, 7]
    assert discharge.dtoc("2019-12", "la").england.total == 0
    report = import_rows(discharge.app, rows(tracker), skip_bad=True)
    assert [line for line, _ in report.errors] == [3, 4, 5, 6, 7]
    assert "reason C cannot be the responsibility of Social Care" in report.errors[0][1]
    assert "'Z' is not a dtoc reason" in report.errors[1][1]
    assert "before the admission" in report.errors[2][1]
    assert "never admitted" in report.errors[3][1]
    assert report.errors[4][1].startswith("at:")
    assert report.imported == 2
    # the rejected ready rows left nothing: the patient is ready from the 3rd only
    assert dict(discharge.dtoc("2019-12", "la").england.by_reason) == {"A": 29}


def test_as_at_before_a_backdated_correction_gives_the_old_figure(
    discharge: Discharge, tmp_path: Path
) -> None:
    import_rows(
        discharge.app,
        rows(
            _tracker(
                tmp_path,
                "a.csv",
                [
                    "e1,2019-12-01 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,",
                    "e1,2019-12-10 09:00,ready,,,,,,E,Social Care,P1,",
                    "e1,2019-12-20 10:00,discharged,,,,,,,,,home",
                ],
            )
        ),
    )
    before = discharge.app.history(episode_id_for("RX1", "e1"))[-1].timestamp
    # later the ready date is found to have been the 4th: a backdated record
    import_rows(
        discharge.app,
        rows(_tracker(tmp_path, "b.csv", ["e1,2019-12-04 09:00,ready,,,,,,E,Social Care,P1,"])),
    )
    assert discharge.dtoc("2019-12", "la").england.total == 16
    assert discharge.dtoc("2019-12", "la", as_at=before).england.total == 10
    [_, old] = discharge.drd("2019-12", "la", as_at=before)
    [_, new] = discharge.drd("2019-12", "la")
    assert old["7-13 day delay"] == 1 and new["14-20 day delay"] == 1


def test_a_rebuilt_return_equals_the_live_one(discharge: Discharge, tmp_path: Path) -> None:
    wirral = next(r for r in LA_ROWS if r.la_name == "Wirral")
    import_rows(discharge.app, rows(write_tracker(tmp_path / "w.csv", journeys(wirral))))
    live = dtoc_reason_table(discharge.dtoc("2019-12", "provider"))
    live_drd = discharge.drd("2019-12", "provider")
    live_nctr = discharge.nctr(*month_bounds("2019-12"))
    discharge.rebuild()
    assert dtoc_reason_table(discharge.dtoc("2019-12", "provider")) == live
    assert discharge.drd("2019-12", "provider") == live_drd
    assert discharge.nctr(*month_bounds("2019-12")) == live_nctr


def test_a_tracker_in_any_row_order_and_with_loose_spelling_still_counts(
    discharge: Discharge, tmp_path: Path
) -> None:
    tracker = _tracker(
        tmp_path,
        "loose.csv",
        [
            "s1,02/12/2019 10:00,Ready,,,,,,D(ii),social_care,P3,",
            "s1,2019-12-05T10:00:00Z,DISCHARGED,,,,,,,,,care home",
            "s1,2019-12-01,admitted,RX1,Trust,,Resident in Scotland,NonAcute,,,,",
        ],
    )
    report = import_rows(discharge.app, rows(tracker))
    assert report.errors == []
    ret = discharge.dtoc("2019-12", "la")
    [row] = ret.rows
    assert (row.code, row.name, dict(row.by_reason)) == (
        "Resident in Scotland", "Resident in Scotland", {"Dii": 3},
    )  # fmt: skip
    assert dict(row.by_care_type) == {"non_acute": 3}


def test_discharges_without_a_recorded_readiness_reach_the_drd_and_nctr_returns(
    discharge: Discharge, tmp_path: Path
) -> None:
    tracker = _tracker(
        tmp_path,
        "quick.csv",
        [
            "q1,2019-12-01 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,",
            "q1,2019-12-03 16:00,discharged,,,,,,,,,home",
            "q2,2019-12-01 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,",
            "q2,2019-12-02 10:00,ready,,,,,,E,Social Care,P1,",
            "q2,2019-12-05 11:00,discharged,,,,,,,,,home",
        ],
    )
    assert import_rows(discharge.app, rows(tracker)).errors == []
    [england, _] = discharge.drd("2019-12", "la")
    assert (england["Total discharges"], england["No delay"], england["2-3 day delay"]) == (2, 1, 1)
    first, _ = month_bounds("2019-12")
    [day3] = [r for r in discharge.nctr(first, first.replace(day=5)) if r["Date"] == "2019-12-03"]
    assert day3["Number of patients discharged"] == 1
    assert (
        day3["Number of patients remaining in hospital who no longer meet the criteria to reside"]
        == 1
    )


def test_a_read_model_of_an_older_shape_is_rebuilt_on_start(
    embedded_settings: Settings, tmp_path: Path
) -> None:
    from sqlalchemy import text

    from events.delivery.inprocess import InProcessBus
    from services.discharge.bootstrap import bootstrap

    first = bootstrap(embedded_settings, InProcessBus())
    import_rows(first.app, rows(write_tracker(tmp_path / "d.csv", journeys(LA_ROWS[-1]))))
    before = dtoc_reason_table(first.dtoc(LA_ROWS[-1].month, "la"))
    with first.engine.begin() as conn:  # as an older release left it: one column fewer
        conn.execute(text("ALTER TABLE episodes DROP COLUMN first_end_at"))
    first.close()
    again = bootstrap(embedded_settings, InProcessBus())
    assert again.facts.upgraded
    assert dtoc_reason_table(again.dtoc(LA_ROWS[-1].month, "la")) == before
    again.close()


def test_a_row_key_stays_what_it_was_before_the_setting_column_existed() -> None:
    """Re-importing a file imported by an earlier release must still change nothing."""
    from services.discharge.importer import TrackerRow

    row = {"episode_id": "e1", "at": "2019-12-01", "event": "ready", "pathway": "P2"}
    earlier_release = "import:d3002224feb62f85eaea20f1a9ce0880"  # computed by the release before
    assert TrackerRow.model_validate(row).key() == earlier_release
    assert TrackerRow.model_validate({**row, "setting": "care_home"}).key() != earlier_release
