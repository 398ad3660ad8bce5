"""A history for the census parity tests, on any store: every published fixture month's
journeys with the rebuild parity's extras, second England reasons that make the primary-reason
rules choose differently, and delays still open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.discharge.bootstrap import Discharge
from services.discharge.domain.calendar import month_bounds
from tests.discharge.published_months import published_rows
from tests.discharge.rebuild_parity import _episode_ids

LA_ROWS = [r for r in published_rows() if r.la_code != "-"]
MONTHS = sorted({r.month for r in LA_ROWS})


def neighbours(month: str) -> list[str]:
    """The month before, the month itself and the month after."""
    year, mon = (int(x) for x in month.split("-"))
    before = f"{year - (mon == 1)}-{(mon - 2) % 12 + 1:02d}"
    after = f"{year + (mon == 12)}-{mon % 12 + 1:02d}"
    return [before, month, after]


def second_dtoc_reasons(discharge: Discharge) -> None:
    """Every seventh episode gains a second England reason beside its own (G, NHS), half
    way through its stay: then the rules choose differently."""
    now = datetime.now(UTC)
    for n, episode_id in enumerate(_episode_ids(discharge)):
        episode = discharge.app.episode(episode_id)
        if n % 7 or episode.withdrawn or episode.ended is None:
            continue
        at = episode.admitted_at + (episode.ended[1] - episode.admitted_at) / 2
        episode.open_blocker(
            blocker_id=f"choice-{episode_id}",
            vocabulary="dtoc",
            code="G",
            agency="NHS",
            owner_org="RX1",
            owner_team="patient choice",
            occurred_at=at,
            now=now,
        )
        discharge.app.save(episode)


def still_delayed(discharge: Discharge) -> None:
    """A few patients of each fixture month ready and never discharged: open delays, one
    given its reason only a week later."""
    for n, month in enumerate(MONTHS):
        first, _ = month_bounds(month)
        for i in range(3):
            at = datetime(first.year, first.month, 5 + i, 9, tzinfo=UTC)
            episode, _ = discharge.app.admit(
                reference=f"open-{month}-{i}",
                provider_code="RX1",
                provider_name="Trust RX1",
                site="",
                ward="AMU",
                care_type=("acute", "non_acute")[i % 2],
                la_code=LA_ROWS[n].la_code,
                la_name=LA_ROWS[n].la_name,
                nhs_number=None,
                occurred_at=at,
            )
            now = datetime.now(UTC)
            episode.mark_ready(pathway="P3", occurred_at=at + timedelta(days=i), now=now)
            episode.set_delay_reason(
                vocabulary="dtoc",
                code="Dii",
                agency="Social Care",
                blocker_id=f"open-{month}-{i}",
                occurred_at=at + timedelta(days=i + 7 * (i == 2)),
                now=now,
            )
            discharge.app.save(episode)
