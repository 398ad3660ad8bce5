"""A refused message holds the patient's details: it is kept encrypted with the stores' key
(made in the data folder on the embedded default), and `carebridge feed rejected` reads it
back whole."""

from __future__ import annotations

from sqlalchemy import select

from services.discharge.bootstrap import Discharge
from services.discharge.feed.apply import Feed
from services.discharge.feed.store import SEALED, FeedStore, feed_rejected
from tests.discharge.feed.conftest import Client, fixture, msa

NHS_NUMBER = "3333333333"  # the ITK example's patient


def test_a_refused_messages_text_is_kept_encrypted_and_read_back_whole(
    client: Client, feed: Feed, discharge: Discharge
) -> None:
    truncated = fixture("itk/A01_example.txt").split("\rPV1|")[0]  # no PV1: cannot be applied
    assert msa(client.send(truncated))[0] == "AE"
    with discharge.engine.connect() as conn:
        [kept] = conn.execute(select(feed_rejected.c.message)).scalars().all()
    assert kept.startswith(SEALED) and NHS_NUMBER not in kept
    [read] = feed.store.rejected()
    assert NHS_NUMBER in read.message and read.message == truncated
    without_key = FeedStore(discharge.engine).rejected()[0].message
    assert NHS_NUMBER not in without_key
