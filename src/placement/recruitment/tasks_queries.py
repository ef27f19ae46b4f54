"""SQL for follow-up tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg

_TASK = """
    SELECT t.*, l.full_name AS lead_name, l.organisation_id, c.code AS campaign_code,
           u.display_name AS assignee_name
    FROM recruitment_tasks t
    JOIN recruitment_leads l ON l.id = t.lead_id
    LEFT JOIN recruitment_campaigns c ON c.id = l.campaign_id
    LEFT JOIN users u ON u.id = t.assigned_user_id
"""


async def insert_task(conn: asyncpg.Connection, values: dict[str, Any]) -> UUID:
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return await conn.fetchval(
        f"INSERT INTO recruitment_tasks ({', '.join(columns)}) VALUES ({placeholders}) RETURNING id",
        *values.values())


async def get_task(conn: asyncpg.Connection, task_id: UUID, *,
                   scope_org: UUID | None) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"{_TASK} WHERE t.id = $1 AND ($2::uuid IS NULL OR l.organisation_id = $2)",
        task_id, scope_org)


async def update_task(conn: asyncpg.Connection, task_id: UUID, expected_version: int,
                      values: dict[str, Any]) -> int | None:
    sets = [f"{column} = ${i}" for i, column in enumerate(values, start=3)]
    sets += ["version = version + 1", "updated_at = now()"]
    return await conn.fetchval(
        f"UPDATE recruitment_tasks SET {', '.join(sets)} WHERE id = $1 AND version = $2 "
        "RETURNING version", task_id, expected_version, *values.values())


async def tasks_of_lead(conn: asyncpg.Connection, lead_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(f"{_TASK} WHERE t.lead_id = $1 ORDER BY t.due_on, t.created_at",
                            lead_id)


async def open_tasks(conn: asyncpg.Connection, *, scope_org: UUID | None,
                     due_before: dt.date | None, assigned_user_id: UUID | None) -> list[asyncpg.Record]:
    """Open tasks of live leads; with due_before only those due before that day (overdue)."""
    return await conn.fetch(
        f"""{_TASK}
        WHERE t.done_at IS NULL AND l.erased_at IS NULL AND l.merged_into IS NULL
          AND ($1::uuid IS NULL OR l.organisation_id = $1)
          AND ($2::date IS NULL OR t.due_on < $2)
          AND ($3::uuid IS NULL OR t.assigned_user_id = $3)
        ORDER BY t.due_on, t.created_at""",
        scope_org, due_before, assigned_user_id)


async def close_tasks_of_lead(conn: asyncpg.Connection, lead_id: UUID,
                              done_by: UUID | None) -> None:
    """A lead that leaves the path or is approved needs no more follow-up."""
    await conn.execute(
        """UPDATE recruitment_tasks SET done_at = now(), done_by = $2, version = version + 1,
                  updated_at = now()
           WHERE lead_id = $1 AND done_at IS NULL""", lead_id, done_by)
