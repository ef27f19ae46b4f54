"""All SQL for organisations."""

from __future__ import annotations

from uuid import UUID

import asyncpg

_COLUMNS = "id, name, kind, version, created_at, updated_at"


async def get_organisation(conn: asyncpg.Connection, organisation_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {_COLUMNS} FROM organisations WHERE id = $1",
                               organisation_id)


async def list_organisations(conn: asyncpg.Connection, *, kind: str | None, name: str | None,
                             limit: int, offset: int) -> tuple[list[asyncpg.Record], int]:
    where = """WHERE ($1::text IS NULL OR kind = $1)
               AND ($2::text IS NULL OR name ILIKE '%' || $2 || '%')"""
    total = await conn.fetchval(f"SELECT count(*) FROM organisations {where}", kind, name)
    rows = await conn.fetch(
        f"SELECT {_COLUMNS} FROM organisations {where} ORDER BY name LIMIT $3 OFFSET $4",
        kind, name, limit, offset,
    )
    return rows, int(total)
