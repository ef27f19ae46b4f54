"""The Utrecht demo's history: loaded with the demo data, the same twice for one seed, with
realistic proportions, only past dates, and figures in the KPI report straight away."""

from __future__ import annotations

import datetime as dt

import asyncpg

from placement.auth.principal import system_principal
from placement.core.clock import local_today
from placement.core.database import Database
from placement.db.databases import create_database, database_name, drop_database
from placement.db.pool import connect, create_pool
from placement.demo.loader import load_demo_if_empty
from placement.indicators.service import KpiService
from placement.settings import Settings

SEED = 11


async def digest(conn: asyncpg.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {
        "decisions": [tuple(r) for r in await conn.fetch(
            """SELECT id, request_id, option_rank, reason_code, split_reasons::text, decided_at
               FROM decisions ORDER BY id""")],
        "occupancies": [tuple(r) for r in await conn.fetch(
            """SELECT child_id, place_id, kind, period, status, end_reason, decision_id
               FROM occupancies WHERE decision_id IS NOT NULL
               ORDER BY child_id, lower(period), status""")],
        "requests": [tuple(r) for r in await conn.fetch(
            """SELECT id, status, created_at, follows_request_id FROM placement_requests
               WHERE decisions_exist ORDER BY id""".replace(
                "decisions_exist", "EXISTS (SELECT 1 FROM decisions d WHERE d.request_id = "
                "placement_requests.id)"))],
        "answers": [tuple(r) for r in await conn.fetch(
            "SELECT decision_id, carer_id, answer, decline_reason, answered_on FROM family_answers"
            " ORDER BY decision_id, carer_id")],
    }


async def test_the_demo_history_is_deterministic_and_believable(
        database_dsn: str, server_dsn: str, template_dsn: str) -> None:
    settings = Settings(database_url=database_dsn, demo_seed=SEED)
    assert await load_demo_if_empty(settings)
    conn = await connect(database_dsn)
    try:
        first = await digest(conn)
        today = local_today()
        ended = await conn.fetch(
            """SELECT end_reason FROM occupancies WHERE kind = 'placement'
                 AND status = 'ended' AND decision_id IS NOT NULL""")
        unplanned = sum(r["end_reason"].startswith("breakdown") for r in ended) / len(ended)
        assert len(ended) >= 100 and 0.15 <= unplanned <= 0.35, (len(ended), unplanned)
        figures = await conn.fetchrow(
            """SELECT count(*) FILTER (WHERE option_rank > 1) AS overrides,
                      count(*) FILTER (WHERE broken_together_ties > 0) AS splits,
                      count(*) AS decisions,
                      count(*) FILTER (WHERE decided_at::date > $1) AS future
               FROM decisions""", today)
        assert figures["decisions"] >= 200 and figures["future"] == 0
        assert 0.05 <= figures["overrides"] / figures["decisions"] <= 0.4
        assert figures["splits"] > 0
        declined = await conn.fetchval(
            """SELECT count(DISTINCT d.request_id) FROM family_answers a
               JOIN decisions d ON d.id = a.decision_id
               WHERE a.answer = 'declined' AND EXISTS (
                   SELECT 1 FROM decisions later WHERE later.request_id = d.request_id
                     AND later.decided_at > d.decided_at)""")
        assert declined > 0  # a decline is followed by a new decision
        lifecycle = await conn.fetchrow(
            """SELECT count(*) FILTER (WHERE status = 'active' AND upper_inf(period)) AS ongoing,
                      count(*) FILTER (WHERE status = 'active' AND upper(period) > $1)
                          AS scheduled,
                      count(*) FILTER (WHERE lower(period) > $1) AS starts_later
               FROM occupancies WHERE kind = 'placement' AND decision_id IS NOT NULL""", today)
        assert lifecycle["ongoing"] > 0 and lifecycle["scheduled"] > 0
        assert lifecycle["starts_later"] == 0
        recorded_later = await conn.fetchval(
            """SELECT (SELECT count(*) FROM family_answers WHERE answered_on > $1)
                    + (SELECT count(*) FROM introductions WHERE held_on > $1)
                    + (SELECT count(*) FROM decisions WHERE decided_at::date > $1)""", today)
        assert recorded_later == 0
        follow_ups = await conn.fetchval(
            "SELECT count(*) FROM placement_requests WHERE follows_request_id IS NOT NULL")
        assert follow_ups > 0
        snapshots = await conn.fetchval(
            "SELECT count(*) FROM ranking_snapshots WHERE created_at::date < $1", today)
        assert snapshots >= 200
    finally:
        await conn.close()

    pool = await create_pool(database_dsn, min_size=1, max_size=1)
    try:
        report = await KpiService(Database(pool), system_principal("test")).report(
            today - dt.timedelta(days=729), today)
    finally:
        await pool.close()
    assert isinstance(report.time_to_placement.requests, int)
    assert report.time_to_placement.median_days is not None
    assert report.endings.share_planned is not None and 0.6 <= report.endings.share_planned < 0.9
    assert report.overrides.share_not_top is not None
    assert report.proposal_load.gini is not None
    assert report.school_travel.after_share_within_limit is not None

    again = await create_database(server_dsn, "placement_test",
                                  template=database_name(template_dsn))
    try:
        assert await load_demo_if_empty(Settings(database_url=again, demo_seed=SEED))
        conn = await connect(again)
        try:
            assert await digest(conn) == first
        finally:
            await conn.close()
    finally:
        await drop_database(server_dsn, again)
