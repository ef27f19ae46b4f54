"""`placement report kpi ...`; registered on `placement` in placement/cli.py."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from uuid import UUID

import click
import msgspec

from placement.cli_settings import load_settings
from placement.settings import Settings


@click.group("report")
def report() -> None:
    """Reports over the decisions and placements."""


@report.command("kpi")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="First day, YYYY-MM-DD (default: a year before --to).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Last day, YYYY-MM-DD (default: today).")
@click.option("--organisation", type=click.UUID, default=None,
              help="Only this organisation (default: every organisation).")
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of JSON.")
def kpi_command(start: dt.datetime | None, end: dt.datetime | None, organisation: UUID | None,
                as_csv: bool) -> None:
    """The Utrecht policy's KPIs, overrides and proposal load (small cells shown as <5)."""
    from placement.core.errors import ValidationFailed

    try:
        text = asyncio.run(run_kpi(load_settings(), start.date() if start else None,
                                   end.date() if end else None, organisation, as_csv))
    except ValidationFailed as error:
        raise click.UsageError("; ".join(f"--{e['field']}: {e['reason']}"
                                         for e in error.errors)) from error
    click.echo(text, nl=False)


async def run_kpi(settings: Settings, start: dt.date | None, end: dt.date | None,
                  organisation: UUID | None, as_csv: bool) -> str:
    from placement.auth.principal import system_principal
    from placement.core.database import Database
    from placement.db.pool import create_pool, resolve_dsn
    from placement.indicators.csv_export import report_csv
    from placement.indicators.service import KpiService

    pool = await create_pool(resolve_dsn(settings), min_size=1, max_size=1)
    try:
        service = KpiService(Database(pool),
                             system_principal("placement report kpi", organisation))
        result = await service.report(start, end)
    finally:
        await pool.close()
    if as_csv:
        return report_csv(result)
    return json.dumps(msgspec.to_builtins(result), indent=2, ensure_ascii=False) + "\n"


def register(main: click.Group) -> None:
    main.add_command(report)
