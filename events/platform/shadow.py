"""Rebuild a read model beside the live one and switch over in one transaction, so readers
see the old view or the new one, never a half-built one.

PostgreSQL: the new tables are built in a `<schema>_next` schema and moved into the live schema
(`ALTER TABLE ... SET SCHEMA`) in one transaction. SQLite: they are built in a side file and
copied over the live rows in one transaction (WAL readers keep their snapshot meanwhile).
Only the rebuilt projection's own tables are switched; other tables in the database stay.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, inspect, text
from sqlalchemy.schema import CreateIndex, CreateTable

from events.platform.eventstore import ensure_schema


def shadow_of(live: Engine) -> Engine:
    """An engine on an empty place beside `live` where the same tables can be built."""
    schema = (live.get_execution_options().get("schema_translate_map") or {}).get(None)
    if schema is not None:  # PostgreSQL
        url = live.url.render_as_string(hide_password=False)
        ensure_schema(url.replace("postgresql+psycopg://", "postgresql://", 1), f"{schema}_next")
        engine = create_engine(url, pool_pre_ping=True)
        return engine.execution_options(schema_translate_map={None: f"{schema}_next"})
    path = Path(live.url.database or "")
    side = path.with_suffix(".next.sqlite")
    side.unlink(missing_ok=True)
    return create_engine(f"sqlite:///{side}")


def switch_in(live: Engine, shadow: Engine, metadata: MetaData) -> None:
    """Replace the live tables of `metadata` with the shadow's, atomically."""
    names = [t.name for t in metadata.sorted_tables]
    schema = (live.get_execution_options().get("schema_translate_map") or {}).get(None)
    if schema is not None:
        with live.begin() as conn:
            for name in names:
                conn.execute(text(f'DROP TABLE IF EXISTS "{schema}"."{name}" CASCADE'))
                conn.execute(text(f'ALTER TABLE "{schema}_next"."{name}" SET SCHEMA "{schema}"'))
        shadow.dispose()
        return
    side = Path(shadow.url.database or "")
    shadow.dispose()
    # The new tables replace the old ones whole, so a rebuild also brings a changed shape in.
    ddl = [
        str(CreateTable(table).compile(dialect=live.dialect)) for table in metadata.sorted_tables
    ] + [
        str(CreateIndex(index).compile(dialect=live.dialect))
        for table in metadata.sorted_tables
        for index in table.indexes
    ]
    raw = live.raw_connection()
    sqlite = raw.driver_connection
    saved = sqlite.isolation_level  # type: ignore[union-attr]
    sqlite.isolation_level = None  # type: ignore[union-attr]  # we say when the transaction is
    try:
        cur = sqlite.cursor()  # type: ignore[union-attr]
        cur.execute("ATTACH DATABASE ? AS next", (str(side),))
        cur.execute("BEGIN IMMEDIATE")
        for name in reversed(names):
            cur.execute(f'DROP TABLE IF EXISTS main."{name}"')
        for statement in ddl:
            cur.execute(statement)
        for name in names:
            cur.execute(f'INSERT INTO main."{name}" SELECT * FROM next."{name}"')
        cur.execute("COMMIT")
        cur.execute("DETACH DATABASE next")
    finally:
        sqlite.isolation_level = saved  # type: ignore[union-attr]
        raw.close()
    with contextlib.suppress(OSError):
        side.unlink()


def outdated(engine: Engine, metadata: MetaData) -> bool:
    """Whether the live tables exist with another shape than the code's (an upgrade)."""
    schema = (engine.get_execution_options().get("schema_translate_map") or {}).get(None)
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name, schema=schema):
            continue
        live = {c["name"] for c in inspector.get_columns(table.name, schema=schema)}
        if live != {c.name for c in table.columns}:
            return True
    return False
