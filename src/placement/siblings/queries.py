"""All SQL for sibling ties."""

from __future__ import annotations

from uuid import UUID

import asyncpg

_COLUMNS = "t.id, t.child_a_id, t.child_b_id, t.kind, t.intent, t.apart_reason, t.version, " \
           "t.created_at, t.updated_at"

# Both children of a tie must be in the caller's organisation ($org NULL: any).
_SCOPE = """
    ($%(org)d::uuid IS NULL OR (
        EXISTS (SELECT 1 FROM children c WHERE c.id = t.child_a_id AND c.organisation_id = $%(org)d)
        AND EXISTS (SELECT 1 FROM children c WHERE c.id = t.child_b_id
                    AND c.organisation_id = $%(org)d)))
"""


async def get_tie(conn: asyncpg.Connection, tie_id: UUID, *,
                  scope_org: UUID | None) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM sibling_ties t WHERE t.id = $1 AND {_SCOPE % {'org': 2}}",
        tie_id, scope_org,
    )


async def list_ties(conn: asyncpg.Connection, *, scope_org: UUID | None, child_id: UUID | None,
                    intent: str | None, limit: int, offset: int) -> tuple[list[asyncpg.Record], int]:
    where = f"""WHERE {_SCOPE % {'org': 1}}
                AND ($2::uuid IS NULL OR $2 IN (t.child_a_id, t.child_b_id))
                AND ($3::text IS NULL OR t.intent = $3)"""
    args = (scope_org, child_id, intent)
    total = await conn.fetchval(f"SELECT count(*) FROM sibling_ties t {where}", *args)
    rows = await conn.fetch(
        f"SELECT {_COLUMNS} FROM sibling_ties t {where} ORDER BY t.created_at, t.id "
        f"LIMIT $4 OFFSET $5", *args, limit, offset,
    )
    return rows, int(total)


async def group_ties(conn: asyncpg.Connection, child_id: UUID, *,
                     scope_org: UUID | None) -> list[asyncpg.Record]:
    """Every tie in the child's connected sibling group (ties of ties, ...)."""
    return await conn.fetch(
        f"""
        WITH RECURSIVE grp(child_id) AS (
            SELECT $1::uuid
            UNION
            SELECT CASE WHEN t.child_a_id = g.child_id THEN t.child_b_id ELSE t.child_a_id END
            FROM sibling_ties t JOIN grp g ON g.child_id IN (t.child_a_id, t.child_b_id)
        )
        SELECT {_COLUMNS} FROM sibling_ties t
        WHERE t.child_a_id IN (SELECT child_id FROM grp) AND {_SCOPE % {'org': 2}}
        ORDER BY t.created_at, t.id
        """,
        child_id, scope_org,
    )
