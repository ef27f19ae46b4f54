"""`placement recruitment ...` commands; registered on `placement` in placement/cli.py."""

from __future__ import annotations

import asyncio
import datetime as dt
from uuid import UUID

import click

from placement.settings import Settings


async def run_purge(settings: Settings, *, dry_run: bool, months: int | None,
                    now: dt.datetime | None = None) -> tuple[int, list[UUID]]:
    """Purge in one transaction against the configured database; returns (months, lead ids)."""
    from placement.auth.principal import system_principal
    from placement.db.pool import connect, resolve_dsn
    from placement.recruitment.privacy import purge

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
    retention, erased = asyncio.run(run_purge(Settings.from_env(), dry_run=dry_run, months=months))
    verb = "would erase" if dry_run else "erased"
    click.echo(f"{verb} {len(erased)} lead(s) that left more than {retention} months ago")
    for lead_id in erased:
        click.echo(f"  {lead_id}")


def register(main: click.Group) -> None:
    main.add_command(recruitment)
