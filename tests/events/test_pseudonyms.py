"""An analyst's rows: ids replaced by keyed hashes (the same id, the same pseudonym; none
stays none, so requests without an episode are not all made one), places emptied."""

from __future__ import annotations

from events.platform.pseudonyms import Pseudonyms


def test_ids_become_stable_pseudonyms_and_an_absent_id_stays_absent() -> None:
    key = Pseudonyms("s" * 40)
    rows = [
        {"request_id": "r1", "episode_id": "e1", "where_now": "Ward 9"},
        {"request_id": "r2", "episode_id": None, "where_now": "community"},
        {"request_id": "r3", "episode_id": None, "where_now": "community"},
    ]
    hidden = key.rows(rows, ids=("request_id", "episode_id"), blank=("where_now",))
    assert [h["episode_id"] for h in hidden[1:]] == [None, None]
    assert hidden[0]["episode_id"] == key.of("e1") != Pseudonyms("t" * 40).of("e1")
    assert len({h["request_id"] for h in hidden}) == 3 and {h["where_now"] for h in hidden} == {""}
    assert rows[0]["episode_id"] == "e1"  # the rows given are left as they were
