"""All SQL for occupancies. The exclusion constraints occupancies_no_overlap (0001, per place) and
occupancies_child_no_overlap (0005, per child) are what forbid double booking; nothing here checks
overlap itself. `lock_for_booking` only makes simultaneous bookings of one place or child take
turns, so that the loser meets the constraint (409) instead of a deadlock between two exclusion
checks and the supply counter's row lock (SQLSTATE 40P01).

An ending is scheduled when its end date lies in the future: the row stays 'active' with its
end_reason set, and reads show it as 'ended' from the end date on (ENDED_BY_DATE)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg

# A scheduled end whose day has come: the placement has ended, though the row still says active.
ENDED_BY_DATE = """(o.status = 'active' AND o.kind = 'placement' AND o.end_reason IS NOT NULL
                    AND NOT upper_inf(o.period) AND upper(o.period) <= current_date)"""
STATUS = f"(CASE WHEN {ENDED_BY_DATE} THEN 'ended' ELSE o.status END)"

_SELECT = f"""
    SELECT o.id, o.place_id, p.label AS place_label, p.carer_id, o.child_id, o.request_id, o.kind,
           lower(o.period) AS start, upper(o.period) AS "end", o.placement_type,
           {STATUS} AS status, o.end_reason, o.end_note, o.decision_id,
           (o.status = 'active' AND o.end_reason IS NOT NULL AND NOT {ENDED_BY_DATE})
               AS end_scheduled,
           o.version, o.created_at, o.updated_at
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


def lock_key(value: UUID) -> int:
    """A signed 64-bit advisory-lock key from a uuid (a collision only makes two bookings wait)."""
    key = value.int >> 64
    return key - (1 << 64) if key >= 1 << 63 else key


async def lock_for_booking(conn: asyncpg.Connection, ids: list[UUID]) -> None:
    """Hold, until the transaction ends, a lock per place and child about to be booked. Taken in
    one fixed order, so two bookings never wait for each other in a circle."""
    keys = sorted({lock_key(i) for i in ids})
    await conn.execute(
        """SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) WITH ORDINALITY AS u(k, n)
           ORDER BY n""", keys)


async def insert_occupancy(conn: asyncpg.Connection, values: dict[str, Any]) -> UUID:
    return await conn.fetchval(
        """INSERT INTO occupancies (place_id, child_id, request_id, kind, period, placement_type,
                                    decision_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""",
        values["place_id"], values["child_id"], values["request_id"], values["kind"],
        period(values["start"], values["end"]), values["placement_type"],
        values.get("decision_id"),
    )


async def update_occupancy(conn: asyncpg.Connection, occupancy_id: UUID, expected_version: int, *,
                           kind: str, start: dt.date, end: dt.date | None, status: str,
                           end_reason: str | None, end_note: str | None = None) -> int | None:
    return await conn.fetchval(
        """UPDATE occupancies SET kind = $3, period = $4, status = $5, end_reason = $6,
                  end_note = $7, version = version + 1, updated_at = now()
           WHERE id = $1 AND version = $2 RETURNING version""",
        occupancy_id, expected_version, kind, period(start, end), status, end_reason, end_note,
    )


async def free_places_of_carer(conn: asyncpg.Connection, carer_id: UUID, start: dt.date,
                               end: dt.date | None) -> list[UUID]:
    """Active places of the carer that nothing holds in [start, end), in label order."""
    return [r["id"] for r in await conn.fetch(
        """SELECT p.id FROM places p JOIN carers c ON c.id = p.carer_id
           WHERE p.carer_id = $1 AND p.is_active AND c.status = 'active'
             AND NOT EXISTS (SELECT 1 FROM occupancies o WHERE o.place_id = p.id
                             AND o.status <> 'cancelled' AND o.period && $2)
           ORDER BY p.label, p.id""", carer_id, period(start, end))]


async def place_ids_of_carers(conn: asyncpg.Connection, carer_ids: list[UUID]) -> list[UUID]:
    return [r["id"] for r in await conn.fetch(
        "SELECT id FROM places WHERE carer_id = ANY($1::uuid[])", carer_ids)]


async def occupancies_of_decision(conn: asyncpg.Connection,
                                  decision_ids: list[UUID]) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"{_SELECT} WHERE o.decision_id = ANY($1::uuid[]) ORDER BY o.created_at, o.id",
        decision_ids)


async def occupancies_of_request(conn: asyncpg.Connection,
                                 request_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"{_SELECT} WHERE o.request_id = $1 ORDER BY lower(o.period), o.created_at, o.id",
        request_id)


async def cancel_reservations_of_decision(conn: asyncpg.Connection,
                                          decision_id: UUID) -> list[UUID]:
    """Frees the places a decision held; its placements (if any) are left alone."""
    return [r["id"] for r in await conn.fetch(
        """UPDATE occupancies SET status = 'cancelled', version = version + 1, updated_at = now()
           WHERE decision_id = $1 AND kind = 'reservation' AND status = 'active'
           RETURNING id""", decision_id)]


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
        AND ($7::text IS NULL OR {STATUS} = $7)
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
    """A request follows its occupancies. With a placement: 'ended' once every placement has
    ended (status ended, or a scheduled end whose day has come), else 'placed'. With an active
    reservation: 'proposed', or 'introduction' when the decisions service had moved it there
    (every approached family accepted). Otherwise 'open'. A cancelled request stays cancelled."""
    if request_id is None:
        return
    await conn.execute(
        f"""
        WITH target AS (
            SELECT CASE
                WHEN EXISTS (SELECT 1 FROM occupancies o WHERE o.request_id = $1
                             AND o.kind = 'placement' AND o.status <> 'cancelled') THEN
                    CASE WHEN EXISTS (SELECT 1 FROM occupancies o WHERE o.request_id = $1
                                      AND o.kind = 'placement' AND o.status = 'active'
                                      AND NOT {ENDED_BY_DATE}) THEN 'placed' ELSE 'ended' END
                WHEN EXISTS (SELECT 1 FROM occupancies o WHERE o.request_id = $1
                             AND o.kind = 'reservation' AND o.status = 'active') THEN
                    CASE WHEN r.status = 'introduction' THEN 'introduction' ELSE 'proposed' END
                ELSE 'open' END AS status
            FROM placement_requests r WHERE r.id = $1)
        UPDATE placement_requests r
        SET status = target.status, version = r.version + 1, updated_at = now()
        FROM target
        WHERE r.id = $1 AND r.status <> 'cancelled' AND r.status <> target.status
        """,
        request_id,
    )


async def set_request_status(conn: asyncpg.Connection, request_id: UUID, status: str) -> None:
    """Moves a request between the two reservation states (proposed <-> introduction), which
    occupancies alone cannot tell apart."""
    await conn.execute(
        """UPDATE placement_requests SET status = $2, version = version + 1, updated_at = now()
           WHERE id = $1 AND status <> $2 AND status <> 'cancelled'""", request_id, status)
