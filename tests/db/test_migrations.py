"""Migrations: upgrade to head, downgrade to base (nothing of ours left), upgrade again.

Runs on its own fresh database, never on the shared template."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from placement.db import migrate
from placement.db.databases import create_database, drop_database

_OBJECTS = """
    SELECT 'table ' || table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_name <> 'alembic_version'
    UNION ALL
    SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND NOT EXISTS (
        SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd') AND NOT EXISTS (
        SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'sequence ' || sequence_name FROM information_schema.sequences
    WHERE sequence_schema = 'public'
"""


@pytest.fixture
async def fresh_dsn(server_dsn: str) -> AsyncIterator[str]:
    dsn = await create_database(server_dsn, "placement_migrations")
    yield dsn
    await drop_database(server_dsn, dsn)


async def objects(dsn: str) -> set[str]:
    conn = await asyncpg.connect(dsn)
    try:
        return {r["name"] for r in await conn.fetch(_OBJECTS)}
    finally:
        await conn.close()


async def test_upgrade_downgrade_upgrade(fresh_dsn: str) -> None:
    migrate.upgrade(fresh_dsn)
    at_head = await objects(fresh_dsn)
    assert {"table organisations", "table children", "table carers", "table occupancies",
            "table sibling_ties", "table placement_requests", "table audit_log"} <= at_head

    migrate.downgrade(fresh_dsn, "base")
    assert await objects(fresh_dsn) == set()

    migrate.upgrade(fresh_dsn)
    assert await objects(fresh_dsn) == at_head
    conn = await asyncpg.connect(fresh_dsn)
    try:
        assert await conn.fetchval("SELECT count(*) FROM need_codes") > 10
        assert await conn.fetchval("SELECT count(*) FROM wijken") == 10
    finally:
        await conn.close()
