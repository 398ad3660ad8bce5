"""A replay keeps each episode's state fact by fact while the facts come in business-time
order; whatever the order, and with corrected endings, its columns equal `state_row`'s."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.discharge.domain import timeline as t
from services.discharge.projections.facts import FactRow, fact_of, state_row
from services.discharge.projections.replay import _Episode

START = datetime(2026, 1, 5, 9, 0)  # naive UTC, as a fact row holds it


def _data(kind: str, rng: random.Random) -> dict[str, Any]:
    blocker = f"b{rng.randrange(3)}"
    if kind in (t.REASON_SET, t.BLOCKER_OPENED):
        vocabulary = rng.choice(["dtoc", "sitrep"])
        return {"blocker_id": blocker, "vocabulary": vocabulary, "code": "A", "agency": None}
    if kind == t.BLOCKER_CLOSED:
        return {"blocker_id": blocker}
    if kind == t.ASSESSMENT:
        stage = rng.choice(["requested", "started", "completed"])
        return {"assessment_id": f"a{rng.randrange(2)}", "kind": "care_act", "stage": stage}
    if kind == t.READY:
        return {"pathway": rng.choice(["P1", "P3", None]), "setting": None}
    if kind == t.ENDED:
        return {"kind": rng.choice(["discharged", "died"]), "destination": ""}
    return {}


def _history(rng: random.Random, backdate: float, ends: int) -> list[FactRow]:
    kinds = [
        rng.choice([t.READY, t.NOT_READY, t.REASON_SET, t.BLOCKER_OPENED, t.BLOCKER_CLOSED])
        for _ in range(rng.randrange(8))
    ] + [t.ASSESSMENT] * rng.randrange(3)
    rng.shuffle(kinds)
    kinds += [t.ENDED] * ends
    rows: list[FactRow] = [("e", 1, t.ADMITTED, START, START, {})]
    at = START
    for seq, kind in enumerate(kinds, start=2):
        at += timedelta(hours=rng.randrange(1, 30))
        happened = at - timedelta(days=rng.randrange(1, 4)) if rng.random() < backdate else at
        rows.append(("e", seq, kind, happened, at, _data(kind, rng)))
    return rows


@pytest.mark.parametrize(("backdate", "ends"), [(0.0, 0), (0.0, 1), (0.0, 2), (0.3, 1), (0.3, 3)])
def test_the_kept_state_equals_the_state_of_all_the_facts(backdate: float, ends: int) -> None:
    rng = random.Random(f"{backdate}-{ends}")
    for _ in range(300):
        rows = _history(rng, backdate, ends)
        episode = _Episode()
        for row in rows:
            episode.add(row, fact_of(row).at)
        last_change = datetime.now(UTC).replace(tzinfo=None)
        expected = state_row([fact_of(row) for row in rows], last_change)
        assert episode.columns(last_change) == expected
