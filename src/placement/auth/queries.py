"""SQL for accounts and tokens."""

from __future__ import annotations

from uuid import UUID

import asyncpg


async def principal_for_token(conn: asyncpg.Connection, token_hash: str) -> asyncpg.Record | None:
    # One statement, no explicit transaction: this runs on every API call. last_used_at is
    # refreshed at most once a minute, so concurrent calls with one token do not queue on its row.
    return await conn.fetchrow(
        """
        WITH found AS (
            SELECT t.id, t.last_used_at, u.id AS user_id, u.organisation_id, u.roles, u.email
            FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.is_active
        ), touched AS (
            UPDATE api_tokens SET last_used_at = now()
            WHERE id = (SELECT id FROM found)
              AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
        )
        SELECT user_id, organisation_id, roles, email FROM found
        """,
        token_hash,
    )


async def insert_token(conn: asyncpg.Connection, user_id: UUID, name: str, token_hash: str) -> UUID:
    return await conn.fetchval(
        "INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3) RETURNING id",
        user_id, name, token_hash,
    )


async def insert_user(conn: asyncpg.Connection, *, organisation_id: UUID, email: str,
                      display_name: str, password_hash: str | None, roles: list[str],
                      must_change_password: bool = False) -> UUID:
    return await conn.fetchval(
        """
        INSERT INTO users (organisation_id, email, display_name, password_hash, roles,
                           must_change_password)
        VALUES ($1, lower($2), $3, $4, $5, $6) RETURNING id
        """,
        organisation_id, email, display_name, password_hash, roles, must_change_password,
    )


# --- login and sessions ---------------------------------------------------------------------

