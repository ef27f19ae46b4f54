"""All SQL for children and the lists hanging off a child."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

# Record scope, shared by every query that returns children:
#   $scope_org  NULL = any organisation, else only children of that organisation and children
#               in a placement request shared with it (case_shares)
#   $referred   true = only children in a placement request referred to the commission
_SCOPE = """
    ($%(org)d::uuid IS NULL OR c.organisation_id = $%(org)d OR EXISTS (
        SELECT 1 FROM placement_request_children sprc
        JOIN case_shares cs ON cs.request_id = sprc.request_id
        WHERE sprc.child_id = c.id AND cs.organisation_id = $%(org)d))
    AND (NOT $%(ref)d::boolean OR EXISTS (
        SELECT 1 FROM placement_request_children prc
        JOIN placement_requests pr ON pr.id = prc.request_id
        WHERE prc.child_id = c.id AND pr.referred_to_commission))
"""

_SELECT = """
    SELECT c.*,
        COALESCE((SELECT json_agg(json_build_object('code', n.need_code, 'label', nc.label_nl,
                                                    'level', n.level) ORDER BY n.level, n.need_code)
                  FROM child_needs n JOIN need_codes nc ON nc.code = n.need_code
                  WHERE n.child_id = c.id), '[]') AS needs,
        COALESCE((SELECT array_agg(a.club_id ORDER BY a.club_id) FROM child_activities a
                  WHERE a.child_id = c.id), '{}') AS club_ids,
        COALESCE((SELECT json_agg(json_build_object('postcode', z.postcode,
                                                    'min_distance_km', z.min_distance_km))
                  FROM child_safety_zones z WHERE z.child_id = c.id), '[]') AS safety_zones,
        COALESCE((SELECT json_agg(json_build_object('carer_id', e.carer_id, 'reason', e.reason))
                  FROM child_carer_exclusions e WHERE e.child_id = c.id), '[]') AS excluded_carers
    FROM children c
