"""`placement model …`: train (synthetic or from the database), write the model card, list,
activate and deactivate versions, and monitor the active model. Registered on `placement` in
placement/cli.py. The command line acts as the operator running it (system principal)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import click

from placement.cli_settings import load_settings
from placement.core.clock import local_today


@asynccontextmanager
async def _service(label: str) -> AsyncIterator[object]:
    from placement.auth.principal import system_principal
    from placement.core.database import Database
    from placement.db import migrate
    from placement.db.pool import create_pool, resolve_dsn
    from placement.stability.service import ModelService

    dsn = resolve_dsn(load_settings())
    migrate.upgrade(dsn)
    pool = await create_pool(dsn, min_size=1, max_size=2)
    try:
        yield ModelService(Database(pool), system_principal(label))
    finally:
        await pool.close()


@click.group("model")
def model_group() -> None:
    """The stability model: train, model card, versions, activation, monitoring."""


@model_group.command("train")
@click.option("--synthetic", "source", flag_value="synthetic", default=True,
              help="Learn from a generated history (default; no real people).")
@click.option("--from-database", "source", flag_value="database",
              help="Learn from the placements and endings recorded in the database.")
@click.option("--placements", default=8000, show_default=True,
              help="Size of the synthetic history.")
@click.option("--seed", default=0, show_default=True)
@click.option("--activate", is_flag=True, help="Activate the new version at once.")
def train_command(source: str, placements: int, seed: int, activate: bool) -> None:
    """Train, calibrate and test a model; store it as a new version."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from placement.stability.card import headline
    from placement.stability.history import generate_history
    from placement.stability.train import train

    async def run() -> None:
        today = local_today()
        async with _service(f"command line: placement model train --{source}") as service:
            with Progress(TextColumn("{task.description:<22}"), BarColumn(),
                          TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn()) as bar:
                task = bar.add_task("history", total=6)
                if source == "synthetic":
                    records = generate_history(placements, seed=seed, last_day=today)
                else:
                    records = await service.history(today)  # type: ignore[attr-defined]

                def progress(step: str, done: int, total: int) -> None:
                    bar.update(task, description=step, completed=done, total=total)

                try:
                    trained = await asyncio.to_thread(
                        train, records, observed_until=today, seed=seed, source=source,
                        progress=progress)
                except ValueError as exc:
                    bar.stop()
                    click.echo(f"Not trained: {exc}", err=True)
                    sys.exit(1)
            version = await service.store(trained)  # type: ignore[attr-defined]
            click.echo(f"Stored model version {version} ({trained.report.algorithm}, "
                       f"{trained.report.n_train} train / {trained.report.n_test} test).")
            click.echo(headline(trained.report))
            if activate:
                await service.activate(version)  # type: ignore[attr-defined]
                click.echo(f"Version {version} is active.")

    asyncio.run(run())


@model_group.command("card")
@click.argument("version", type=int)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("docs/model_card.md"), show_default=True)
def card_command(version: int, out: Path) -> None:
    """Write the model card of VERSION (markdown) and its calibration curve (SVG beside it)."""
    from placement.core.errors import NotFound

    async def run() -> None:
        async with _service("command line: placement model card") as service:
            try:
                card = await service.card(version)  # type: ignore[attr-defined]
            except NotFound as exc:
                click.echo(exc.detail, err=True)
                sys.exit(1)
        svg = out.with_name("model_card_calibration.svg")
        out.write_text(card.card, encoding="utf-8")
        svg.write_text(card.calibration_svg, encoding="utf-8")
        click.echo(f"Wrote {out} and {svg}.")

    asyncio.run(run())


@model_group.command("list")
def list_command() -> None:
    """Every stored version with its test figures."""
    async def run() -> None:
        async with _service("command line: placement model list") as service:
            page = await service.list(500, 0)  # type: ignore[attr-defined]
        for v in page.items:
            mark = "*" if v.is_active else " "
            click.echo(f"{mark} {v.version:>3}  {v.trained_at:%Y-%m-%d %H:%M}  {v.source:<9} "
                       f"{v.algorithm:<17} AUROC {v.metrics['auroc']}  Brier {v.metrics['brier']}")

    asyncio.run(run())


@model_group.command("activate")
@click.argument("version", type=int)
def activate_command(version: int) -> None:
    """Use VERSION in the ranking (audited); the active one before it stops."""
    from placement.core.errors import DomainError

    async def run() -> None:
        async with _service("command line: placement model activate") as service:
            try:
                await service.activate(version)  # type: ignore[attr-defined]
            except DomainError as exc:
                click.echo(exc.detail, err=True)
                sys.exit(1)
        click.echo(f"Version {version} is active.")

    asyncio.run(run())


@model_group.command("deactivate")
def deactivate_command() -> None:
    """Stop using any model: the ranking runs without the stability factor."""
    async def run() -> None:
        async with _service("command line: placement model deactivate") as service:
            await service.deactivate()  # type: ignore[attr-defined]
        click.echo("No model is active.")

    asyncio.run(run())


@model_group.command("monitor")
def monitor_command() -> None:
    """Compare the active model's predictions with the endings observed since its training."""
    async def run() -> None:
        async with _service("command line: placement model monitor") as service:
            report = await service.monitor(local_today())  # type: ignore[attr-defined]
        if report is None:
            click.echo("No model is active.")
            return
        click.echo(f"Model version {report.version}; placements started after {report.since}: "
                   f"{report.n}")
        if report.n:
            click.echo(f"predicted {report.mean_predicted:.3f}  observed {report.observed:.3f}  "
                       f"calibration error {report.calibration_error:.3f}")
            for g in report.groups:
                click.echo(f"  {g.dimension:<10} {g.group:<12} n={g.n:<5} predicted "
                           f"{g.mean_predicted:.3f}  observed {g.observed:.3f}  "
                           f"error {g.calibration_error:.3f}")
        click.echo(report.advice)
        if report.retrain:
            sys.exit(2)

    asyncio.run(run())


def register(main: click.Group) -> None:
    main.add_command(model_group)
