"""bench.national on production settings: its drain waits until every consumer group has
caught up, so the seeded run records on PostgreSQL and Kafka exactly what it records
embedded, day by day, while returns, searches and a rebuild run beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.during import DTOC, SEARCH
from bench.national import simulate
from events.platform.settings import Settings

pytestmark = pytest.mark.integration


def _views(rows: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The read models' rows; positions count partitions on Kafka, so they differ."""
    return {
        s: {t: n for t, n in tables.items() if "positions" not in t} for s, tables in rows.items()
    }


def test_a_tiny_run_on_kafka_records_what_it_records_embedded(
    production_settings: Settings, tmp_path: Path
) -> None:
    tiny = dict(homes=6, admissions=8, days=2, seed=3, samples=0, home_care=True)
    kafka = simulate(**tiny, data_dir=tmp_path, settings=production_settings, reads_every=0.2)  # type: ignore[arg-type]
    embedded = simulate(**tiny, data_dir=tmp_path / "embedded")  # type: ignore[arg-type]
    assert [d.events for d in kafka.days] == [d.events for d in embedded.days]
    assert kafka.setup.events == embedded.setup.events
    assert _views(kafka.rows) == _views(embedded.rows)
    assert kafka.exchanges > 0 and kafka.reads[DTOC] and kafka.reads[SEARCH]
    assert kafka.rebuild is not None and kafka.rebuild.exit_code == 0, kafka.rebuild
    assert "rebuilt discharge read models" in kafka.rebuild.said
    assert kafka.processes["carebridge rebuild discharge"] > 0
