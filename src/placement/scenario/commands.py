"""The work behind the command-line commands (import, export, geodata import, demo-data --load):
open the database, make sure the schema and the Utrecht table are there, act as the operator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from placement.auth.principal import system_principal
from placement.core.database import Database
from placement.db import migrate
from placement.db.pool import create_pool, resolve_dsn
from placement.geo.service import GeoIndex, import_national, seed_utrecht
from placement.scenario.schemas import ImportSummary, Scenario
from placement.scenario.service import Progress, ScenarioService, no_progress
from placement.settings import Settings


@asynccontextmanager
async def scenario_service(settings: Settings, label: str, *,
                           migrated: bool = False) -> AsyncIterator[ScenarioService]:
    """`migrated`: the caller has just migrated this database (the demo loader at `placement
    serve`), so alembic need not load its scripts and check again (about half a second)."""
    dsn = resolve_dsn(settings)
    if not migrated:
        migrate.upgrade(dsn)
    pool = await create_pool(dsn, min_size=1, max_size=2)
    try:
        db = Database(pool)
        async with db.transaction() as conn:
            await seed_utrecht(conn, settings.geodata_dir)
            geo = await GeoIndex().load(conn)
        yield ScenarioService(db, geo, system_principal(label), settings)
    finally:
        await pool.close()


async def import_scenario(settings: Settings, document: bytes | dict[str, Any], *,
                          progress: Progress = no_progress,
                          label: str = "command line: placement import",
                          migrated: bool = False) -> ImportSummary:
    async with scenario_service(settings, label, migrated=migrated) as service:
        return await service.import_document(document, progress=progress)


async def export_scenario(settings: Settings) -> Scenario:
    async with scenario_service(settings, "command line: placement export") as service:
        return await service.export_document()


async def import_geodata(settings: Settings, path: Path) -> tuple[int, int, list[str]]:
    """Load a national PC4 table (4pp.csv format); returns (imported, PO boxes skipped,
    problems). Utrecht's wijk assignments are kept."""
    dsn = resolve_dsn(settings)
    migrate.upgrade(dsn)
    pool = await create_pool(dsn, min_size=1, max_size=2)
    try:
        async with Database(pool).transaction() as conn:
            await seed_utrecht(conn, settings.geodata_dir)
            return await import_national(conn, path)
    finally:
        await pool.close()
