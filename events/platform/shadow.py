"""Rebuild a read model beside the live one and switch over in one transaction, so readers
see the old view or the new one, never a half-built one.

PostgreSQL: the new tables are built in a `<schema>_next` schema and moved into the live schema
(`ALTER TABLE ... SET SCHEMA`) in one transaction. SQLite: they are built in a side file and
copied over the live rows in one transaction (WAL readers keep their snapshot meanwhile).
Only the rebuilt projection's own tables are switched; other tables in the database stay.

A rebuild may load the shadow from several processes at once (`parts_of`): on PostgreSQL they
share the `_next` schema, each on its own connection; SQLite takes one writer per file, so each
gets a part file of its own beside the side file, and the switch copies the side file's rows
and every part's into the live tables in the same transaction (each row copied once).
"""

from __future__ import annotations

import contextlib
import json
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from psycopg import sql
from psycopg.types.json import Json
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    MetaData,
    Table,
    create_engine,
    inspect,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.schema import AddConstraint, CreateIndex, CreateTable

from events.platform.eventstore import ensure_schema
from events.platform.sqlite import sqlite_engine

SIDE_CACHE_KIB = 512 * 1024  # per side file's connection, while it is being built


def shadow_of(live: Engine) -> Engine:
    """An engine on an empty place beside `live` where the same tables can be built."""
    schema = _schema(live)
    if schema is not None:  # PostgreSQL
        url = live.url.render_as_string(hide_password=False)
        ensure_schema(url.replace("postgresql+psycopg://", "postgresql://", 1), f"{schema}_next")
        engine = create_engine(url, pool_pre_ping=True)
        return engine.execution_options(schema_translate_map={None: f"{schema}_next"})
    path = Path(live.url.database or "")
    side = path.with_suffix(".next.sqlite")
    for stale in [side, *_part_files(side)]:  # left by a rebuild that did not finish
        stale.unlink(missing_ok=True)
    return _throwaway_sqlite(side)


def switch_in(live: Engine, shadow: Engine, metadata: MetaData) -> None:
    """Replace the live tables of `metadata` with the shadow's, atomically."""
    names = [t.name for t in metadata.sorted_tables]
    schema = _schema(live)
    if schema is not None:
        with live.begin() as conn:
            for name in names:
                conn.execute(text(f'DROP TABLE IF EXISTS "{schema}"."{name}" CASCADE'))
                conn.execute(text(f'ALTER TABLE "{schema}_next"."{name}" SET SCHEMA "{schema}"'))
        shadow.dispose()
        return
    side = Path(shadow.url.database or "")
    parts = _part_files(side)
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
    switched = False
    try:
        cur = sqlite.cursor()  # type: ignore[union-attr]
        sources = ["next"] + [f"part{i}" for i in range(len(parts))]
        for source, file in zip(sources, [side, *parts], strict=True):
            cur.execute(f"ATTACH DATABASE ? AS {source}", (str(file),))
        # the keys of millions of rows go in: a page cache to hold them (the pool's
        # connection gets its own size back below)
        cache = cur.execute("PRAGMA main.cache_size").fetchone()[0]
        cur.execute(f"PRAGMA main.cache_size = -{SIDE_CACHE_KIB}")
        # Debian's SQLite zeroes every page a DROP frees (secure_delete on by default): the
        # old tables written once more, as zeros. FAST leaves freed pages as they are; the
        # new rows take them over in the same transaction anyway.
        secure = cur.execute("PRAGMA main.secure_delete").fetchone()[0]
        cur.execute("PRAGMA main.secure_delete = FAST")
        cur.execute("BEGIN IMMEDIATE")
        for name in reversed(names):
            cur.execute(f'DROP TABLE IF EXISTS main."{name}"')
        for statement in ddl:
            cur.execute(statement)
        for name in names:
            for source in sources:
                cur.execute(f'INSERT INTO main."{name}" SELECT * FROM {source}."{name}"')
        cur.execute("COMMIT")
        for source in sources:
            cur.execute(f"DETACH DATABASE {source}")
        cur.execute(f"PRAGMA main.cache_size = {cache}")
        cur.execute(f"PRAGMA main.secure_delete = {int(secure)}")
        switched = True
    finally:
        if not switched and sqlite.in_transaction:  # type: ignore[union-attr]
            # rolled back before the isolation level is set again: setting it to None
            # (the engine's own, events/platform/sqlite.py) commits a pending transaction
            sqlite.execute("ROLLBACK")  # type: ignore[union-attr]
        sqlite.isolation_level = saved  # type: ignore[union-attr]
        if not switched:  # files attached, pragmas changed, maybe a transaction: not reusable
            raw.invalidate()
        raw.close()
    for file in [side, *parts]:
        with contextlib.suppress(OSError):
            file.unlink()


