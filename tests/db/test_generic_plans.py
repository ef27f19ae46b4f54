"""The search's connections (Database.by_key) run each prepared statement's generic plan: the
context query is planned once per connection instead of on every search, and the session
settings every app connection has (the Dutch calendar day) still hold."""

from __future__ import annotations

import uuid

from placement.core.database import Database
from placement.db.pool import create_pool
from placement.matching import queries


async def test_search_context_is_planned_once_per_connection(app_dsn: str) -> None:
    plain = await create_pool(app_dsn, min_size=1, max_size=1)
    by_key = await create_pool(app_dsn, min_size=1, max_size=1, generic_plans=True)
    db = Database(plain, by_key)
    try:
        async with db.by_key() as conn:
            assert await conn.fetchval("SHOW timezone") == "Europe/Amsterdam"
            for _ in range(8):
                await queries.search_context(conn, uuid.uuid4())
            # This query is a prepared statement too, and its own text matches the pattern.
            plans = await conn.fetchrow(
                """SELECT generic_plans, custom_plans FROM pg_prepared_statements
                   WHERE statement LIKE '%placement_request_children%sibling_ties%'
                     AND statement NOT LIKE '%pg_prepared_statements%'""")
            assert plans["custom_plans"] == 0
            assert plans["generic_plans"] >= 8
        async with db.connection() as conn:  # the other statements keep PostgreSQL's choice
            assert await conn.fetchval("SHOW plan_cache_mode") == "auto"
    finally:
        await plain.close()
        await by_key.close()
