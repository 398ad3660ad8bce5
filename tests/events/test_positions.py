"""A projection's positions, read and advanced through statements built once: each projection
and stream has its own row, a position never moves back, and a claim makes the row."""

from __future__ import annotations

from sqlalchemy import MetaData, create_engine, select

from events.platform.readmodels import Positions, positions_table


def test_each_projection_and_stream_keeps_its_own_position() -> None:
    metadata = MetaData()
    table = positions_table(metadata)
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    a, b = Positions(table, "a"), Positions(table, "b")
    with engine.begin() as conn:
        assert a.get(conn, "s1") == 0
        assert a.claim(conn, "s1") == 0  # the stream's first message makes its row
        assert a.advance(conn, "s1", 5) and a.advance(conn, "s2", 7)
        assert not a.advance(conn, "s1", 5) and not a.advance(conn, "s1", 3)
        assert b.advance(conn, "s1", 2)
        assert (a.get(conn, "s1"), a.get(conn, "s2"), a.claim(conn, "s1")) == (5, 7, 5)
        assert (b.get(conn, "s1"), b.get(conn, "s2")) == (2, 0)
        rows = conn.execute(select(table).order_by(table.c.projection, table.c.stream))
        assert [tuple(r) for r in rows] == [("a", "s1", 5), ("a", "s2", 7), ("b", "s1", 2)]