def outdated(engine: Engine, metadata: MetaData) -> bool:
    """Whether the live tables exist with another shape than the code's (an upgrade)."""
    schema = _schema(engine)
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name, schema=schema):
            continue
        live = {c["name"] for c in inspector.get_columns(table.name, schema=schema)}
        if live != {c.name for c in table.columns}:
            return True
    return False


def parts_of(shadow: Engine, metadata: MetaData, n: int) -> list[Engine]:
    """Where each of `n` loading processes writes: the shadow itself on PostgreSQL (one
    connection each), its tables made again without keys or indexes; on SQLite the shadow
    for the first and a fresh part file each for the others, with the tables created (the
    shadow's are already there). `switch_in` takes the parts' rows in with the shadow's."""
    if _schema(shadow) is not None:
        # COPY into tables without keys or indexes is a plain append; `build_keys` builds them
        # once, after the load, each by one sort (a third less work for the server).
        keyless = MetaData()
        for table in metadata.sorted_tables:
            columns = (Column(c.name, c.type, nullable=c.nullable) for c in table.columns)
            Table(table.name, keyless, *columns)
        metadata.drop_all(shadow)
        keyless.create_all(shadow)
        return [shadow] * n
    side = Path(shadow.url.database or "")
    parts = [shadow]
    for i in range(1, n):
        path = side.with_suffix(f".part{i}.sqlite")
        path.unlink(missing_ok=True)
        engine = _throwaway_sqlite(path)
        metadata.create_all(engine)
        parts.append(engine)
    return parts


def build_keys(shadow: Engine, metadata: MetaData) -> None:
    """After every process loaded its part: the keys and indexes `parts_of` left out on
    PostgreSQL, built in one transaction (nothing to do on SQLite, whose parts keep theirs)."""
    if _schema(shadow) is None:
        return
    with shadow.begin() as conn:  # the shadow's schema map puts both in the `_next` schema
        for table in metadata.sorted_tables:
            if table.primary_key.columns:
                # not isolated: the tables' own CREATE must keep rendering their key
                conn.execute(AddConstraint(table.primary_key, isolate_from_table=False))
            for index in table.indexes:
                conn.execute(CreateIndex(index))


def _part_files(side: Path) -> list[Path]:
    return sorted(side.parent.glob(side.with_suffix(".part*.sqlite").name))


def bulk_insert_rows(
    conn: Connection, table: Table, rows: Iterable[Mapping[str, Any]], flush: int = 20_000
) -> None:
    """`bulk_insert` of rows given as mappings by column name, `flush` at a time (bounded
    buffers, few round trips)."""
    in_order = operator.itemgetter(*(c.name for c in table.columns))
    batch = []
    for row in rows:
        batch.append(in_order(row))
        if len(batch) >= flush:
            bulk_insert(conn, table, batch)
            batch = []
    bulk_insert(conn, table, batch)


def bulk_insert(conn: Connection, table: Table, rows: Sequence[Sequence[Any]]) -> None:
    """Insert many rows, each a tuple in the table's column order, stored exactly as
    `conn.execute(table.insert(), rows)` would store them (each column's own bind processor:
    JSON text, SQLite's datetime strings), without SQLAlchemy's per-row statement work: COPY
    on PostgreSQL, one executemany on SQLite."""
    if not rows:
        return
    dialect = conn.dialect
    names = [c.name for c in table.columns]
    # Column by column: one map over each column that needs converting, no per-row loop in
    # Python (this runs once per row of a rebuild: millions).
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for i, column in enumerate(table.columns):
        process = _processor(column.type, dialect, columns[i])
        if process is _sqlite_datetime:  # inline: no call per value
            columns[i] = [v if v is None else v.isoformat(" ", "microseconds") for v in columns[i]]
        elif process is not None:
            columns[i] = list(map(process, columns[i]))
    values = zip(*columns, strict=True)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    schema = _schema(conn)
    if dialect.name == "postgresql":
        target = sql.Identifier(schema, table.name) if schema else sql.Identifier(table.name)
        columns_sql = sql.SQL(", ").join(map(sql.Identifier, names))
        text = _copy_text(columns)
        with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(target, columns_sql)) as copy:
            if text is not None:
                copy.write(text)
            else:
                for line in values:
                    copy.write_row(line)
        return
    quoted = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    cursor.executemany(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})', values)


