"""The hospital feed against PostgreSQL: an A40 finds the prior patient's stays in the feed's
patient index (its own table beside the feed's messages, keeping keyed hashes of the
identifiers) and relabels them; the same A40 again records nothing."""

from __future__ import annotations

from sqlalchemy import select

from events.platform.settings import Settings
from services.discharge.bootstrap import bootstrap
from services.discharge.feed.patients import feed_patients
from services.discharge.feed.wiring import feed_of
from tests.discharge.feed.conftest import fixture


def test_a_merge_on_postgres_relabels_the_stay_once(production_settings: Settings) -> None:
    svc = bootstrap(production_settings, None)
    feed = feed_of(svc, "RRV")
    assert "|AA|" in feed.handle(fixture("uclh/CancelAdmit/01_A01.txt"))
    assert "|AA|" in feed.handle(fixture("uclh/generic/A40.txt"))
    _, stay = svc.app.locate("RRV", "123412341234")
    assert stay is not None and stay.merged_into == "40800001"
    version = stay.version
    assert "|AA|" in feed.handle(fixture("uclh/generic/A40.txt"))
    assert svc.app.episode(stay.id).version == version

    assert svc.engine.dialect.name == "postgresql"
    with svc.engine.connect() as conn:
        noted = conn.execute(
            select(feed_patients.c.patient)
            .where(feed_patients.c.reference == "123412341234")
            .order_by(feed_patients.c.patient)
        ).all()
    kept = {p for (p,) in noted}
    index = feed.patients
    assert kept == {index.hashed(k) for k in ("MRN 40800000", "MRN 40800001", "NHS 9999999999")}
    assert not any("9999999999" in p or "4080000" in p for p in kept)  # hashes, never in clear
