"""The database's idea of today agrees with the app's: SQL's current_date (used e.g. for what
counts as ended) is the Dutch calendar day on every connection the app and its tools open."""

from __future__ import annotations

from placement.core.clock import local_today
from placement.db.pool import create_pool


async def test_app_connections_count_days_in_the_netherlands(app_dsn: str, conn) -> None:
    pool = await create_pool(app_dsn, min_size=1, max_size=1)
    try:
        async with pool.acquire() as app_conn:
            assert await app_conn.fetchval("SHOW timezone") == "Europe/Amsterdam"
            assert await app_conn.fetchval("SELECT current_date") == local_today()
    finally:
        await pool.close()
    assert await conn.fetchval("SHOW timezone") == "Europe/Amsterdam"
