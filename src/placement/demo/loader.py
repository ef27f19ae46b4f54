"""First start of `make run`: fill an empty database with the Utrecht demo scenario."""

from __future__ import annotations

import time
from collections import Counter

import click

from placement.db.pool import create_pool, resolve_dsn
from placement.demo.generate import generate_scenario
from placement.demo.history import load_history_if_empty
from placement.scenario import queries
from placement.scenario.commands import import_scenario
from placement.settings import Settings


async def load_demo_if_empty(settings: Settings) -> bool:
    """Generate and import the Utrecht scenario (seed settings.demo_seed) when the database holds
    no children; returns whether anything was loaded. Prints one line either way.

    The database is migrated already: `placement serve` migrates before it loads the demo (the
    embedded server when resolve_dsn prepares it, a DATABASE_URL explicitly)."""
    dsn = resolve_dsn(settings)
    pool = await create_pool(dsn, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            children = await queries.count_children(conn)
    finally:
        await pool.close()
    if children:
        click.echo(f"Database already holds {children} children; no demo data loaded.")
        return False
    started = time.perf_counter()
    document = generate_scenario("utrecht", settings.demo_seed,
                                 settings.geodata_dir / "utrecht_pc4.csv")
    summary = await import_scenario(settings.replace(database_url=dsn), document,
                                    label="demo data loader", migrated=True)
    counts = summary.counts
    past = await load_history(dsn, settings.demo_seed)
    history = (f"; its past of two years: {past['requests']} requests, {past['decisions']} "
               f"decisions, {past['placements']} placements ({past['ended']} ended)"
               if past else "")
    click.echo(f"Loaded Utrecht demo data (seed {settings.demo_seed}): {counts['carers']} carers, "
               f"{counts['children']} children, {counts['requests']} requests{history} "
               f"in {time.perf_counter() - started:.1f} s.")
    return True


async def load_history(dsn: str, seed: int) -> Counter[str] | None:
    """The demo's past (demo/history.py): decisions, placements and endings to report on."""
    pool = await create_pool(dsn, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            return await load_history_if_empty(conn, seed)
    finally:
        await pool.close()
