"""SQL for accounts and tokens."""

from __future__ import annotations

from uuid import UUID

import asyncpg


async def principal_for_token(conn: asyncpg.Connection, token_hash: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """
        UPDATE api_tokens t SET last_used_at = now()
        FROM users u
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.id = t.user_id AND u.is_active
        RETURNING u.id AS user_id, u.organisation_id, u.roles, u.email
        """,
        token_hash,
    )


async def insert_token(conn: asyncpg.Connection, user_id: UUID, name: str, token_hash: str) -> UUID:
    return await conn.fetchval(
        "INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3) RETURNING id",
        user_id, name, token_hash,
    )


async def insert_user(conn: asyncpg.Connection, *, organisation_id: UUID, email: str,
                      display_name: str, password_hash: str | None, roles: list[str]) -> UUID:
    return await conn.fetchval(
        """
        INSERT INTO users (organisation_id, email, display_name, password_hash, roles)
        VALUES ($1, lower($2), $3, $4, $5) RETURNING id
        """,
        organisation_id, email, display_name, password_hash, roles,
    )
