"""The discharge service: command throughput, projection rebuild and the DTOC return, each
beside the same work done by the eventsourcing recorder or SQLAlchemy alone."""

from __future__ import annotations

import statistics
import time
from functools import partial

import psycopg
from eventsourcing.persistence import ProcessRecorder, StoredEvent
from psycopg import sql
from sqlalchemy import Engine, func, select

from bench.common import (
    Result,
    backend_of,
    engine_recorder,
    in_turns,
    median_seconds,
    spread,
    timed,
)
from bench.rebuilds import read_and_decode
from bench.workload import Workload, replicate, run
from events.delivery.bulk_replay import REPLAY_BATCH
from events.delivery.inprocess import InProcessBus
from events.platform.settings import Settings
from services.discharge.bootstrap import Discharge
from services.discharge.domain import returns
from services.discharge.domain.returns import DtocReturn, dtoc_detail
from services.discharge.projections.queries import in_window
from services.discharge.projections.tables import episode_facts, episodes

BATCH = 1000  # the projection's own batch size


def stored_events(recorder: ProcessRecorder) -> list[StoredEvent]:
    """Every event of the log, as the plain stored events the recorder was given."""
    out: list[StoredEvent] = []
    start = 0
    while notes := recorder.select_notifications(start, BATCH, inclusive_of_start=False):
        out.extend(
            StoredEvent(n.originator_id, n.originator_version, n.topic, n.state) for n in notes
        )
        start = notes[-1].id
    return out


def _append_alone(settings: Settings, stored: list[StoredEvent], sizes: list[int]) -> float:
    """Seconds for the recorder alone to append the same events in the same transactions."""
    app, recorder = engine_recorder(settings, "bench_engine")
    chunks, at = [], 0
    for size in sizes:
        chunks.append(stored[at : at + size])
        at += size
    try:
        _, seconds = timed(lambda: [recorder.insert_events(chunk) for chunk in chunks if chunk])
    finally:
        app.close()
    return seconds


def commands_and_rebuild(settings: Settings, workload: Workload, returns: bool) -> list[Result]:
    """Benchmarks 1 and 2 (and 4 when `returns`) on one fresh discharge service."""
    backend = backend_of(settings)
    discharge = Discharge(settings, InProcessBus())
    try:
        sizes, seconds = timed(lambda: run(discharge.app, workload.commands))
        events, commands = sum(sizes), len(workload.commands)
        stored = stored_events(discharge.app.outbox)
        assert len(stored) == events, "the log holds other events than the commands recorded"
        alone = _append_alone(settings, stored, sizes)
        results = [
            Result(
                "1 command throughput",
                backend,
                f"{workload.episodes} episodes, {commands} commands, {events} events",
                commands / seconds,
                commands / alone,
                "commands/s",
                "insert_events of the same stored events, one transaction per command",
                f"ours {events / seconds:,.0f} events/s; engine {events / alone:,.0f} events/s",
                target="commands-sqlite" if backend == "SQLite" else "commands-postgres",
            )
        ]
        read_and_decode(
            discharge.app.outbox, discharge.app.mapper, BATCH
        )  # warm the page cache for both timings below
        _, decode = timed(
            lambda: read_and_decode(discharge.app.outbox, discharge.app.mapper, BATCH)
        )
        applied, rebuild = timed(discharge.facts.rebuild)
        results.append(
            Result(
                "2 projection rebuild",
                backend,
                f"{applied} notifications",
                applied / rebuild,
                applied / decode,
                "events/s",
                "select_notifications in batches of 1000 + mapper.to_domain_event",
            )
        )
        if returns:
            results.append(_dtoc(discharge, workload, backend))
        return results
    finally:
        discharge.close()


def _dtoc(discharge: Discharge, workload: Workload, backend: str, repeats: int = 3) -> Result:
    """Benchmark 4: the DTOC return by LA for every month in the data (median of repeats),
    as served (from the maintained census) and, for comparison, recomputed from the facts as
    it was before the census (`_recomputed`), with whether every cell is the same."""
    days, seconds, recomputing = 0, 0.0, 0.0
    identical = True
    for month in workload.months:
        ret = discharge.dtoc(month, "la")  # also catches the facts up, untimed
        days += ret.england.total + ret.england.unrecorded
        seconds += median_seconds(partial(discharge.dtoc, month, "la"), repeats)
        again = _recomputed(discharge, month)
        identical = identical and dtoc_detail(again) == dtoc_detail(ret)
        recomputing += median_seconds(partial(_recomputed, discharge, month), repeats)

    def select_rows() -> int:
        with discharge.engine.connect() as conn:
            return len(conn.execute(select(episodes)).all()) + len(
                conn.execute(select(episode_facts)).all()
            )

    rows = select_rows()
    alone = median_seconds(select_rows, repeats)
    months = len(workload.months)
    return Result(
        "4 DTOC return by LA",
        backend,
        f"{months} months, {days} delayed days",
        days / seconds,
        days / alone,
        "delayed days/s",
        f"bare SELECT of all {rows} episode and fact rows",
        f"{seconds * 1000 / months:,.0f} ms a month from the census; recomputed from the "
        f"facts {recomputing * 1000 / months:,.0f} ms a month; cells identical: "
        f"{'yes' if identical else 'NO'}; {len(ret.rows)} LAs in the last",
        target="dtoc",
        figure=seconds * 1000 / months,
        partial=workload.episodes < workload.pool,  # not yet England's whole months
    )


