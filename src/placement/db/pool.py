"""The asyncpg pool and the one place that resolves which PostgreSQL to use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import msgspec

from placement.core.clock import NETHERLANDS
from placement.settings import Settings


def resolve_dsn(settings: Settings) -> str:
    """Where the app connects: DATABASE_URL, or the embedded server as the app role (migrated
    and granted first; see placement.db.roles)."""
    if settings.database_url:
        return settings.database_url
    from placement.db.embedded import prepared_app_dsn

    return prepared_app_dsn(settings.data_dir)


def resolve_owner_dsn(settings: Settings) -> str:
    """Where migrations run: PLACEMENT_OWNER_DATABASE_URL, else DATABASE_URL (then the app and
    the migrations share one role: `placement db roles` sets up two), else the embedded
    server as the owner role."""
    if settings.owner_database_url:
        return settings.owner_database_url
    if settings.database_url:
        return settings.database_url
    from placement.db.embedded import owner_dsn

    return owner_dsn(settings.data_dir)


# SQL's current_date is a Dutch calendar day, as placement.core.clock.local_today is in Python
# (an end dated today must count as ended from midnight in Utrecht, not from midnight UTC).
SESSION_SETTINGS = {"timezone": NETHERLANDS.key}


def _encode_json(value: object) -> str:
    return msgspec.json.encode(value).decode()


async def _init_connection(conn: asyncpg.Connection) -> None:
    # msgspec encodes structs, UUIDs and datetimes directly, and is several times faster than the
    # standard library on the large ranking snapshots.
    for type_name in ("jsonb", "json"):
        await conn.set_type_codec(type_name, encoder=_encode_json, decoder=msgspec.json.decode,
                                  schema="pg_catalog")


async def _after_release(conn: asyncpg.Connection) -> None:
    """Nothing beyond asyncpg's own rollback of an open transaction: the app keeps no session
    state on pooled connections (no SET, LISTEN, cursors or session advisory locks; only
    transaction-scoped ones), so the default reset query would cost a round trip per release
    for nothing."""


# The sessions of Database.by_key (why: its docstring).
GENERIC_PLAN_SETTINGS = {**SESSION_SETTINGS, "plan_cache_mode": "force_generic_plan"}


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 10,
                      generic_plans: bool = False) -> asyncpg.Pool:
    """`generic_plans`: every prepared statement on these connections runs its generic plan
    (placement.core.database.Database.by_key)."""
    pool = await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, init=_init_connection, command_timeout=60,
        reset=_after_release,
        server_settings=GENERIC_PLAN_SETTINGS if generic_plans else SESSION_SETTINGS,
    )
    assert pool is not None
    return pool


async def connect(dsn: str) -> asyncpg.Connection:
    conn = await asyncpg.connect(dsn, server_settings=SESSION_SETTINGS)
    await _init_connection(conn)
    return conn


@asynccontextmanager
async def transaction(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    async with pool.acquire() as conn, conn.transaction():
        yield conn
