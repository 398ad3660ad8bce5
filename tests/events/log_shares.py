"""Shared by the log-shares tests (SQLite and PostgreSQL): the shares of a log, read straight
from the store's table, hold every event exactly once, each share in log order, as the
library's own `select_notifications` reads them."""

from __future__ import annotations

from typing import Any

from events.platform.logshares import log_shares


def assert_shares_cover_the_log(outbox: Any) -> None:
    whole, start = [], 0
    while notes := outbox.select_notifications(start, 500, inclusive_of_start=False):
        whole += [(n.originator_id, n.originator_version, n.topic, n.state) for n in notes]
        start = notes[-1].id
    assert len(whole) > 1000
    upto = outbox.max_notification_id()
    shares = log_shares(outbox)
    assert shares is not None
    for n in (1, 2, 3):
        seen = []
        for share in range(n):
            got = [
                (e.originator_id, e.originator_version, e.topic, e.state)
                for batch in shares.read(share, n, upto, batch=97)
                for e in batch
            ]
            mine = set(got)
            assert got == [e for e in whole if e in mine]  # its events, in log order
            assert {oid for oid, *_ in got}.isdisjoint({oid for oid, *_ in seen})
            seen += got
        assert sorted(seen, key=whole.index) == whole
    # an upper bound leaves out what was recorded after it
    assert sum(len(b) for b in shares.read(0, 1, upto - 7, batch=50)) == len(whole) - 7