def _recomputed(discharge: Discharge, month: str) -> DtocReturn:
    """The month's DTOC by LA recomputed from every episode's facts, as `Discharge.dtoc` did
    before the census: the window's episodes through the pure `returns.dtoc`."""
    period = discharge.period(month)
    with discharge.engine.connect() as conn:
        window = list(in_window(conn, period.first, period.last))
    return returns.dtoc(window, month, "la", discharge.rule, period.counted_to)


def rebuild_at_scale(
    settings: Settings, workload: Workload, events: int, workers: int | None, rounds: int = 3
) -> list[Result]:
    """Benchmark 2 at `events` events: the workload's log recorded through the application,
    then copied under new episode references up to the size and projected (untimed), then the
    log read and decoded alone and our rebuild replacing that read model, in turns for `rounds`
    rounds (medians), and on PostgreSQL COPY of the rows it built alone."""
    backend = backend_of(settings)
    discharge = Discharge(settings, InProcessBus())
    try:
        run(discharge.app, workload.commands)
        template = stored_events(discharge.app.outbox)
        replicate(discharge.app.outbox, discharge.app.mapper, template, events - len(template))
        # As after a bug fix: the live read model is full and the rebuild replaces it (untimed
        # here; it also warms the page cache for both timings).
        discharge.facts.rebuild(workers=workers)
        if settings.postgres_url:  # and with the server's own upkeep of those new rows done
            with psycopg.connect(settings.postgres_url, autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
        (decoded, decodes), (applied, rebuilds) = in_turns(
            lambda: read_and_decode(discharge.app.outbox, discharge.app.mapper, REPLAY_BATCH),
            lambda: discharge.facts.rebuild(workers=workers),
            rounds,
        )
        decode, rebuild = statistics.median(decodes), statistics.median(rebuilds)
        assert applied == decoded, "the rebuild did not replay the whole log"
        with discharge.engine.connect() as conn:
            facts = conn.execute(select(func.count()).select_from(episode_facts)).scalar_one()
            rows = conn.execute(select(func.count()).select_from(episodes)).scalar_one()
        size = f"{applied:,} events -> {facts:,} facts + {rows:,} episodes"
        how = f"{workers or 'one per CPU'} processes, each reading its own share of the log"
        results = [
            Result(
                "2 projection rebuild, large",
                backend,
                size,
                applied / rebuild,
                applied / decode,
                "events/s",
                f"select_notifications in batches of {REPLAY_BATCH:,} + mapper.to_domain_event",
                f"ours {spread(rebuilds)}, read and decode {spread(decodes)}, medians of "
                f"{rounds} rounds in turns; {how}",
            )
        ]
        if settings.postgres_url:
            copy = copy_alone(settings.postgres_url, discharge.engine)
            results.append(
                Result(
                    "2 projection rebuild, large",
                    "PostgreSQL COPY",
                    size,
                    applied / rebuild,
                    applied / copy,
                    "events/s",
                    "COPY FROM STDIN of the same rows (text, taken untimed with COPY TO) into "
                    "empty tables of the same shape (LIKE ... INCLUDING ALL: keys, indexes)",
                    f"ours {rebuild:.1f} s, COPY alone {copy:.1f} s",
                )
            )
        return results
    finally:
        discharge.close()


def copy_alone(server_url: str, engine: Engine) -> float:
    """Seconds for PostgreSQL alone to COPY the rebuilt rows into empty tables of the same
    shape, in one transaction."""
    schema = (engine.get_execution_options().get("schema_translate_map") or {})[None]
    names = [episodes.name, episode_facts.name]
    with psycopg.connect(server_url) as conn:
        conn.execute("DROP SCHEMA IF EXISTS bench_copy CASCADE")
        conn.execute("CREATE SCHEMA bench_copy")
        data = {}
        with conn.cursor() as cur:
            for name in names:
                live = sql.Identifier(schema, name)
                cur.execute(
                    sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING ALL)").format(
                        sql.Identifier("bench_copy", name), live
                    )
                )
                with cur.copy(sql.SQL("COPY {} TO STDOUT").format(live)) as out:
                    data[name] = b"".join(bytes(block) for block in out)
        conn.commit()
        start = time.perf_counter()
        with conn.cursor() as cur:
            for name in names:
                target = sql.Identifier("bench_copy", name)
                with cur.copy(sql.SQL("COPY {} FROM STDIN").format(target)) as into:
                    into.write(data[name])
        conn.commit()
        seconds = time.perf_counter() - start
        conn.execute("DROP SCHEMA bench_copy CASCADE")
        conn.commit()
    return seconds