async def user_for_login(conn: asyncpg.Connection, email: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT id, organisation_id, roles, email, display_name, password_hash, is_active,
                  must_change_password
           FROM users WHERE email = lower($1)""",
        email,
    )


async def insert_login_attempt(conn: asyncpg.Connection, account: str, source_address: str | None,
                               succeeded: bool) -> None:
    await conn.execute(
        "INSERT INTO login_attempts (account, source_address, succeeded) VALUES ($1, $2, $3)",
        account, source_address, succeeded,
    )


async def recent_failures_for_account(conn: asyncpg.Connection, account: str,
                                      window_minutes: int) -> int:
    """Failed attempts in the window since the account's last successful login."""
    return int(await conn.fetchval(
        """
        SELECT count(*) FROM login_attempts
        WHERE account = $1 AND NOT succeeded
          AND occurred_at > now() - make_interval(mins => $2)
          AND occurred_at > COALESCE((SELECT max(occurred_at) FROM login_attempts
                                      WHERE account = $1 AND succeeded), '-infinity')
        """,
        account, window_minutes,
    ))


async def recent_failures_from_address(conn: asyncpg.Connection, source_address: str | None,
                                       window_minutes: int) -> int:
    return int(await conn.fetchval(
        """
        SELECT count(*) FROM login_attempts
        WHERE source_address IS NOT DISTINCT FROM $1 AND NOT succeeded
          AND occurred_at > now() - make_interval(mins => $2)
        """,
        source_address, window_minutes,
    ))


async def insert_session(conn: asyncpg.Connection, *, id_hash: str, user_id: UUID,
                         absolute_hours: int, csrf_secret: str,
                         source_address: str | None) -> None:
    await conn.execute(
        """
        INSERT INTO sessions (id_hash, user_id, expires_at, csrf_secret, source_address)
        VALUES ($1, $2, now() + make_interval(hours => $3), $4, $5)
        """,
        id_hash, user_id, absolute_hours, csrf_secret, source_address,
    )


async def session_principal(conn: asyncpg.Connection, id_hash: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """
        SELECT s.id_hash, s.created_at, s.last_seen_at, s.expires_at, s.ended_at, s.csrf_secret,
               now() AS db_now, u.id AS user_id, u.organisation_id, u.roles, u.email,
               u.is_active, u.must_change_password
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id_hash = $1
        """,
        id_hash,
    )


async def touch_session(conn: asyncpg.Connection, id_hash: str) -> None:
    await conn.execute("UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1", id_hash)


async def end_session(conn: asyncpg.Connection, id_hash: str, reason: str) -> bool:
    status = await conn.execute(
        """UPDATE sessions SET ended_at = now(), end_reason = $2
           WHERE id_hash = $1 AND ended_at IS NULL""",
        id_hash, reason,
    )
    return status.endswith(" 1")


async def end_user_sessions(conn: asyncpg.Connection, user_id: UUID, reason: str) -> int:
    status = await conn.execute(
        """UPDATE sessions SET ended_at = now(), end_reason = $2
           WHERE user_id = $1 AND ended_at IS NULL""",
        user_id, reason,
    )
    return int(status.split()[-1])


# --- users and tokens administration --------------------------------------------------------

_USER_COLUMNS = """u.id, u.organisation_id, u.email, u.display_name, u.roles, u.is_active,
                   u.created_at, u.updated_at, u.version, u.password_hash IS NOT NULL AS has_password"""


async def get_user(conn: asyncpg.Connection, user_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {_USER_COLUMNS} FROM users u WHERE u.id = $1", user_id)


async def list_users(conn: asyncpg.Connection, *, organisation_id: UUID | None,
                     limit: int, offset: int) -> tuple[list[asyncpg.Record], int]:
    where = "WHERE ($1::uuid IS NULL OR u.organisation_id = $1)"
    total = await conn.fetchval(f"SELECT count(*) FROM users u {where}", organisation_id)
    rows = await conn.fetch(
        f"SELECT {_USER_COLUMNS} FROM users u {where} ORDER BY u.email LIMIT $2 OFFSET $3",
        organisation_id, limit, offset,
    )
    return rows, int(total)


async def set_user_active(conn: asyncpg.Connection, user_id: UUID, active: bool) -> None:
    await conn.execute(
        """UPDATE users SET is_active = $2, disabled_at = CASE WHEN $2 THEN NULL ELSE now() END,
                  updated_at = now(), version = version + 1
           WHERE id = $1""",
        user_id, active,
    )


async def update_user(conn: asyncpg.Connection, user_id: UUID, expected_version: int,
                      values: dict[str, object]) -> int | None:
    sets = [f"{column} = ${i}" for i, column in enumerate(values, start=3)]
    sets += ["version = version + 1", "updated_at = now()"]
    return await conn.fetchval(
        f"UPDATE users SET {', '.join(sets)} WHERE id = $1 AND version = $2 RETURNING version",
        user_id, expected_version, *values.values(),
    )


async def set_password(conn: asyncpg.Connection, user_id: UUID, password_hash: str) -> None:
    await conn.execute(
        """UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now(),
                  must_change_password = false
           WHERE id = $1""",
        user_id, password_hash,
    )


async def organisation_exists(conn: asyncpg.Connection, organisation_id: UUID) -> bool:
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM organisations WHERE id = $1)",
                                    organisation_id))


async def insert_token_by(conn: asyncpg.Connection, *, user_id: UUID, name: str, token_hash: str,
                          created_by: UUID | None) -> asyncpg.Record:
    return await conn.fetchrow(
        """INSERT INTO api_tokens (user_id, name, token_hash, created_by) VALUES ($1, $2, $3, $4)
           RETURNING id, user_id, name, created_at, last_used_at, revoked_at""",
        user_id, name, token_hash, created_by,
    )


async def list_tokens(conn: asyncpg.Connection, user_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens
           WHERE user_id = $1 ORDER BY created_at DESC""",
        user_id,
    )


async def get_token(conn: asyncpg.Connection, token_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT t.id, t.user_id, t.name, t.created_at, t.last_used_at, t.revoked_at,
                  u.organisation_id
           FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1""",
        token_id,
    )


async def revoke_token(conn: asyncpg.Connection, token_id: UUID) -> None:
    await conn.execute(
        "UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", token_id
    )


async def end_other_sessions(conn: asyncpg.Connection, user_id: UUID, keep_id_hash: str | None,
                             reason: str) -> int:
    status = await conn.execute(
        """UPDATE sessions SET ended_at = now(), end_reason = $3
           WHERE user_id = $1 AND ended_at IS NULL AND id_hash IS DISTINCT FROM $2""",
        user_id, keep_id_hash, reason,
    )
    return int(status.split()[-1])


async def revoke_user_tokens(conn: asyncpg.Connection, user_id: UUID) -> int:
    status = await conn.execute(
        "UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
        user_id,
    )
    return int(status.split()[-1])
