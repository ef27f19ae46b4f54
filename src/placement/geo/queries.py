"""SQL for postcode areas and wijken."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg


async def all_pc4(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT pc4, latitude, longitude, place_name, municipality, wijk_code FROM postcode_areas"
    )


async def all_pc6(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT pc6, latitude, longitude FROM postcodes_pc6")


async def wijken(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT code, name, municipality FROM wijken ORDER BY name")


async def upsert_pc4(conn: asyncpg.Connection, rows: Sequence[tuple]) -> None:  # type: ignore[type-arg]
    """rows: (pc4, lat, lon, place, municipality, province, wijk_code or None).

    An existing wijk assignment is kept when the incoming row has none (the national table knows
    no wijken)."""
    await conn.executemany(
        """
        INSERT INTO postcode_areas (pc4, latitude, longitude, place_name, municipality, province,
                                    wijk_code)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (pc4) DO UPDATE SET
            latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
            place_name = EXCLUDED.place_name,
            municipality = COALESCE(EXCLUDED.municipality, postcode_areas.municipality),
            province = COALESCE(EXCLUDED.province, postcode_areas.province),
            wijk_code = COALESCE(EXCLUDED.wijk_code, postcode_areas.wijk_code)
        """,
        rows,
    )


async def upsert_pc6(conn: asyncpg.Connection, rows: Sequence[tuple]) -> None:  # type: ignore[type-arg]
    await conn.executemany(
        """
        INSERT INTO postcodes_pc6 (pc6, latitude, longitude) VALUES ($1, $2, $3)
        ON CONFLICT (pc6) DO UPDATE SET latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude
        """,
        rows,
    )


async def count_pc4(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT count(*) FROM postcode_areas"))
