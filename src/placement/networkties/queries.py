"""All SQL for network ties between a child and a carer."""

from __future__ import annotations

from uuid import UUID

import asyncpg

_SELECT = """SELECT t.id, t.child_id, t.carer_id, t.relation, t.version, t.created_at
             FROM network_ties t JOIN children c ON c.id = t.child_id"""
# $org NULL: any organisation; else only ties of that organisation's children.
_SCOPE = "($%(org)d::uuid IS NULL OR c.organisation_id = $%(org)d)"


async def get_tie(conn: asyncpg.Connection, tie_id: UUID, *,
                  scope_org: UUID | None) -> asyncpg.Record | None:
    return await conn.fetchrow(f"{_SELECT} WHERE t.id = $1 AND {_SCOPE % {'org': 2}}",
                               tie_id, scope_org)


async def list_ties(conn: asyncpg.Connection, *, scope_org: UUID | None, child_id: UUID | None,
                    carer_id: UUID | None, relation: str | None, limit: int,
                    offset: int) -> tuple[list[asyncpg.Record], int]:
    where = f"""WHERE {_SCOPE % {'org': 1}}
                AND ($2::uuid IS NULL OR t.child_id = $2)
                AND ($3::uuid IS NULL OR t.carer_id = $3)
                AND ($4::text IS NULL OR t.relation = $4)"""
    args = (scope_org, child_id, carer_id, relation)
    total = await conn.fetchval(
        f"SELECT count(*) FROM network_ties t JOIN children c ON c.id = t.child_id {where}", *args)
    rows = await conn.fetch(f"{_SELECT} {where} ORDER BY t.created_at, t.id LIMIT $5 OFFSET $6",
                            *args, limit, offset)
    return rows, int(total)
