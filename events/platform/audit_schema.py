"""The audit's own store and the database rules that keep it append-only.

Embedded: `audit.sqlite` in the data folder (600), with BEFORE UPDATE and BEFORE DELETE
triggers that abort. Production: the `audit` schema of the PostgreSQL database, with a
trigger refusing UPDATE, DELETE and TRUNCATE on every row and statement, and those privileges
revoked from PUBLIC. Whoever owns the tables can still drop the triggers: in production the
services should connect as a role that does not own the `audit` schema (docs/audit.md).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    text,
)

from events.platform.settings import Settings
from events.platform.sqlite import sqlite_engine

SCHEMA = "audit"
REFUSAL = "the audit is append-only"
_ID = BigInteger().with_variant(Integer(), "sqlite")  # SQLite's rowid is its auto-increment

metadata = MetaData()
reads = Table(
    "reads",
    metadata,
    Column("seq", _ID, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("organisation", String(64), nullable=False, index=True),
    Column("subject", String(200), nullable=False, index=True),
    Column("token_id", String(36), nullable=True),
    Column("method", String(10), nullable=False),
    Column("route", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("query", String(500), nullable=False),
    Column("rows", Integer, nullable=True),
    Column("client", String(64), nullable=False),
    Column("user_agent", String(200), nullable=False),
)
read_ids = Table(
    "read_ids",
    metadata,
    Column("seq", _ID, ForeignKey("reads.seq"), primary_key=True),
    Column("record_id", String(64), primary_key=True, index=True),
)
TABLES = (reads.name, read_ids.name)


def audit_engine(settings: Settings) -> Engine:
    """The deployment's audit store, with its tables and their append-only rules."""
    if settings.postgres_url:
        url = settings.postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
        timeout = max(1, settings.postgres_connect_timeout)
        pooled = create_engine(
            url, pool_pre_ping=True, pool_size=2, connect_args={"connect_timeout": timeout}
        )
        engine: Engine = pooled.execution_options(schema_translate_map={None: SCHEMA})
        _postgres_rules(engine)
        return engine
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "audit.sqlite"
    engine = sqlite_engine(
        path, "journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON", "trusted_schema=OFF"
    )
    with engine.begin() as conn:
        metadata.create_all(conn)
        for table in TABLES:
            for op in ("UPDATE", "DELETE"):
                conn.exec_driver_sql(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}: {op} refused'); END"
                )
    for each in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        if each.exists():
            each.chmod(0o600)  # who read whom is itself personal data
    return engine


def _postgres_rules(engine: Engine) -> None:
    """Make what is missing: schema, tables, triggers. Once made, a role that may only
    INSERT and SELECT (not own the schema) starts with no DDL at all."""
    with engine.begin() as conn:
        # one process at a time sets up the schema (replicas may start together)
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('carebridge.audit'))"))
        found = text("SELECT 1 FROM pg_namespace WHERE nspname = :schema")
        if conn.execute(found, {"schema": SCHEMA}).first() is None:
            conn.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
        metadata.create_all(conn)
        have = set(conn.execute(_TRIGGERS, {"schema": SCHEMA}).scalars())
        if have >= {f"{t}_{rule}" for t in TABLES for rule in ("append_only", "no_truncate")}:
            return
        conn.exec_driver_sql(
            f"CREATE OR REPLACE FUNCTION {SCHEMA}.refuse_change() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION USING "
            f"ERRCODE = 'insufficient_privilege', MESSAGE = '{REFUSAL}: ' || TG_OP "
            "|| ' refused on ' || TG_TABLE_NAME; END $$"
        )
        for table in TABLES:
            name, refuse = f"{SCHEMA}.{table}", f"EXECUTE FUNCTION {SCHEMA}.refuse_change()"
            for rule, when in (
                ("append_only", "UPDATE OR DELETE ON {} FOR EACH ROW"),
                ("no_truncate", "TRUNCATE ON {} FOR EACH STATEMENT"),
            ):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_{rule} ON {name}")
                conn.exec_driver_sql(
                    f"CREATE TRIGGER {table}_{rule} BEFORE {when.format(name)} {refuse}"
                )
            conn.exec_driver_sql(f"REVOKE UPDATE, DELETE, TRUNCATE ON {name} FROM PUBLIC")


_TRIGGERS = text(
    "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema"
)
