"""SQL for the append-only audit log."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg


async def insert_entry(
    conn: asyncpg.Connection, *, actor_user_id: UUID | None, actor_label: str,
    organisation_id: UUID | None, role: str | None, action: str, entity: str,
    record_ids: list[str], child_ids: list[UUID], source_address: str | None,
    detail: dict[str, Any],
) -> None:
    await conn.execute(
        """
        INSERT INTO audit_log (actor_user_id, actor_label, organisation_id, role, action, entity,
                               record_ids, child_ids, source_address, detail)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        """,
        actor_user_id, actor_label, organisation_id, role, action, entity, record_ids, child_ids,
        source_address, detail,
    )


async def child_access_history(
    conn: asyncpg.Connection, child_id: UUID, *, limit: int, offset: int
) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        SELECT id, occurred_at, actor_user_id, actor_label, organisation_id, role, action, entity,
               record_ids, source_address, detail
        FROM audit_log
        WHERE child_ids @> ARRAY[$1]::uuid[]
        ORDER BY occurred_at DESC, id DESC
        LIMIT $2 OFFSET $3
        """,
        child_id, limit, offset,
    )


async def list_entries(
    conn: asyncpg.Connection, *, action: str | None, actor_user_id: UUID | None,
    limit: int, offset: int,
) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        SELECT id, occurred_at, actor_user_id, actor_label, organisation_id, role, action, entity,
               record_ids, source_address, detail
        FROM audit_log
        WHERE ($1::text IS NULL OR action = $1) AND ($2::uuid IS NULL OR actor_user_id = $2)
        ORDER BY occurred_at DESC, id DESC
        LIMIT $3 OFFSET $4
        """,
        action, actor_user_id, limit, offset,
    )