def _processor(kind: Any, dialect: Any, column: Sequence[Any]) -> Callable[[Any], Any] | None:
    """The column's bind processor, or a faster function giving the same values, checked on
    a sample of the column so a different storage format can never slip in (SQLite compares
    datetime strings as text; JSON is stored as the text given). SQLite datetimes: the same
    text from `isoformat` (C, several times faster than SQLAlchemy's Python formatting).
    JSON on SQLite: the C encoder `json.dumps` uses, made once instead of once per value."""
    process = kind.dialect_impl(dialect).bind_processor(dialect)
    sample = next((v for v in column if v is not None), None)
    if dialect.name == "postgresql" and isinstance(kind, JSON) and process is not None:
        # psycopg would write each value as `json.dumps(value)` (a Json wrapper, no dumps of
        # the engine's own): the same text, as text, for the server to parse the same way
        wrapped = process(sample) if sample is not None else None
        if (
            isinstance(wrapped, Json)
            and wrapped.dumps is None
            and dialect._json_serializer is None
            and _json_text is not None
            and all(v is not None for v in column)
            and _json_text(sample) == json.dumps(sample)
        ):
            return _json_text
        return process  # type: ignore[no-any-return]
    if process is None or dialect.name != "sqlite":
        return process  # type: ignore[no-any-return]
    if isinstance(kind, DateTime):
        fast: Callable[[Any], Any] = _sqlite_datetime
        if sample is None or (sample.tzinfo is None and fast(sample) == process(sample)):
            return fast
    # JSON: a None would be stored as the text 'null' (or NULL, as the type says): not here
    elif (
        isinstance(kind, JSON)
        and _json_text is not None
        and sample is not None
        and all(v is not None for v in column)
        and _json_text(sample) == process(sample)
    ):
        return _json_text
    return process  # type: ignore[no-any-return]


def _copy_text(columns: list[Sequence[Any]]) -> str | None:
    """The rows in COPY's text format, built a column at a time (C loops, not psycopg's
    `write_row` per row), when every column holds only str, int or naive datetimes (or
    NULLs), which it writes as psycopg would: the server parses the same values from them.
    None for anything else: then `write_row`."""
    fields = []
    for column in columns:
        kinds = {type(v) for v in column}
        kinds.discard(type(None))
        if kinds <= {str}:
            values = [_NULL if v is None else v for v in column]
            joined = "\x00".join(values)  # a NUL is no valid text for PostgreSQL anyway
            if len(joined.split("\x00")) != len(values):
                return None
            if "\\" in joined or "\t" in joined or "\n" in joined or "\r" in joined:
                nulls = [v is None for v in column]
                escaped = (
                    joined.replace("\\", "\\\\")
                    .replace("\t", "\\t")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r")
                    .split("\x00")
                )
                values = [_NULL if null else v for v, null in zip(escaped, nulls, strict=True)]
            fields.append(values)
        elif kinds <= {int}:
            fields.append([_NULL if v is None else str(v) for v in column])
        elif kinds <= {datetime} and all(v is None or v.tzinfo is None for v in column):
            fields.append([_NULL if v is None else v.isoformat() for v in column])
        else:
            return None
    return "\n".join(map("\t".join, zip(*fields, strict=True))) + "\n"


_NULL = "\\N"


def _sqlite_datetime(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(" ", "microseconds")


def _json_encoder() -> Callable[[Any], str] | None:
    """`json.dumps(value)` with its default settings, without building an encoder per call;
    None where the C encoder is missing (another Python): then SQLAlchemy's own processor."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    default = json.JSONEncoder().default  # raises TypeError, as json.dumps does
    encode = make(
        None, default, json.encoder.encode_basestring_ascii, None, ": ", ", ", False, False, True
    )
    join = "".join

    def text(value: Any) -> str:
        if value == []:  # most lists of a read model's rows are empty: no encoder call
            return "[]"
        return join(encode(value, 0))

    return text


_json_text = _json_encoder()


def _throwaway_sqlite(path: Path) -> Engine:
    """A SQLite file that is only ever built from scratch and copied: no sync (a crash means
    building it again), and a page cache big enough for the keys of millions of rows, which
    arrive in random (uuid) order. Its journal is in memory, not off: a rebuild that meets a
    message it cannot apply rolls back to a savepoint, which needs one (SQLite's ROLLBACK is
    undefined without); a file built from empty journals next to nothing, as the pages a
    transaction adds past the file's end need no journal."""
    return sqlite_engine(
        path, "journal_mode=MEMORY", "synchronous=OFF", f"cache_size=-{SIDE_CACHE_KIB}"
    )


def _schema(bind: Engine | Connection) -> str | None:
    """The schema an engine or connection maps its tables to (PostgreSQL), or None (SQLite)."""
    return (bind.get_execution_options().get("schema_translate_map") or {}).get(None)
