"""All SQL for occupancies. The exclusion constraint occupancies_no_overlap (0001) is what
forbids double booking; nothing here checks overlap itself."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg

_SELECT = """
    SELECT o.id, o.place_id, p.label AS place_label, p.carer_id, o.child_id, o.request_id, o.kind,
           lower(o.period) AS start, upper(o.period) AS "end", o.placement_type, o.status,
           o.end_reason, o.version, o.created_at, o.updated_at
    FROM occupancies o
    JOIN places p ON p.id = o.place_id
    JOIN carers ca ON ca.id = p.carer_id
    LEFT JOIN children ch ON ch.id = o.child_id
"""
# Scope ($org NULL: any): the child's organisation; an occupancy without a child (a blocked
# place) belongs to the carer's organisation.
_SCOPE = """($%(org)d::uuid IS NULL OR ch.organisation_id = $%(org)d
             OR (o.child_id IS NULL AND ca.organisation_id = $%(org)d))"""


def period(start: dt.date, end: dt.date | None) -> asyncpg.Range:
    return asyncpg.Range(start, end, lower_inc=True, upper_inc=False)


async def insert_occupancy(conn: asyncpg.Connection, values: dict[str, Any]) -> UUID:
    return await conn.fetchval(
        """INSERT INTO occupancies (place_id, child_id, request_id, kind, period, placement_type)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""",
        values["place_id"], values["child_id"], values["request_id"], values["kind"],
        period(values["start"], values["end"]), values["placement_type"],
    )


async def update_occupancy(conn: asyncpg.Connection, occupancy_id: UUID, expected_version: int, *,
                           kind: str, start: dt.date, end: dt.date | None, status: str,
                           end_reason: str | None) -> int | None:
    return await conn.fetchval(
        """UPDATE occupancies SET kind = $3, period = $4, status = $5, end_reason = $6,
                  version = version + 1, updated_at = now()
           WHERE id = $1 AND version = $2 RETURNING version""",
        occupancy_id, expected_version, kind, period(start, end), status, end_reason,
    )


async def get_occupancy(conn: asyncpg.Connection, occupancy_id: UUID, *,
                        scope_org: UUID | None) -> asyncpg.Record | None:
    return await conn.fetchrow(f"{_SELECT} WHERE o.id = $1 AND {_SCOPE % {'org': 2}}",
                               occupancy_id, scope_org)


async def list_occupancies(
    conn: asyncpg.Connection, *, scope_org: UUID | None, place_id: UUID | None,
    carer_id: UUID | None, child_id: UUID | None, request_id: UUID | None, kind: str | None,
    status: str | None, on: dt.date | None, limit: int, offset: int,
) -> tuple[list[asyncpg.Record], int]:
    where = f"""WHERE {_SCOPE % {'org': 1}}
        AND ($2::uuid IS NULL OR o.place_id = $2)
        AND ($3::uuid IS NULL OR p.carer_id = $3)
        AND ($4::uuid IS NULL OR o.child_id = $4)
        AND ($5::uuid IS NULL OR o.request_id = $5)
        AND ($6::text IS NULL OR o.kind = $6)
        AND ($7::text IS NULL OR o.status = $7)
        AND ($8::date IS NULL OR o.period @> $8::date)"""
    args = (scope_org, place_id, carer_id, child_id, request_id, kind, status, on)
    from_clause = _SELECT[_SELECT.index("FROM"):]
    total = await conn.fetchval(f"SELECT count(*) {from_clause} {where}", *args)
    rows = await conn.fetch(
        f"{_SELECT} {where} ORDER BY lower(o.period), o.created_at, o.id LIMIT $9 OFFSET $10",
        *args, limit, offset,
    )
    return rows, int(total)


async def place_for_booking(conn: asyncpg.Connection, place_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT p.id, p.is_active, c.status AS carer_status FROM places p
           JOIN carers c ON c.id = p.carer_id WHERE p.id = $1""",
        place_id,
    )


async def request_for_booking(conn: asyncpg.Connection, request_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT r.id, r.organisation_id, r.status,
                  ARRAY(SELECT child_id FROM placement_request_children prc
                        WHERE prc.request_id = r.id) AS child_ids
           FROM placement_requests r WHERE r.id = $1""",
        request_id,
    )


async def sync_request_status(conn: asyncpg.Connection, request_id: UUID | None) -> None:
    """A request follows its occupancies: placed when a placement holds a place for it,
    reserved while a reservation does, open otherwise. A cancelled request stays cancelled."""
    if request_id is None:
        return
    await conn.execute(
        """
        WITH target AS (
            SELECT CASE
                WHEN EXISTS (SELECT 1 FROM occupancies o WHERE o.request_id = $1
                             AND o.kind = 'placement' AND o.status <> 'cancelled') THEN 'placed'
                WHEN EXISTS (SELECT 1 FROM occupancies o WHERE o.request_id = $1
                             AND o.kind = 'reservation' AND o.status = 'active') THEN 'reserved'
                ELSE 'open' END AS status)
        UPDATE placement_requests r
        SET status = target.status, version = r.version + 1, updated_at = now()
        FROM target
        WHERE r.id = $1 AND r.status <> 'cancelled' AND r.status <> target.status
        """,
        request_id,
    )