"""


def _scope(org_param: int, ref_param: int) -> str:
    return _SCOPE % {"org": org_param, "ref": ref_param}


async def insert_child(conn: asyncpg.Connection, values: dict[str, Any]) -> UUID:
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return await conn.fetchval(
        f"INSERT INTO children ({', '.join(columns)}) VALUES ({placeholders}) RETURNING id",
        *values.values(),
    )


async def update_child(conn: asyncpg.Connection, child_id: UUID, expected_version: int,
                       values: dict[str, Any]) -> int | None:
    """Apply changes if the row is still at expected_version; returns the new version or None."""
    sets = [f"{column} = ${i}" for i, column in enumerate(values, start=3)]
    sets += ["version = version + 1", "updated_at = now()"]
    return await conn.fetchval(
        f"UPDATE children SET {', '.join(sets)} WHERE id = $1 AND version = $2 RETURNING version",
        child_id, expected_version, *values.values(),
    )


async def current_version(conn: asyncpg.Connection, child_id: UUID) -> int | None:
    return await conn.fetchval("SELECT version FROM children WHERE id = $1", child_id)


async def replace_needs(conn: asyncpg.Connection, child_id: UUID,
                        needs: Sequence[tuple[str, str]]) -> None:
    await conn.execute("DELETE FROM child_needs WHERE child_id = $1", child_id)
    await conn.executemany(
        "INSERT INTO child_needs (child_id, need_code, level) VALUES ($1, $2, $3)",
        [(child_id, code, level) for code, level in needs],
    )


async def replace_activities(conn: asyncpg.Connection, child_id: UUID,
                             club_ids: Sequence[UUID]) -> None:
    await conn.execute("DELETE FROM child_activities WHERE child_id = $1", child_id)
    await conn.executemany(
        "INSERT INTO child_activities (child_id, club_id) VALUES ($1, $2)",
        [(child_id, club_id) for club_id in club_ids],
    )


async def replace_safety_zones(conn: asyncpg.Connection, child_id: UUID,
                               zones: Sequence[tuple[str, float, float, float]]) -> None:
    await conn.execute("DELETE FROM child_safety_zones WHERE child_id = $1", child_id)
    await conn.executemany(
        """INSERT INTO child_safety_zones (child_id, postcode, latitude, longitude, min_distance_km)
           VALUES ($1, $2, $3, $4, $5)""",
        [(child_id, *zone) for zone in zones],
    )


async def replace_exclusions(conn: asyncpg.Connection, child_id: UUID,
                             exclusions: Sequence[tuple[UUID, str]]) -> None:
    await conn.execute("DELETE FROM child_carer_exclusions WHERE child_id = $1", child_id)
    await conn.executemany(
        "INSERT INTO child_carer_exclusions (child_id, carer_id, reason) VALUES ($1, $2, $3)",
        [(child_id, carer_id, reason) for carer_id, reason in exclusions],
    )


async def get_child(conn: asyncpg.Connection, child_id: UUID, *, scope_org: UUID | None,
                    referred_only: bool) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"{_SELECT} WHERE c.id = $1 AND {_scope(2, 3)}", child_id, scope_org, referred_only
    )


async def get_children(conn: asyncpg.Connection, child_ids: Sequence[UUID], *,
                       scope_org: UUID | None, referred_only: bool) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"{_SELECT} WHERE c.id = ANY($1::uuid[]) AND {_scope(2, 3)}",
        list(child_ids), scope_org, referred_only,
    )


async def list_children(
    conn: asyncpg.Connection, *, scope_org: UUID | None, referred_only: bool,
    organisation_id: UUID | None, wijk_code: str | None, need_code: str | None,
    gender: str | None, born_after: dt.date | None, born_before: dt.date | None,
    case_reference: str | None, limit: int, offset: int,
) -> tuple[list[asyncpg.Record], int]:
    where = f"""
        WHERE {_scope(1, 2)}
        AND ($3::uuid IS NULL OR c.organisation_id = $3)
        AND ($4::text IS NULL OR c.home_wijk_code = $4)
        AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM child_needs n
                                         WHERE n.child_id = c.id AND n.need_code = $5))
        AND ($6::text IS NULL OR c.gender = $6)
        AND ($7::date IS NULL OR c.birth_date > $7)
        AND ($8::date IS NULL OR c.birth_date < $8)
        AND ($9::text IS NULL OR c.case_reference ILIKE $9 || '%')
    """
    args = (scope_org, referred_only, organisation_id, wijk_code, need_code, gender, born_after,
            born_before, case_reference)
    total = await conn.fetchval(f"SELECT count(*) FROM children c {where}", *args)
    rows = await conn.fetch(
        f"{_SELECT} {where} ORDER BY c.case_reference LIMIT $10 OFFSET $11", *args, limit, offset
    )
    return rows, int(total)


async def existing_ids(conn: asyncpg.Connection, table: str, ids: Sequence[UUID]) -> set[UUID]:
    if table not in {"clubs", "schools", "carers", "children", "organisations"}:
        raise ValueError(table)
    rows = await conn.fetch(f"SELECT id FROM {table} WHERE id = ANY($1::uuid[])", list(ids))
    return {r["id"] for r in rows}


async def known_need_codes(conn: asyncpg.Connection) -> set[str]:
    return {r["code"] for r in await conn.fetch("SELECT code FROM need_codes")}


async def children_in_scope(conn: asyncpg.Connection, child_ids: Sequence[UUID], *,
                            scope_org: UUID | None, referred_only: bool = False) -> set[UUID]:
    """Which of these children the caller may work with (the same scope as reading a child):
    other domains (requests, ties, occupancies) check their child references with it."""
    rows = await conn.fetch(
        f"SELECT c.id FROM children c WHERE c.id = ANY($1::uuid[]) AND {_scope(2, 3)}",
        list(child_ids), scope_org, referred_only,
    )
    return {r["id"] for r in rows}
