"""All SQL for schools, clubs and need codes. `table` is "schools" or "clubs" (from our code);
`detail` is the column that tells them apart (a school's kind, a club's activity)."""

from __future__ import annotations

from uuid import UUID

import asyncpg

VENUES = {"schools": "kind", "clubs": "activity"}


async def get_venue(conn: asyncpg.Connection, table: str, venue_id: UUID) -> asyncpg.Record | None:
    assert table in VENUES
    return await conn.fetchrow(f"SELECT * FROM {table} WHERE id = $1", venue_id)


async def list_venues(conn: asyncpg.Connection, table: str, *, detail: str | None,
                      wijk_code: str | None, name: str | None, limit: int,
                      offset: int) -> tuple[list[asyncpg.Record], int]:
    column = VENUES[table]
    where = f"""WHERE ($1::text IS NULL OR {column} = $1)
                AND ($2::text IS NULL OR wijk_code = $2)
                AND ($3::text IS NULL OR name ILIKE '%' || $3 || '%')"""
    args = (detail, wijk_code, name)
    total = await conn.fetchval(f"SELECT count(*) FROM {table} {where}", *args)
    rows = await conn.fetch(
        f"SELECT * FROM {table} {where} ORDER BY name, id LIMIT $4 OFFSET $5", *args, limit, offset
    )
    return rows, int(total)


async def need_codes(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT code, label_nl AS label, description_nl AS description FROM need_codes ORDER BY label_nl"
    )
