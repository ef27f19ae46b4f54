"""All SQL for campaigns, and the look-ups of known wijken and need codes their checks use."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg

from placement.core import sql


async def insert_campaign(conn: asyncpg.Connection, values: dict[str, Any]) -> UUID:
    return await sql.insert_row(conn, "recruitment_campaigns", values)


async def update_campaign(conn: asyncpg.Connection, campaign_id: UUID, expected_version: int,
                          values: dict[str, Any]) -> int | None:
    return await sql.update_versioned(conn, "recruitment_campaigns", campaign_id, expected_version,
                                      values)


async def get_campaign(conn: asyncpg.Connection, campaign_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM recruitment_campaigns WHERE id = $1", campaign_id)


async def campaign_by_code(conn: asyncpg.Connection, code: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM recruitment_campaigns WHERE code = $1", code)


async def list_campaigns(conn: asyncpg.Connection, *, active_on: dt.date | None) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT * FROM recruitment_campaigns
           WHERE $1::date IS NULL OR (starts_on <= $1 AND (ends_on IS NULL OR ends_on >= $1))
           ORDER BY starts_on DESC, code""",
        active_on,
    )


async def known_wijken(conn: asyncpg.Connection) -> set[str]:
    return {r["code"] for r in await conn.fetch("SELECT code FROM wijken")}


async def known_need_codes(conn: asyncpg.Connection) -> set[str]:
    return {r["code"] for r in await conn.fetch("SELECT code FROM need_codes")}
