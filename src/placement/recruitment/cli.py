"""`placement recruitment ...` commands; registered on `placement` in placement/cli.py."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from uuid import UUID

import click
import msgspec

from placement.cli_settings import load_settings
from placement.settings import Settings


async def run_purge(settings: Settings, *, dry_run: bool, months: int | None,
                    now: dt.datetime | None = None) -> tuple[int, list[UUID]]:
    """Purge in one transaction against the configured database; returns (months, lead ids)."""
    from placement.auth.principal import system_principal
    from placement.db.pool import connect, resolve_dsn
    from placement.recruitment.leads.privacy import purge

    retention = months if months is not None else settings.recruitment_retention_months
    conn = await connect(resolve_dsn(settings))
    try:
        async with conn.transaction():
            erased = await purge(conn, system_principal("placement recruitment purge"),
                                 retention_months=retention, now=now or dt.datetime.now(dt.UTC),
                                 dry_run=dry_run)
    finally:
        await conn.close()
    return retention, erased


@click.group("recruitment")
def recruitment() -> None:
    """Recruitment: leads, campaigns and privacy."""


@recruitment.command("purge")
@click.option("--dry-run", is_flag=True, help="Only list the leads that would be erased.")
@click.option("--months", type=click.IntRange(min=0), default=None,
              help="Retention in months (default: PLACEMENT_RECRUITMENT_RETENTION_MONTHS, 12).")
def purge_command(dry_run: bool, months: int | None) -> None:
    """Erase leads that dropped out (afgehaakt/afgewezen) longer ago than the retention period,
    unless they consented to be kept. Personal data goes; anonymous funnel facts stay."""
    retention, erased = asyncio.run(run_purge(load_settings(), dry_run=dry_run, months=months))
    verb = "would erase" if dry_run else "erased"
    click.echo(f"{verb} {len(erased)} lead(s) that left more than {retention} months ago")
    for lead_id in erased:
        click.echo(f"  {lead_id}")


def register(main: click.Group) -> None:
    main.add_command(recruitment)


@recruitment.command("demo")
@click.option("--seed", type=int, default=None, help="Random seed (default PLACEMENT_DEMO_SEED).")
@click.option("--count", type=click.IntRange(1, 5000), default=240, help="Number of leads.")
def demo_command(seed: int | None, count: int) -> None:
    """Add synthetic campaigns and leads for the Utrecht demo (only when there are no leads)."""
    settings = load_settings()
    from placement.db import migrate
    from placement.db.pool import resolve_dsn
    from placement.recruitment.demo import load_demo_leads_if_empty

    settings = settings.replace(database_url=resolve_dsn(settings))
    migrate.upgrade(settings.database_url)  # type: ignore[arg-type]
    added = asyncio.run(load_demo_leads_if_empty(
        settings, seed=settings.demo_seed if seed is None else seed, count=count))
    click.echo(f"added {added} demo leads" if added else "there are leads already; nothing added")


@recruitment.command("report")
@click.argument("which", type=click.Choice(["funnel", "supply-gap"]))
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of JSON.")
def report_command(which: str, as_csv: bool) -> None:
    """Print the funnel or the supply-gap report for the whole database."""
    click.echo(asyncio.run(_report(load_settings(), which, as_csv)), nl=False)


async def _report(settings: Settings, which: str, as_csv: bool) -> str:
    from placement.auth.principal import system_principal
    from placement.core.database import Database
    from placement.db.pool import create_pool, resolve_dsn
    from placement.recruitment.reports.csv_export import funnel_csv, supply_gap_csv
    from placement.recruitment.reports.service import ReportService

    pool = await create_pool(resolve_dsn(settings), min_size=1, max_size=1)
    try:
        reports = ReportService(Database(pool), system_principal("placement recruitment report"))
        if which == "funnel":
            funnel = await reports.funnel()
            return funnel_csv(funnel) if as_csv else _pretty(funnel)
        gap = await reports.supply_gap()
        return supply_gap_csv(gap) if as_csv else _pretty(gap)
    finally:
        await pool.close()


def _pretty(report: object) -> str:
    return json.dumps(msgspec.to_builtins(report), indent=2, ensure_ascii=False) + "\n"
