"""All SQL of the operations package."""

from __future__ import annotations

from uuid import UUID

import asyncpg


async def organisation_id_by_name(conn: asyncpg.Connection, name: str) -> UUID | None:
    return await conn.fetchval("SELECT id FROM organisations WHERE name = $1", name)


async def user_tables(conn: asyncpg.Connection) -> list[str]:
    """Every ordinary table outside the system schemas (what a restore target must not hold)."""
    rows = await conn.fetch(
        """SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name
           FROM pg_tables
           WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
           ORDER BY 1""")
    return [r["name"] for r in rows]


async def row_counts(conn: asyncpg.Connection) -> dict[str, int]:
    counts = {}
    for table in await user_tables(conn):
        # Table names come from the catalogue, quoted by quote_ident: not from a caller.
        counts[table] = await conn.fetchval(f"SELECT count(*) FROM {table}")
    return counts


async def audit_digest(conn: asyncpg.Connection) -> tuple[int, str | None]:
    """Number of audit entries and an md5 over all of them in order: equal after a restore."""
    row = await conn.fetchrow(
        """SELECT count(*) AS n, md5(string_agg(a::text, '|' ORDER BY a.id)) AS digest
           FROM audit_log a""")
    return row["n"], row["digest"]
