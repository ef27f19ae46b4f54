"""Small SQL building blocks shared by the domain queries modules.

Table and column names come from our own code, never from a request, so composing them into the
statement is safe; every value travels as a bind parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

# Tables whose ids a service may check for existence.
_ID_TABLES = frozenset({
    "organisations", "schools", "clubs", "carers", "children", "places", "placement_requests",
    "occupancies", "sibling_ties", "network_ties",
})


async def insert_row(conn: asyncpg.Connection, table: str, values: dict[str, Any]) -> UUID:
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return await conn.fetchval(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) RETURNING id",
        *values.values(),
    )


async def update_versioned(conn: asyncpg.Connection, table: str, record_id: UUID,
                           expected_version: int, values: dict[str, Any], *,
                           touch_updated_at: bool = True) -> int | None:
    """Apply changes if the row is still at expected_version; returns the new version or None."""
    sets = [f"{column} = ${i}" for i, column in enumerate(values, start=3)]
    sets.append("version = version + 1")
    if touch_updated_at:
        sets.append("updated_at = now()")
    return await conn.fetchval(
        f"UPDATE {table} SET {', '.join(sets)} WHERE id = $1 AND version = $2 RETURNING version",
        record_id, expected_version, *values.values(),
    )


async def existing_ids(conn: asyncpg.Connection, table: str, ids: Sequence[UUID]) -> set[UUID]:
    if table not in _ID_TABLES:
        raise ValueError(table)
    rows = await conn.fetch(f"SELECT id FROM {table} WHERE id = ANY($1::uuid[])", list(ids))
    return {r["id"] for r in rows}
