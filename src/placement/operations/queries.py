"""All SQL of the operations package."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg


async def organisation_id_by_name(conn: asyncpg.Connection, name: str) -> UUID | None:
    return await conn.fetchval("SELECT id FROM organisations WHERE name = $1", name)


async def user_tables(conn: asyncpg.Connection) -> list[str]:
    """Every ordinary table outside the system schemas (what a restore target must not hold)."""
    rows = await conn.fetch(
        """SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name
           FROM pg_tables
           WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
           ORDER BY 1""")
    return [r["name"] for r in rows]


async def row_counts(conn: asyncpg.Connection) -> dict[str, int]:
    counts = {}
    for table in await user_tables(conn):
        # Table names come from the catalogue, quoted by quote_ident: not from a caller.
        counts[table] = await conn.fetchval(f"SELECT count(*) FROM {table}")
    return counts


async def audit_digest(conn: asyncpg.Connection) -> tuple[int, str | None]:
    """Number of audit entries and an md5 over all of them in order: equal after a restore."""
    row = await conn.fetchrow(
        """SELECT count(*) AS n, md5(string_agg(a::text, '|' ORDER BY a.id)) AS digest
           FROM audit_log a""")
    return row["n"], row["digest"]


# --- maintenance ------------------------------------------------------------------------------

async def try_maintenance_lock(conn: asyncpg.Connection, key: int) -> bool:
    """Transaction-scoped: released at commit or rollback, so a crashed worker never holds it."""
    return bool(await conn.fetchval("SELECT pg_try_advisory_xact_lock($1)", key))


async def last_run_started(conn: asyncpg.Connection) -> dt.datetime | None:
    return await conn.fetchval(
        "SELECT max(started_at) FROM maintenance_runs WHERE NOT dry_run AND finished_at IS NOT NULL")


async def insert_run(conn: asyncpg.Connection, *, dry_run: bool, started_by: str,
                     outcome: dict[str, Any]) -> int:
    return await conn.fetchval(
        """INSERT INTO maintenance_runs (dry_run, started_by, outcome, finished_at)
           VALUES ($1, $2, $3, clock_timestamp()) RETURNING id""",
        dry_run, started_by, outcome)


async def sessions_over(conn: asyncpg.Connection, *, before: dt.datetime,
                        idle_minutes: int) -> int:
    """Sessions that ended (logged out, timed out, expired) before `before`."""
    return await conn.fetchval(
        """SELECT count(*) FROM sessions
           WHERE coalesce(ended_at, least(expires_at,
                 last_seen_at + make_interval(mins => $2))) < $1""", before, idle_minutes)


async def delete_sessions_over(conn: asyncpg.Connection, *, before: dt.datetime,
                               idle_minutes: int) -> int:
    status = await conn.execute(
        """DELETE FROM sessions
           WHERE coalesce(ended_at, least(expires_at,
                 last_seen_at + make_interval(mins => $2))) < $1""", before, idle_minutes)
    return int(status.split()[-1])


async def login_attempts_before(conn: asyncpg.Connection, before: dt.datetime) -> int:
    return await conn.fetchval("SELECT count(*) FROM login_attempts WHERE occurred_at < $1",
                               before)


async def delete_login_attempts_before(conn: asyncpg.Connection, before: dt.datetime) -> int:
    status = await conn.execute("DELETE FROM login_attempts WHERE occurred_at < $1", before)
    return int(status.split()[-1])


CLOSED = ("placed", "ended", "cancelled")


async def snapshots_of_requests_closed_before(conn: asyncpg.Connection,
                                              before: dt.datetime) -> list[asyncpg.Record]:
    """Snapshots of requests that were placed or cancelled before `before` (the request's last
    change is when it was closed: a closed request is not changed again)."""
    return await conn.fetch(
        """SELECT s.id, s.request_id FROM ranking_snapshots s
           JOIN placement_requests r ON r.id = s.request_id
           WHERE r.status = ANY($2::text[]) AND r.updated_at < $1
             -- A snapshot a decision was made on is the evidence for that decision: it stays
             -- with the child's file and goes with it (erase_children).
             AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.snapshot_id = s.id)
             AND NOT EXISTS (SELECT 1 FROM commission_decisions cd WHERE cd.snapshot_id = s.id)
           ORDER BY s.id""", before, list(CLOSED))


async def erase_snapshots(conn: asyncpg.Connection, snapshot_ids: list[UUID]) -> int:
    """Through the one function that may delete snapshots (migration 0010)."""
    return await conn.fetchval("SELECT retention_erase_ranking_snapshots($1::uuid[])",
                               snapshot_ids)


async def children_whose_care_ended_before(conn: asyncpg.Connection,
                                           before: dt.date) -> list[UUID]:
    """Children with nothing running (no placement or reservation without an end before
    today, no open or reserved request) whose care ended before `before`. The end of care is
    the last day of their last placement, or, never placed, the last change to their file or
    their requests."""
    rows = await conn.fetch(
        """
        WITH ends AS (
            SELECT c.id,
                   greatest(
                       (SELECT max(upper(o.period)) FROM occupancies o
                        WHERE o.child_id = c.id AND o.status <> 'cancelled'),
                       (SELECT max(r.updated_at)::date FROM placement_request_children pc
                        JOIN placement_requests r ON r.id = pc.request_id
                        WHERE pc.child_id = c.id),
                       c.updated_at::date) AS care_ended
            FROM children c
            WHERE NOT EXISTS (
                    SELECT 1 FROM occupancies o
                    WHERE o.child_id = c.id AND o.status = 'active'
                      AND (upper_inf(o.period) OR upper(o.period) > current_date))
              AND NOT EXISTS (
                    SELECT 1 FROM placement_request_children pc
                    JOIN placement_requests r ON r.id = pc.request_id
                    WHERE pc.child_id = c.id AND r.status NOT IN ('placed', 'ended', 'cancelled'))
        )
        SELECT id FROM ends WHERE care_ended < $1 ORDER BY id
        """, before)
    return [r["id"] for r in rows]


async def erase_children(conn: asyncpg.Connection, child_ids: list[UUID]) -> dict[str, int]:
    """Erase the children's files: their snapshots, placements, requests in which no other
    child remains, and the child records with everything that cascades from them."""
    requests = [r["request_id"] for r in await conn.fetch(
        """SELECT DISTINCT pc.request_id FROM placement_request_children pc
           WHERE pc.child_id = ANY($1::uuid[])
             AND NOT EXISTS (SELECT 1 FROM placement_request_children other
                             WHERE other.request_id = pc.request_id
                               AND other.child_id <> ALL($1::uuid[]))""", child_ids)]
    snapshot_ids = [r["id"] for r in await conn.fetch(
        """SELECT id FROM ranking_snapshots
           WHERE request_id = ANY($1::uuid[]) OR child_ids && $2::uuid[]""",
        requests, child_ids)]
    # Occupancies point at decisions, decisions at snapshots: erase in that order.
    occupancies = int((await conn.execute(
        "DELETE FROM occupancies WHERE child_id = ANY($1::uuid[]) OR request_id = ANY($2::uuid[])",
        child_ids, requests)).split()[-1])
    decision_records = (await conn.fetchval(
        "SELECT retention_erase_decision_records($1::uuid[])", requests) if requests else 0)
    snapshots = await erase_snapshots(conn, snapshot_ids) if snapshot_ids else 0
    await conn.execute(  # a later request of a child kept elsewhere no longer follows these
        """UPDATE placement_requests SET follows_request_id = NULL
           WHERE follows_request_id = ANY($1::uuid[])""", requests)
    await conn.execute("DELETE FROM placement_request_children WHERE child_id = ANY($1::uuid[])",
                       child_ids)
    deleted_requests = int((await conn.execute(
        "DELETE FROM placement_requests WHERE id = ANY($1::uuid[])", requests)).split()[-1])
    children = int((await conn.execute(
        "DELETE FROM children WHERE id = ANY($1::uuid[])", child_ids)).split()[-1])
    return {"children": children, "requests": deleted_requests, "occupancies": occupancies,
            "snapshots": snapshots, "decision_records": decision_records}
